package io.vigil.kernel.ipvs;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Prints the IPVS table the way {@code ipvsadm -Ln} does ({@code --stats}, {@code --rate} too), column for
 * column, so operators keep their habits and their scripts: services sorted as ipvsadm sorts them (fwmark, family,
 * protocol, address, port, compared as ipvsadm's 32-bit differences are), destinations likewise, large counters
 * shortened to K/M/G/T.
 */
public final class IpvsListing {

    /** What to print. */
    public enum Format {
        /** {@code ipvsadm -Ln}. */
        DEFAULT,
        /** {@code ipvsadm -Ln --stats}. */
        STATS,
        /** {@code ipvsadm -Ln --rate}. */
        RATE
    }

    private IpvsListing() {
    }

    /** The whole listing, header included. */
    public static String format(IpvsInfo info, List<IpvsService> services, Format format) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "IP Virtual Server version %s (size=%d)%n", info.versionString(),
                info.connectionTableSize()));
        switch (format) {
            case STATS -> out.append("Prot LocalAddress:Port               Conns   InPkts  OutPkts  InBytes OutBytes\n")
                    .append("  -> RemoteAddress:Port\n");
            case RATE -> out.append("Prot LocalAddress:Port                 CPS    InPPS   OutPPS    InBPS   OutBPS\n")
                    .append("  -> RemoteAddress:Port\n");
            default -> out.append("Prot LocalAddress:Port Scheduler Flags\n")
                    .append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
        List<IpvsService> sorted = new ArrayList<>(services);
        sorted.sort(SERVICE_ORDER);
        for (IpvsService s : sorted) {
            service(out, s, format);
        }
        return out.toString();
    }

    private static void service(StringBuilder out, IpvsService s, Format format) {
        VirtualService v = s.service();
        ServiceKey k = v.key();
        String name = k.isFwmark()
                ? "FWM  " + Integer.toUnsignedString(k.fwmark()) + (k.family() == AddressFamily.INET6 ? " IPv6" : "")
                : String.format(Locale.ROOT, "%-4s %s", k.protocol(), ServiceKey.endpoint(k.address(), k.port()));
        IpvsStats st = s.stats();
        switch (format) {
            case STATS -> out.append(String.format(Locale.ROOT, "%-33s", name)).append(large(st.connections()))
                    .append(large(st.inPackets())).append(large(st.outPackets())).append(large(st.inBytes()))
                    .append(large(st.outBytes()));
            case RATE -> out.append(String.format(Locale.ROOT, "%-33s", name)).append(large(st.cps()))
                    .append(large(st.inPps())).append(large(st.outPps())).append(large(st.inBps()))
                    .append(large(st.outBps()));
            default -> {
                out.append(name).append(' ').append(v.scheduler());
                int sched = s.flags() & (Ipvs.SVC_F_SCHED1 | Ipvs.SVC_F_SCHED2 | Ipvs.SVC_F_SCHED3);
                if (sched != 0) {
                    out.append(" (").append(schedulerFlags(v.scheduler(), s.flags())).append(')');
                }
                if ((s.flags() & Ipvs.SVC_F_PERSISTENT) != 0) {
                    out.append(" persistent ").append(v.persistenceTimeout());
                    if (v.persistencePrefix() != k.family().maxPrefixLength()) {
                        out.append(" mask ").append(k.family() == AddressFamily.INET
                                ? ipv4Mask(v.persistencePrefix()) : String.valueOf(v.persistencePrefix()));
                    }
                    if (!s.peName().isEmpty()) {
                        out.append(" pe ").append(s.peName());
                    }
                }
                if ((s.flags() & Ipvs.SVC_F_ONEPACKET) != 0) {
                    out.append(" ops");
                }
            }
        }
        out.append('\n');
        List<IpvsDestination> dests = new ArrayList<>(s.destinations());
        dests.sort(DEST_ORDER);
        for (IpvsDestination d : dests) {
            RealServer r = d.server();
            String dname = ServiceKey.endpoint(r.address(), r.port());
            IpvsStats ds = d.stats();
            switch (format) {
                case STATS -> out.append(String.format(Locale.ROOT, "  -> %-28s", dname)).append(large(ds.connections()))
                        .append(large(ds.inPackets())).append(large(ds.outPackets())).append(large(ds.inBytes()))
                        .append(large(ds.outBytes())).append('\n');
                case RATE -> out.append(String.format(Locale.ROOT, "  -> %-28s %8d %8d %8d", dname, ds.cps(),
                        ds.inPps(), ds.outPps())).append(large(ds.inBps())).append(large(ds.outBps())).append('\n');
                default -> out.append(String.format(Locale.ROOT, "  -> %-28s %-7s %-6d %-10d %-10d%n", dname,
                        forwardName(r.forwarding()), r.weight(), Integer.toUnsignedLong(d.activeConnections()),
                        Integer.toUnsignedLong(d.inactiveConnections())));
            }
        }
    }

    /** ipvsadm's names: Masq, Local, Tunnel, Route, and nothing for Bypass. */
    static String forwardName(RealServer.Forwarding f) {
        return switch (f) {
            case NAT -> "Masq";
            case LOCAL -> "Local";
            case TUN -> "Tunnel";
            case DR -> "Route";
            case BYPASS -> "(null)";
        };
    }

    static String schedulerFlags(String scheduler, int flags) {
        String[] names = switch (scheduler) {
            case "sh" -> new String[] {"sh-fallback", "sh-port", "flag-3"};
            case "mh" -> new String[] {"mh-fallback", "mh-port", "flag-3"};
            default -> new String[] {"flag-1", "flag-2", "flag-3"};
        };
        int[] bits = {Ipvs.SVC_F_SCHED1, Ipvs.SVC_F_SCHED2, Ipvs.SVC_F_SCHED3};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if ((flags & bits[i]) != 0) {
                b.append(b.length() > 0 ? "," : "").append(names[i]);
            }
        }
        return b.toString();
    }

    /** ipvsadm's print_largenum: 9 columns, shortened with K, M, G, T past 100 million. */
    static String large(long v) {
        if (Long.compareUnsigned(v, 100_000_000L) < 0) {
            return String.format(Locale.ROOT, "%9d", v);
        }
        if (Long.compareUnsigned(v, 1_000_000_000L) < 0) {
            return String.format(Locale.ROOT, "%8sK", Long.toUnsignedString(Long.divideUnsigned(v, 1000)));
        }
        if (Long.compareUnsigned(v, 100_000_000_000L) < 0) {
            return String.format(Locale.ROOT, "%8sM", Long.toUnsignedString(Long.divideUnsigned(v, 1_000_000)));
        }
        if (Long.compareUnsigned(v, 100_000_000_000_000L) < 0) {
            return String.format(Locale.ROOT, "%8sG", Long.toUnsignedString(Long.divideUnsigned(v, 1_000_000_000L)));
        }
        return String.format(Locale.ROOT, "%8sT", Long.toUnsignedString(Long.divideUnsigned(v, 1_000_000_000_000L)));
    }

    private static String ipv4Mask(int prefix) {
        int m = prefix == 0 ? 0 : -1 << (32 - prefix);
        return ((m >>> 24) & 0xff) + "." + ((m >>> 16) & 0xff) + "." + ((m >>> 8) & 0xff) + "." + (m & 0xff);
    }

    /** libipvs's ipvs_cmp_services: differences of unsigned values taken as a C int, so they wrap. */
    static final Comparator<IpvsService> SERVICE_ORDER = (x, y) -> {
        ServiceKey a = x.service().key();
        ServiceKey b = y.service().key();
        int r = a.fwmark() - b.fwmark();
        if (r != 0) {
            return r;
        }
        r = a.family().linuxValue() - b.family().linuxValue();
        if (r != 0) {
            return r;
        }
        r = protocolNumber(a) - protocolNumber(b);
        if (r != 0) {
            return r;
        }
        r = addressDifference(a.address(), b.address(), a.family());
        return r != 0 ? r : a.port() - b.port();
    };

    /** libipvs's ipvs_cmp_dests. */
    static final Comparator<IpvsDestination> DEST_ORDER = (x, y) -> {
        RealServer a = x.server();
        RealServer b = y.server();
        int r = addressDifference(a.address(), b.address(), a.family());
        return r != 0 ? r : a.port() - b.port();
    };

    /** The kernel reports a fwmark service with protocol TCP (it does not send one; ipvsadm's entry holds 0). */
    private static int protocolNumber(ServiceKey k) {
        return k.isFwmark() ? 0 : k.protocol().number();
    }

    private static int addressDifference(InetAddress a, InetAddress b, AddressFamily af) {
        if (a == null || b == null) {
            return 0;
        }
        ByteBuffer x = ByteBuffer.wrap(padded(a));
        ByteBuffer y = ByteBuffer.wrap(padded(b));
        if (af == AddressFamily.INET6 || a instanceof Inet6Address) {
            int r = 0;
            for (int i = 0; r == 0 && i < 4; i++) {
                r = x.getInt(i * 4) - y.getInt(i * 4);
            }
            return r;
        }
        return x.getInt(0) - y.getInt(0);
    }

    private static byte[] padded(InetAddress a) {
        byte[] out = new byte[16];
        byte[] b = a.getAddress();
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }
}
