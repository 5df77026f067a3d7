package io.vigil.healthcheck.model;

import java.util.Objects;

/**
 * {@code SMTP_CHECK}: expects a 220 greeting, sends {@code HELO helo_name} and expects 250, then sends QUIT and
 * waits for its reply line, as keepalived does.
 *
 * @param heloName {@code helo_name} (keepalived's default {@value #DEFAULT_HELO})
 */
public record SmtpCheck(ConnectOptions connect, CheckTiming timing, String heloName) implements CheckerConfig {

    public static final String DEFAULT_HELO = "smtpchecker.keepalived.org";

    public SmtpCheck {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(heloName, "heloName");
        if (heloName.isEmpty() || heloName.chars().anyMatch(c -> c < ' ' || c > '~')) {
            throw new IllegalArgumentException("helo_name must be printable ASCII without line breaks");
        }
    }

    public static SmtpCheck defaults() {
        return new SmtpCheck(ConnectOptions.DEFAULT, CheckTiming.defaults(CheckerKind.SMTP_CHECK), DEFAULT_HELO);
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.SMTP_CHECK;
    }
}
