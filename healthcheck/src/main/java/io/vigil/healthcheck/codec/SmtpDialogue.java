package io.vigil.healthcheck.codec;

import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.Reason;
import java.nio.charset.StandardCharsets;

/**
 * The client side of keepalived's SMTP check as a state machine over received bytes: wait for a 220 greeting,
 * send {@code HELO name}, wait for 250, send QUIT, wait for its reply. Multi-line replies ({@code 250-...}) are
 * followed to their last line; every reply is bounded (a line at most 1000 bytes, a reply at most 16 KiB).
 */
public final class SmtpDialogue {

    /** What to do after some input. */
    public sealed interface Action permits NeedMore, Send, Done {
    }

    /** Wait for more bytes. */
    public record NeedMore() implements Action {
    }

    /** Send these bytes, then keep reading. */
    public record Send(byte[] bytes) implements Action {
    }

    /** The dialogue is over. */
    public record Done(ProbeResult result) implements Action {
    }

    private enum Stage { GREETING, HELO, QUIT }

    private static final int MAX_LINE = 1000;
    private static final int MAX_REPLY = 16 * 1024;
    private static final NeedMore NEED_MORE = new NeedMore();

    private final String helo;
    private final StringBuilder line = new StringBuilder();
    private Stage stage = Stage.GREETING;
    private int replyBytes;
    private boolean done;

    public SmtpDialogue(String heloName) {
        this.helo = heloName;
    }

    /** Feeds received bytes; returns at most one action (call again with the rest when it is {@link Send}). */
    public Action feed(byte[] data, int off, int len, int[] consumed) {
        int i = off;
        int end = off + len;
        try {
            while (i < end && !done) {
                byte b = data[i++];
                if (++replyBytes > MAX_REPLY) {
                    return finish(ProbeResult.fail(Reason.RESPONSE_TOO_LARGE, stage + " reply longer than "
                            + MAX_REPLY + " bytes"));
                }
                if (b != '\n') {
                    if (line.length() >= MAX_LINE) {
                        return finish(ProbeResult.fail(Reason.RESPONSE_TOO_LARGE, "reply line longer than "
                                + MAX_LINE + " bytes"));
                    }
                    line.append((char) (b & 0xff));
                    continue;
                }
                String l = line.toString().strip();
                line.setLength(0);
                Action a = onLine(l);
                if (a != NEED_MORE) {
                    return a;
                }
            }
            return NEED_MORE;
        } finally {
            consumed[0] = i - off;
        }
    }

    /** The server closed the connection. */
    public ProbeResult eof() {
        if (stage == Stage.QUIT) {
            return ProbeResult.ok("SMTP dialogue complete (closed after QUIT)");
        }
        return ProbeResult.fail(Reason.CLOSED, "closed while waiting for the " + stage + " reply");
    }

    /** What the dialogue waits for, for timeout details. */
    public String waitingFor() {
        return stage.name() + " reply";
    }

    private Action onLine(String l) {
        if (l.length() < 3 || !Character.isDigit(l.charAt(0)) || !Character.isDigit(l.charAt(1))
                || !Character.isDigit(l.charAt(2)) || (l.length() > 3 && l.charAt(3) != ' ' && l.charAt(3) != '-')) {
            return finish(ProbeResult.fail(Reason.MALFORMED, "not an SMTP reply: '"
                    + HttpResponseReader.printable(l) + "'"));
        }
        if (l.length() > 3 && l.charAt(3) == '-') {
            return NEED_MORE; // continuation of a multi-line reply
        }
        int code = Integer.parseInt(l.substring(0, 3));
        replyBytes = 0;
        switch (stage) {
            case GREETING -> {
                if (code != 220) {
                    return finish(ProbeResult.fail(Reason.SMTP_REPLY, "greeting " + HttpResponseReader.printable(l)));
                }
                stage = Stage.HELO;
                return new Send(("HELO " + helo + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            case HELO -> {
                if (code != 250) {
                    return finish(ProbeResult.fail(Reason.SMTP_REPLY, "HELO answered "
                            + HttpResponseReader.printable(l)));
                }
                stage = Stage.QUIT;
                return new Send("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            default -> {
                return finish(ProbeResult.ok("SMTP dialogue complete"));
            }
        }
    }

    private Done finish(ProbeResult r) {
        done = true;
        return new Done(r);
    }
}
