package io.vigil.core.config.keepalived;

import static io.vigil.core.config.keepalived.KeywordTable.Shape.BLOCK;
import static io.vigil.core.config.keepalived.KeywordTable.Shape.EITHER;
import static io.vigil.core.config.keepalived.KeywordTable.Shape.LINE;
import static io.vigil.core.config.keepalived.ParseContext.SECOND;

import io.vigil.core.config.Authentication;
import io.vigil.core.config.BfdInstanceConfig;
import io.vigil.core.config.GarpGroupConfig;
import io.vigil.core.config.GarpSettings;
import io.vigil.core.config.InstanceOptions;
import io.vigil.core.config.InterfaceSetting;
import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.RouteConfig;
import io.vigil.core.config.RuleConfig;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.TrackFileConfig;
import io.vigil.core.config.TrackGroupConfig;
import io.vigil.core.config.TrackProcessConfig;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.UnicastSettings;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VmacSettings;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpInstanceConfig.InitialState;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The VRRP blocks of keepalived.conf(5) (VRRPD CONFIGURATION and the static blocks of GLOBAL CONFIGURATION):
 * {@code vrrp_instance}, {@code vrrp_sync_group}, {@code vrrp_script}, {@code track_file},
 * {@code vrrp_track_process}, {@code bfd_instance}, {@code track_group}, {@code garp_group},
 * {@code linkbeat_interfaces}, {@code interface_up_down_delays}, {@code static_ipaddress}, {@code static_routes},
 * {@code static_rules}.
 *
 * <p>An instance is first read as written, then completed the way keepalived's vrrp_complete_instance() does it
 * (global defaults, strict mode, version from the family, priority from the state, advert interval rounding), with a
 * warning for each value keepalived would change.
 */
final class VrrpParser {

    private VrrpParser() {
    }

    // ----------------------------------------------------------------------------------------------- instance

    /** A vrrp_instance as written: {@code null} means not given. */
    static final class Instance {
        String name;
        SourceLocation location;
        InitialState state;
        String iface;
        Integer vrid;
        Integer priority;
        Integer version;
        AddressFamily family;
        Long advert;
        boolean nopreempt;
        Long preemptDelay;
        Boolean accept;
        final List<VirtualAddress> vips = new ArrayList<>();
        final List<VirtualAddress> evips = new ArrayList<>();
        InetAddress srcIp;
        boolean unicastKeyword;
        final List<InetAddress> peers = new ArrayList<>();
        final List<UnicastSettings.PeerTtl> peerTtls = new ArrayList<>();
        InetAddress mcastDst;
        String authType;
        String authPass;
        SourceLocation authAt;
        final List<TrackedInterface> trackIf = new ArrayList<>();
        final List<TrackedScript> trackScript = new ArrayList<>();
        final List<TrackedObject> trackFile = new ArrayList<>();
        final List<TrackedObject> trackProcess = new ArrayList<>();
        final List<TrackedObject> trackBfd = new ArrayList<>();
        Long garpDelay;
        Integer garpRepeat;
        Long garpRefresh;
        Integer garpRefreshRepeat;
        Long garpLowerDelay;
        Integer garpLowerRepeat;
        ScriptCommand notifyMaster;
        ScriptCommand notifyBackup;
        ScriptCommand notifyFault;
        ScriptCommand notifyStop;
        ScriptCommand notify;
        ScriptCommand notifyRxLower;
        ScriptCommand notifyDeleted;
        boolean sendDeleted;
        boolean useVmac;
        String vmacName;
        MacAddress vmacMac;
        String vmacFiveOctets;
        boolean vmacXmitBase;
        boolean checksumAsV2;
        Boolean lowerPrioNoAdvert;
        Boolean higherPrioSendAdvert;
        Integer downTimerAdverts;
        boolean dontTrackPrimary;
        Boolean strict;
        final List<RouteConfig> vroutes = new ArrayList<>();
        final List<RuleConfig> vrules = new ArrayList<>();
        Integer unicastTtl;
        boolean checkUnicastSrc;
        boolean faultNoPeer;
        boolean oldChecksum;
        boolean oldChecksumNever;
        boolean smtpAlert;
        Boolean notifyPriorityChanges;
        boolean promoteSecondaries;
        boolean trackSrcIp;
        Boolean skipCheckAdvAddr;
        ParseContext.ExtraIf garpExtraIf;
        boolean useVmacAddr;
        String ipvlan;
        String vrf;
        Integer kernelRxBufSize;
        int debug;
        boolean linkbeat;
        String lvsSyncdIf;
        List<MacAddress> peerMacs;
        SourceLocation nopreemptAt;
        SourceLocation preemptDelayAt;
    }

    static final KeywordTable<Instance> INSTANCE = new KeywordTable<Instance>("vrrp_instance")
            .line("state", (s, n, c) -> {
                String v = c.string(n);
                if (v == null) {
                    return;
                }
                switch (v) {
                    case "MASTER" -> s.state = InitialState.MASTER;
                    case "BACKUP" -> {
                        if (s.state == InitialState.MASTER) {
                            c.warning(n, "state was already given as MASTER: BACKUP is ignored");
                        } else {
                            s.state = InitialState.BACKUP;
                        }
                    }
                    default -> c.error(n.arg(0), "unknown state '" + v + "': use MASTER or BACKUP");
                }
            })
            .line("interface", (s, n, c) -> s.iface = GlobalParser.interfaceName(n, c))
            .inactive("vrf", LINE, (s, n, c) -> s.vrf = GlobalParser.interfaceName(n, c))
            .line("use_vmac", VrrpParser::useVmac)
            .inactive("use_vmac_addr", LINE, (s, n, c) -> s.useVmacAddr = c.arity(n, 0, 0) || s.useVmacAddr)
            .line("vmac_xmit_base", (s, n, c) -> s.vmacXmitBase = c.arity(n, 0, 0) || s.vmacXmitBase)
            .inactive("use_ipvlan", LINE, (s, n, c) -> {
                if (c.arity(n, 0, 3)) {
                    s.ipvlan = n.argCount() == 0 ? "" : n.line().text().substring(n.name().length()).strip();
                }
            })
            .line("native_ipv6", (s, n, c) -> {
                if (s.family == AddressFamily.INET) {
                    c.error(n, "native_ipv6 with IPv4 virtual addresses");
                } else {
                    s.family = AddressFamily.INET6;
                }
            })
            .line("dont_track_primary", (s, n, c) -> s.dontTrackPrimary = c.arity(n, 0, 0) || s.dontTrackPrimary)
            .block("track_interface", (s, n, c) -> trackInterfaces(n, c, s.trackIf))
            .block("track_script", (s, n, c) -> trackScripts(n, c, s.trackScript))
            .inactive("track_file", BLOCK, (s, n, c) -> trackObjects(n, c, s.trackFile, -254, 254))
            .inactive("track_process", BLOCK, (s, n, c) -> trackObjects(n, c, s.trackProcess, -254, 254))
            .inactive("track_bfd", BLOCK, (s, n, c) -> trackObjects(n, c, s.trackBfd, -253, 253))
            .line("mcast_src_ip", (s, n, c) -> sourceIp(s, n, c))
            .line("unicast_src_ip", (s, n, c) -> {
                s.unicastKeyword = true;
                sourceIp(s, n, c);
            })
            .line("mcast_dst_ip", (s, n, c) -> {
                if (c.string(n) == null) {
                    return;
                }
                InetAddress a = c.address(n.arg(0), "mcast_dst_ip");
                if (a == null) {
                    return;
                }
                AddressFamily f = AddressFamily.of(a);
                if (!a.isMulticastAddress() || (f == AddressFamily.INET6 && !a.isMCLinkLocal())) {
                    c.error(n.arg(0), "mcast_dst_ip " + n.arg(0).text() + " is not "
                            + (f == AddressFamily.INET6 ? "a link-local multicast address (ff02::/16)"
                            : "a multicast address"));
                    return;
                }
                s.mcastDst = a;
            })
            .inactive("track_src_ip", LINE, (s, n, c) -> s.trackSrcIp = c.arity(n, 0, 0) || s.trackSrcIp)
            .line("version", (s, n, c) -> {
                Integer v = c.intArg(n, 2, 3);
                if (v != null) {
                    s.version = v;
                }
            })
            .line("check_unicast_src", (s, n, c) -> {
                s.unicastKeyword = true;
                s.checkUnicastSrc = c.arity(n, 0, 0) || s.checkUnicastSrc;
            })
            .block("unicast_peer", VrrpParser::unicastPeers)
            .inactive("unicast_fault_no_peer", LINE, (s, n, c) -> {
                s.unicastKeyword = true;
                s.faultNoPeer = c.arity(n, 0, 0) || s.faultNoPeer;
            })
            .inactive("unicast_ttl", LINE, (s, n, c) -> {
                Integer v = c.intArg(n, 0, 255);
                if (v != null) {
                    s.unicastTtl = v;
                }
            })
            .inactive("old_unicast_checksum", LINE, (s, n, c) -> {
                s.unicastKeyword = true;
                if (c.arity(n, 0, 1)) {
                    s.oldChecksum = true;
                    if (n.argCount() == 1) {
                        if (n.arg(0).is("never")) {
                            s.oldChecksum = false;
                            s.oldChecksumNever = true;
                        } else {
                            c.error(n.arg(0), "'old_unicast_checksum' takes only 'never'");
                        }
                    }
                }
            })
            .line("garp_master_delay", (s, n, c) -> s.garpDelay = or(c.wholeSecondsArg(n, 0, 86_400), s.garpDelay))
            .line("garp_master_repeat", (s, n, c) -> s.garpRepeat = or(repeat(n, c), s.garpRepeat))
            .line("garp_lower_prio_delay", (s, n, c) -> s.garpLowerDelay = or(c.wholeSecondsArg(n, 0, 86_400),
                    s.garpLowerDelay))
            .line("garp_lower_prio_repeat", (s, n, c) -> s.garpLowerRepeat = or(c.intArg(n, 0, Integer.MAX_VALUE),
                    s.garpLowerRepeat))
            .line("garp_master_refresh", (s, n, c) -> s.garpRefresh = or(c.wholeSecondsArg(n, 0, 86_400),
                    s.garpRefresh))
            .line("garp_master_refresh_repeat", (s, n, c) -> s.garpRefreshRepeat = or(repeat(n, c),
                    s.garpRefreshRepeat))
            .inactive("garp_extra_if", LINE, (s, n, c) -> s.garpExtraIf = or(c.garpExtraIf(n), s.garpExtraIf))
            .deprecated("vmac_garp_intvl", "garp_extra_if", LINE, (s, n, c) -> s.garpExtraIf = or(
                    c.garpExtraIf(n), s.garpExtraIf))
            .line("down_timer_adverts", (s, n, c) -> s.downTimerAdverts = or(c.intArg(n, 1, 100),
                    s.downTimerAdverts))
            .line("lower_prio_no_advert", (s, n, c) -> s.lowerPrioNoAdvert = or(c.bool(n), s.lowerPrioNoAdvert))
            .line("higher_prio_send_advert", (s, n, c) -> s.higherPrioSendAdvert = or(c.bool(n),
                    s.higherPrioSendAdvert))
            .line("virtual_router_id", (s, n, c) -> {
                Integer v = c.intArg(n, 1, 255);
                if (v != null) {
                    s.vrid = v;
                }
            })
            .line("priority", (s, n, c) -> {
                Integer v = c.intArg(n, 1, 255);
                if (v != null) {
                    s.priority = v;
                }
            })
            .line("advert_int", (s, n, c) -> {
                Long v = c.secondsArg(n, SECOND / 100, 255 * SECOND);
                if (v != null) {
                    s.advert = v;
                }
            })
            .block("authentication", VrrpParser::authentication)
            .block("virtual_ipaddress", (s, n, c) -> addresses(s, n, c, s.vips, true))
            .block("virtual_ipaddress_excluded", (s, n, c) -> addresses(s, n, c, s.evips, false))
            .line("promote_secondaries", (s, n, c) -> s.promoteSecondaries = c.arity(n, 0, 0)
                    || s.promoteSecondaries)
            .inactive("virtual_routes", BLOCK, (s, n, c) -> ParseContext.eachLine(n, r -> IpLines.route(r, c, false),
                    s.vroutes))
            .inactive("virtual_rules", BLOCK, (s, n, c) -> ParseContext.eachLine(n, r -> IpLines.rule(r, c, false),
                    s.vrules))
            .line("accept", (s, n, c) -> s.accept = c.arity(n, 0, 0) || Boolean.TRUE.equals(s.accept))
            .line("no_accept", (s, n, c) -> {
                if (c.arity(n, 0, 0)) {
                    s.accept = false;
                }
            })
            .inactive("skip_check_adv_addr", LINE, (s, n, c) -> s.skipCheckAdvAddr = or(c.bool(n),
                    s.skipCheckAdvAddr))
            .line("strict_mode", (s, n, c) -> s.strict = or(c.bool(n), s.strict))
            .line("preempt", (s, n, c) -> s.nopreempt = !c.arity(n, 0, 0) && s.nopreempt)
            .line("nopreempt", (s, n, c) -> {
                if (c.arity(n, 0, 0)) {
                    s.nopreempt = true;
                    s.nopreemptAt = n.location();
                }
            })
            .line("preempt_delay", (s, n, c) -> {
                Long v = c.secondsArg(n, 0, 1000 * SECOND);
                if (v != null) {
                    s.preemptDelay = v;
                    s.preemptDelayAt = n.location();
                }
            })
            .inactive("debug", LINE, (s, n, c) -> s.debug = or(c.intArg(n, 0, 4), s.debug))
            .line("notify_master", (s, n, c) -> s.notifyMaster = notifyOnce(s.notifyMaster, n, c))
            .line("notify_backup", (s, n, c) -> s.notifyBackup = notifyOnce(s.notifyBackup, n, c))
            .line("notify_fault", (s, n, c) -> s.notifyFault = notifyOnce(s.notifyFault, n, c))
            .line("notify_stop", (s, n, c) -> s.notifyStop = notifyOnce(s.notifyStop, n, c))
            .line("notify", (s, n, c) -> s.notify = notifyOnce(s.notify, n, c))
            .line("notify_master_rx_lower_pri", (s, n, c) -> s.notifyRxLower = notifyOnce(s.notifyRxLower, n, c))
            .inactive("notify_deleted", LINE, (s, n, c) -> {
                s.sendDeleted = true;
                if (n.argCount() > 0) {
                    s.notifyDeleted = notifyOnce(s.notifyDeleted, n, c);
                }
            })
            .inactive("notify_priority_changes", LINE, (s, n, c) -> s.notifyPriorityChanges = or(c.bool(n),
                    s.notifyPriorityChanges))
            .inactive("smtp_alert", LINE, (s, n, c) -> {
                Boolean b = c.bool(n);
                s.smtpAlert = b != null ? b : s.smtpAlert;
            })
            .inactive("kernel_rx_buf_size", LINE, (s, n, c) -> s.kernelRxBufSize = or(c.intArg(n, 0,
                    Integer.MAX_VALUE), s.kernelRxBufSize))
            .deprecated("linkbeat_use_polling", "linkbeat_interfaces", LINE, (s, n, c) -> s.linkbeat =
                    c.arity(n, 0, 0) || s.linkbeat)
            .deprecated("lvs_sync_daemon_interface", "lvs_sync_daemon in global_defs", LINE, (s, n, c) ->
                    s.lvsSyncdIf = GlobalParser.interfaceName(n, c))
            .line("v3_checksum_as_v2", (s, n, c) -> s.checksumAsV2 = c.arity(n, 0, 0) || s.checksumAsV2)
            // vigil's own: the peer director's MACs for the fwmark rule manager (learned from adverts otherwise)
            .line("vigil_peer_mac", (s, n, c) -> s.peerMacs = or(c.peerMacs(n), s.peerMacs));

    private static <T> T or(T value, T previous) {
        return value != null ? value : previous;
    }

    /** Whole seconds, where keepalived turns 0 into 1 (with a warning): as nanoseconds, or {@code null}. */
    private static Long atLeastOneSecond(Node n, ParseContext c) {
        Long v = c.longArg(n, 0, Integer.MAX_VALUE);
        if (v != null && v == 0) {
            c.warning(n, "'" + n.name() + "' must be at least 1 second: using 1");
            v = 1L;
        }
        return v == null ? null : v * SECOND;
    }

    private static Integer repeat(Node n, ParseContext c) {
        Integer v = c.intArg(n, 0, Integer.MAX_VALUE);
        if (v != null && v == 0) {
            c.warning(n, "'" + n.name() + "' must be at least 1: using 1");
            return 1;
        }
        return v;
    }

    private static void useVmac(Instance s, Node n, ParseContext c) {
        s.useVmac = true;
        if (!c.arity(n, 0, 2)) {
            return;
        }
        for (Token t : n.args()) {
            String v = t.text();
            if (v.matches("([0-9a-fA-F]{1,2}[:-]){4,5}[0-9a-fA-F]{1,2}")) {
                String[] parts = v.split("[:-]");
                try {
                    MacAddress.parse(parts.length == 5 ? v + ":00" : v);
                    if (parts.length == 5) {
                        s.vmacFiveOctets = v;
                        s.vmacMac = null;
                    } else {
                        s.vmacMac = MacAddress.parse(v);
                        s.vmacFiveOctets = null;
                    }
                } catch (IllegalArgumentException e) {
                    c.error(t, "use_vmac: '" + v + "' is not a MAC address");
                }
            } else if (v.length() > 15) {
                c.error(t, "use_vmac: interface name '" + v + "' is longer than 15 characters");
            } else {
                s.vmacName = v;
            }
        }
    }

    private static void sourceIp(Instance s, Node n, ParseContext c) {
        if (c.string(n) == null) {
            return;
        }
        InetAddress a = c.address(n.arg(0), "'" + n.name() + "'");
        if (a == null) {
            return;
        }
        AddressFamily f = AddressFamily.of(a);
        if (s.family != null && s.family != f) {
            c.error(n.arg(0), n.name() + " " + n.arg(0).text() + " is not of the instance's family ("
                    + s.family.displayName() + ")");
            return;
        }
        s.family = f;
        s.srcIp = a;
    }

    private static void unicastPeers(Instance s, Node n, ParseContext c) {
        s.unicastKeyword = true;
        for (Node p : n.children()) {
            if (p.hasBlock()) {
                c.error(p, "a unicast_peer line takes no block");
                continue;
            }
            InetAddress a = c.address(p.keyword(), "unicast_peer");
            if (a == null) {
                continue;
            }
            int min = 0;
            int max = 255;
            boolean ttl = false;
            boolean ok = true;
            for (int i = 0; i < p.argCount(); i += 2) {
                Token k = p.arg(i);
                Token v = p.arg(i + 1);
                if (!(k.is("min_ttl") || k.is("max_ttl"))) {
                    c.error(k, "unknown option '" + k.text() + "' for unicast peer " + p.name()
                            + (IpLines.looksLikeAddress(k.text()) ? ": put one peer per line" : " (min_ttl, max_ttl)"));
                    ok = false;
                    break;
                }
                if (v == null) {
                    c.error(k, "'" + k.text() + "' needs a value 0-255");
                    ok = false;
                    break;
                }
                Long t = c.integer(v, k.text(), 0, 255);
                if (t == null) {
                    ok = false;
                    break;
                }
                ttl = true;
                if (k.is("min_ttl")) {
                    min = t.intValue();
                } else {
                    max = t.intValue();
                }
            }
            if (!ok) {
                continue;
            }
            AddressFamily f = AddressFamily.of(a);
            if (s.family != null && s.family != f) {
                c.error(p, "unicast peer " + p.name() + " is not of the instance's family ("
                        + s.family.displayName() + ")");
                continue;
            }
            if (s.peers.contains(a)) {
                c.warning(p, "unicast peer " + p.name() + " is listed twice");
                continue;
            }
            s.peers.add(a);
            if (ttl) {
                s.peerTtls.add(new UnicastSettings.PeerTtl(a, min, max));
                s.checkUnicastSrc = true;
            }
        }
    }

    private static void authentication(Instance s, Node n, ParseContext c) {
        s.authAt = n.location();
        for (Node a : n.children()) {
            if (a.hasBlock()) {
                c.error(a, "'" + a.name() + "' takes no block");
                continue;
            }
            switch (a.name()) {
                case "auth_type" -> {
                    String v = c.string(a);
                    if ("PASS".equals(v) || "AH".equals(v)) {
                        s.authType = v;
                    } else if (v != null) {
                        c.error(a.arg(0), "unknown auth_type '" + v + "': PASS or AH");
                    }
                }
                case "auth_pass" -> {
                    String v = c.string(a);
                    if (v != null) {
                        if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 8) {
                            c.warning(a.arg(0), "auth_pass is longer than 8 characters: only the first 8 are used");
                        }
                        s.authPass = v;
                    }
                }
                default -> {
                    String hint = ParseContext.suggest(a.name(), List.of("auth_type", "auth_pass"));
                    c.warning(a, "unknown keyword '" + a.name() + "' in authentication"
                            + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                }
            }
        }
    }

    private static void addresses(Instance s, Node n, ParseContext c, List<VirtualAddress> out, boolean vips) {
        for (Node line : n.children()) {
            VirtualAddress a = IpLines.address(line, c, false);
            if (a == null) {
                continue;
            }
            if (vips) {
                AddressFamily f = a.prefix().family();
                if (s.family == null && out.isEmpty()) {
                    s.family = f;
                } else if (s.family != null && s.family != f) {
                    c.error(line, "virtual address " + line.name() + " is " + f.displayName() + " but the instance is "
                            + s.family.displayName() + ": all virtual_ipaddress entries must be of one family;"
                            + " put it in virtual_ipaddress_excluded");
                    continue;
                }
            }
            out.add(a);
        }
    }

    private static ScriptCommand notifyOnce(ScriptCommand previous, Node n, ParseContext c) {
        if (previous != null) {
            c.warning(n, "'" + n.name() + "' was already given at line " + previous.location().line()
                    + ": this one is ignored");
            return previous;
        }
        return c.script(n, true);
    }

    // ------------------------------------------------------------------------------------------------ tracking

    /** {@code track_interface}: {@code IF [weight W [reverse|noreverse]]}. */
    static void trackInterfaces(Node n, ParseContext c, List<TrackedInterface> out) {
        for (Node t : n.children()) {
            if (t.hasBlock()) {
                c.error(t, "a track_interface line takes no block");
                continue;
            }
            if (t.name().length() > 15) {
                c.error(t, "interface name '" + t.name() + "' is longer than 15 characters");
                continue;
            }
            Weight w = weight(t, c, -253, 253, false);
            if (w != null) {
                out.add(new TrackedInterface(t.name(), w.weight == null ? 0 : w.weight, w.reverse, t.location()));
            }
        }
    }

    /** {@code track_script}: {@code NAME [weight W [reverse|no_reverse|noreverse]]}. */
    static void trackScripts(Node n, ParseContext c, List<TrackedScript> out) {
        for (Node t : n.children()) {
            if (t.hasBlock()) {
                c.error(t, "a track_script line takes no block");
                continue;
            }
            Weight w = weight(t, c, -253, 253, true);
            if (w != null) {
                out.add(new TrackedScript(t.name(), w.weight, w.reverse, t.location()));
            }
        }
    }

    /** {@code track_file}, {@code track_process}, {@code track_bfd} entries. */
    static void trackObjects(Node n, ParseContext c, List<TrackedObject> out, int min, int max) {
        for (Node t : n.children()) {
            if (t.hasBlock()) {
                c.error(t, "a " + n.name() + " line takes no block");
                continue;
            }
            Weight w = weight(t, c, min, max, true);
            if (w != null) {
                out.add(new TrackedObject(t.name(), w.weight, w.reverse, t.location()));
            }
        }
    }

    private record Weight(Integer weight, boolean reverse) {
    }

    private static Weight weight(Node t, ParseContext c, int min, int max, boolean reverseWithoutWeight) {
        Integer weight = null;
        boolean reverse = false;
        int i = 0;
        while (i < t.argCount()) {
            Token k = t.arg(i);
            if (k.is("weight")) {
                Token v = t.arg(i + 1);
                if (v == null) {
                    c.error(k, "'weight' needs a value in [" + min + ", " + max + "]");
                    return null;
                }
                Long w = c.integer(v, "weight of " + t.name(), min, max);
                if (w == null) {
                    return null;
                }
                weight = w.intValue();
                i += 2;
            } else if (k.is("reverse")) {
                reverse = true;
                i++;
            } else if (k.is("noreverse") || k.is("no_reverse")) {
                reverse = false;
                i++;
            } else {
                c.error(k, "unknown option '" + k.text() + "' for " + t.name() + ": weight W [reverse]"
                        + (t.argCount() == 1 && !k.text().isEmpty() ? " (one name per line)" : ""));
                return null;
            }
        }
        if (reverse && weight == null && !reverseWithoutWeight) {
            weight = 0;
        }
        return new Weight(weight, reverse);
    }

    // --------------------------------------------------------------------------------------- completing instances

    /**
     * Completes an instance with the global defaults and keepalived's rules; returns {@code null} when it cannot be
     * built (the errors are reported).
     */
    static VrrpInstanceConfig complete(Instance s, GlobalParser.State g, ParseContext c) {
        String where = "vrrp_instance " + s.name;
        boolean ok = true;
        if (s.vrid == null) {
            c.diags.error(s.location, where + " has no virtual_router_id: add 'virtual_router_id N' (1-255)");
            ok = false;
        }
        boolean unicast = !s.peers.isEmpty();
        if (s.iface == null && !(unicast && s.srcIp != null)) {
            c.diags.error(s.location, where + " has no interface: add 'interface NAME'"
                    + (unicast ? " (or unicast_src_ip, for unicast without an interface)" : ""));
            ok = false;
        }
        if (!ok) {
            return null;
        }
        boolean strict = s.strict != null ? s.strict : g.vrrpStrict;
        AddressFamily family = s.family != null ? s.family : AddressFamily.INET;
        int version;
        if (family == AddressFamily.INET6) {
            if (s.version != null && s.version == 2) {
                c.diags.warning(s.location, where + ": VRRP version 2 cannot carry IPv6: using version 3");
            }
            version = 3;
        } else {
            version = s.version != null ? s.version : g.version;
        }
        if (s.vips.isEmpty()) {
            if (version == 3 || strict) {
                c.diags.error(s.location, where + " has no virtual_ipaddress: at least one is required with"
                        + (strict ? " strict mode" : " VRRP version 3"));
                return null;
            }
            c.diags.warning(s.location, where + " has no virtual_ipaddress: at least one is sensible");
        }
        int priority = s.priority != null ? s.priority : s.state == InitialState.MASTER ? 255 : 100;
        InitialState state = s.state;
        if (strict && state != null && (state == InitialState.MASTER) != (priority == 255)) {
            c.diags.warning(s.location, where + ": with strict mode, state MASTER must go with priority 255: using "
                    + (priority == 255 ? "MASTER" : "BACKUP"));
            state = priority == 255 ? InitialState.MASTER : InitialState.BACKUP;
        }
        Authentication auth = null;
        if (s.authType != null || s.authPass != null) {
            if (strict) {
                c.diags.warning(s.authAt, where + ": strict mode does not allow authentication: ignored");
            } else if (version == 3) {
                c.diags.warning(s.authAt, where + ": VRRP version 3 has no authentication: ignored");
            } else if (s.authPass == null) {
                c.diags.warning(s.authAt, where + ": authentication without auth_pass: ignored");
            } else {
                Authentication.Type type = "AH".equals(s.authType) ? Authentication.Type.AH
                        : Authentication.Type.PASS;
                if (type == Authentication.Type.AH && family == AddressFamily.INET6) {
                    c.diags.warning(s.authAt, where + ": AH authentication cannot be used with IPv6: ignored");
                } else {
                    String pass = s.authPass.length() > 8 ? s.authPass.substring(0, 8) : s.authPass;
                    auth = new Authentication(type, pass, s.authAt);
                    if (type == Authentication.Type.AH) {
                        c.diags.warningOnce("auth-ah", s.authAt, where + ": auth_type AH (IPsec AH, RFC 2338) is read"
                                + " but vigil does not send or accept it; use PASS, or no authentication"
                                + " (reported once)");
                        if (state == InitialState.MASTER && priority != 255) {
                            c.diags.warning(s.location, where + ": initial state MASTER does not go with AH"
                                    + " authentication: using BACKUP (as keepalived does)");
                            state = InitialState.BACKUP;
                        }
                    }
                }
            }
        }
        if (unicast && strict) {
            c.diags.error(s.location, where + ": strict mode does not allow unicast peers");
            return null;
        }
        if (s.unicastKeyword && !unicast && !s.faultNoPeer) {
            c.diags.warning(s.location, where + ": a unicast keyword is given without unicast_peer: the instance"
                    + " uses multicast (add peers, or unicast_fault_no_peer)");
        }
        if (family == AddressFamily.INET6 && !unicast && !s.vips.isEmpty()
                && !s.vips.get(0).prefix().address().isLinkLocalAddress()) {
            if (strict) {
                c.diags.error(s.vips.get(0).location(), where + ": with strict mode the first IPv6 virtual address"
                        + " must be link-local (fe80::/10)");
                return null;
            }
        }
        boolean preempt = !s.nopreempt;
        if (priority == 255 && !preempt) {
            c.diags.warning(s.nopreemptAt, where + ": nopreempt does not go with priority 255 (the address"
                    + " owner always preempts): ignored");
            preempt = true;
        }
        long preemptDelay = s.preemptDelay != null ? s.preemptDelay : 0;
        if (state == InitialState.MASTER) {
            if (!preempt) {
                c.diags.warning(s.nopreemptAt, where + ": nopreempt does not work with state MASTER: ignored;"
                        + " use state BACKUP on every node");
                preempt = true;
            }
            if (preemptDelay > 0) {
                c.diags.warning(s.preemptDelayAt, where + ": preempt_delay does not work with state MASTER:"
                        + " ignored");
                preemptDelay = 0;
            }
        }
        if (preemptDelay > 0 && strict) {
            c.diags.warning(s.preemptDelayAt, where + ": preempt_delay does not go with strict mode: ignored");
            preemptDelay = 0;
        }
        if (preemptDelay > 0 && !preempt) {
            c.diags.warning(s.preemptDelayAt, where + ": preempt_delay does not go with nopreempt: ignored");
            preemptDelay = 0;
        }
        int downTimerAdverts = s.downTimerAdverts != null ? s.downTimerAdverts : g.downTimerAdverts;
        if (strict && downTimerAdverts != 3) {
            c.diags.warning(s.location, where + ": strict mode requires down_timer_adverts 3: using 3");
            downTimerAdverts = 3;
        }
        boolean accept = s.accept != null ? s.accept : priority == 255 || !strict;
        if (accept && priority != 255 && strict && version == 2) {
            c.diags.warning(s.location, where + ": accept mode is not allowed for VRRP version 2 in strict mode:"
                    + " ignored");
            accept = false;
        }
        if (!accept) {
            // keepalived then drops the traffic addressed to the VIPs on the master (iptables/nftables rules)
            c.diags.warningOnce("no-accept", s.location, where + ": accept mode is off (no_accept, or strict mode"
                    + " without 'accept'); keepalived would drop traffic to the VIPs on the master, vigil does not"
                    + " filter it: the VIPs accept traffic as with 'accept' (reported once)");
        }
        GarpSettings gg = g.garp();
        long lowerDelay = s.garpLowerDelay != null ? s.garpLowerDelay : strict ? 0 : gg.lowerPriorityDelayNanos();
        int lowerRepeat = s.garpLowerRepeat != null ? s.garpLowerRepeat : strict ? 0 : gg.lowerPriorityRepeat();
        if (strict && (lowerDelay != 0 || lowerRepeat != 0)) {
            c.diags.warning(s.location, where + ": strict mode sends no repeated GARPs after a lower-priority"
                    + " advert: garp_lower_prio_* ignored");
            lowerDelay = 0;
            lowerRepeat = 0;
        }
        GarpSettings garp = new GarpSettings(s.garpDelay != null ? s.garpDelay : gg.masterDelayNanos(),
                s.garpRepeat != null ? s.garpRepeat : gg.masterRepeat(),
                s.garpRefresh != null ? s.garpRefresh : gg.masterRefreshNanos(),
                s.garpRefreshRepeat != null ? s.garpRefreshRepeat : gg.masterRefreshRepeat(),
                lowerDelay, lowerRepeat, gg.intervalNanos(), gg.naIntervalNanos());
        boolean lowerNoAdvert = s.lowerPrioNoAdvert != null ? s.lowerPrioNoAdvert : strict || g.lowerPrioNoAdvert;
        if (strict && !lowerNoAdvert) {
            c.diags.warning(s.location, where + ": strict mode requires lower_prio_no_advert: set");
            lowerNoAdvert = true;
        }
        boolean higherSend = s.higherPrioSendAdvert != null ? s.higherPrioSendAdvert
                : !strict && g.higherPrioSendAdvert;
        if (strict && higherSend) {
            c.diags.warning(s.location, where + ": strict mode does not allow higher_prio_send_advert: cleared");
            higherSend = false;
        }
        long advert = s.advert != null ? s.advert : VrrpInstanceConfig.DEFAULT_ADVERT_INTERVAL_NANOS;
        long unit = version == 2 ? SECOND : SECOND / 100;
        long cap = version == 2 ? 255 * SECOND : 4095 * (SECOND / 100);
        if (advert > cap) {
            c.diags.warning(s.location, where + ": advert_int " + ParseContext.fmtSeconds(advert)
                    + " is above the VRRPv" + version + " maximum: using " + ParseContext.fmtSeconds(cap));
            advert = cap;
        } else if (advert % unit != 0) {
            long rounded = Math.max(unit, (advert + unit / 2) / unit * unit);
            c.diags.warning(s.location, where + ": VRRPv" + version + " advert_int is in "
                    + (version == 2 ? "whole seconds" : "hundredths of a second") + ": "
                    + ParseContext.fmtSeconds(advert) + " becomes " + ParseContext.fmtSeconds(rounded));
            advert = rounded;
        }
        InetAddress mcast = s.mcastDst;
        if (mcast != null && unicast) {
            c.diags.warning(s.location, where + ": mcast_dst_ip is ignored with unicast peers");
            mcast = null;
        }
        if (mcast != null && AddressFamily.of(mcast) != family) {
            c.diags.error(s.location, where + ": mcast_dst_ip is not of the instance's family ("
                    + family.displayName() + ")");
            return null;
        }
        if (mcast == null && !unicast) {
            mcast = family == AddressFamily.INET ? g.mcast4 : g.mcast6;
        }
        VmacSettings vmac = null;
        if (s.useVmac) {
            MacAddress mac = s.vmacMac;
            if (s.vmacFiveOctets != null) {
                mac = MacAddress.parse(s.vmacFiveOctets + ":" + String.format("%02x", s.vrid));
            }
            if (mac != null && strict) {
                c.diags.warning(s.location, where + ": strict mode does not allow a chosen VMAC address: using the"
                        + " standard one");
                mac = null;
            }
            boolean xmitBase = s.vmacXmitBase;
            if (unicast && !xmitBase) {
                c.diags.warning(s.location, where + ": unicast with use_vmac needs vmac_xmit_base: set");
                xmitBase = true;
            }
            if (xmitBase && strict) {
                c.diags.warning(s.location, where + ": strict mode does not allow vmac_xmit_base: cleared");
                xmitBase = false;
            }
            vmac = new VmacSettings(s.vmacName, mac, xmitBase);
        } else if (s.vmacXmitBase) {
            c.diags.warning(s.location, where + ": vmac_xmit_base is only meaningful with use_vmac: ignored");
        }
        if (s.unicastTtl != null && !unicast) {
            c.diags.warning(s.location, where + ": unicast_ttl without unicast peers: ignored");
        }
        UnicastSettings uc = new UnicastSettings(s.unicastTtl != null && unicast ? s.unicastTtl : 255,
                s.checkUnicastSrc || g.checkUnicastSrc, s.faultNoPeer, s.peerTtls, s.oldChecksum,
                s.oldChecksumNever);
        InstanceOptions opts = new InstanceOptions(s.smtpAlert, s.notifyPriorityChanges != null
                ? s.notifyPriorityChanges : g.notifyPriorityChanges, s.promoteSecondaries, s.trackSrcIp,
                s.skipCheckAdvAddr != null ? s.skipCheckAdvAddr : g.skipCheckAdvAddr,
                s.garpExtraIf != null ? s.garpExtraIf.intervalNanos() : g.garpExtraIf,
                s.garpExtraIf != null ? s.garpExtraIf.all() : g.garpExtraIfAll, s.useVmacAddr, s.ipvlan, s.vrf,
                s.kernelRxBufSize, s.debug, s.linkbeat, s.lvsSyncdIf, s.peerMacs != null ? s.peerMacs : g.peerMacs);
        NotifyScripts notify = new NotifyScripts(s.notifyMaster, s.notifyBackup, s.notifyFault, s.notifyStop,
                s.notify, s.notifyRxLower, s.notifyDeleted, s.sendDeleted);
        return new VrrpInstanceConfig(s.name, s.iface != null ? s.iface : "", s.vrid, priority, state, version,
                family, advert, preempt, preemptDelay, accept, s.vips, s.evips, s.srcIp, s.peers, mcast, auth,
                s.trackIf, s.trackScript, garp, notify, vmac, s.checksumAsV2, lowerNoAdvert, higherSend,
                downTimerAdverts, s.dontTrackPrimary, s.location, strict, s.trackFile, s.trackProcess, s.trackBfd,
                s.vroutes, s.vrules, uc, opts);
    }

    // ---------------------------------------------------------------------------------------------- sync group

    static final class SyncGroup {
        String name;
        SourceLocation location;
        List<String> members;
        final List<TrackedInterface> trackIf = new ArrayList<>();
        final List<TrackedScript> trackScript = new ArrayList<>();
        final List<TrackedObject> trackFile = new ArrayList<>();
        final List<TrackedObject> trackProcess = new ArrayList<>();
        final List<TrackedObject> trackBfd = new ArrayList<>();
        ScriptCommand master;
        ScriptCommand backup;
        ScriptCommand fault;
        ScriptCommand stop;
        ScriptCommand notify;
        boolean smtpAlert;
        boolean trackingWeight;
        boolean notifyPriorityChanges;

        VrrpSyncGroupConfig build() {
            return new VrrpSyncGroupConfig(name, members == null ? List.of() : members,
                    new NotifyScripts(master, backup, fault, stop, notify, null), trackIf, trackScript, location,
                    trackFile, trackProcess, trackBfd, smtpAlert, trackingWeight, notifyPriorityChanges);
        }
    }

    static final KeywordTable<SyncGroup> SYNC_GROUP = new KeywordTable<SyncGroup>("vrrp_sync_group")
            .block("group", (s, n, c) -> {
                if (s.members != null) {
                    c.error(n, "the group list of sync group " + s.name + " is given twice");
                    return;
                }
                s.members = new ArrayList<>();
                for (Node m : n.children()) {
                    s.members.add(m.name());
                    for (Token extra : m.args()) {
                        s.members.add(extra.text());
                    }
                    if (m.hasBlock()) {
                        c.error(m, "a group member line takes no block");
                    }
                }
                if (s.members.isEmpty()) {
                    c.warning(n, "sync group " + s.name + " has an empty group block");
                }
            })
            .block("track_interface", (s, n, c) -> trackInterfaces(n, c, s.trackIf))
            .block("track_script", (s, n, c) -> trackScripts(n, c, s.trackScript))
            .inactive("track_file", BLOCK, (s, n, c) -> trackObjects(n, c, s.trackFile, -254, 254))
            .inactive("track_process", BLOCK, (s, n, c) -> trackObjects(n, c, s.trackProcess, -254, 254))
            .inactive("track_bfd", BLOCK, (s, n, c) -> trackObjects(n, c, s.trackBfd, -253, 253))
            .line("notify_master", (s, n, c) -> s.master = notifyOnce(s.master, n, c))
            .line("notify_backup", (s, n, c) -> s.backup = notifyOnce(s.backup, n, c))
            .line("notify_fault", (s, n, c) -> s.fault = notifyOnce(s.fault, n, c))
            .line("notify_stop", (s, n, c) -> s.stop = notifyOnce(s.stop, n, c))
            .line("notify", (s, n, c) -> s.notify = notifyOnce(s.notify, n, c))
            .inactive("smtp_alert", LINE, (s, n, c) -> {
                Boolean b = c.bool(n);
                s.smtpAlert = b != null ? b : s.smtpAlert;
            })
            .deprecated("global_tracking", "track_interface/track_script/track_file on the sync group", LINE,
                    (s, n, c) -> s.trackingWeight = true)
            .line("sync_group_tracking_weight", (s, n, c) -> s.trackingWeight = c.arity(n, 0, 0)
                    || s.trackingWeight)
            .inactive("notify_priority_changes", LINE, (s, n, c) -> {
                Boolean b = c.bool(n);
                s.notifyPriorityChanges = b != null ? b : s.notifyPriorityChanges;
            });

    // ------------------------------------------------------------------------------------------- weighted blocks

    /** The {@code weight W [reverse]} of vrrp_script, track_file, vrrp_track_process and bfd_instance. */
    abstract static class Weighted {
        int weight;
        boolean reverse;

        Weighted(int defaultWeight) {
            this.weight = defaultWeight;
        }
    }

    static <S extends Weighted> KeywordTable<S> weightKeyword(KeywordTable<S> t, long min, long max) {
        return t.line("weight", (s, n, c) -> {
            ParseContext.Weighted w = c.weightArg(n, t.blockName(), min, max);
            if (w != null) {
                s.weight = w.weight() != null ? w.weight() : s.weight;
                s.reverse = w.reverse() || s.reverse;
            }
        });
    }

    // -------------------------------------------------------------------------------------------------- script

    static final class Script extends Weighted {
        String name;
        SourceLocation location;
        ScriptCommand script;
        String user;
        String group;
        long interval = VrrpScriptConfig.DEFAULT_INTERVAL_NANOS;
        long timeout;
        int rise = 1;
        int fall = 1;
        boolean initFail;

        Script() {
            super(0);
        }

        VrrpScriptConfig build(ParseContext c) {
            if (script == null) {
                c.diags.error(location, "vrrp_script " + name + " has no 'script': add script \"/path/to/check\"");
                return null;
            }
            ScriptCommand cmd = user == null ? script
                    : new ScriptCommand(script.command(), user, group, script.location());
            return new VrrpScriptConfig(name, cmd, interval, timeout > 0 ? timeout : interval, weight, reverse, rise,
                    fall, initFail, location);
        }
    }

    static final KeywordTable<Script> SCRIPT = weightKeyword(new KeywordTable<Script>("vrrp_script"), -253, 253)
            .line("script", (s, n, c) -> {
                ScriptCommand sc = c.script(n, false);
                if (sc != null) {
                    s.script = sc;
                }
            })
            .line("interval", (s, n, c) -> s.interval = or(atLeastOneSecond(n, c), s.interval))
            .line("timeout", (s, n, c) -> s.timeout = or(atLeastOneSecond(n, c), s.timeout))
            .line("rise", (s, n, c) -> s.rise = or(c.intArg(n, 1, Integer.MAX_VALUE), s.rise))
            .line("fall", (s, n, c) -> s.fall = or(c.intArg(n, 1, Integer.MAX_VALUE), s.fall))
            .line("user", (s, n, c) -> {
                if (c.arity(n, 1, 2)) {
                    s.user = n.arg(0).text();
                    s.group = n.argCount() > 1 ? n.arg(1).text() : null;
                }
            })
            .line("init_fail", (s, n, c) -> s.initFail = c.arity(n, 0, 0) || s.initFail);

    // -------------------------------------------------------------------------------------------- track_file

    static final class TrackFile extends Weighted {
        String name;
        SourceLocation location;
        String file;
        Long init;
        boolean overwrite;

        TrackFile() {
            super(1);
        }

        TrackFileConfig build(ParseContext c) {
            if (file == null) {
                c.diags.error(location, "track_file " + name + " has no 'file': add file \"/path\"");
                return null;
            }
            return new TrackFileConfig(name, file, weight, reverse, init, overwrite, location);
        }
    }

    static final KeywordTable<TrackFile> TRACK_FILE = weightKeyword(new KeywordTable<TrackFile>("track_file"),
            -2147483647L, 2147483647L)
            .line("file", (s, n, c) -> {
                String f = c.string(n);
                if (f != null) {
                    if (s.file != null) {
                        c.warning(n, "the file of track_file " + s.name + " is given twice: the last one is used");
                    }
                    s.file = f;
                }
            })
            .line("init_file", (s, n, c) -> {
                if (!c.arity(n, 0, 2)) {
                    return;
                }
                s.init = 0L;
                for (Token t : n.args()) {
                    if (t.is("overwrite")) {
                        s.overwrite = true;
                    } else {
                        Long v = c.integer(t, "init_file value", Integer.MIN_VALUE, Integer.MAX_VALUE);
                        if (v != null) {
                            s.init = v;
                        }
                    }
                }
            });

    // ------------------------------------------------------------------------------------------ track_process

    static final class TrackProcess extends Weighted {
        String name;
        SourceLocation location;
        String process;
        List<String> params = new ArrayList<>();
        TrackProcessConfig.ParamMatch match = TrackProcessConfig.ParamMatch.EXACT;
        int quorum = 1;
        Integer quorumMax;
        long forkDelay;
        long terminateDelay;
        boolean full;

        /** keepalived's default weight is 0, so that losing the quorum faults the instances tracking it. */
        TrackProcess() {
            super(0);
        }

        TrackProcessConfig build(ParseContext c) {
            if (process == null) {
                c.diags.error(location, "vrrp_track_process " + name + " has no 'process': add process NAME");
                return null;
            }
            if (quorumMax != null && quorumMax < quorum) {
                c.diags.error(location, "vrrp_track_process " + name + ": quorum_max " + quorumMax
                        + " is below quorum " + quorum);
                return null;
            }
            return new TrackProcessConfig(name, process, params, match, weight, reverse, quorum, quorumMax,
                    forkDelay, terminateDelay, full, location);
        }
    }

    static final KeywordTable<TrackProcess> TRACK_PROCESS = weightKeyword(
            new KeywordTable<TrackProcess>("vrrp_track_process"), -254, 254)
            .line("process", (s, n, c) -> {
                if (!c.arity(n, 1, Integer.MAX_VALUE)) {
                    return;
                }
                if (s.process != null) {
                    c.warning(n, "the process of " + s.name + " is already given: this one is ignored");
                    return;
                }
                s.process = n.arg(0).text();
                for (int i = 1; i < n.argCount(); i++) {
                    s.params.add(n.arg(i).text());
                }
            })
            .line("param_match", (s, n, c) -> {
                String v = c.string(n);
                if ("initial".equals(v)) {
                    s.match = TrackProcessConfig.ParamMatch.INITIAL;
                } else if ("partial".equals(v)) {
                    s.match = TrackProcessConfig.ParamMatch.PARTIAL;
                } else if (v != null) {
                    c.error(n.arg(0), "param_match is 'initial' or 'partial', not '" + v + "'");
                }
            })
            .line("quorum", (s, n, c) -> s.quorum = or(c.intArg(n, 0, Integer.MAX_VALUE), s.quorum))
            .line("quorum_max", (s, n, c) -> s.quorumMax = or(c.intArg(n, 0, Integer.MAX_VALUE), s.quorumMax))
            .line("delay", (s, n, c) -> {
                Long v = c.secondsArg(n, 0, 3600 * SECOND);
                if (v != null) {
                    s.forkDelay = v;
                    s.terminateDelay = v;
                }
            })
            .line("fork_delay", (s, n, c) -> s.forkDelay = or(c.secondsArg(n, 0, 3600 * SECOND), s.forkDelay))
            .line("terminate_delay", (s, n, c) -> s.terminateDelay = or(c.secondsArg(n, 0, 3600 * SECOND),
                    s.terminateDelay))
            .line("full_command", (s, n, c) -> s.full = c.arity(n, 0, 0) || s.full);

    // ------------------------------------------------------------------------------------------- bfd_instance

    static final class Bfd extends Weighted {
        String name;
        SourceLocation location;
        InetAddress neighbor;
        InetAddress source;
        long minRx = 10_000_000L;
        long minTx = 10_000_000L;
        long idleTx = 1_000_000_000L;
        int multiplier = 5;
        boolean passive;
        Integer ttl;
        int maxHops;
        boolean vrrp;
        boolean checker;

        Bfd() {
            super(0);
        }

        BfdInstanceConfig build(ParseContext c) {
            if (neighbor == null) {
                c.diags.error(location, "bfd_instance " + name + " has no neighbor_ip");
                return null;
            }
            int t = ttl != null ? ttl : AddressFamily.of(neighbor) == AddressFamily.INET ? 255 : 64;
            return new BfdInstanceConfig(name, neighbor, source, minRx, minTx, idleTx, multiplier, passive, t, maxHops,
                    weight, reverse, vrrp, checker, location);
        }
    }

    private static Long millis(Node n, ParseContext c) {
        if (!c.arity(n, 1, 1)) {
            return null;
        }
        Long v = c.seconds(n.arg(0), "'" + n.name() + "' (milliseconds)", 1000, 3_600_000_000_000L);
        return v == null ? null : v / 1000;
    }

    static final KeywordTable<Bfd> BFD = weightKeyword(new KeywordTable<Bfd>("bfd_instance"), -253, 253)
            .line("neighbor_ip", (s, n, c) -> s.neighbor = c.string(n) == null ? s.neighbor
                    : c.address(n.arg(0), "neighbor_ip"))
            .line("neighbour_ip", (s, n, c) -> s.neighbor = c.string(n) == null ? s.neighbor
                    : c.address(n.arg(0), "neighbour_ip"))
            .line("source_ip", (s, n, c) -> s.source = c.string(n) == null ? s.source
                    : c.address(n.arg(0), "source_ip"))
            .line("min_rx", (s, n, c) -> s.minRx = or(millis(n, c), s.minRx))
            .line("min_tx", (s, n, c) -> s.minTx = or(millis(n, c), s.minTx))
            .line("idle_tx", (s, n, c) -> s.idleTx = or(millis(n, c), s.idleTx))
            .line("multiplier", (s, n, c) -> s.multiplier = or(c.intArg(n, 1, 255), s.multiplier))
            .line("passive", (s, n, c) -> s.passive = c.arity(n, 0, 0) || s.passive)
            .line("ttl", (s, n, c) -> s.ttl = or(c.intArg(n, 1, 255), s.ttl))
            .line("hoplimit", (s, n, c) -> s.ttl = or(c.intArg(n, 1, 255), s.ttl))
            .line("max_hops", (s, n, c) -> s.maxHops = or(c.intArg(n, 0, 255), s.maxHops))
            .line("vrrp", (s, n, c) -> s.vrrp = c.arity(n, 0, 0) || s.vrrp)
            .line("checker", (s, n, c) -> s.checker = c.arity(n, 0, 0) || s.checker);

    // --------------------------------------------------------------------------------------- small blocks

    static TrackGroupConfig trackGroup(Node n, ParseContext c) {
        List<String> members = null;
        for (Node g : n.children()) {
            if (g.name().equals("group") && g.hasBlock()) {
                if (members != null) {
                    c.error(g, "the group list of track_group " + n.arg(0).text() + " is given twice");
                    continue;
                }
                members = new ArrayList<>();
                for (Node m : g.children()) {
                    members.add(m.name());
                }
            } else {
                c.warning(g, "unknown keyword '" + g.name() + "' in track_group: only 'group { ... }'");
            }
        }
        if (members == null || members.isEmpty()) {
            c.warning(n, "track_group " + n.arg(0).text() + " has no instances");
        }
        return new TrackGroupConfig(n.arg(0).text(), members == null ? List.of() : members, n.location());
    }

    static GarpGroupConfig garpGroup(Node n, ParseContext c) {
        Long garp = null;
        Long gna = null;
        List<String> ifaces = new ArrayList<>();
        boolean aggregated = false;
        for (Node k : n.children()) {
            switch (k.name()) {
                case "garp_interval" -> {
                    if (!k.hasBlock()) {
                        garp = or(c.secondsArg(k, 0, Integer.MAX_VALUE * 1000L), garp);
                    }
                }
                case "gna_interval" -> {
                    if (!k.hasBlock()) {
                        gna = or(c.secondsArg(k, 0, Integer.MAX_VALUE * 1000L), gna);
                    }
                }
                case "interface" -> {
                    String i = GlobalParser.interfaceName(k, c);
                    if (i != null) {
                        ifaces.add(i);
                    }
                }
                case "interfaces" -> {
                    if (!k.hasBlock()) {
                        c.error(k, "'interfaces' needs a block: interfaces { IF ... }");
                        continue;
                    }
                    aggregated = true;
                    for (Node i : k.children()) {
                        ifaces.add(i.name());
                    }
                }
                default -> c.warning(k, "unknown keyword '" + k.name() + "' in garp_group");
            }
        }
        if (garp == null && gna == null) {
            c.warning(n, "garp_group has neither garp_interval nor gna_interval: it does nothing");
        }
        return new GarpGroupConfig(garp, gna, ifaces, aggregated, n.location());
    }

    static List<InterfaceSetting> linkbeat(Node n, ParseContext c) {
        List<InterfaceSetting> out = new ArrayList<>();
        for (Node i : n.children()) {
            String type = null;
            if (i.argCount() > 0) {
                type = i.arg(0).text();
                if (!type.equals("MII") && !type.equals("ETHTOOL") && !type.equals("IOCTL")) {
                    c.error(i.arg(0), "linkbeat polling type is MII, ETHTOOL or IOCTL, not '" + type + "'");
                    continue;
                }
            }
            out.add(new InterfaceSetting(i.name(), type, 0, 0, i.location()));
        }
        return out;
    }

    static List<InterfaceSetting> upDownDelays(Node n, ParseContext c) {
        List<InterfaceSetting> out = new ArrayList<>();
        for (Node i : n.children()) {
            if (i.argCount() < 1) {
                c.error(i, "no delays given for " + i.name() + ": IF DOWN_DELAY [UP_DELAY]");
                continue;
            }
            if (i.argCount() > 2) {
                c.warning(i.arg(2), "too many delays for " + i.name() + ": IF DOWN_DELAY [UP_DELAY]");
            }
            Long down = c.seconds(i.arg(0), "down delay of " + i.name(), 0, 255 * SECOND);
            Long up = i.argCount() > 1 ? c.seconds(i.arg(1), "up delay of " + i.name(), 0, 255 * SECOND) : down;
            if (down != null && up != null) {
                out.add(new InterfaceSetting(i.name(), null, down, up, i.location()));
            }
        }
        return out;
    }
}
