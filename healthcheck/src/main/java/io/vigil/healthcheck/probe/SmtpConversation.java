package io.vigil.healthcheck.probe;

import io.vigil.healthcheck.codec.SmtpDialogue;
import io.vigil.healthcheck.state.ProbeResult;
import java.util.function.Consumer;

/** SMTP_CHECK's dialogue on a connection. */
final class SmtpConversation implements Conversation {

    private final SmtpDialogue dialogue;
    private final int[] consumed = new int[1];

    SmtpConversation(String helo) {
        this.dialogue = new SmtpDialogue(helo);
    }

    @Override
    public byte[] opening() {
        return null;
    }

    @Override
    public ProbeResult onData(byte[] data, int off, int len, Consumer<byte[]> out) {
        int o = off;
        int l = len;
        while (true) {
            SmtpDialogue.Action a = dialogue.feed(data, o, l, consumed);
            o += consumed[0];
            l -= consumed[0];
            if (a instanceof SmtpDialogue.Done d) {
                return d.result();
            }
            if (a instanceof SmtpDialogue.Send s) {
                out.accept(s.bytes());
                continue;
            }
            return null;
        }
    }

    @Override
    public ProbeResult onEof() {
        return dialogue.eof();
    }

    @Override
    public String waitingFor() {
        return "the " + dialogue.waitingFor();
    }
}
