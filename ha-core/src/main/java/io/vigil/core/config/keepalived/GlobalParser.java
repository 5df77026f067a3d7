package io.vigil.core.config.keepalived;

import static io.vigil.core.config.keepalived.KeywordTable.Shape.LINE;
import static io.vigil.core.config.keepalived.ParseContext.SECOND;

import io.vigil.core.config.EmailSettings;
import io.vigil.core.config.GarpSettings;
import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.LvsSettings;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.Setting;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.VrrpDefaults;
import io.vigil.core.config.lvs.LoopGuard;
import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.MacAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code global_defs} and the top-level process keywords (keepalived.conf(5), GLOBAL CONFIGURATION). Every keyword
 * of the man page is read; those that tune keepalived's own processes, SNMP, D-Bus, netlink buffers or firewall
 * back-ends are checked and kept as {@link Setting}s, and reported once as not acted on.
 */
final class GlobalParser {

    private GlobalParser() {
    }

    /** What global_defs says, with "not set" kept apart from defaults where keepalived does. */
    static final class State implements KeywordTable.Keeper {
        SourceLocation location = SourceLocation.NONE;
        String routerId;
        ScriptCommand notifyFifo;
        ScriptCommand notifyFifoScript;
        ScriptCommand vrrpNotifyFifo;
        ScriptCommand vrrpNotifyFifoScript;
        ScriptCommand lvsNotifyFifo;
        ScriptCommand lvsNotifyFifoScript;
        boolean fifoWriteStates;
        String scriptUser;
        String scriptGroup;
        boolean scriptSecurity;
        boolean vrrpStrict;
        final List<String> emails = new ArrayList<>();
        String emailFrom;
        String smtpServer;
        int smtpPort = 25;
        String heloName;
        long smtpTimeout = 30 * SECOND;
        Boolean smtpAlert;
        Boolean smtpAlertVrrp;
        Boolean smtpAlertChecker;
        boolean noEmailFaults;
        InetAddress mcast4;
        InetAddress mcast6;
        Long garpDelay;
        Integer garpRepeat;
        Long garpRefresh;
        Integer garpRefreshRepeat;
        Long garpLowerDelay;
        Integer garpLowerRepeat;
        long garpInterval;
        long gnaInterval;
        boolean minGarp;
        int version = 2;
        boolean lowerPrioNoAdvert;
        boolean higherPrioSendAdvert;
        int downTimerAdverts = 3;
        boolean checkUnicastSrc;
        boolean skipCheckAdvAddr;
        long garpExtraIf;
        boolean garpExtraIfAll;
        boolean notifyPriorityChanges;
        long startupDelay;
        String defaultInterface;
        boolean dynamicInterfaces;
        boolean allowIfChanges;
        boolean logUnknownVrids;
        String vmacPrefix;
        String vmacAddrPrefix;
        LvsSettings.SyncDaemon syncDaemon;
        Integer tcpTimeout;
        Integer tcpFinTimeout;
        Integer udpTimeout;
        boolean lvsFlush;
        boolean lvsFlushOnStop;
        boolean lvsFlushOnStopVs;
        boolean rsInitNotifies;
        boolean noCheckerEmails;
        boolean checkerLogAllFailures;
        ScriptCommand startupScript;
        long startupScriptTimeout = GlobalDefs.DEFAULT_SCRIPT_TIMEOUT_NANOS;
        ScriptCommand shutdownScript;
        long shutdownScriptTimeout = GlobalDefs.DEFAULT_SCRIPT_TIMEOUT_NANOS;
        String netNamespace;
        String netNamespaceIpvs;
        String instanceName;
        List<MacAddress> peerMacs = List.of();
        LoopGuard loopGuard;
        VigilSettings.Datapath datapath;
        long repairInterval = VigilSettings.DEFAULT_REPAIR_INTERVAL_NANOS;
        long preemptAfterSync;
        long preemptAfterSyncMax;
        SourceLocation vigilLocation = SourceLocation.NONE;
        final List<Setting> settings = new ArrayList<>();

        @Override
        public List<Setting> settings() {
            return settings;
        }

        /** The global GARP defaults, as keepalived completes them (lower-priority values default to the master's). */
        GarpSettings garp() {
            long delay = garpDelay != null ? garpDelay : minGarp ? 0 : 5 * SECOND;
            int repeat = garpRepeat != null ? garpRepeat : minGarp ? 1 : 5;
            long refresh = garpRefresh != null ? garpRefresh : 0;
            int refreshRepeat = garpRefreshRepeat != null ? garpRefreshRepeat : 1;
            long lowerDelay = garpLowerDelay != null ? garpLowerDelay : delay;
            int lowerRepeat = garpLowerRepeat != null ? garpLowerRepeat : repeat;
            return new GarpSettings(delay, repeat, refresh, refreshRepeat, lowerDelay, lowerRepeat, garpInterval,
                    gnaInterval);
        }

        VrrpDefaults vrrpDefaults() {
            return new VrrpDefaults(mcast4, mcast6, garp(), version, lowerPrioNoAdvert, higherPrioSendAdvert,
                    downTimerAdverts, checkUnicastSrc, skipCheckAdvAddr, garpExtraIf, garpExtraIfAll,
                    notifyPriorityChanges, startupDelay, defaultInterface, dynamicInterfaces, allowIfChanges,
                    logUnknownVrids, vmacPrefix, vmacAddrPrefix, peerMacs);
        }

        GlobalDefs build() {
            EmailSettings email = new EmailSettings(emails, emailFrom, smtpServer, smtpPort, heloName, smtpTimeout,
                    smtpAlert, smtpAlertVrrp, smtpAlertChecker, noEmailFaults);
            LvsSettings lvs = new LvsSettings(syncDaemon, tcpTimeout, tcpFinTimeout, udpTimeout, lvsFlush,
                    lvsFlushOnStop, lvsFlushOnStopVs, rsInitNotifies, noCheckerEmails, checkerLogAllFailures,
                    loopGuard);
            return new GlobalDefs(routerId, notifyFifo, scriptUser, scriptSecurity, vrrpStrict, location,
                    scriptGroup, notifyFifoScript, vrrpNotifyFifo, vrrpNotifyFifoScript, lvsNotifyFifo,
                    lvsNotifyFifoScript, fifoWriteStates, email, vrrpDefaults(), lvs, startupScript,
                    startupScriptTimeout, shutdownScript, shutdownScriptTimeout, netNamespace, netNamespaceIpvs,
                    instanceName, settings, new VigilSettings(datapath, repairInterval, preemptAfterSync,
                            preemptAfterSyncMax, vigilLocation));
        }
    }

    // ----------------------------------------------------------------------------------------- argument checks

    static KeywordTable.Handler<Node> none() {
        return (x, n, c) -> c.arity(n, 0, 0);
    }

    static KeywordTable.Handler<Node> optBool() {
        return (x, n, c) -> c.bool(n);
    }

    static KeywordTable.Handler<Node> intIn(long min, long max) {
        return (x, n, c) -> c.longArg(n, min, max);
    }

    static KeywordTable.Handler<Node> oneString() {
        return (x, n, c) -> c.string(n);
    }

    static KeywordTable.Handler<Node> strings(int min, int max) {
        return (x, n, c) -> c.arity(n, min, max);
    }

    static KeywordTable.Handler<Node> intsIn(long min, long max) {
        return (x, n, c) -> {
            if (c.arity(n, 1, 64)) {
                for (Token t : n.args()) {
                    c.integer(t, "'" + n.name() + "'", min, max);
                }
            }
        };
    }

    static KeywordTable.Handler<Node> optIntIn(long min, long max) {
        return (x, n, c) -> {
            if (n.argCount() > 0) {
                c.longArg(n, min, max);
            }
        };
    }

    private static KeywordTable.Handler<Node> scriptCheck() {
        return (x, n, c) -> c.script(n, true);
    }

    // -------------------------------------------------------------------------------------------------- table

    static final KeywordTable<State> GLOBAL_DEFS = new KeywordTable<State>("global_defs")
            .line("router_id", (s, n, c) -> s.routerId = c.string(n))
            // vigil's own: the fwmark rule manager (see LoopGuard)
            .line("vigil_peer_mac", (s, n, c) -> {
                List<MacAddress> macs = c.peerMacs(n);
                s.peerMacs = macs != null ? macs : s.peerMacs;
            })
            .line("vigil_loop_guard", (s, n, c) -> {
                LoopGuard g = c.loopGuard(n);
                s.loopGuard = g != null ? g : s.loopGuard;
            })
            .line("notify_fifo", (s, n, c) -> s.notifyFifo = c.script(n, true))
            .line("notify_fifo_script", (s, n, c) -> s.notifyFifoScript = c.script(n, true))
            .line("vrrp_notify_fifo", (s, n, c) -> s.vrrpNotifyFifo = c.script(n, true))
            .line("vrrp_notify_fifo_script", (s, n, c) -> s.vrrpNotifyFifoScript = c.script(n, true))
            .line("lvs_notify_fifo", (s, n, c) -> s.lvsNotifyFifo = c.script(n, true))
            .line("lvs_notify_fifo_script", (s, n, c) -> s.lvsNotifyFifoScript = c.script(n, true))
            .line("fifo_write_vrrp_states_on_reload", (s, n, c) -> {
                if (c.arity(n, 0, 0)) {
                    s.fifoWriteStates = true;
                }
            })
            .line("script_user", (s, n, c) -> {
                if (c.arity(n, 1, 2)) {
                    s.scriptUser = n.arg(0).text();
                    s.scriptGroup = n.argCount() > 1 ? n.arg(1).text() : null;
                }
            })
            .line("enable_script_security", (s, n, c) -> s.scriptSecurity = c.arity(n, 0, 0) || s.scriptSecurity)
            .line("vrrp_strict", (s, n, c) -> s.vrrpStrict = c.arity(n, 0, 0) || s.vrrpStrict)
            // e-mail alerts: kept, vigil sends no mail
            .inactive("notification_email", KeywordTable.Shape.BLOCK, (s, n, c) -> {
                for (Node e : n.children()) {
                    s.emails.add(e.name());
                    if (e.argCount() > 0 || e.hasBlock()) {
                        c.warning(e, "one e-mail address per line: '" + e.line().text() + "'");
                    }
                }
            })
            .inactive("notification_email_from", LINE, (s, n, c) -> s.emailFrom = c.string(n))
            .inactive("smtp_server", LINE, (s, n, c) -> {
                if (c.arity(n, 1, 2)) {
                    s.smtpServer = n.arg(0).text();
                    if (n.argCount() > 1) {
                        Integer p = c.port(n.arg(1), "smtp_server port", false);
                        s.smtpPort = p == null ? 25 : p;
                    }
                }
            })
            .inactive("smtp_helo_name", LINE, (s, n, c) -> s.heloName = c.string(n))
            .inactive("smtp_connect_timeout", LINE, (s, n, c) -> {
                Long v = c.wholeSecondsArg(n, 1, 1_000_000);
                if (v != null) {
                    s.smtpTimeout = v;
                }
            })
            .inactive("smtp_alert", LINE, (s, n, c) -> s.smtpAlert = c.bool(n))
            .inactive("smtp_alert_vrrp", LINE, (s, n, c) -> s.smtpAlertVrrp = c.bool(n))
            .inactive("smtp_alert_checker", LINE, (s, n, c) -> s.smtpAlertChecker = c.bool(n))
            .inactive("no_email_faults", LINE, (s, n, c) -> s.noEmailFaults = c.arity(n, 0, 0) || s.noEmailFaults)
            .line("checker_log_all_failures", (s, n, c) -> {
                Boolean b = c.bool(n);
                s.checkerLogAllFailures = b != null && b;
            })
            // defaults of every vrrp_instance
            .line("vrrp_mcast_group4", (s, n, c) -> s.mcast4 = multicast(n, c, AddressFamily.INET))
            .line("vrrp_mcast_group6", (s, n, c) -> s.mcast6 = multicast(n, c, AddressFamily.INET6))
            .line("vrrp_garp_master_delay", (s, n, c) -> s.garpDelay = nonNull(c.wholeSecondsArg(n, 0, 86_400),
                    s.garpDelay))
            .line("vrrp_garp_master_repeat", (s, n, c) -> s.garpRepeat = repeat(n, c, s.garpRepeat))
            .line("vrrp_garp_master_refresh", (s, n, c) -> s.garpRefresh = nonNull(c.wholeSecondsArg(n, 0,
                    86_400), s.garpRefresh))
            .line("vrrp_garp_master_refresh_repeat", (s, n, c) -> s.garpRefreshRepeat = repeat(n, c,
                    s.garpRefreshRepeat))
            .line("vrrp_garp_lower_prio_delay", (s, n, c) -> s.garpLowerDelay = nonNull(c.wholeSecondsArg(n, 0,
                    86_400), s.garpLowerDelay))
            .line("vrrp_garp_lower_prio_repeat", (s, n, c) -> s.garpLowerRepeat = nonNull(c.intArg(n, 0,
                    Integer.MAX_VALUE), s.garpLowerRepeat))
            .line("vrrp_garp_interval", (s, n, c) -> s.garpInterval = nonNull(c.secondsArg(n, 0, 86_400 * SECOND),
                    s.garpInterval))
            .line("vrrp_gna_interval", (s, n, c) -> s.gnaInterval = nonNull(c.secondsArg(n, 0, 86_400 * SECOND),
                    s.gnaInterval))
            .line("vrrp_min_garp", (s, n, c) -> {
                Boolean b = c.bool(n);
                s.minGarp = b != null ? b : s.minGarp;
            })
            .line("vrrp_down_timer_adverts", (s, n, c) -> s.downTimerAdverts = nonNull(c.intArg(n, 1, 100),
                    s.downTimerAdverts))
            .inactive("vrrp_garp_extra_if", LINE, GlobalParser::garpExtraIf)
            .deprecated("vrrp_vmac_garp_intvl", "vrrp_garp_extra_if", LINE, GlobalParser::garpExtraIf)
            .line("vrrp_lower_prio_no_advert", (s, n, c) -> s.lowerPrioNoAdvert = nonNull(c.bool(n),
                    s.lowerPrioNoAdvert))
            .line("vrrp_higher_prio_send_advert", (s, n, c) -> s.higherPrioSendAdvert = nonNull(c.bool(n),
                    s.higherPrioSendAdvert))
            .line("vrrp_version", (s, n, c) -> s.version = nonNull(c.intArg(n, 2, 3), s.version))
            .line("vrrp_check_unicast_src", (s, n, c) -> s.checkUnicastSrc = c.arity(n, 0, 0)
                    || s.checkUnicastSrc)
            .inactive("vrrp_skip_check_adv_addr", LINE, (s, n, c) -> s.skipCheckAdvAddr = c.arity(n, 0, 0)
                    || s.skipCheckAdvAddr)
            .inactive("vrrp_notify_priority_changes", LINE, (s, n, c) -> s.notifyPriorityChanges = nonNull(
                    c.bool(n), s.notifyPriorityChanges))
            .line("vrrp_startup_delay", (s, n, c) -> s.startupDelay = nonNull(c.secondsArg(n, 0,
                    3600 * SECOND), s.startupDelay))
            .inactive("default_interface", LINE, (s, n, c) -> s.defaultInterface = interfaceName(n, c))
            .inactive("dynamic_interfaces", LINE, (s, n, c) -> {
                if (c.arity(n, 0, 1)) {
                    s.dynamicInterfaces = true;
                    if (n.argCount() == 1) {
                        if (n.arg(0).is("allow_if_changes")) {
                            s.allowIfChanges = true;
                        } else {
                            c.error(n.arg(0), "'dynamic_interfaces' takes only 'allow_if_changes', not '"
                                    + n.arg(0).text() + "'");
                        }
                    }
                }
            })
            .inactive("log_unknown_vrids", LINE, (s, n, c) -> s.logUnknownVrids = c.arity(n, 0, 0)
                    || s.logUnknownVrids)
            .inactive("vmac_prefix", LINE, (s, n, c) -> s.vmacPrefix = c.string(n))
            .inactive("vmac_addr_prefix", LINE, (s, n, c) -> s.vmacAddrPrefix = c.string(n))
            // IPVS-wide
            .line("lvs_sync_daemon", GlobalParser::syncDaemon)
            .line("lvs_timeouts", GlobalParser::lvsTimeouts)
            .line("lvs_flush", (s, n, c) -> s.lvsFlush = c.arity(n, 0, 0) || s.lvsFlush)
            .line("lvs_flush_on_stop", GlobalParser::flushOnStop)
            .deprecated("lvs_flush_onstop", "lvs_flush_on_stop", LINE, GlobalParser::flushOnStop)
            .line("rs_init_notifies", (s, n, c) -> s.rsInitNotifies = c.arity(n, 0, 0) || s.rsInitNotifies)
            // vigil's own
            .line("vigil_datapath", GlobalParser::datapath)
            .line("vigil_datapath_repair_interval", (s, n, c) -> {
                Long v = c.secondsArg(n, 0, 86_400 * SECOND);
                if (v != null) {
                    s.repairInterval = v;
                    s.vigilLocation = n.location();
                }
            })
            .line("vigil_preempt_after_sync", GlobalParser::preemptAfterSync)
            .inactive("no_checker_emails", LINE, (s, n, c) -> s.noCheckerEmails = c.arity(n, 0, 0)
                    || s.noCheckerEmails)
            // scripts around the daemon
            .line("startup_script", (s, n, c) -> s.startupScript = c.script(n, true))
            .line("startup_script_timeout", (s, n, c) -> s.startupScriptTimeout = nonNull(
                    c.wholeSecondsArg(n, 1, 1000), s.startupScriptTimeout))
            .line("shutdown_script", (s, n, c) -> s.shutdownScript = c.script(n, true))
            .line("shutdown_script_timeout", (s, n, c) -> s.shutdownScriptTimeout = nonNull(
                    c.wholeSecondsArg(n, 1, 1000), s.shutdownScriptTimeout))
            // the reader itself
            .line("include_check", GlobalParser::includeCheck)
            .line("random_seed", (s, n, c) -> {
                Long seed = c.longArg(n, 0, 0xffffffffL);
                if (seed != null && c.pre != null) {
                    c.pre.reseed(seed);
                }
            })
            // keepalived's own processes: kept, not acted on
            .kept("tmp_config_directory", oneString())
            .kept("config_save_dir", oneString())
            .kept("process_names", none())
            .kept("process_name", oneString())
            .kept("vrrp_process_name", oneString())
            .kept("checker_process_name", oneString())
            .kept("lvs_process_name", oneString())
            .kept("bfd_process_name", oneString())
            .kept("max_auto_priority", optIntIn(-1, 99))
            .kept("min_auto_priority_delay", intIn(1, 10_000_000))
            .kept("vrrp_priority", intIn(-20, 19))
            .kept("checker_priority", intIn(-20, 19))
            .kept("bfd_priority", intIn(-20, 19))
            .kept("vrrp_no_swap", none())
            .kept("checker_no_swap", none())
            .kept("bfd_no_swap", none())
            .kept("vrrp_cpu_affinity", intsIn(0, 4095))
            .kept("checker_cpu_affinity", intsIn(0, 4095))
            .kept("bfd_cpu_affinity", intsIn(0, 4095))
            .kept("vrrp_rt_priority", intIn(1, 99))
            .kept("checker_rt_priority", intIn(1, 99))
            .kept("bfd_rt_priority", intIn(1, 99))
            .kept("vrrp_rlimit_rttime", intIn(2, Integer.MAX_VALUE))
            .kept("checker_rlimit_rttime", intIn(2, Integer.MAX_VALUE))
            .kept("bfd_rlimit_rttime", intIn(2, Integer.MAX_VALUE))
            .kept("vrrp_rlimit_rtime", intIn(2, Integer.MAX_VALUE))
            .kept("checker_rlimit_rtime", intIn(2, Integer.MAX_VALUE))
            .kept("bfd_rlimit_rtime", intIn(2, Integer.MAX_VALUE))
            .kept("snmp_socket", oneString())
            .kept("enable_snmp_vrrp", none())
            .kept("enable_snmp_keepalived", none())
            .kept("enable_snmp_checker", none())
            .kept("enable_snmp_rfc", none())
            .kept("enable_snmp_rfcv2", none())
            .kept("enable_snmp_rfcv3", none())
            .kept("enable_traps", none())
            .kept("enable_dbus", none())
            .kept("dbus_service_name", oneString())
            .kept("nftables", strings(0, 1))
            .kept("nftables_priority", intIn(Integer.MIN_VALUE, Integer.MAX_VALUE))
            .kept("nftables_counters", none())
            .kept("nftables_ifindex", none())
            .kept("nftables_ipvs", strings(0, 1))
            .kept("nftables_ipvs_priority", intIn(Integer.MIN_VALUE, Integer.MAX_VALUE))
            .kept("nftables_ipvs_start_fwmark", intIn(1, 0xffffffffL))
            .kept("vrrp_iptables", strings(0, 2))
            .kept("vrrp_ipsets", strings(0, 5))
            .kept("disable_local_igmp", none())
            .kept("vrrp_netlink_cmd_rcv_bufs", intIn(0, Integer.MAX_VALUE))
            .kept("vrrp_netlink_cmd_rcv_bufs_force", optBool())
            .kept("vrrp_netlink_monitor_rcv_bufs", intIn(0, Integer.MAX_VALUE))
            .kept("vrrp_netlink_monitor_rcv_bufs_force", optBool())
            .kept("lvs_netlink_cmd_rcv_bufs", intIn(0, Integer.MAX_VALUE))
            .kept("lvs_netlink_cmd_rcv_bufs_force", optBool())
            .kept("lvs_netlink_monitor_rcv_bufs", intIn(0, Integer.MAX_VALUE))
            .kept("lvs_netlink_monitor_rcv_bufs_force", optBool())
            .kept("process_monitor_rcv_bufs", intIn(0, Integer.MAX_VALUE))
            .kept("process_monitor_rcv_bufs_force", optBool())
            .kept("vrrp_rx_bufs_policy", (x, n, c) -> {
                if (c.arity(n, 1, 1) && !n.arg(0).text().matches("MTU|ADVERT|[0-9]+")) {
                    c.error(n.arg(0), "'vrrp_rx_bufs_policy' is MTU, ADVERT or a number, not '"
                            + n.arg(0).text() + "'");
                }
            })
            .kept("vrrp_rx_bufs_multiplier", intIn(1, Integer.MAX_VALUE))
            .kept("umask", oneString())
            .kept("reload_check_config", strings(0, 1))
            .kept("reload_time_file", oneString())
            .kept("reload_repeat", none())
            .kept("reload_file", strings(0, 1))
            .kept("data_use_instance", optBool());

    /** The keywords allowed outside any block besides the block keywords. */
    static void addRootKeywords(KeywordTable<KeepalivedReader.Root> root) {
        root.inactive("net_namespace", LINE, (r, n, c) -> r.global.netNamespace = c.string(n))
                .inactive("net_namespace_ipvs", LINE, (r, n, c) -> r.global.netNamespaceIpvs =
                        n.argCount() == 0 ? "" : c.string(n))
                .inactive("instance", LINE, (r, n, c) -> r.global.instanceName = c.string(n))
                .kept("namespace_with_ipsets", none())
                .kept("use_pid_dir", none())
                .kept("child_wait_time", intIn(0, Integer.MAX_VALUE))
                .kept("linkbeat_use_polling", none());
    }

    // ------------------------------------------------------------------------------------------------ handlers

    private static <T> T nonNull(T value, T previous) {
        return value != null ? value : previous;
    }

    private static Integer repeat(Node n, ParseContext c, Integer previous) {
        Integer v = c.intArg(n, 0, Integer.MAX_VALUE);
        if (v == null) {
            return previous;
        }
        if (v == 0) {
            c.warning(n, "'" + n.name() + "' must be at least 1: using 1");
            return 1;
        }
        return v;
    }

    static InetAddress multicast(Node n, ParseContext c, AddressFamily family) {
        String v = c.string(n);
        if (v == null) {
            return null;
        }
        InetAddress a = c.address(n.arg(0), "'" + n.name() + "'");
        if (a == null) {
            return null;
        }
        if (AddressFamily.of(a) != family || !a.isMulticastAddress()
                || (family == AddressFamily.INET6 && !a.isMCLinkLocal())) {
            c.error(n.arg(0), "'" + n.name() + "': " + v + " is not an " + family.displayName()
                    + (family == AddressFamily.INET6 ? " link-local" : "") + " multicast address");
            return null;
        }
        return a;
    }

    static String interfaceName(Node n, ParseContext c) {
        String name = c.string(n);
        if (name != null && name.length() > 15) {
            c.error(n.arg(0), "interface name '" + name + "' is longer than 15 characters");
            return null;
        }
        return name;
    }

    private static void garpExtraIf(State s, Node n, ParseContext c) {
        ParseContext.ExtraIf e = c.garpExtraIf(n);
        if (e != null) {
            s.garpExtraIf = e.intervalNanos();
            s.garpExtraIfAll = e.all();
        }
    }

    private static void flushOnStop(State s, Node n, ParseContext c) {
        if (c.arity(n, 0, 1)) {
            s.lvsFlushOnStop = true;
            if (n.argCount() == 1) {
                if (n.arg(0).is("VS")) {
                    s.lvsFlushOnStopVs = true;
                } else {
                    c.error(n.arg(0), "'" + n.name() + "' takes only 'VS', not '" + n.arg(0).text() + "'");
                }
            }
        }
    }

    private static void lvsTimeouts(State s, Node n, ParseContext c) {
        if (!c.arity(n, 2, 6)) {
            return;
        }
        for (int i = 0; i < n.argCount(); i += 2) {
            Token k = n.arg(i);
            Token v = n.arg(i + 1);
            if (v == null) {
                c.error(k, "'lvs_timeouts " + k.text() + "' needs a number of seconds");
                return;
            }
            Long secs = c.integer(v, "lvs_timeouts " + k.text(), 0, 86400L * 31);
            if (secs == null) {
                continue;
            }
            switch (k.text()) {
                case "tcp" -> s.tcpTimeout = secs.intValue();
                case "tcpfin" -> s.tcpFinTimeout = secs.intValue();
                case "udp" -> s.udpTimeout = secs.intValue();
                default -> c.error(k, "'lvs_timeouts' takes tcp, tcpfin and udp, not '" + k.text() + "'");
            }
        }
    }

    private static void syncDaemon(State s, Node n, ParseContext c) {
        if (!c.arity(n, 1, 13)) {
            return;
        }
        String ifname = n.arg(0).text();
        String inst = null;
        Integer id = null;
        Integer maxlen = null;
        Integer port = null;
        Integer ttl = null;
        InetAddress group = null;
        int i = 1;
        while (i < n.argCount()) {
            Token k = n.arg(i);
            Token v = n.arg(i + 1);
            String kw = k.text();
            if (!kw.equals("inst") && !kw.equals("id") && !kw.equals("maxlen") && !kw.equals("port")
                    && !kw.equals("ttl") && !kw.equals("group")) {
                if (i == 1) {
                    inst = kw;
                    i++;
                    continue;
                }
                c.error(k, "'lvs_sync_daemon': unknown option '" + kw
                        + "' (inst, id, maxlen, port, ttl, group)");
                return;
            }
            if (v == null) {
                c.error(k, "'lvs_sync_daemon " + kw + "' needs a value");
                return;
            }
            switch (kw) {
                case "inst" -> inst = v.text();
                case "id" -> id = toInt(c.integer(v, "lvs_sync_daemon id", 0, 255));
                case "maxlen" -> maxlen = toInt(c.integer(v, "lvs_sync_daemon maxlen", 1, 65535 - 28));
                case "port" -> port = c.port(v, "lvs_sync_daemon port", false);
                case "ttl" -> ttl = toInt(c.integer(v, "lvs_sync_daemon ttl", 1, 255));
                default -> group = c.address(v, "lvs_sync_daemon group");
            }
            i += 2;
        }
        s.syncDaemon = new LvsSettings.SyncDaemon(ifname, inst, id, maxlen, port, ttl, group, n.location());
    }

    private static void datapath(State s, Node n, ParseContext c) {
        String v = c.string(n);
        if (v == null) {
            return;
        }
        try {
            s.datapath = VigilSettings.Datapath.parse(v);
            s.vigilLocation = n.location();
        } catch (IllegalArgumentException e) {
            c.error(n.arg(0), "'vigil_datapath' is ipvs, nftables, auto or none, not '" + v + "'");
        }
    }

    /** {@code vigil_preempt_after_sync SECONDS [max SECONDS]}. */
    private static void preemptAfterSync(State s, Node n, ParseContext c) {
        if (!c.arity(n, 1, 3)) {
            return;
        }
        Long quiet = c.seconds(n.arg(0), "'vigil_preempt_after_sync'", SECOND / 10, 3600 * SECOND);
        if (quiet == null) {
            return;
        }
        long max = quiet * 10;
        if (n.argCount() > 1) {
            if (!n.arg(1).is("max") || n.argCount() != 3) {
                c.error(n.arg(1), "'vigil_preempt_after_sync SECONDS' takes only 'max SECONDS' after it");
                return;
            }
            Long m = c.seconds(n.arg(2), "'vigil_preempt_after_sync max'", quiet, 86_400 * SECOND);
            if (m == null) {
                return;
            }
            max = m;
        }
        s.preemptAfterSync = quiet;
        s.preemptAfterSyncMax = max;
        s.vigilLocation = n.location();
    }

    private static Integer toInt(Long v) {
        return v == null ? null : v.intValue();
    }

    private static void includeCheck(State s, Node n, ParseContext c) {
        boolean relative = n.args().stream().anyMatch(t -> t.text().startsWith("+") || t.text().startsWith("-"));
        int bits = relative && c.pre != null ? c.pre.includeCheck() : 0;
        if (n.argCount() == 0) {
            bits = Preprocessor.CHECK_ALL;
        }
        for (Token t : n.args()) {
            String w = t.text();
            boolean remove = w.startsWith("-");
            if (w.startsWith("+") || remove) {
                w = w.substring(1);
            }
            int bit = switch (w) {
                case "readable" -> Preprocessor.CHECK_READABLE;
                case "match" -> Preprocessor.CHECK_MATCH | Preprocessor.CHECK_READABLE;
                case "wildcard_match" -> Preprocessor.CHECK_WILDCARD | Preprocessor.CHECK_READABLE;
                case "brace_match" -> Preprocessor.CHECK_BRACE | Preprocessor.CHECK_READABLE;
                default -> -1;
            };
            if (bit < 0) {
                c.error(t, "'include_check': unknown check '" + t.text()
                        + "' (readable, match, wildcard_match, brace_match)");
                continue;
            }
            bits = remove ? bits & ~bit : bits | bit;
        }
        if (c.pre != null) {
            c.pre.setIncludeCheck(bits);
        }
    }
}
