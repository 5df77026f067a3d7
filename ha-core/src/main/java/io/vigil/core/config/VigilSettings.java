package io.vigil.core.config;

/**
 * vigil's own {@code global_defs} keywords (keepalived has none of them): which datapath runs the virtual servers,
 * how often the daemon looks for drift, and whether preemption waits for the connection-sync daemon.
 *
 * <pre>
 * vigil_datapath ipvs|nftables|auto|none
 * vigil_datapath_repair_interval SECONDS          (default 10; 0: no periodic repair)
 * vigil_preempt_after_sync SECONDS [max SECONDS]  (default off; max defaults to 10 x SECONDS)
 * </pre>
 *
 * @param datapath              the datapath, or {@code null} when not set ({@code vigil run --datapath} decides,
 *                              else {@code auto} with virtual servers, {@code none} without)
 * @param repairIntervalNanos   how often the datapath is compared with the kernel and repaired; 0 for never
 * @param preemptAfterSyncNanos hold preemption back until this director's connection table (filled by the IPVS
 *                              backup sync daemon) has not reached a new high for this long; 0: no hold
 * @param preemptAfterSyncMaxNanos the longest preemption is held back, however the table moves
 */
public record VigilSettings(Datapath datapath, long repairIntervalNanos, long preemptAfterSyncNanos,
                            long preemptAfterSyncMaxNanos, SourceLocation location) {

    /** The forwarding plane for the virtual servers. */
    public enum Datapath {
        /** Kernel IPVS (generic netlink). */
        IPVS,
        /** nftables rules (libnftables), for kernels without IPVS. */
        NFTABLES,
        /** IPVS when the kernel has it, nftables otherwise. */
        AUTO,
        /** No datapath: VRRP (and health checks) only. */
        NONE;

        /** {@code ipvs}, {@code nftables} (or {@code nft}), {@code auto}, {@code none}, in any case. */
        public static Datapath parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "ipvs" -> IPVS;
                case "nftables", "nft" -> NFTABLES;
                case "auto" -> AUTO;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException("the datapath is ipvs, nftables, auto or none, not '"
                        + text + "'");
            };
        }
    }

    public static final long DEFAULT_REPAIR_INTERVAL_NANOS = 10_000_000_000L;

    public static final VigilSettings DEFAULTS = new VigilSettings(null, DEFAULT_REPAIR_INTERVAL_NANOS, 0, 0,
            SourceLocation.NONE);

    public VigilSettings {
        java.util.Objects.requireNonNull(location, "location");
        if (repairIntervalNanos < 0 || preemptAfterSyncNanos < 0 || preemptAfterSyncMaxNanos < 0) {
            throw new IllegalArgumentException("negative vigil_* duration");
        }
        if (preemptAfterSyncNanos > 0 && preemptAfterSyncMaxNanos < preemptAfterSyncNanos) {
            throw new IllegalArgumentException("vigil_preempt_after_sync max is below the quiet time");
        }
    }

    /** True when preemption waits for the connection-sync daemon. */
    public boolean holdsPreemption() {
        return preemptAfterSyncNanos > 0;
    }
}
