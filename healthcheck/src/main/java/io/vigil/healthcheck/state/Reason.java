package io.vigil.healthcheck.state;

/**
 * Why a check ended as it did. Every failure a hostile or broken server can cause has its own value, so that
 * {@code vigil status} and the logs say what happened rather than "check failed".
 */
public enum Reason {
    /** The check passed. */
    OK(true),
    /** Not checked yet; the checker starts up (keepalived's default, no alpha). */
    NOT_CHECKED(true),
    /** Not checked yet; the checker starts down ({@code alpha}). */
    ALPHA(false),
    /** No complete answer within connect_timeout (connect, handshake or response). */
    TIMEOUT(false),
    /** The server refused the connection (TCP RST to SYN, ICMP port unreachable). */
    REFUSED(false),
    /** The connection was reset after it was established. */
    RESET(false),
    /** No route, host or network unreachable. */
    UNREACHABLE(false),
    /** The source address or port (bindto/bind_port, bind_if, fwmark) could not be used. */
    BIND_FAILED(false),
    /** The server closed the connection before a complete answer. */
    CLOSED(false),
    /** The TLS handshake failed (garbage, wrong protocol, certificate rejected). */
    TLS_FAILED(false),
    /** The HTTP status code is not in status_code. */
    HTTP_STATUS(false),
    /** The body's MD5 differs from digest. */
    DIGEST_MISMATCH(false),
    /** The body does not match regex (or matches it with regex_no_match). */
    REGEX_MISMATCH(false),
    /** The response exceeded the size bound (headers, line or body). */
    RESPONSE_TOO_LARGE(false),
    /** The answer is not valid for the protocol (bad status line, bad chunk, not DNS...). */
    MALFORMED(false),
    /** The SMTP server answered with an unexpected code. */
    SMTP_REPLY(false),
    /** The DNS server answered with a non-zero RCODE. */
    DNS_RCODE(false),
    /** The UDP reply did not match require_reply or its length bounds. */
    UDP_REPLY(false),
    /** ICMP echo could not be sent (ping socket not permitted, no such interface...). */
    PING_UNAVAILABLE(false),
    /** The script exited with a failure status. */
    SCRIPT_EXIT(false),
    /** The script ran past its time limit and was killed. */
    SCRIPT_TIMEOUT(false),
    /** The script could not be started (missing, not executable, pool saturated, no such user). */
    SCRIPT_ERROR(false),
    /** The script would run as root while enable_script_security is set. */
    SCRIPT_REFUSED(false),
    /** The tracked file's value means failure. */
    FILE_VALUE(false),
    /** The tracked file could not be read or holds no number. */
    FILE_ERROR(false),
    /** The tracked process count is outside [quorum, quorum_max]. */
    PROCESS_QUORUM(false),
    /** Another I/O error, named in the detail. */
    IO_ERROR(false);

    private final boolean passing;

    Reason(boolean passing) {
        this.passing = passing;
    }

    /** True for OK and NOT_CHECKED. */
    public boolean passing() {
        return passing;
    }
}
