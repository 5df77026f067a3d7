package io.vigil.healthcheck.model;

import java.util.Objects;

/** {@code TCP_CHECK}: up when a TCP connection to the server completes within {@code connect_timeout}. */
public record TcpCheck(ConnectOptions connect, CheckTiming timing) implements CheckerConfig {

    public TcpCheck {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(timing, "timing");
    }

    /** keepalived's defaults. */
    public static TcpCheck defaults() {
        return new TcpCheck(ConnectOptions.DEFAULT, CheckTiming.defaults(CheckerKind.TCP_CHECK));
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.TCP_CHECK;
    }
}
