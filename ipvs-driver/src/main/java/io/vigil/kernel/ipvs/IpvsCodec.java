package io.vigil.kernel.ipvs;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.RealServer.Forwarding;
import io.vigil.core.port.RealServer.Tunnel;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.ServiceKey.Protocol;
import io.vigil.core.port.VirtualService;
import io.vigil.core.port.VirtualService.SchedulerFlag;
import io.vigil.kernel.netlink.GenericNetlink;
import io.vigil.kernel.netlink.Netlink;
import io.vigil.kernel.netlink.NetlinkProtocolException;
import io.vigil.kernel.netlink.NlAttributes;
import io.vigil.kernel.netlink.NlMessage;
import io.vigil.kernel.netlink.NlRequest;
import io.vigil.kernel.netlink.NlWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes IPVS requests and decodes the kernel's replies ({@code include/uapi/linux/ip_vs.h}). Pure functions of
 * bytes, tested against what ipvsadm (libnl) sends and what the kernel answers.
 *
 * <p>Encoding follows libipvs's attribute order for services, so a service request is byte-for-byte what ipvsadm
 * sends. A destination request carries only the service's key attributes (the kernel needs no more to find the
 * service), not the whole service as libipvs does. Values the kernel reads in network order (ports, IPv4 netmask,
 * addresses) are written so.
 *
 * <p>Decoding checks every length; a missing mandatory attribute, an unknown address family or forwarding method
 * is a {@link NetlinkProtocolException} naming the message, never an index error. Unknown attributes are skipped.
 */
public final class IpvsCodec {

    /** sizeof(union nf_inet_addr). */
    private static final int INET_ADDR_SIZE = 16;
    private static final int FLAGS_MASK_ALL = 0xffffffff;

    private final int family;

    /** @param family the IPVS generic netlink family id (message type) of this kernel */
    public IpvsCodec(int family) {
        this.family = family;
    }

    public int family() {
        return family;
    }

    // ---------------------------------------------------------------- requests

    /** IPVS_CMD_NEW_SERVICE (add, {@code ipvsadm -A}) or IPVS_CMD_SET_SERVICE (edit, {@code -E}). */
    public NlRequest service(int command, VirtualService s) {
        NlWriter w = GenericNetlink.payload(command, Ipvs.GENL_VERSION);
        int nest = w.beginNested(Ipvs.CMD_ATTR_SERVICE);
        key(w, s.key());
        w.attrString(Ipvs.SVC_ATTR_SCHED_NAME, s.scheduler());
        w.attr(Ipvs.SVC_ATTR_FLAGS, flagsAndMask(serviceFlags(s), FLAGS_MASK_ALL));
        w.attrU32(Ipvs.SVC_ATTR_TIMEOUT, s.persistenceTimeout());
        w.attr(Ipvs.SVC_ATTR_NETMASK, netmask(s.key().family(), s.persistencePrefix()));
        w.endNested(nest);
        return request(w, 0, (command == Ipvs.CMD_NEW_SERVICE ? "IPVS add service " : "IPVS edit service ")
                + s.key());
    }

    /** IPVS_CMD_DEL_SERVICE ({@code ipvsadm -D}): the service and all its destinations. */
    public NlRequest deleteService(ServiceKey key) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_DEL_SERVICE, Ipvs.GENL_VERSION);
        serviceKey(w, key);
        return request(w, 0, "IPVS delete service " + key);
    }

    /** IPVS_CMD_NEW_DEST ({@code ipvsadm -a}) or IPVS_CMD_SET_DEST ({@code -e}). */
    public NlRequest destination(int command, ServiceKey key, RealServer r) {
        NlWriter w = GenericNetlink.payload(command, Ipvs.GENL_VERSION);
        serviceKey(w, key);
        int nest = w.beginNested(Ipvs.CMD_ATTR_DEST);
        destKey(w, r);
        w.attrU32(Ipvs.DEST_ATTR_FWD_METHOD, forwarding(r.forwarding()));
        w.attrU32(Ipvs.DEST_ATTR_WEIGHT, r.weight());
        Tunnel t = r.tunnel() == null ? Tunnel.IPIP : r.tunnel();
        w.attrU8(Ipvs.DEST_ATTR_TUN_TYPE, t.type().ordinal());
        w.attr(Ipvs.DEST_ATTR_TUN_PORT, be16(t.port()));
        w.attrU16(Ipvs.DEST_ATTR_TUN_FLAGS, tunnelFlags(t.checksum()));
        w.attrU32(Ipvs.DEST_ATTR_U_THRESH, r.upperThreshold());
        w.attrU32(Ipvs.DEST_ATTR_L_THRESH, r.lowerThreshold());
        w.endNested(nest);
        return request(w, 0, (command == Ipvs.CMD_NEW_DEST ? "IPVS add " : "IPVS edit ") + key + " -> " + r);
    }

    /** IPVS_CMD_DEL_DEST ({@code ipvsadm -d}). */
    public NlRequest deleteDestination(ServiceKey key, RealServer r) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_DEL_DEST, Ipvs.GENL_VERSION);
        serviceKey(w, key);
        int nest = w.beginNested(Ipvs.CMD_ATTR_DEST);
        destKey(w, r);
        w.endNested(nest);
        return request(w, 0, "IPVS delete " + key + " -> " + ServiceKey.endpoint(r.address(), r.port()));
    }

    /** IPVS_CMD_GET_SERVICE as a dump: every service. */
    public NlRequest dumpServices() {
        return request(GenericNetlink.payload(Ipvs.CMD_GET_SERVICE, Ipvs.GENL_VERSION), Netlink.NLM_F_DUMP,
                "IPVS dump services");
    }

    /** IPVS_CMD_GET_DEST as a dump: the destinations of one service. */
    public NlRequest dumpDestinations(ServiceKey key) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_GET_DEST, Ipvs.GENL_VERSION);
        serviceKey(w, key);
        return request(w, Netlink.NLM_F_DUMP, "IPVS dump destinations of " + key);
    }

    /** IPVS_CMD_NEW_DAEMON ({@code ipvsadm --start-daemon}). */
    public NlRequest startDaemon(SyncDaemon d) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_NEW_DAEMON, Ipvs.GENL_VERSION);
        int nest = w.beginNested(Ipvs.CMD_ATTR_DAEMON);
        w.attrU32(Ipvs.DAEMON_ATTR_STATE, d.state().value());
        w.attrString(Ipvs.DAEMON_ATTR_MCAST_IFN, d.interfaceName());
        w.attrU32(Ipvs.DAEMON_ATTR_SYNC_ID, d.syncId());
        if (d.maxLength() != 0) {
            w.attrU16(Ipvs.DAEMON_ATTR_SYNC_MAXLEN, d.maxLength());
        }
        if (d.group() != null) {
            w.attr(d.groupFamily() == AddressFamily.INET ? Ipvs.DAEMON_ATTR_MCAST_GROUP : Ipvs.DAEMON_ATTR_MCAST_GROUP6,
                    d.group().getAddress());
        }
        if (d.port() != 0) {
            w.attrU16(Ipvs.DAEMON_ATTR_MCAST_PORT, d.port()); // host order, unlike service ports
        }
        if (d.ttl() != 0) {
            w.attrU8(Ipvs.DAEMON_ATTR_MCAST_TTL, d.ttl());
        }
        w.endNested(nest);
        return request(w, 0, "IPVS start " + d.state().name().toLowerCase() + " sync daemon on " + d.interfaceName());
    }

    /** IPVS_CMD_DEL_DAEMON ({@code ipvsadm --stop-daemon}). */
    public NlRequest stopDaemon(SyncDaemon.State state) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_DEL_DAEMON, Ipvs.GENL_VERSION);
        int nest = w.beginNested(Ipvs.CMD_ATTR_DAEMON);
        w.attrU32(Ipvs.DAEMON_ATTR_STATE, state.value());
        w.endNested(nest);
        return request(w, 0, "IPVS stop " + state.name().toLowerCase() + " sync daemon");
    }

    /** IPVS_CMD_GET_DAEMON as a dump: the running sync daemons. */
    public NlRequest dumpDaemons() {
        return request(GenericNetlink.payload(Ipvs.CMD_GET_DAEMON, Ipvs.GENL_VERSION), Netlink.NLM_F_DUMP,
                "IPVS dump sync daemons");
    }

    /** IPVS_CMD_SET_CONFIG ({@code ipvsadm --set}); a 0 timeout is left unchanged by the kernel. */
    public NlRequest setTimeouts(IpvsTimeouts t) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_SET_CONFIG, Ipvs.GENL_VERSION);
        w.attrU32(Ipvs.CMD_ATTR_TIMEOUT_TCP, t.tcp());
        w.attrU32(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, t.tcpFin());
        w.attrU32(Ipvs.CMD_ATTR_TIMEOUT_UDP, t.udp());
        return request(w, 0, "IPVS set timeouts " + t.tcp() + " " + t.tcpFin() + " " + t.udp());
    }

    /** IPVS_CMD_GET_CONFIG: the timeouts. */
    public NlRequest getTimeouts() {
        return request(GenericNetlink.payload(Ipvs.CMD_GET_CONFIG, Ipvs.GENL_VERSION), 0, "IPVS get timeouts");
    }

    /** IPVS_CMD_GET_INFO: version and connection table size. */
    public NlRequest getInfo() {
        return request(GenericNetlink.payload(Ipvs.CMD_GET_INFO, Ipvs.GENL_VERSION), 0, "IPVS get info");
    }

    /** IPVS_CMD_FLUSH ({@code ipvsadm -C}): every service of every owner. */
    public NlRequest flush() {
        return request(GenericNetlink.payload(Ipvs.CMD_FLUSH, Ipvs.GENL_VERSION), 0, "IPVS flush");
    }

    /** IPVS_CMD_ZERO ({@code ipvsadm -Z}): the counters of one service, or of all when {@code key} is null. */
    public NlRequest zero(ServiceKey key) {
        NlWriter w = GenericNetlink.payload(Ipvs.CMD_ZERO, Ipvs.GENL_VERSION);
        if (key != null) {
            serviceKey(w, key);
        }
        return request(w, 0, "IPVS zero counters" + (key == null ? "" : " of " + key));
    }

    private NlRequest request(NlWriter w, int flags, String description) {
        return new NlRequest(family, flags, w.toBytes(), description);
    }

    private static void serviceKey(NlWriter w, ServiceKey key) {
        int nest = w.beginNested(Ipvs.CMD_ATTR_SERVICE);
        key(w, key);
        w.endNested(nest);
    }

    private static void key(NlWriter w, ServiceKey key) {
        w.attrU16(Ipvs.SVC_ATTR_AF, key.family().linuxValue());
        if (key.isFwmark()) {
            w.attrU32(Ipvs.SVC_ATTR_FWMARK, key.fwmark());
        } else {
            w.attrU16(Ipvs.SVC_ATTR_PROTOCOL, key.protocol().number());
            w.attr(Ipvs.SVC_ATTR_ADDR, inetAddr(key.address()));
            w.attr(Ipvs.SVC_ATTR_PORT, be16(key.port()));
        }
    }

    private static void destKey(NlWriter w, RealServer r) {
        w.attrU16(Ipvs.DEST_ATTR_ADDR_FAMILY, r.family().linuxValue());
        w.attr(Ipvs.DEST_ATTR_ADDR, inetAddr(r.address()));
        w.attr(Ipvs.DEST_ATTR_PORT, be16(r.port()));
    }

    static int serviceFlags(VirtualService s) {
        int f = s.isPersistent() ? Ipvs.SVC_F_PERSISTENT : 0;
        if (s.onePacket()) {
            f |= Ipvs.SVC_F_ONEPACKET;
        }
        for (SchedulerFlag flag : s.schedulerFlags()) {
            f |= switch (flag) {
                case FALLBACK -> Ipvs.SVC_F_SCHED1;
                case PORT -> Ipvs.SVC_F_SCHED2;
                case FLAG_3 -> Ipvs.SVC_F_SCHED3;
            };
        }
        return f;
    }

    static int forwarding(Forwarding f) {
        return switch (f) {
            case NAT -> Ipvs.CONN_F_MASQ;
            case LOCAL -> Ipvs.CONN_F_LOCALNODE;
            case TUN -> Ipvs.CONN_F_TUNNEL;
            case DR -> Ipvs.CONN_F_DROUTE;
            case BYPASS -> Ipvs.CONN_F_BYPASS;
        };
    }

    private static int tunnelFlags(Tunnel.Checksum c) {
        return switch (c) {
            case NONE -> 0;
            case CSUM -> Ipvs.TUNNEL_FLAG_CSUM;
            case REMCSUM -> Ipvs.TUNNEL_FLAG_REMCSUM;
        };
    }

    private static byte[] flagsAndMask(int flags, int mask) {
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.nativeOrder()).putInt(flags).putInt(mask).array();
    }

    /** IPv4: the mask in network order; IPv6: the prefix length as a host-order u32 (as the kernel reads them). */
    private static byte[] netmask(AddressFamily af, int prefix) {
        if (af == AddressFamily.INET) {
            int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
            return ByteBuffer.allocate(4).putInt(mask).array();
        }
        return ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putInt(prefix).array();
    }

    private static byte[] inetAddr(InetAddress a) {
        byte[] out = new byte[INET_ADDR_SIZE];
        byte[] b = a.getAddress();
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static byte[] be16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    // ---------------------------------------------------------------- replies

    /** A service of a GET_SERVICE dump (IPVS_CMD_NEW_SERVICE), without destinations. */
    public static IpvsService decodeService(NlMessage m) throws NetlinkProtocolException {
        NlAttributes top = m.attributes(GenericNetlink.GENL_HDRLEN, "IPVS service");
        if (!top.has(Ipvs.CMD_ATTR_SERVICE)) {
            throw new NetlinkProtocolException("IPVS service reply without IPVS_CMD_ATTR_SERVICE");
        }
        NlAttributes a = top.nested(Ipvs.CMD_ATTR_SERVICE);
        ServiceKey key = decodeKey(a);
        String sched = a.string(Ipvs.SVC_ATTR_SCHED_NAME);
        if (sched == null) {
            throw new NetlinkProtocolException("IPVS service " + key + " without IPVS_SVC_ATTR_SCHED_NAME");
        }
        ByteBuffer fm = a.required(Ipvs.SVC_ATTR_FLAGS, 8);
        int flags = fm.getInt(0);
        int timeout = a.u32(Ipvs.SVC_ATTR_TIMEOUT, 0);
        int prefix = prefix(key, a);
        Set<SchedulerFlag> sf = EnumSet.noneOf(SchedulerFlag.class);
        if ((flags & Ipvs.SVC_F_SCHED1) != 0) {
            sf.add(SchedulerFlag.FALLBACK);
        }
        if ((flags & Ipvs.SVC_F_SCHED2) != 0) {
            sf.add(SchedulerFlag.PORT);
        }
        if ((flags & Ipvs.SVC_F_SCHED3) != 0) {
            sf.add(SchedulerFlag.FLAG_3);
        }
        int persistence = (flags & Ipvs.SVC_F_PERSISTENT) != 0 ? timeout : 0;
        VirtualService s;
        try {
            s = new VirtualService(key, sched.isEmpty() ? "none" : sched, sf, persistence, prefix,
                    (flags & Ipvs.SVC_F_ONEPACKET) != 0, List.of());
        } catch (IllegalArgumentException e) {
            throw new NetlinkProtocolException("IPVS service " + key + ": " + e.getMessage());
        }
        String pe = a.string(Ipvs.SVC_ATTR_PE_NAME);
        return new IpvsService(s, flags, pe == null ? "" : pe, stats(a, Ipvs.SVC_ATTR_STATS, Ipvs.SVC_ATTR_STATS64),
                List.of());
    }

    /** A destination of a GET_DEST dump (IPVS_CMD_NEW_DEST); {@code serviceFamily} when it carries no family. */
    public static IpvsDestination decodeDestination(NlMessage m, AddressFamily serviceFamily)
            throws NetlinkProtocolException {
        NlAttributes top = m.attributes(GenericNetlink.GENL_HDRLEN, "IPVS destination");
        if (!top.has(Ipvs.CMD_ATTR_DEST)) {
            throw new NetlinkProtocolException("IPVS destination reply without IPVS_CMD_ATTR_DEST");
        }
        NlAttributes a = top.nested(Ipvs.CMD_ATTR_DEST);
        AddressFamily af = serviceFamily;
        if (a.has(Ipvs.DEST_ATTR_ADDR_FAMILY)) {
            af = family(a.u16(Ipvs.DEST_ATTR_ADDR_FAMILY, 0), "IPVS destination");
        }
        InetAddress addr = address(a, Ipvs.DEST_ATTR_ADDR, af, "IPVS destination");
        int port = port(a, Ipvs.DEST_ATTR_PORT);
        int fwd = a.required(Ipvs.DEST_ATTR_FWD_METHOD, 4).getInt(0) & Ipvs.CONN_F_FWD_MASK;
        Forwarding forwarding = switch (fwd) {
            case Ipvs.CONN_F_MASQ -> Forwarding.NAT;
            case Ipvs.CONN_F_LOCALNODE -> Forwarding.LOCAL;
            case Ipvs.CONN_F_TUNNEL -> Forwarding.TUN;
            case Ipvs.CONN_F_DROUTE -> Forwarding.DR;
            case Ipvs.CONN_F_BYPASS -> Forwarding.BYPASS;
            default -> throw new NetlinkProtocolException("IPVS destination " + addr.getHostAddress()
                    + ": unknown forwarding method " + fwd);
        };
        Tunnel tunnel = null;
        if (forwarding == Forwarding.TUN) {
            tunnel = tunnel(a, addr);
        }
        int weight = a.required(Ipvs.DEST_ATTR_WEIGHT, 4).getInt(0);
        RealServer server;
        try {
            server = new RealServer(addr, port, forwarding, weight, a.u32(Ipvs.DEST_ATTR_U_THRESH, 0),
                    a.u32(Ipvs.DEST_ATTR_L_THRESH, 0), tunnel);
        } catch (IllegalArgumentException e) {
            throw new NetlinkProtocolException("IPVS destination " + addr.getHostAddress() + ": " + e.getMessage());
        }
        return new IpvsDestination(server, a.u32(Ipvs.DEST_ATTR_ACTIVE_CONNS, 0), a.u32(Ipvs.DEST_ATTR_INACT_CONNS, 0),
                a.u32(Ipvs.DEST_ATTR_PERSIST_CONNS, 0), stats(a, Ipvs.DEST_ATTR_STATS, Ipvs.DEST_ATTR_STATS64));
    }

    /** A sync daemon of a GET_DAEMON dump. */
    public static SyncDaemon decodeDaemon(NlMessage m) throws NetlinkProtocolException {
        NlAttributes top = m.attributes(GenericNetlink.GENL_HDRLEN, "IPVS daemon");
        NlAttributes a = top.nested(Ipvs.CMD_ATTR_DAEMON);
        int state = a.required(Ipvs.DAEMON_ATTR_STATE, 4).getInt(0);
        SyncDaemon.State s = switch (state) {
            case Ipvs.STATE_MASTER -> SyncDaemon.State.MASTER;
            case Ipvs.STATE_BACKUP -> SyncDaemon.State.BACKUP;
            default -> throw new NetlinkProtocolException("IPVS daemon in unknown state " + state);
        };
        String ifname = a.string(Ipvs.DAEMON_ATTR_MCAST_IFN);
        InetAddress group = null;
        if (a.has(Ipvs.DAEMON_ATTR_MCAST_GROUP6)) {
            group = address(a, Ipvs.DAEMON_ATTR_MCAST_GROUP6, AddressFamily.INET6, "IPVS daemon");
        } else if (a.has(Ipvs.DAEMON_ATTR_MCAST_GROUP)) {
            group = address(a, Ipvs.DAEMON_ATTR_MCAST_GROUP, AddressFamily.INET, "IPVS daemon");
        }
        try {
            return new SyncDaemon(s, ifname == null ? "?" : ifname, a.u32(Ipvs.DAEMON_ATTR_SYNC_ID, 0),
                    a.u16(Ipvs.DAEMON_ATTR_SYNC_MAXLEN, 0), group,
                    a.u16(Ipvs.DAEMON_ATTR_MCAST_PORT, 0),
                    a.u8(Ipvs.DAEMON_ATTR_MCAST_TTL, 0));
        } catch (IllegalArgumentException e) {
            throw new NetlinkProtocolException("IPVS daemon: " + e.getMessage());
        }
    }

    /** The reply to GET_CONFIG. */
    public static IpvsTimeouts decodeTimeouts(NlMessage m) throws NetlinkProtocolException {
        NlAttributes a = m.attributes(GenericNetlink.GENL_HDRLEN, "IPVS config");
        return new IpvsTimeouts(a.required(Ipvs.CMD_ATTR_TIMEOUT_TCP, 4).getInt(0),
                a.required(Ipvs.CMD_ATTR_TIMEOUT_TCP_FIN, 4).getInt(0),
                a.required(Ipvs.CMD_ATTR_TIMEOUT_UDP, 4).getInt(0));
    }

    /** The reply to GET_INFO. */
    public static IpvsInfo decodeInfo(NlMessage m) throws NetlinkProtocolException {
        NlAttributes a = m.attributes(GenericNetlink.GENL_HDRLEN, "IPVS info");
        return new IpvsInfo(a.required(Ipvs.INFO_ATTR_VERSION, 4).getInt(0),
                a.u32(Ipvs.INFO_ATTR_CONN_TAB_SIZE, 0));
    }

    /** The generic netlink command of a reply (its first payload byte). */
    public static int command(NlMessage m) throws NetlinkProtocolException {
        return Byte.toUnsignedInt(m.header(GenericNetlink.GENL_HDRLEN, "IPVS reply").get(0));
    }

    private static ServiceKey decodeKey(NlAttributes a) throws NetlinkProtocolException {
        AddressFamily af = family(a.required(Ipvs.SVC_ATTR_AF, 2).getShort(0) & 0xffff, "IPVS service");
        int fwmark = a.u32(Ipvs.SVC_ATTR_FWMARK, 0);
        if (fwmark != 0) {
            return ServiceKey.fwmark(af, fwmark);
        }
        int proto = a.required(Ipvs.SVC_ATTR_PROTOCOL, 2).getShort(0) & 0xffff;
        Protocol p = Protocol.ofNumber(proto);
        if (p == null) {
            throw new NetlinkProtocolException("IPVS service with unknown protocol " + proto);
        }
        return ServiceKey.of(p, address(a, Ipvs.SVC_ATTR_ADDR, af, "IPVS service"), port(a, Ipvs.SVC_ATTR_PORT));
    }

    private static int prefix(ServiceKey key, NlAttributes a) throws NetlinkProtocolException {
        ByteBuffer v = a.value(Ipvs.SVC_ATTR_NETMASK);
        if (v == null || v.remaining() < 4) {
            return key.family().maxPrefixLength();
        }
        if (key.family() == AddressFamily.INET6) {
            int plen = v.getInt(0);
            if (plen < 1 || plen > 128) {
                throw new NetlinkProtocolException("IPVS service " + key + ": IPv6 netmask " + plen);
            }
            return plen;
        }
        int mask = v.order(java.nio.ByteOrder.BIG_ENDIAN).getInt(0);
        int ones = Integer.bitCount(mask);
        if (mask != (ones == 0 ? 0 : -1 << (32 - ones))) {
            throw new NetlinkProtocolException("IPVS service " + key + ": netmask " + Integer.toHexString(mask)
                    + " is not contiguous");
        }
        return ones;
    }

    private static Tunnel tunnel(NlAttributes a, InetAddress addr) throws NetlinkProtocolException {
        int type = a.u8(Ipvs.DEST_ATTR_TUN_TYPE, Ipvs.TUNNEL_TYPE_IPIP);
        if (type < 0 || type >= Tunnel.Type.values().length) {
            throw new NetlinkProtocolException("IPVS destination " + addr.getHostAddress() + ": unknown tunnel type "
                    + type);
        }
        int flags = a.u16(Ipvs.DEST_ATTR_TUN_FLAGS, 0);
        Tunnel.Checksum c = (flags & Ipvs.TUNNEL_FLAG_REMCSUM) != 0 ? Tunnel.Checksum.REMCSUM
                : (flags & Ipvs.TUNNEL_FLAG_CSUM) != 0 ? Tunnel.Checksum.CSUM : Tunnel.Checksum.NONE;
        Tunnel.Type t = Tunnel.Type.values()[type];
        int port = a.has(Ipvs.DEST_ATTR_TUN_PORT) ? port(a, Ipvs.DEST_ATTR_TUN_PORT) : 0;
        if (t == Tunnel.Type.IPIP) {
            return Tunnel.IPIP;
        }
        try {
            return new Tunnel(t, port, c);
        } catch (IllegalArgumentException e) {
            throw new NetlinkProtocolException("IPVS destination " + addr.getHostAddress() + ": " + e.getMessage());
        }
    }

    private static IpvsStats stats(NlAttributes a, int stats32, int stats64) throws NetlinkProtocolException {
        if (a.has(stats64)) {
            NlAttributes s = a.nested(stats64);
            return new IpvsStats(s.u64(Ipvs.STATS_ATTR_CONNS, 0), s.u64(Ipvs.STATS_ATTR_INPKTS, 0),
                    s.u64(Ipvs.STATS_ATTR_OUTPKTS, 0), s.u64(Ipvs.STATS_ATTR_INBYTES, 0),
                    s.u64(Ipvs.STATS_ATTR_OUTBYTES, 0), s.u64(Ipvs.STATS_ATTR_CPS, 0), s.u64(Ipvs.STATS_ATTR_INPPS, 0),
                    s.u64(Ipvs.STATS_ATTR_OUTPPS, 0), s.u64(Ipvs.STATS_ATTR_INBPS, 0), s.u64(Ipvs.STATS_ATTR_OUTBPS, 0));
        }
        if (a.has(stats32)) {
            NlAttributes s = a.nested(stats32);
            return new IpvsStats(u32(s, Ipvs.STATS_ATTR_CONNS), u32(s, Ipvs.STATS_ATTR_INPKTS),
                    u32(s, Ipvs.STATS_ATTR_OUTPKTS), s.u64(Ipvs.STATS_ATTR_INBYTES, 0),
                    s.u64(Ipvs.STATS_ATTR_OUTBYTES, 0), u32(s, Ipvs.STATS_ATTR_CPS), u32(s, Ipvs.STATS_ATTR_INPPS),
                    u32(s, Ipvs.STATS_ATTR_OUTPPS), u32(s, Ipvs.STATS_ATTR_INBPS), u32(s, Ipvs.STATS_ATTR_OUTBPS));
        }
        return IpvsStats.ZERO;
    }

    private static long u32(NlAttributes s, int type) throws NetlinkProtocolException {
        return Integer.toUnsignedLong(s.u32(type, 0));
    }

    private static AddressFamily family(int af, String what) throws NetlinkProtocolException {
        if (af == AddressFamily.INET.linuxValue()) {
            return AddressFamily.INET;
        }
        if (af == AddressFamily.INET6.linuxValue()) {
            return AddressFamily.INET6;
        }
        throw new NetlinkProtocolException(what + " with unknown address family " + af);
    }

    private static InetAddress address(NlAttributes a, int type, AddressFamily af, String what)
            throws NetlinkProtocolException {
        ByteBuffer v = a.required(type, af.addressBytes());
        byte[] b = new byte[af.addressBytes()];
        v.get(0, b);
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new NetlinkProtocolException(what + ": bad address");
        }
    }

    private static int port(NlAttributes a, int type) throws NetlinkProtocolException {
        ByteBuffer v = a.required(type, 2);
        return ((v.get(0) & 0xff) << 8) | (v.get(1) & 0xff);
    }

    /** Decodes each message of a dump with {@code decoder}, skipping messages of another command. */
    static <T> List<T> decodeAll(List<NlMessage> messages, int command, Decoder<T> decoder)
            throws NetlinkProtocolException {
        List<T> out = new ArrayList<>(messages.size());
        for (NlMessage m : messages) {
            if (command(m) == command) {
                out.add(decoder.decode(m));
            }
        }
        return out;
    }

    /** A reply decoder. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(NlMessage m) throws NetlinkProtocolException;
    }
}
