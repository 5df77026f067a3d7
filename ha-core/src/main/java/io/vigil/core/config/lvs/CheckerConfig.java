package io.vigil.core.config.lvs;

import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.SourceLocation;
import java.util.List;
import java.util.Objects;

/**
 * A health checker of a real server. Each keepalived checker block has its own record; the records carry the
 * effective connection options and timing (see {@link CheckTiming}).
 */
public sealed interface CheckerConfig {

    /** The keepalived block name: {@code TCP_CHECK}, {@code HTTP_GET}... */
    String keyword();

    SourceLocation location();

    /** {@code TCP_CHECK}: a TCP connection succeeds. */
    record TcpCheck(ConnectionOptions connection, CheckTiming timing, SourceLocation location)
            implements CheckerConfig {
        public String keyword() {
            return "TCP_CHECK";
        }
    }

    /**
     * {@code HTTP_GET} / {@code SSL_GET}: each URL answers with an accepted status, digest and regex.
     *
     * @param httpProtocol {@code http_protocol}: 1.0, 1.0C (1.0 with Connection: close) or 1.1
     * @param virtualhost  Host header (checker, else real server, else virtual server), or {@code null}
     */
    record HttpCheck(boolean ssl, ConnectionOptions connection, CheckTiming timing, String httpProtocol,
                     boolean fastRecovery, boolean enableSni, String virtualhost, List<UrlCheck> urls,
                     SourceLocation location) implements CheckerConfig {
        public HttpCheck {
            Objects.requireNonNull(httpProtocol, "httpProtocol");
            urls = List.copyOf(urls);
        }

        public String keyword() {
            return ssl ? "SSL_GET" : "HTTP_GET";
        }
    }

    /**
     * A {@code url} of an HTTP check.
     *
     * @param digest       MD5 hex of the body, lower case, or {@code null}
     * @param statusCodes  accepted status ranges (default 200-299)
     * @param virtualhost  the URL's own Host header, or {@code null}
     * @param regex        {@code regex} pattern, or {@code null}
     * @param regexOptions {@code regex_options}
     */
    record UrlCheck(String path, String digest, List<StatusRange> statusCodes, String virtualhost, String regex,
                    boolean regexNoMatch, List<String> regexOptions, Long regexStackStart, Long regexStackMax,
                    Long regexMinOffset, Long regexMaxOffset, SourceLocation location) {
        public UrlCheck {
            Objects.requireNonNull(path, "path");
            statusCodes = List.copyOf(statusCodes);
            regexOptions = List.copyOf(regexOptions);
        }
    }

    /** An inclusive range of HTTP status codes. */
    record StatusRange(int from, int to) {
        public static final StatusRange SUCCESS = new StatusRange(200, 299);
    }

    /**
     * {@code SMTP_CHECK}: the 220/HELO/250/QUIT/221 dialogue.
     *
     * @param hosts the deprecated {@code host} sub-blocks: more servers checked by the same checker
     */
    record SmtpCheck(ConnectionOptions connection, CheckTiming timing, String heloName,
                     List<ConnectionOptions> hosts, SourceLocation location) implements CheckerConfig {
        public SmtpCheck {
            hosts = List.copyOf(hosts);
        }

        public String keyword() {
            return "SMTP_CHECK";
        }
    }

    /** {@code DNS_CHECK}: a query of {@code type} for {@code name} (default SOA of "."). */
    record DnsCheck(ConnectionOptions connection, CheckTiming timing, String type, String name,
                    SourceLocation location) implements CheckerConfig {
        public String keyword() {
            return "DNS_CHECK";
        }
    }

    /**
     * {@code MISC_CHECK}: a program's exit status ({@code misc_dynamic}: 0 up, 1 down, 2-255 up with weight
     * status - 2).
     *
     * @param timeoutNanos {@code misc_timeout} (default: the delay loop)
     */
    record MiscCheck(CheckTiming timing, ScriptCommand path, long timeoutNanos, boolean dynamic,
                     SourceLocation location) implements CheckerConfig {
        public String keyword() {
            return "MISC_CHECK";
        }
    }

    /**
     * {@code UDP_CHECK}: a datagram gets no ICMP error (and, with {@code require_reply}, a matching reply).
     *
     * @param payloadHex  {@code payload} as hex digits, or {@code null} for a random payload
     * @param replyHex    {@code require_reply HEX} pattern (x for an ignored nibble), or {@code null}
     */
    record UdpCheck(ConnectionOptions connection, CheckTiming timing, String payloadHex, boolean requireReply,
                    String replyHex, int minReplyLength, int maxReplyLength, SourceLocation location)
            implements CheckerConfig {
        public String keyword() {
            return "UDP_CHECK";
        }
    }

    /** {@code PING_CHECK}: an ICMP echo is answered. */
    record PingCheck(ConnectionOptions connection, CheckTiming timing, SourceLocation location)
            implements CheckerConfig {
        public String keyword() {
            return "PING_CHECK";
        }
    }

    /**
     * {@code FILE_CHECK}: the value of a {@code track_file}.
     *
     * @param weight the multiplier, or {@code null} for the track_file's weight
     */
    record FileCheck(String trackFile, boolean dynamic, Integer weight, boolean reverse, SourceLocation location)
            implements CheckerConfig {
        public String keyword() {
            return "FILE_CHECK";
        }
    }

    /** {@code BFD_CHECK}: the state of a {@code bfd_instance}. */
    record BfdCheck(String name, boolean alpha, SourceLocation location) implements CheckerConfig {
        public String keyword() {
            return "BFD_CHECK";
        }
    }
}
