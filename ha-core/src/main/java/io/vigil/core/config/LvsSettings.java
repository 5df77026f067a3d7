package io.vigil.core.config;

import io.vigil.core.config.lvs.LoopGuard;
import java.net.InetAddress;

/**
 * The IPVS-wide {@code global_defs} settings.
 *
 * @param syncDaemon          {@code lvs_sync_daemon}, or {@code null}
 * @param timeoutTcpSeconds   {@code lvs_timeouts tcp}, or {@code null} (unchanged)
 * @param flush               {@code lvs_flush}: flush IPVS at start-up
 * @param flushOnStop         {@code lvs_flush_on_stop}: flush at shutdown
 * @param flushOnStopVsOnly   {@code lvs_flush_on_stop VS}
 * @param checkerLogAllFailures {@code checker_log_all_failures}
 * @param loopGuard           {@code vigil_loop_guard}: the default of every virtual server (AUTO when not given)
 */
public record LvsSettings(SyncDaemon syncDaemon, Integer timeoutTcpSeconds, Integer timeoutTcpFinSeconds,
                          Integer timeoutUdpSeconds, boolean flush, boolean flushOnStop, boolean flushOnStopVsOnly,
                          boolean rsInitNotifies, boolean noCheckerEmails, boolean checkerLogAllFailures,
                          LoopGuard loopGuard) {

    public static final LvsSettings NONE =
            new LvsSettings(null, null, null, null, false, false, false, false, false, false, LoopGuard.AUTO);

    public LvsSettings {
        loopGuard = loopGuard == null ? LoopGuard.AUTO : loopGuard;
    }

    /** keepalived's components; {@code vigil_loop_guard} AUTO. */
    public LvsSettings(SyncDaemon syncDaemon, Integer timeoutTcpSeconds, Integer timeoutTcpFinSeconds,
                       Integer timeoutUdpSeconds, boolean flush, boolean flushOnStop, boolean flushOnStopVsOnly,
                       boolean rsInitNotifies, boolean noCheckerEmails, boolean checkerLogAllFailures) {
        this(syncDaemon, timeoutTcpSeconds, timeoutTcpFinSeconds, timeoutUdpSeconds, flush, flushOnStop,
                flushOnStopVsOnly, rsInitNotifies, noCheckerEmails, checkerLogAllFailures, LoopGuard.AUTO);
    }

    /**
     * {@code lvs_sync_daemon INTERFACE [inst] VRRP_INSTANCE [id ID] [maxlen LEN] [port PORT] [ttl TTL] [group IP]}
     * (or the deprecated per-instance {@code lvs_sync_daemon_interface}).
     */
    public record SyncDaemon(String interfaceName, String instance, Integer syncId, Integer maxLength, Integer port,
                             Integer ttl, InetAddress group, SourceLocation location) {
    }
}
