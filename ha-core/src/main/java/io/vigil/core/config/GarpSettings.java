package io.vigil.core.config;

/**
 * Gratuitous ARP / unsolicited NA timing, keepalived's {@code garp_*} keywords. Durations in nanoseconds.
 *
 * @param masterDelayNanos          delay before the second burst after becoming master (0: no second burst)
 * @param masterRepeat              messages per address in each burst
 * @param masterRefreshNanos        periodic refresh while master (0: off)
 * @param masterRefreshRepeat       messages per address in each refresh
 * @param lowerPriorityDelayNanos   delay of the second burst after a lower-priority advert was seen
 * @param lowerPriorityRepeat       messages per address after a lower-priority advert (0: none)
 * @param intervalNanos             spacing between successive gratuitous ARPs on an interface
 * @param naIntervalNanos           spacing between successive unsolicited NAs on an interface
 */
public record GarpSettings(long masterDelayNanos, int masterRepeat, long masterRefreshNanos, int masterRefreshRepeat,
                           long lowerPriorityDelayNanos, int lowerPriorityRepeat, long intervalNanos,
                           long naIntervalNanos) {

    /** keepalived's defaults: 5 messages, a second burst after 5 s, no refresh, no pacing. */
    public static final GarpSettings KEEPALIVED_DEFAULTS =
            new GarpSettings(5_000_000_000L, 5, 0, 1, 5_000_000_000L, 5, 0, 0);

    public GarpSettings {
        if (masterDelayNanos < 0 || masterRepeat < 0 || masterRefreshNanos < 0 || masterRefreshRepeat < 0
                || lowerPriorityDelayNanos < 0 || lowerPriorityRepeat < 0 || intervalNanos < 0
                || naIntervalNanos < 0) {
            throw new IllegalArgumentException("negative GARP setting");
        }
    }
}
