package io.vigil.healthcheck.model;

/** keepalived's checker keywords. {@code BFD_CHECK} is not implemented (a documented gap). */
public enum CheckerKind {
    TCP_CHECK, HTTP_GET, SSL_GET, SMTP_CHECK, DNS_CHECK, UDP_CHECK, PING_CHECK, MISC_CHECK, FILE_CHECK
}
