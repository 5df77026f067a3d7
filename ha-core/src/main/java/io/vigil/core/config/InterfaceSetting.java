package io.vigil.core.config;

import java.util.Objects;

/**
 * A line of {@code linkbeat_interfaces} ({@code polling}: MII, ETHTOOL, IOCTL or {@code null}) or of
 * {@code interface_up_down_delays} (delays in nanoseconds).
 */
public record InterfaceSetting(String name, String polling, long downDelayNanos, long upDelayNanos,
                               SourceLocation location) {

    public InterfaceSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
    }
}
