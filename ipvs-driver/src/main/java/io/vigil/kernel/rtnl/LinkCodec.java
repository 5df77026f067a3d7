package io.vigil.kernel.rtnl;

import io.vigil.core.net.MacAddress;
import io.vigil.core.port.Link;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NlAttributes;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlRequest;
import io.vigil.kernel.netlink.NlWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** RTM_GETLINK / RTM_NEWLINK / RTM_DELLINK requests and the decoding of link messages. */
public final class LinkCodec {

    private LinkCodec() {
    }

    /** Looks a link up by name; an unknown name gives ENODEV. */
    public static NlRequest get(String name) {
        NlWriter w = header(0, 0, 0);
        w.attrString(Rtnl.IFLA_IFNAME, checkName(name));
        w.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        return new NlRequest(Rtnl.RTM_GETLINK, 0, w.toBytes(), "RTM_GETLINK " + name);
    }

    /** Looks a link up by index; an unknown index gives ENODEV. */
    public static NlRequest get(int index) {
        NlWriter w = header(index, 0, 0);
        w.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        return new NlRequest(Rtnl.RTM_GETLINK, 0, w.toBytes(), "RTM_GETLINK #" + index);
    }

    /** Dumps every link (without statistics). */
    public static NlRequest dump() {
        NlWriter w = header(0, 0, 0);
        w.attrU32(Rtnl.IFLA_EXT_MASK, Rtnl.RTEXT_FILTER_SKIP_STATS);
        return new NlRequest(Rtnl.RTM_GETLINK, Netlink.NLM_F_DUMP, w.toBytes(), "RTM_GETLINK dump");
    }

    /**
     * Creates a macvlan in mode bridge on {@code parentIndex}, with the given MAC, administratively down (it is
     * brought up by {@link #setUp} once its IPv6 address generation is set).
     */
    public static NlRequest createMacvlan(int parentIndex, String name, MacAddress mac) {
        NlWriter w = header(0, 0, 0); // attributes in the order iproute2 sends them
        w.attr(Rtnl.IFLA_ADDRESS, mac.toBytes());
        w.attrU32(Rtnl.IFLA_LINK, parentIndex);
        w.attrString(Rtnl.IFLA_IFNAME, checkName(name));
        int info = w.beginNested(Rtnl.IFLA_LINKINFO);
        w.attr(Rtnl.IFLA_INFO_KIND, "macvlan".getBytes(StandardCharsets.US_ASCII)); // NLA_STRING: no NUL needed
        int data = w.beginNested(Rtnl.IFLA_INFO_DATA);
        w.attrU32(Rtnl.IFLA_MACVLAN_MODE, Rtnl.MACVLAN_MODE_BRIDGE);
        w.endNested(data);
        w.endNested(info);
        return new NlRequest(Rtnl.RTM_NEWLINK, Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL, w.toBytes(),
                "RTM_NEWLINK create macvlan " + name + " on #" + parentIndex + " address " + mac);
    }

    /**
     * Sets how the kernel makes the IPv6 link-local address of a link (IFLA_AF_SPEC / AF_INET6 /
     * IFLA_INET6_ADDR_GEN_MODE). Must happen while the link is down: the address is made when it comes up.
     */
    public static NlRequest setAddrGenMode(String name, int mode) {
        NlWriter w = header(0, 0, 0);
        w.attrString(Rtnl.IFLA_IFNAME, checkName(name));
        int spec = w.beginNested(Rtnl.IFLA_AF_SPEC);
        int inet6 = w.beginNested(Rtnl.AF_INET6);
        w.attrU8(Rtnl.IFLA_INET6_ADDR_GEN_MODE, mode);
        w.endNested(inet6);
        w.endNested(spec);
        return new NlRequest(Rtnl.RTM_NEWLINK, 0, w.toBytes(), "RTM_NEWLINK " + name + " addrgenmode " + mode);
    }

    /** Brings a link up (IFF_UP in ifi_flags, masked by ifi_change). */
    public static NlRequest setUp(String name) {
        NlWriter w = header(0, Rtnl.IFF_UP, Rtnl.IFF_UP);
        w.attrString(Rtnl.IFLA_IFNAME, checkName(name));
        return new NlRequest(Rtnl.RTM_NEWLINK, 0, w.toBytes(), "RTM_NEWLINK " + name + " up");
    }

    /** Deletes a link by name; an unknown name gives ENODEV. */
    public static NlRequest delete(String name) {
        NlWriter w = header(0, 0, 0);
        w.attrString(Rtnl.IFLA_IFNAME, checkName(name));
        return new NlRequest(Rtnl.RTM_DELLINK, 0, w.toBytes(), "RTM_DELLINK " + name);
    }

    private static NlWriter header(int index, int flags, int change) {
        return new NlWriter().u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > Rtnl.MAX_IFNAME || name.contains("/")
                || name.chars().anyMatch(c -> c <= ' ' || c == ':')) {
            throw new IllegalArgumentException("not an interface name: '" + name + "'");
        }
        return name;
    }

    /**
     * Decodes an RTM_NEWLINK (or RTM_DELLINK) message. The parent is IFLA_LINK, unless the kernel says it lives
     * in another namespace (IFLA_LINK_NETNSID, e.g. the peer of a veth), where its index means nothing here.
     */
    public static RtnlLink decode(NlMessage m) throws NetlinkProtocolException {
        String what = Rtnl.typeName(m.type());
        ByteBuffer h = m.header(Rtnl.IFINFOMSG_SIZE, what);
        int index = h.getInt(4);
        int flags = h.getInt(8);
        NlAttributes a = m.attributes(Rtnl.IFINFOMSG_SIZE, what);
        String name = a.string(Rtnl.IFLA_IFNAME);
        if (name == null || name.isEmpty()) {
            throw new NetlinkProtocolException(what + " #" + index + " without IFLA_IFNAME");
        }
        byte[] hw = a.bytes(Rtnl.IFLA_ADDRESS);
        MacAddress mac = hw != null && hw.length == 6 ? MacAddress.of(hw) : MacAddress.ZERO;
        int parent = a.has(Rtnl.IFLA_LINK_NETNSID) ? 0 : a.u32(Rtnl.IFLA_LINK, 0);
        NlAttributes info = a.nested(Rtnl.IFLA_LINKINFO);
        String kind = info.string(Rtnl.IFLA_INFO_KIND);
        int mode = "macvlan".equals(kind) ? info.nested(Rtnl.IFLA_INFO_DATA).u32(Rtnl.IFLA_MACVLAN_MODE, 0) : 0;
        Link link = new Link(index, name, mac, (flags & Rtnl.IFF_UP) != 0, (flags & Rtnl.IFF_RUNNING) != 0,
                a.u32(Rtnl.IFLA_MTU, 0), kind == null ? "" : kind, parent == index ? 0 : parent);
        return new RtnlLink(link, mode);
    }
}
