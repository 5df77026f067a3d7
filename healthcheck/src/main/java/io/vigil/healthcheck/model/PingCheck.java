package io.vigil.healthcheck.model;

import java.util.Objects;

/**
 * {@code PING_CHECK}: an ICMP (IPv4) or ICMPv6 echo request; up when the matching echo reply arrives within
 * {@code connect_timeout}. Sent from an unprivileged ping socket, so {@code net.ipv4.ping_group_range} must include
 * the daemon's group (keepalived widens it; the engine reports a clear reason when it does not).
 */
public record PingCheck(ConnectOptions connect, CheckTiming timing) implements CheckerConfig {

    public PingCheck {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(timing, "timing");
        if (connect.connectPort() != null || connect.bindPort() != null) {
            throw new IllegalArgumentException("PING_CHECK has no ports (connect_port/bind_port)");
        }
    }

    public static PingCheck defaults() {
        return new PingCheck(ConnectOptions.DEFAULT, CheckTiming.defaults(CheckerKind.PING_CHECK));
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.PING_CHECK;
    }
}
