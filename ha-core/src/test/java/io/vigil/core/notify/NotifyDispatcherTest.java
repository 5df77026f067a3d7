package io.vigil.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.event.VrrpState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyDispatcherTest {

    /** Records what would have run. */
    static final class Recorder implements ScriptRunner {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public int run(String command, List<String> args, String user, Duration timeout) {
            calls.add(command + " " + String.join(" ", args) + (user == null ? "" : " as " + user));
            return 0;
        }
    }

    static final NotifyScripts SCRIPTS = new NotifyScripts(ScriptCommand.of("/m.sh"), ScriptCommand.of("/b.sh"),
            ScriptCommand.of("/f.sh"), ScriptCommand.of("/s.sh"), ScriptCommand.of("/n.sh"), null);

    @Test
    void runsTheStateScriptThenTheGenericOneWithKeepalivedsArgumentsInTransitionOrder() {
        Recorder r = new Recorder();
        NotifyDispatcher d = new NotifyDispatcher(r, null, "nobody", Duration.ofSeconds(1));
        d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.MASTER, 150, SCRIPTS);
        d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.BACKUP, 150, SCRIPTS);
        d.notifyState(NotifyDispatcher.Kind.GROUP, "G", VrrpState.FAULT, 0, SCRIPTS);
        d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.INITIALIZE, 150, SCRIPTS);
        d.drain(Duration.ofSeconds(5));
        assertThat(r.calls).containsExactly(
                "/m.sh  as nobody", "/n.sh INSTANCE VI_1 MASTER 150 as nobody",
                "/b.sh  as nobody", "/n.sh INSTANCE VI_1 BACKUP 150 as nobody",
                "/f.sh  as nobody", "/n.sh GROUP G FAULT 0 as nobody",
                "/s.sh  as nobody", "/n.sh INSTANCE VI_1 STOP 150 as nobody");
    }

    @Test
    void writesKeepalivedsFifoLinesWithoutBlockingOnTheFifo(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("notify.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        // the reader side (keepalived's notify_fifo_script) holds the FIFO open; the dispatcher's open must not
        // depend on it, and the lines must arrive whole and in order
        try (var reader = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            NotifyDispatcher d = new NotifyDispatcher(new Recorder(), fifo, null, Duration.ofSeconds(1));
            d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.MASTER, 100, NotifyScripts.NONE);
            d.notifyState(NotifyDispatcher.Kind.GROUP, "G1", VrrpState.BACKUP, 0, NotifyScripts.NONE);
            d.drain(Duration.ofSeconds(5));
            String expected = "INSTANCE \"VI_1\" MASTER 100\nGROUP \"G1\" BACKUP 0\n";
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(expected.length());
            while (buf.hasRemaining() && reader.read(buf) > 0) {
                // read what the dispatcher wrote; it is all in the pipe already
            }
            String text = new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).isEqualTo(expected);
        }
    }

    @Test
    void lvsNotificationsRunTheScriptWithoutArgumentsThenWriteTheFifoLine(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("lvs.fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        try (var reader = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            Recorder r = new Recorder();
            NotifyDispatcher d = new NotifyDispatcher(r, fifo, null, Duration.ofSeconds(1));
            d.notifyLvs(ScriptCommand.of("/down.sh"), "RS [198.51.100.11]:tcp:80 [192.0.2.1]:tcp:80 DOWN");
            d.notifyLvs(null, "VS [192.0.2.1]:tcp:80 DOWN");
            d.drain(Duration.ofSeconds(5));
            assertThat(r.calls).containsExactly("/down.sh ");
            String expected = "RS [198.51.100.11]:tcp:80 [192.0.2.1]:tcp:80 DOWN\nVS [192.0.2.1]:tcp:80 DOWN\n";
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(expected.length());
            while (buf.hasRemaining() && reader.read(buf) > 0) {
                // all of it is in the pipe already
            }
            assertThat(new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(expected);
        }
    }

    @Test
    void createsTheFifoWhenItIsMissing(@TempDir Path dir) {
        Path fifo = dir.resolve("made.fifo");
        NotifyDispatcher d = new NotifyDispatcher(new Recorder(), fifo, null, Duration.ofSeconds(1));
        d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.BACKUP, 100, NotifyScripts.NONE);
        d.drain(Duration.ofSeconds(5));
        assertThat(Files.exists(fifo)).isTrue();
        assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void realScriptsGetTheirArgumentsAndAreKilledWhenTooSlow(@TempDir Path dir) {
        ProcessScriptRunner runner = new ProcessScriptRunner();
        Path out = dir.resolve("out");
        // keepalived appends the arguments to the script's words: here a shell that prints them
        int ok = runner.run("/bin/sh -c 'echo \"$@\" > " + out + "' notify", List.of("INSTANCE", "VI 1", "MASTER", "100"), null,
                Duration.ofSeconds(10));
        assertThat(ok).isZero();
        assertThat(out).hasContent("INSTANCE VI 1 MASTER 100");
        long t0 = System.nanoTime();
        int killed = runner.run("sleep 30", List.of(), null, Duration.ofMillis(300));
        assertThat(killed).isEqualTo(137);
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
        assertThat(runner.run("exit 3", List.of(), null, Duration.ofSeconds(10))).isEqualTo(3);
    }
}
