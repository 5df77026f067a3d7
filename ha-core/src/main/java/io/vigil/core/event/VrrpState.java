package io.vigil.core.event;

/**
 * The states of a VRRP instance: the three of RFC 3768/9568 and keepalived's FAULT. The number is the value of
 * the {@code vigil_vrrp_state} gauge (and keepalived's numbering of the same states).
 */
public enum VrrpState {
    /** Not started, or shut down. */
    INITIALIZE(0),
    /** Watching the master's adverts; the master-down timer runs. */
    BACKUP(1),
    /** Owning the VIPs and advertising; the advert timer runs. */
    MASTER(2),
    /** keepalived's FAULT: a tracked interface or a weight-0 tracker failed; no timer runs, adverts are ignored. */
    FAULT(3);

    private final int metricValue;

    VrrpState(int metricValue) {
        this.metricValue = metricValue;
    }

    public int metricValue() {
        return metricValue;
    }
}
