package io.vigil.vrrp.runtime;

import java.util.HashMap;
import java.util.Map;

/**
 * RFC 9568 §7.1 asks that receive errors be logged "subject to rate-limiting": each key is logged at most once per
 * window (10 s), however fast the bad packets come. Confined to one thread.
 */
final class RateLimitedLog {

    private static final long WINDOW_NANOS = 10_000_000_000L;
    private final Map<String, Long> last = new HashMap<>();

    boolean shouldLog(String key) {
        long now = System.nanoTime();
        Long prev = last.get(key);
        if (prev != null && now - prev < WINDOW_NANOS) {
            return false;
        }
        last.put(key, now);
        return true;
    }
}
