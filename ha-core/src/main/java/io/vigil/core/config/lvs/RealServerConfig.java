package io.vigil.core.config.lvs;

import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.SourceLocation;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A {@code real_server} with its checkers. Values not given take the virtual server's (forwarding, weight, alpha,
 * inhibit, timeouts); {@code retry}, {@code delayBeforeRetry} and {@code warmup} stay {@code null} when not given
 * here or on the virtual server because their default depends on the checker type (the checkers hold the
 * effective values).
 *
 * @param port             the port (the virtual server's when not given, 0 for a fwmark service)
 * @param upperThreshold   {@code uthreshold}: maximum connections, 0 for none
 * @param lowerThreshold   {@code lthreshold}: minimum connections, 0 for none
 * @param inhibitOnFailure {@code inhibit_on_failure}: weight 0 instead of removal when down
 */
public record RealServerConfig(InetAddress address, int port, int weight, Forwarding forwarding,
                               ScriptCommand notifyUp, ScriptCommand notifyDown, long upperThreshold,
                               long lowerThreshold, boolean smtpAlert, String virtualhost, String snmpName,
                               boolean alpha, boolean inhibitOnFailure, long connectTimeoutNanos, Integer retry,
                               Long delayBeforeRetryNanos, Long warmupNanos, long delayLoopNanos,
                               List<CheckerConfig> checkers, SourceLocation location) {

    public RealServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forwarding, "forwarding");
        Objects.requireNonNull(location, "location");
        checkers = List.copyOf(checkers);
        if (weight < 0) {
            throw new IllegalArgumentException("negative weight");
        }
    }
}
