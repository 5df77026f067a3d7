package io.vigil.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.event.VrrpState;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
        NotifyDispatcher d = new NotifyDispatcher(r, NotifyDispatcher.Fifos.NONE, "nobody", Duration.ofSeconds(1));
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
    void createsAMissingFifoAtOpenAndRemovesItAtTheEndButKeepsOneItFound(@TempDir Path dir) throws Exception {
        Path made = dir.resolve("made.fifo");
        Path found = dir.resolve("found.fifo");
        new ProcessBuilder("mkfifo", found.toString()).start().waitFor();
        NotifyDispatcher d = new NotifyDispatcher(new Recorder(),
                new NotifyDispatcher.Fifos(new NotifyFifo(made, null, null), new NotifyFifo(found, null, null), null),
                null, Duration.ofSeconds(1));
        d.openFifos();
        assertThat(made).exists();
        assertThat(Files.isRegularFile(made)).as("a FIFO, not a file").isFalse();
        assertThat(Files.getPosixFilePermissions(made)).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        d.drain(Duration.ofSeconds(5));
        assertThat(made).as("keepalived removes the FIFO it created").doesNotExist();
        assertThat(found).as("and keeps one it found").exists();
    }

    @Test
    void vrrpLinesGoToNotifyAndVrrpFifosLvsLinesToNotifyAndLvsFifos(@TempDir Path dir) throws Exception {
        Path all = dir.resolve("all.fifo");
        Path vrrp = dir.resolve("vrrp.fifo");
        Path lvs = dir.resolve("lvs.fifo");
        NotifyDispatcher d = new NotifyDispatcher(new Recorder(), new NotifyDispatcher.Fifos(
                new NotifyFifo(all, null, null), new NotifyFifo(vrrp, null, null), new NotifyFifo(lvs, null, null)),
                null, Duration.ofSeconds(1));
        d.openFifos();
        try (var a = FileChannel.open(all, StandardOpenOption.READ, StandardOpenOption.WRITE);
             var v = FileChannel.open(vrrp, StandardOpenOption.READ, StandardOpenOption.WRITE);
             var l = FileChannel.open(lvs, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.MASTER, 100, NotifyScripts.NONE);
            d.notifyLvs(null, "VS [192.0.2.1]:tcp:80 UP");
            String vLine = "INSTANCE \"VI_1\" MASTER 100\n";
            String lLine = "VS [192.0.2.1]:tcp:80 UP\n";
            assertThat(read(a, vLine.length() + lLine.length())).isEqualTo(vLine + lLine);
            assertThat(read(v, vLine.length())).isEqualTo(vLine);
            assertThat(read(l, lLine.length())).isEqualTo(lLine);
            d.drain(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFifoScriptGetsTheFifoNameAndReadsTheLinesAndIsStoppedAtTheEnd(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("notify.fifo");
        Path out = dir.resolve("seen");
        Path pid = dir.resolve("pid");
        // as keepalived's sample_notify_fifo.sh: reads the FIFO named by its last argument, line by line
        Path script = dir.resolve("reader.sh");
        Files.writeString(script, "#!/bin/sh\necho $$ > " + pid + "\nwhile read -r line; do echo \"$line\" >> "
                + out + "; done < \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        NotifyDispatcher d = new NotifyDispatcher(new Recorder(), new NotifyDispatcher.Fifos(
                new NotifyFifo(fifo, ScriptCommand.of(script.toString()), null), null, null), null,
                Duration.ofSeconds(1));
        d.openFifos();
        d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.BACKUP, 100, NotifyScripts.NONE);
        d.notifyState(NotifyDispatcher.Kind.INSTANCE, "VI_1", VrrpState.MASTER, 100, NotifyScripts.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out)
                && Files.readString(out).equals("INSTANCE \"VI_1\" BACKUP 100\nINSTANCE \"VI_1\" MASTER 100\n"));
        long readerPid = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(readerPid)).isPresent();
        d.drain(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(readerPid).isEmpty());
    }

    @Test
    void aReaderThatStopsReadingCostsItsOwnLinesNotTheScripts(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("stuck.fifo");
        Recorder r = new Recorder();
        NotifyFifo f = new NotifyFifo(fifo, null, null);
        NotifyDispatcher d = new NotifyDispatcher(r, new NotifyDispatcher.Fifos(f, null, null), null,
                Duration.ofSeconds(1));
        d.openFifos();
        // nobody reads: the pipe (64 KiB) fills, the FIFO's writer blocks, its queue fills and lines are dropped
        String pad = "x".repeat(200);
        for (int i = 0; i < NotifyFifo.QUEUE + 2000; i++) {
            d.notifyLvs(null, "VS " + pad + " " + i);
        }
        d.notifyLvs(ScriptCommand.of("/still-runs.sh"), "VS last");
        await().atMost(Duration.ofSeconds(10)).until(() -> r.calls.contains("/still-runs.sh "));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.dropped() > 0);
        long start = System.nanoTime();
        d.drain(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a stuck reader does not hold the shutdown")
                .isLessThan(Duration.ofSeconds(9));
    }

    /** Reads {@code length} bytes; a read of an empty FIFO blocks, so a missing line fails after 10 s. */
    static String read(FileChannel c, int length) throws Exception {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (buf.hasRemaining()) {
                c.read(buf);
            }
        });
        return new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
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
