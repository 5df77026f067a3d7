package io.vigil.kernel.rtnl;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.port.InterfaceAddress;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NlAttributes;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlRequest;
import io.vigil.kernel.netlink.NlWriter;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR requests and the decoding of address messages. Requests are laid out
 * as iproute2 lays them out ({@code ip addr add} sends IFA_LOCAL, IFA_LABEL, IFA_FLAGS, IFA_ADDRESS,
 * IFA_BROADCAST, in that order), which the golden tests check byte for byte.
 */
public final class AddressCodec {

    private AddressCodec() {
    }

    /** Adds an address; an existing one makes the kernel answer EEXIST (NLM_F_EXCL). */
    public static NlRequest add(InterfaceAddress a) {
        return new NlRequest(Rtnl.RTM_NEWADDR, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, body(a, true),
                describe("RTM_NEWADDR", a));
    }

    /** Removes an address (matched by address, prefix length and interface); an absent one gives EADDRNOTAVAIL. */
    public static NlRequest remove(InterfaceAddress a) {
        return new NlRequest(Rtnl.RTM_DELADDR, 0, body(a, false), describe("RTM_DELADDR", a));
    }

    /** Dumps the addresses of one interface (0: all) and family ({@link Rtnl#AF_UNSPEC}: both). */
    public static NlRequest dump(int family, int ifindex) {
        byte[] body = new NlWriter().u8(family).u8(0).u8(0).u8(0).u32(ifindex).toBytes();
        return new NlRequest(Rtnl.RTM_GETADDR, Netlink.NLM_F_DUMP, body,
                "RTM_GETADDR dump" + (ifindex == 0 ? "" : " dev #" + ifindex));
    }

    private static byte[] body(InterfaceAddress a, boolean add) {
        AddressFamily family = a.prefix().family();
        if (a.label() != null && (a.label().isEmpty() || a.label().length() > Rtnl.MAX_IFNAME)) {
            throw new IllegalArgumentException("address label must be 1-" + Rtnl.MAX_IFNAME + " characters: '"
                    + a.label() + "'");
        }
        if (a.broadcast() != null && AddressFamily.of(a.broadcast()) != AddressFamily.INET) {
            throw new IllegalArgumentException("a broadcast address is IPv4: " + a.broadcast());
        }
        byte[] address = a.address().getAddress();
        NlWriter w = new NlWriter().u8(family.linuxValue()).u8(a.prefix().length()).u8(0).u8(a.scope())
                .u32(a.ifindex());
        w.attr(Rtnl.IFA_LOCAL, address);
        if (add && a.label() != null && family == AddressFamily.INET) {
            w.attrString(Rtnl.IFA_LABEL, a.label());
        }
        int flags = flags(a);
        if (add && flags != 0) {
            w.attrU32(Rtnl.IFA_FLAGS, flags);
        }
        w.attr(Rtnl.IFA_ADDRESS, address);
        if (add && a.broadcast() != null) {
            w.attr(Rtnl.IFA_BROADCAST, a.broadcast().getAddress());
        }
        return w.toBytes();
    }

    static int flags(InterfaceAddress a) {
        return (a.noDad() ? Rtnl.IFA_F_NODAD : 0) | (a.noPrefixRoute() ? Rtnl.IFA_F_NOPREFIXROUTE : 0);
    }

    static String describe(String what, InterfaceAddress a) {
        return what + " " + a.prefix() + " dev #" + a.ifindex() + (a.label() == null ? "" : " label " + a.label());
    }

    /**
     * Decodes an RTM_NEWADDR / RTM_DELADDR message. The interface address is IFA_LOCAL when present (IPv4, and
     * IPv6 point-to-point), else IFA_ADDRESS; the flags come from IFA_FLAGS when present (they outgrew the
     * header's byte).
     */
    public static RtnlAddress decode(NlMessage m) throws NetlinkProtocolException {
        String what = Rtnl.typeName(m.type());
        ByteBuffer h = m.header(Rtnl.IFADDRMSG_SIZE, what);
        int family = Byte.toUnsignedInt(h.get(0));
        int prefixLength = Byte.toUnsignedInt(h.get(1));
        int headerFlags = Byte.toUnsignedInt(h.get(2));
        int scope = Byte.toUnsignedInt(h.get(3));
        int index = h.getInt(4);
        int size = switch (family) {
            case Rtnl.AF_INET -> 4;
            case Rtnl.AF_INET6 -> 16;
            default -> throw new NetlinkProtocolException(what + ": address family " + family
                    + " is neither AF_INET nor AF_INET6");
        };
        if (prefixLength > size * 8) {
            throw new NetlinkProtocolException(what + ": prefix length " + prefixLength + " for a " + size
                    + "-byte address");
        }
        NlAttributes a = m.attributes(Rtnl.IFADDRMSG_SIZE, what);
        byte[] raw = a.bytes(Rtnl.IFA_LOCAL, size);
        if (raw == null) {
            raw = a.bytes(Rtnl.IFA_ADDRESS, size);
        }
        if (raw == null) {
            throw new NetlinkProtocolException(what + " dev #" + index + ": neither IFA_LOCAL nor IFA_ADDRESS");
        }
        byte[] brd = family == Rtnl.AF_INET ? a.bytes(Rtnl.IFA_BROADCAST, 4) : null;
        InetAddress broadcast = brd == null ? null : IpPrefix.fromBytes(brd);
        int flags = a.u32(Rtnl.IFA_FLAGS, headerFlags);
        try {
            InterfaceAddress address = new InterfaceAddress(index,
                    new IpPrefix(IpPrefix.fromBytes(raw), prefixLength), scope, a.string(Rtnl.IFA_LABEL), broadcast,
                    (flags & Rtnl.IFA_F_NODAD) != 0, (flags & Rtnl.IFA_F_NOPREFIXROUTE) != 0);
            return new RtnlAddress(address, flags);
        } catch (IllegalArgumentException e) { // e.g. an IPv4-mapped IPv6 address, which Java turns into IPv4
            throw new NetlinkProtocolException(what + " dev #" + index + ": " + e.getMessage());
        }
    }
}
