package io.vigil.core.engine;

import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.SorryServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.VrrpState;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The desired forwarding table as a pure function of the config, the VRRP states, the health of the real servers
 * and the drains, with keepalived's semantics (keepalived.conf(5), and its checker's {@code ipwrapper.c}):
 *
 * <ul>
 *   <li>A {@code virtual_server} is one service ({@code IP PORT} with its {@code protocol}, or {@code fwmark N});
 *       {@code group NAME} is one service per address of each range of the {@code virtual_server_group} (and one per
 *       {@code fwmark} line), all with the same real servers and one quorum. {@code lb_algo}, {@code flag-N},
 *       {@code sh-}/{@code mh-port}/{@code -fallback}, {@code ops}, {@code persistence_timeout} and
 *       {@code persistence_granularity} go to the service; {@code weight}, {@code lb_kind}/{@code lvs_method} (with the
 *       tunnel options), {@code uthreshold}/{@code lthreshold} to each real server.</li>
 *   <li>A real server that is up is in the table with its configured weight, or the weight a dynamic checker
 *       ({@code misc_dynamic}, a dynamic {@code FILE_CHECK}) gives it; one that is down is removed, or kept with weight 0 when it has
 *       {@code inhibit_on_failure}. Before its first check it is up, unless one of its checkers has {@code alpha}.
 *       A drained one is kept with weight 0.</li>
 *   <li>Quorum: the live weight (up and not drained) is compared with {@code quorum}: at first the quorum is up when
 *       the weight reaches quorum + hysteresis; then it is lost when the weight falls to 0 or below
 *       quorum - hysteresis, and gained again at quorum + hysteresis. While it is lost and a {@code sorry_server}
 *       is set, the real servers leave the pool (those with {@code inhibit_on_failure} stay with weight 0) and the
 *       sorry server takes their place (no live weight at all is never a quorum, whatever {@code quorum} says: a
 *       virtual server without real servers has none); with {@code sorry_server_inhibit} the sorry server stays in the pool with
 *       weight 0 while the quorum is up. Without a sorry server, losing the quorum changes nothing in the pool.</li>
 *   <li>{@code ha_suspend}: a service is in the table only while a VRRP instance holding its address (in
 *       {@code virtual_ipaddress} or {@code virtual_ipaddress_excluded}) is MASTER, and its real servers are not
 *       checked meanwhile ({@link EngineRuntime.Hooks#suspendChecks}). keepalived keeps every other
 *       service on the backup too, so a takeover needs no datapath change.</li>
 *   <li>Notifications: a real server changing between up and down ({@code notify_up}/{@code notify_down}; at the
 *       first computation only with {@code rs_init_notifies}), a quorum changing ({@code quorum_up}/
 *       {@code quorum_down}; at the first computation a lost quorum is told only when a sorry server takes over, as
 *       keepalived does). When stopping, {@code omega} virtual servers tell their live real servers and their quorum
 *       as down.</li>
 * </ul>
 *
 * Whatever cannot be expressed (a service defined twice, a real server of another family without TUN...) is left
 * out and named in {@link EngineResult#problems()}.
 */
public final class DirectorEngine {

    /** keepalived gives the sorry server weight 1. */
    static final int SORRY_WEIGHT = 1;
    /** The largest IPVS weight. */
    static final int MAX_WEIGHT = 65535;

    private DirectorEngine() {
    }

    /** The id of a virtual server: its display name, with the protocol and family for a group. */
    public static String idOf(VirtualServerConfig vs) {
        if (vs.group() == null) {
            return vs.displayName();
        }
        return vs.displayName() + " " + (vs.protocol() == null ? "fwmark" : vs.protocol().name().toLowerCase(Locale.ROOT))
                + (vs.family() == AddressFamily.INET6 ? " IPv6" : "");
    }

    /** One computation; {@code previous} is the memory of the last one ({@link EngineMemory#EMPTY} at first). */
    public static EngineResult compute(EngineInput in, EngineMemory previous) {
        VigilConfig config = in.config();
        boolean initNotifies = config.globalDefs().lvs().rsInitNotifies();
        Map<InetAddress, List<String>> owners = vipOwners(config);
        Map<String, VirtualServerGroupConfig> groups = new HashMap<>();
        config.virtualServerGroups().forEach(g -> groups.put(g.name(), g));
        Map<String, Boolean> quorum = new LinkedHashMap<>();
        Map<RealServerRef, Boolean> alive = new LinkedHashMap<>();
        List<LvsEvent> events = new ArrayList<>();
        List<VirtualService> services = new ArrayList<>();
        Set<ServiceKey> taken = new HashSet<>();
        List<VirtualServerStatus> statuses = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        for (VirtualServerConfig vs : config.virtualServers()) {
            String id = idOf(vs);
            String name = vs.displayName();
            // the real servers: up or down, weight, drained
            List<Member> members = new ArrayList<>();
            long liveWeight = 0;
            for (RealServerConfig rs : vs.realServers()) {
                RealServerHealth h = in.health().get(new RealServerRef(name, rs.address(), rs.port()));
                boolean up = h != null ? h.up() : initiallyUp(rs);
                // the checks set the weight only through a dynamic checker; else it is the config's (a reload that
                // changes it must not wait for the next check)
                int weight = clampWeight(h != null && h.up() && dynamic(rs) ? h.weight() : rs.weight());
                boolean drained = !in.stopping() && in.drains().stream().anyMatch(d -> d.covers(id, rs.address(),
                        rs.port()));
                if (up && !drained) {
                    liveWeight += weight;
                }
                members.add(new Member(rs, up, weight, drained));
                RealServerRef key = new RealServerRef(id, rs.address(), rs.port());
                Boolean was = previous.alive().get(key);
                boolean nowAlive = up && !in.stopping();
                if (was == null ? up && initNotifies && !in.stopping() : was != nowAlive) {
                    if (!in.stopping() || vs.omega()) {
                        events.add(new LvsEvent.RealServerChanged(name, trio(rs.address(), vs, rs.port()), nowAlive,
                                nowAlive ? rs.notifyUp() : rs.notifyDown()));
                    }
                }
                alive.put(key, nowAlive);
            }
            // the quorum
            Boolean wasUp = previous.quorumUp().get(id);
            boolean up;
            long threshold;
            if (in.stopping()) {
                up = false;
                threshold = vs.quorum();
                if (Boolean.TRUE.equals(wasUp) && vs.omega()) {
                    events.add(new LvsEvent.QuorumChanged(name, false, liveWeight, threshold, vs.quorumDown()));
                }
            } else if (wasUp == null) {
                threshold = vs.quorum() + vs.hysteresis();
                up = liveWeight > 0 && liveWeight >= threshold;
                if (!up && vs.sorryServer() != null) {
                    events.add(new LvsEvent.QuorumChanged(name, false, liveWeight, threshold, vs.quorumDown()));
                }
            } else {
                threshold = vs.quorum() + (wasUp ? -vs.hysteresis() : vs.hysteresis());
                up = wasUp;
                if (!wasUp && liveWeight > 0 && liveWeight >= threshold) {
                    up = true;
                } else if (wasUp && (liveWeight == 0 || liveWeight < threshold)) {
                    up = false;
                }
                if (up != wasUp) {
                    events.add(new LvsEvent.QuorumChanged(name, up, liveWeight, threshold,
                            up ? vs.quorumUp() : vs.quorumDown()));
                }
            }
            quorum.put(id, up);
            boolean sorryActive = !up && vs.sorryServer() != null && !in.stopping();
            // the pool
            List<RealServer> pool = new ArrayList<>();
            for (Member m : members) {
                RealServer r = realServer(m.config(), m.config().weight(), vs, problems);
                if (r == null) {
                    continue;
                }
                int weight;
                if (sorryActive) {
                    weight = m.config().inhibitOnFailure() ? 0 : -1;
                } else if (!m.up()) {
                    weight = m.config().inhibitOnFailure() ? 0 : -1;
                } else {
                    weight = m.drained() ? 0 : m.weight();
                }
                if (weight >= 0) {
                    pool.add(r.withWeight(weight));
                }
            }
            SorryServerConfig sorry = vs.sorryServer();
            if (sorry != null && (sorryActive || sorry.inhibit())) {
                RealServer s = sorryServer(sorry, vs, sorryActive ? SORRY_WEIGHT : 0, problems);
                if (s != null) {
                    pool.removeIf(r -> r.sameServer(s));
                    pool.add(s);
                }
            }
            // the services
            List<ServiceKey> keys = keys(vs, groups, problems);
            List<ServiceKey> suspended = new ArrayList<>();
            for (ServiceKey key : keys) {
                if (vs.haSuspend() && suspended(key, vs, owners, in.instances(), problems)) {
                    suspended.add(key);
                    continue;
                }
                if (in.stopping()) {
                    continue;
                }
                if (!taken.add(key)) {
                    problems.add(id + ": service " + key + " is already defined by another virtual server: left out");
                    continue;
                }
                VirtualService s = service(key, vs, pool, problems);
                if (s != null) {
                    services.add(s);
                }
            }
            statuses.add(new VirtualServerStatus(id, keys, up, liveWeight, vs.quorum(), vs.hysteresis(), sorryActive,
                    suspended));
        }
        return new EngineResult(new DatapathState(services), new EngineMemory(quorum, alive), events, statuses,
                problems);
    }

    private record Member(RealServerConfig config, boolean up, int weight, boolean drained) {
    }

    /** Up before any check unless a checker starts failed ({@code alpha}); a server without checkers is up. */
    static boolean initiallyUp(RealServerConfig rs) {
        for (CheckerConfig c : rs.checkers()) {
            if (alpha(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code misc_dynamic}, or a dynamic {@code FILE_CHECK}: the weight comes from the check. */
    static boolean dynamic(RealServerConfig rs) {
        return rs.checkers().stream().anyMatch(c -> c instanceof CheckerConfig.MiscCheck m && m.dynamic()
                || c instanceof CheckerConfig.FileCheck f && f.dynamic());
    }

    private static boolean alpha(CheckerConfig c) {
        if (c instanceof CheckerConfig.TcpCheck t) {
            return t.timing().alpha();
        } else if (c instanceof CheckerConfig.HttpCheck h) {
            return h.timing().alpha();
        } else if (c instanceof CheckerConfig.SmtpCheck s) {
            return s.timing().alpha();
        } else if (c instanceof CheckerConfig.DnsCheck d) {
            return d.timing().alpha();
        } else if (c instanceof CheckerConfig.MiscCheck m) {
            return m.timing().alpha();
        } else if (c instanceof CheckerConfig.UdpCheck u) {
            return u.timing().alpha();
        } else if (c instanceof CheckerConfig.PingCheck p) {
            return p.timing().alpha();
        } else if (c instanceof CheckerConfig.BfdCheck b) {
            return b.alpha();
        }
        return false;
    }

    private static int clampWeight(int w) {
        return Math.max(0, Math.min(MAX_WEIGHT, w));
    }

    /** keepalived's "trio" form of a real server: {@code [198.51.100.10]:tcp:80}. */
    static String trio(InetAddress address, VirtualServerConfig vs, int port) {
        return "[" + InetAddresses.toText(address) + "]:"
                + (vs.protocol() == null ? "none" : vs.protocol().name().toLowerCase(Locale.ROOT)) + ":" + port;
    }

    // ------------------------------------------------------------------------------------ services and servers

    /** The services of a virtual server: its address, its fwmark, or every entry of its group. */
    public static List<ServiceKey> keys(VirtualServerConfig vs, Map<String, VirtualServerGroupConfig> groups,
                                        List<String> problems) {
        if (vs.fwmark() != null) {
            return List.of(ServiceKey.fwmark(vs.family(), vs.fwmark().intValue()));
        }
        if (vs.address() != null) {
            return List.of(ServiceKey.of(protocol(vs), vs.address(), vs.port()));
        }
        VirtualServerGroupConfig g = groups.get(vs.group());
        if (g == null) {
            problems.add(idOf(vs) + ": no virtual_server_group " + vs.group());
            return List.of();
        }
        List<ServiceKey> out = new ArrayList<>();
        for (VirtualServerGroupConfig.Entry e : g.entries()) {
            if (e.isFwmark()) {
                out.add(ServiceKey.fwmark(e.family() != null ? e.family() : vs.family(), e.fwmark().intValue()));
                continue;
            }
            if (AddressFamily.of(e.first()) != vs.family()) {
                continue;
            }
            if (vs.protocol() == null) {
                problems.add(idOf(vs) + ": group " + g.name() + " has addresses and the virtual server no protocol");
                continue;
            }
            BigInteger first = new BigInteger(1, e.first().getAddress());
            BigInteger last = new BigInteger(1, e.last().getAddress());
            if (last.subtract(first).compareTo(BigInteger.valueOf(MAX_RANGE)) >= 0) {
                problems.add(idOf(vs) + ": group " + g.name() + " range at " + e.location() + " has more than "
                        + MAX_RANGE + " addresses: left out");
                continue;
            }
            for (BigInteger a = first; a.compareTo(last) <= 0; a = a.add(BigInteger.ONE)) {
                out.add(ServiceKey.of(protocol(vs), address(a, e.first().getAddress().length), e.port()));
            }
        }
        return out;
    }

    /** The most services one group range may expand to. */
    static final int MAX_RANGE = 65536;

    private static InetAddress address(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServiceKey.Protocol protocol(VirtualServerConfig vs) {
        return switch (vs.protocol() == null ? io.vigil.core.config.lvs.Protocol.TCP : vs.protocol()) {
            case TCP -> ServiceKey.Protocol.TCP;
            case UDP -> ServiceKey.Protocol.UDP;
            case SCTP -> ServiceKey.Protocol.SCTP;
        };
    }

    private static RealServer realServer(RealServerConfig rs, int weight, VirtualServerConfig vs,
                                         List<String> problems) {
        try {
            return new RealServer(rs.address(), rs.port(), forwarding(rs.forwarding()), clampWeight(weight),
                    threshold(rs.upperThreshold()), threshold(rs.lowerThreshold()), tunnel(rs.forwarding()));
        } catch (IllegalArgumentException e) {
            problems.add(idOf(vs) + ": real server " + ServiceKey.endpoint(rs.address(), rs.port()) + ": "
                    + e.getMessage());
            return null;
        }
    }

    private static RealServer sorryServer(SorryServerConfig s, VirtualServerConfig vs, int weight,
                                          List<String> problems) {
        try {
            return new RealServer(s.address(), s.port(), forwarding(s.forwarding()), weight, 0, 0,
                    tunnel(s.forwarding()));
        } catch (IllegalArgumentException e) {
            problems.add(idOf(vs) + ": sorry server " + ServiceKey.endpoint(s.address(), s.port()) + ": "
                    + e.getMessage());
            return null;
        }
    }

    private static int threshold(long t) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, t));
    }

    static RealServer.Forwarding forwarding(Forwarding f) {
        return switch (f.method()) {
            case NAT -> RealServer.Forwarding.NAT;
            case DR -> RealServer.Forwarding.DR;
            case TUN -> RealServer.Forwarding.TUN;
        };
    }

    private static RealServer.Tunnel tunnel(Forwarding f) {
        if (f.method() != Forwarding.Method.TUN) {
            return null;
        }
        RealServer.Tunnel.Type type = switch (f.tunnelType()) {
            case IPIP -> RealServer.Tunnel.Type.IPIP;
            case GUE -> RealServer.Tunnel.Type.GUE;
            case GRE -> RealServer.Tunnel.Type.GRE;
        };
        if (type == RealServer.Tunnel.Type.IPIP) {
            return RealServer.Tunnel.IPIP;
        }
        RealServer.Tunnel.Checksum sum = switch (f.checksum()) {
            case NOCSUM -> RealServer.Tunnel.Checksum.NONE;
            case CSUM -> RealServer.Tunnel.Checksum.CSUM;
            case REMCSUM -> RealServer.Tunnel.Checksum.REMCSUM;
        };
        return new RealServer.Tunnel(type, f.tunnelPort(), sum);
    }

    private static VirtualService service(ServiceKey key, VirtualServerConfig vs, List<RealServer> pool,
                                          List<String> problems) {
        Set<VirtualService.SchedulerFlag> flags = EnumSet.noneOf(VirtualService.SchedulerFlag.class);
        boolean ops = false;
        for (String f : vs.flags()) {
            switch (f) {
                case "flag-1", "sh-fallback", "mh-fallback" -> flags.add(VirtualService.SchedulerFlag.FALLBACK);
                case "flag-2", "sh-port", "mh-port" -> flags.add(VirtualService.SchedulerFlag.PORT);
                case "flag-3" -> flags.add(VirtualService.SchedulerFlag.FLAG_3);
                case "ops" -> ops = true;
                default -> {
                    // "hashed": the kernel sets it itself
                }
            }
        }
        if (ops && key.protocol() != ServiceKey.Protocol.UDP && !key.isFwmark()) {
            problems.add(idOf(vs) + ": ops is for UDP and fwmark services; not applied to " + key);
            ops = false;
        }
        try {
            int prefix = prefix(vs.persistenceGranularity(), key.family());
            int timeout = (int) Math.min(Integer.MAX_VALUE, vs.persistenceTimeoutSeconds());
            return new VirtualService(key, vs.scheduler(), flags, timeout, prefix, ops, pool);
        } catch (IllegalArgumentException e) {
            problems.add(idOf(vs) + ": service " + key + ": " + e.getMessage() + ": left out");
            return null;
        }
    }

    /** {@code persistence_granularity}: an IPv4 netmask (255.255.255.0 is 24) or an IPv6 prefix length. */
    static int prefix(String granularity, AddressFamily family) {
        if (granularity == null || granularity.isBlank()) {
            return family.maxPrefixLength();
        }
        String g = granularity.trim();
        if (g.indexOf('.') >= 0) {
            byte[] mask = InetAddresses.parse(g).getAddress();
            int bits = 0;
            for (byte b : mask) {
                bits += Integer.bitCount(b & 0xff);
            }
            return bits;
        }
        return Integer.parseInt(g.startsWith("/") ? g.substring(1) : g);
    }

    // ------------------------------------------------------------------------------------------- ha_suspend

    /** Each VIP (and excluded VIP) of the config, with the instances that hold it. */
    static Map<InetAddress, List<String>> vipOwners(VigilConfig config) {
        Map<InetAddress, List<String>> out = new HashMap<>();
        for (VrrpInstanceConfig i : config.vrrpInstances()) {
            List<VirtualAddress> all = new ArrayList<>(i.virtualAddresses());
            all.addAll(i.excludedAddresses());
            for (VirtualAddress v : all) {
                out.computeIfAbsent(v.address(), k -> new ArrayList<>()).add(i.name());
            }
        }
        return out;
    }

    private static boolean suspended(ServiceKey key, VirtualServerConfig vs, Map<InetAddress, List<String>> owners,
                                     Map<String, VrrpState> instances, List<String> problems) {
        if (key.isFwmark()) {
            problems.add(idOf(vs) + ": ha_suspend needs an address; " + key + " is not suspended");
            return false;
        }
        List<String> names = owners.get(key.address());
        if (names == null) {
            problems.add(idOf(vs) + ": ha_suspend: no vrrp_instance holds " + InetAddresses.toText(key.address())
                    + "; " + key + " is not suspended");
            return false;
        }
        return names.stream().noneMatch(n -> instances.get(n) == VrrpState.MASTER);
    }
}
