package io.vigil.core.config;

import java.util.List;

/**
 * keepalived's e-mail alerts ({@code notification_email}, {@code smtp_*}). Read and kept; vigil sends no mail.
 *
 * @param smtpAlert         {@code smtp_alert}, or {@code null} when not set (tri-state as in keepalived)
 * @param smtpPort          the SMTP port (default 25)
 */
public record EmailSettings(List<String> recipients, String from, String smtpServer, int smtpPort, String heloName,
                            long connectTimeoutNanos, Boolean smtpAlert, Boolean smtpAlertVrrp,
                            Boolean smtpAlertChecker, boolean noEmailFaults) {

    public static final EmailSettings NONE =
            new EmailSettings(List.of(), null, null, 25, null, 30_000_000_000L, null, null, null, false);

    public EmailSettings {
        recipients = List.copyOf(recipients);
    }
}
