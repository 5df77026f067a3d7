package io.vigil.kernel.socket;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.IpSocket;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Interfaces;
import io.vigil.kernel.nativ.NativeSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jnr.constants.platform.IP;
import jnr.constants.platform.Sock;
import jnr.constants.platform.SocketLevel;
import jnr.constants.platform.SocketOption;

/**
 * Opens {@link IpSocket}s: a raw socket of the given protocol, set up as follows.
 * <ul>
 *   <li>SO_BINDTODEVICE to the interface: it sends only there, whatever the routes say;</li>
 *   <li>IPv4: IP_MULTICAST_IF (ip_mreqn with the ifindex), IP_TTL and IP_MULTICAST_TTL = ttl, IP_TOS = tos,
 *       IP_MULTICAST_LOOP off;</li>
 *   <li>IPv6: IPV6_MULTICAST_IF (ifindex), IPV6_UNICAST_HOPS and IPV6_MULTICAST_HOPS = ttl, IPV6_TCLASS = tos,
 *       IPV6_MULTICAST_LOOP off; no IPV6_CHECKSUM (the caller's payload is final);</li>
 *   <li>a drop-all BPF filter: the socket never queues what it receives.</li>
 * </ul>
 * Opens in the calling thread's network namespace (where the interface name is looked up).
 */
public final class RawIpSocketFactory implements IpSocket.Factory {

    static final int IPPROTO_IP = SocketLevel.SOL_IP.intValue();
    static final int IPPROTO_IPV6 = SocketLevel.SOL_IPV6.intValue();
    static final int IP_ADD_MEMBERSHIP = IP.IP_ADD_MEMBERSHIP.intValue();
    // <linux/in6.h>
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_IF = 17;
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_JOIN_GROUP = 20;
    static final int IPV6_TCLASS = 67;

    @Override
    public IpSocket open(String interfaceName, AddressFamily family, int protocol, int ttl, int tos)
            throws KernelException {
        if (protocol < 1 || protocol > 254 || ttl < 1 || ttl > 255 || tos < 0 || tos > 255) {
            throw new IllegalArgumentException("protocol " + protocol + ", ttl " + ttl + ", tos " + tos
                    + ": protocol 1-254, ttl 1-255, tos 0-255");
        }
        int ifindex = Interfaces.index(interfaceName);
        NativeSocket s = NativeSocket.open("raw " + family.displayName() + " protocol " + protocol + " on "
                + interfaceName, family.linuxValue(), Sock.SOCK_RAW.intValue(), protocol);
        try {
            s.attachFilter(ClassicBpf.dropAll());
            byte[] name = Arrays.copyOf(interfaceName.getBytes(StandardCharsets.UTF_8), interfaceName.length() + 1);
            s.setBytes(SocketLevel.SOL_SOCKET.intValue(), SocketOption.SO_BINDTODEVICE.intValue(), name);
            if (family == AddressFamily.INET) {
                s.setBytes(IPPROTO_IP, IP.IP_MULTICAST_IF.intValue(), ipMreqn(new byte[4], ifindex));
                s.setInt(IPPROTO_IP, IP.IP_TTL.intValue(), ttl);
                s.setInt(IPPROTO_IP, IP.IP_MULTICAST_TTL.intValue(), ttl);
                s.setInt(IPPROTO_IP, IP.IP_TOS.intValue(), tos);
                s.setInt(IPPROTO_IP, IP.IP_MULTICAST_LOOP.intValue(), 0);
            } else {
                s.setInt(IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex);
                s.setInt(IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl);
                s.setInt(IPPROTO_IPV6, IPV6_MULTICAST_HOPS, ttl);
                s.setInt(IPPROTO_IPV6, IPV6_TCLASS, tos);
                s.setInt(IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
            }
            return new RawIpSocket(s, interfaceName, ifindex, family, protocol);
        } catch (KernelException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** {@code struct ip_mreqn {in_addr imr_multiaddr; in_addr imr_address; int imr_ifindex;}} with address 0. */
    static byte[] ipMreqn(byte[] group, int ifindex) {
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).put(group).putInt(0).putInt(ifindex).array();
    }
}
