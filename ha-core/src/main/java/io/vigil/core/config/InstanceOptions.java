package io.vigil.core.config;

import io.vigil.core.net.MacAddress;
import java.util.List;

/**
 * The less common options of a {@code vrrp_instance}, read and kept (the reader warns about those vigil does not act
 * on).
 *
 * @param smtpAlert             {@code smtp_alert}
 * @param notifyPriorityChanges {@code notify_priority_changes}: priority changes go to the notify FIFO
 * @param promoteSecondaries    {@code promote_secondaries}
 * @param trackSourceIp         {@code track_src_ip}: FAULT when the source address disappears
 * @param skipCheckAdvertAddresses {@code skip_check_adv_addr}
 * @param garpExtraIfNanos      {@code garp_extra_if}: periodic GARP on the other interfaces of the VIPs (0: off)
 * @param garpExtraIfAll        {@code garp_extra_if all}
 * @param useVmacAddress        {@code use_vmac_addr}
 * @param ipvlan                {@code use_ipvlan [NAME] [ADDR] [bridge|private|vepa]} as written, or {@code null}
 * @param vrf                   {@code vrf}, or {@code null}
 * @param kernelRxBufSize       {@code kernel_rx_buf_size}, or {@code null}
 * @param debug                 {@code debug} level 0-4
 * @param linkbeatUsePolling    {@code linkbeat_use_polling} (deprecated here)
 * @param lvsSyncDaemonInterface the deprecated {@code lvs_sync_daemon_interface}, or {@code null}
 * @param peerMacs              {@code vigil_peer_mac MAC...} (or global_defs'): the peer director's MACs, for the
 *                              fwmark rule manager; empty to learn the MAC from the peer's adverts
 */
public record InstanceOptions(boolean smtpAlert, boolean notifyPriorityChanges, boolean promoteSecondaries,
                              boolean trackSourceIp, boolean skipCheckAdvertAddresses, long garpExtraIfNanos,
                              boolean garpExtraIfAll, boolean useVmacAddress, String ipvlan, String vrf,
                              Integer kernelRxBufSize, int debug, boolean linkbeatUsePolling,
                              String lvsSyncDaemonInterface, List<MacAddress> peerMacs) {

    public static final InstanceOptions DEFAULTS = new InstanceOptions(false, false, false, false, false, 0, false,
            false, null, null, null, 0, false, null, List.of());

    public InstanceOptions {
        peerMacs = peerMacs == null ? List.of() : List.copyOf(peerMacs);
    }

    /** The same options with other peer MACs. */
    public InstanceOptions withPeerMacs(List<MacAddress> macs) {
        return new InstanceOptions(smtpAlert, notifyPriorityChanges, promoteSecondaries, trackSourceIp,
                skipCheckAdvertAddresses, garpExtraIfNanos, garpExtraIfAll, useVmacAddress, ipvlan, vrf,
                kernelRxBufSize, debug, linkbeatUsePolling, lvsSyncDaemonInterface, macs);
    }

    /** keepalived's options; no configured peer MAC. */
    public InstanceOptions(boolean smtpAlert, boolean notifyPriorityChanges, boolean promoteSecondaries,
                           boolean trackSourceIp, boolean skipCheckAdvertAddresses, long garpExtraIfNanos,
                           boolean garpExtraIfAll, boolean useVmacAddress, String ipvlan, String vrf,
                           Integer kernelRxBufSize, int debug, boolean linkbeatUsePolling,
                           String lvsSyncDaemonInterface) {
        this(smtpAlert, notifyPriorityChanges, promoteSecondaries, trackSourceIp, skipCheckAdvertAddresses,
                garpExtraIfNanos, garpExtraIfAll, useVmacAddress, ipvlan, vrf, kernelRxBufSize, debug,
                linkbeatUsePolling, lvsSyncDaemonInterface, List.of());
    }
}
