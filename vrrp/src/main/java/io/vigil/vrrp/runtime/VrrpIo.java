package io.vigil.vrrp.runtime;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import io.vigil.core.port.AddressManager;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.LinkManager;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Everything the VRRP runtime asks of the kernel, in one narrow interface: the production implementation
 * ({@link KernelVrrpIo}) sits on the ha-core ports; tests use a simulated LAN with no sockets and no threads.
 */
public interface VrrpIo {

    /**
     * Opens the advert channel of an interface and family.
     *
     * @param sendInterface    where adverts leave (the VMAC interface with {@code use_vmac})
     * @param receiveInterface where the peers' adverts arrive (the parent interface with {@code use_vmac})
     * @param multicastGroups  groups to join on the receiving side (224.0.0.18 / ff02::12)
     * @param sink             receives batches of VRRP packets, from any thread
     */
    AdvertChannel openChannel(String sendInterface, String receiveInterface, AddressFamily family,
                              List<InetAddress> multicastGroups, Consumer<List<ReceivedPacket>> sink)
            throws KernelException;

    /**
     * Opens in advance what {@link #sendFrames} needs on an interface, so the first takeover does not pay for it.
     */
    default void prepareFrames(String interfaceName) throws KernelException {
    }

    /** Prepares the path of {@link #sendFrames} for such frames (see {@link IpSocket#rehearse}); sends nothing. */
    default void rehearseFrames(String interfaceName, List<byte[]> frames) throws KernelException {
    }

    /**
     * Sets what a VMAC interface and its parent need, as keepalived does: on the macvlan {@code arp_ignore=1},
     * {@code accept_local=1}, {@code rp_filter=0}, {@code promote_secondaries=1}; on the parent
     * {@code arp_ignore=1} and {@code arp_filter=1}, so that only the macvlan answers ARP for the VIPs, with the
     * virtual MAC; and, beyond keepalived, {@code arp_announce=2} on the parent: when the VIP's subnet is also the
     * parent's, replies from the VIP leave by the parent, and its ARP requests must not announce the VIP with the
     * parent's MAC (seen in a test: the client's entry flipped to the physical MAC).
     *
     * @return the parent's previous values, to give back to {@link #restoreSysctls}
     */
    default java.util.Map<String, String> configureVmacSysctls(String vmac, String parent) throws KernelException {
        return java.util.Map.of();
    }

    /**
     * Sets sysctls of one interface ({@code net.ipv4.conf.IFACE.NAME}), e.g. {@code promote_secondaries=1}.
     *
     * @return the previous values (full /proc paths), to give back to {@link #restoreSysctls}
     */
    default java.util.Map<String, String> setInterfaceSysctls(String iface, java.util.Map<String, String> values)
            throws KernelException {
        return java.util.Map.of();
    }

    /** Puts back sysctl values saved by {@link #configureVmacSysctls} or {@link #setInterfaceSysctls}. */
    default void restoreSysctls(java.util.Map<String, String> saved) {
    }

    /** Sends whole Ethernet frames (gratuitous ARP, unsolicited NA) out of an interface. */
    void sendFrames(String interfaceName, List<byte[]> frames) throws KernelException;

    AddressManager addresses();

    LinkManager links();

    /** The Ethernet multicast address of an IP multicast group (01:00:5e:... / 33:33:...). */
    static MacAddress multicastMac(InetAddress group) {
        byte[] a = group.getAddress();
        if (a.length == 4) {
            return MacAddress.of(new byte[] {0x01, 0x00, 0x5e, (byte) (a[1] & 0x7f), a[2], a[3]});
        }
        return MacAddress.of(new byte[] {0x33, 0x33, a[12], a[13], a[14], a[15]});
    }

    /** Sends adverts of one interface and family, for every instance on it. */
    interface AdvertChannel extends AutoCloseable {
        void send(List<IpSocket.Datagram> datagrams) throws KernelException;

        /** Prepares the send path for such datagrams; sends nothing. */
        default void rehearse(List<IpSocket.Datagram> datagrams) throws KernelException {
        }

        @Override
        void close();
    }
}
