package io.vigil.kernel.socket;

import io.vigil.core.net.MacAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PacketSocket;
import io.vigil.kernel.nativ.Interfaces;
import io.vigil.kernel.nativ.NativeSocket;
import io.vigil.kernel.nativ.RecvBatch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import jnr.constants.platform.Sock;

/**
 * Opens {@link PacketSocket}s. The receiving socket is created with protocol 0, which receives nothing, gets its
 * BPF filter and multicast memberships, and only then is bound to the interface and ethertype: no packet can
 * slip in unfiltered, or from another interface, in between. Opens in the calling thread's network namespace.
 */
public final class AfPacketSocketFactory implements PacketSocket.Factory {

    /** ETH_P_IP / ETH_P_IPV6, {@code <linux/if_ether.h>}. */
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_IPV6 = 0x86dd;
    // <linux/if_packet.h>
    static final int SOL_PACKET = 263;
    static final int PACKET_ADD_MEMBERSHIP = 1;
    static final int PACKET_MR_MULTICAST = 0;

    private final int slots;
    private final int slotSize;

    /** 32 packets per receive call, each up to 9216 bytes (a jumbo frame). */
    public AfPacketSocketFactory() {
        this(32, 9216);
    }

    /**
     * @param slots    packets per recvmmsg call
     * @param slotSize the longest packet received (longer ones are dropped and counted)
     */
    public AfPacketSocketFactory(int slots, int slotSize) {
        if (slots < 1 || slots > 1024 || slotSize < 64) {
            throw new IllegalArgumentException("slots 1-1024 and slot size >= 64, got " + slots + ", " + slotSize);
        }
        this.slots = slots;
        this.slotSize = slotSize;
    }

    @Override
    public PacketSocket open(String interfaceName, int etherType, int ipProtocol, List<MacAddress> multicastMacs)
            throws KernelException {
        int protocolOffset = switch (etherType) {
            case ETH_P_IP -> 9;     // IPv4 header: protocol
            case ETH_P_IPV6 -> 6;   // IPv6 header: next header
            default -> throw new IllegalArgumentException("ethertype 0x" + Integer.toHexString(etherType)
                    + " is neither IPv4 (0x0800) nor IPv6 (0x86dd)");
        };
        if (ipProtocol < 0 || ipProtocol > 255) {
            throw new IllegalArgumentException("IP protocol out of range: " + ipProtocol);
        }
        int ifindex = Interfaces.index(interfaceName);
        NativeSocket rx = NativeSocket.open("packet socket (receive) on " + interfaceName, SockAddrs.AF_PACKET,
                Sock.SOCK_DGRAM.intValue(), 0);
        NativeSocket tx = null;
        try {
            rx.attachFilter(ClassicBpf.ipProtocol(protocolOffset, ipProtocol));
            for (MacAddress mac : multicastMacs) {
                rx.setBytes(SOL_PACKET, PACKET_ADD_MEMBERSHIP, packetMreq(ifindex, mac));
            }
            rx.bind(SockAddrs.packet(etherType, ifindex, null));
            tx = NativeSocket.open("packet socket (send) on " + interfaceName, SockAddrs.AF_PACKET,
                    Sock.SOCK_RAW.intValue(), 0);
            tx.bind(SockAddrs.packet(0, ifindex, null));
            return new AfPacketSocket(rx, tx, new RecvBatch(slots, slotSize, SockAddrs.SOCKADDR_LL_SIZE),
                    interfaceName, ifindex);
        } catch (KernelException | RuntimeException e) {
            rx.close();
            if (tx != null) {
                tx.close();
            }
            throw e;
        }
    }

    /**
     * {@code struct packet_mreq {int mr_ifindex; u16 mr_type; u16 mr_alen; u8 mr_address[8];}} for a
     * link-layer multicast group.
     */
    static byte[] packetMreq(int ifindex, MacAddress mac) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        b.putInt(ifindex).putShort((short) PACKET_MR_MULTICAST).putShort((short) 6);
        mac.copyTo(b.array(), 8);
        return b.array();
    }
}
