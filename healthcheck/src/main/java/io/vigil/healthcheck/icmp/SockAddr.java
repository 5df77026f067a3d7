package io.vigil.healthcheck.icmp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** {@code struct sockaddr_in} / {@code sockaddr_in6} as bytes (family in host order, port in network order). */
final class SockAddr {

    private SockAddr() {
    }

    static byte[] encode(InetAddress a, int port) {
        byte[] addr = a.getAddress();
        if (a instanceof Inet6Address v6) {
            byte[] sa = new byte[28];
            sa[0] = (byte) LibC.AF_INET6;
            sa[2] = (byte) (port >> 8);
            sa[3] = (byte) port;
            System.arraycopy(addr, 0, sa, 8, 16);
            int scope = v6.getScopeId();
            sa[24] = (byte) scope;
            sa[25] = (byte) (scope >> 8);
            sa[26] = (byte) (scope >> 16);
            sa[27] = (byte) (scope >> 24);
            return sa;
        }
        byte[] sa = new byte[16];
        sa[0] = (byte) LibC.AF_INET;
        sa[2] = (byte) (port >> 8);
        sa[3] = (byte) port;
        System.arraycopy(addr, 0, sa, 4, 4);
        return sa;
    }

    static InetAddress decode(byte[] sa) throws UnknownHostException {
        int family = (sa[0] & 0xff) | (sa[1] & 0xff) << 8;
        if (family == LibC.AF_INET6) {
            byte[] a = new byte[16];
            System.arraycopy(sa, 8, a, 0, 16);
            return InetAddress.getByAddress(a);
        }
        byte[] a = new byte[4];
        System.arraycopy(sa, 4, a, 0, 4);
        return InetAddress.getByAddress(a);
    }
}
