package io.vigil.healthcheck.model;

/**
 * One checker of a real server (keepalived's {@code TCP_CHECK { ... }} and siblings). A real server is up only
 * while every one of its checkers is up.
 */
public sealed interface CheckerConfig permits TcpCheck, HttpGet, SmtpCheck, DnsCheck, UdpCheck, PingCheck,
        MiscCheck, FileCheck {

    CheckerKind kind();

    CheckTiming timing();

    /** The connection options; {@link ConnectOptions#DEFAULT} for checkers that have none. */
    default ConnectOptions connect() {
        return ConnectOptions.DEFAULT;
    }
}
