package io.vigil.healthcheck.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.state.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SmtpDialogueTest {

    private final int[] consumed = new int[1];

    private SmtpDialogue.Action feed(SmtpDialogue d, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return d.feed(b, 0, b.length, consumed);
    }

    @Test
    void greetingHeloQuit() {
        SmtpDialogue d = new SmtpDialogue("checker.example");
        SmtpDialogue.Action a = feed(d, "220-mail.example ESMTP\r\n220 ready\r\n");
        assertThat(a).isInstanceOf(SmtpDialogue.Send.class);
        assertThat(new String(((SmtpDialogue.Send) a).bytes(), StandardCharsets.US_ASCII))
                .isEqualTo("HELO checker.example\r\n");
        a = feed(d, "250 hello\r\n");
        assertThat(new String(((SmtpDialogue.Send) a).bytes(), StandardCharsets.US_ASCII)).isEqualTo("QUIT\r\n");
        a = feed(d, "221 bye\r\n");
        assertThat(((SmtpDialogue.Done) a).result().ok()).isTrue();
    }

    @Test
    void wrongCodesGarbageAndFloodsFail() {
        SmtpDialogue d = new SmtpDialogue("x");
        SmtpDialogue.Done bad = (SmtpDialogue.Done) feed(d, "554 no service\r\n");
        assertThat(bad.result().reason()).isEqualTo(Reason.SMTP_REPLY);
        assertThat(bad.result().detail()).contains("554");

        SmtpDialogue g = new SmtpDialogue("x");
        assertThat(((SmtpDialogue.Done) feed(g, "hello there\r\n")).result().reason()).isEqualTo(Reason.MALFORMED);

        SmtpDialogue f = new SmtpDialogue("x");
        assertThat(((SmtpDialogue.Done) feed(f, "2".repeat(5000))).result().reason())
                .isEqualTo(Reason.RESPONSE_TOO_LARGE);

        SmtpDialogue m = new SmtpDialogue("x");
        assertThat(((SmtpDialogue.Done) feed(m, "220-more\r\n".repeat(3000))).result().reason())
                .isEqualTo(Reason.RESPONSE_TOO_LARGE);
    }

    @Test
    void closingAfterQuitIsFineBeforeItIsNot() {
        SmtpDialogue d = new SmtpDialogue("x");
        assertThat(d.eof().reason()).isEqualTo(Reason.CLOSED);
        feed(d, "220 hi\r\n");
        feed(d, "250 ok\r\n");
        assertThat(d.eof().ok()).isTrue();
    }
}
