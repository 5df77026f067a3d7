package io.vigil.core.notify;

import io.vigil.core.config.ScriptCommand;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of keepalived's notify FIFOs ({@code notify_fifo}, {@code vrrp_notify_fifo}, {@code lvs_notify_fifo}), as
 * keepalived keeps it: created when missing (mode 0644) and removed at close when it was created here, its
 * {@code *_fifo_script} started once with the FIFO's name as its last argument and sent SIGTERM at close, and the
 * FIFO opened for reading and writing so that opening never waits for a reader.
 *
 * <p>A write to a FIFO whose reader has stopped reading blocks once the pipe is full (64 KiB); so the lines go
 * through a thread of the FIFO's own with a bounded queue, and a line that finds the queue full is dropped and
 * counted. A stuck reader costs its own lines, never the notify scripts or the daemon.
 */
public final class NotifyFifo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyFifo.class);
    /** Lines that may wait for a slow reader before new ones are dropped. */
    static final int QUEUE = 4096;

    private final Path path;
    private final ScriptCommand script;
    private final String scriptUser;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();
    private FileChannel channel;
    private Process reader;
    private boolean created;
    /** open() ran: it is tried once, so a FIFO that cannot be opened does not start its script again per line. */
    private boolean opened;

    /**
     * @param script     the FIFO's reader script, or {@code null}
     * @param scriptUser the user to run the script as when it names none ({@code script_user}), or {@code null}
     */
    public NotifyFifo(Path path, ScriptCommand script, String scriptUser) {
        this.path = path;
        this.script = script;
        this.scriptUser = scriptUser;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "vigil-fifo-" + path.getFileName());
            t.setDaemon(true);
            return t;
        }, (r, e) -> {
            if (dropped.getAndIncrement() % 1000 == 0) {
                LOG.warn("notify FIFO {}: its reader does not keep up; {} line(s) dropped", path, dropped.get());
            }
        });
    }

    public Path path() {
        return path;
    }

    /** Lines dropped because the reader did not keep up (or the FIFO could not be written). */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Creates the FIFO when missing, starts its script and opens it, once; a failure is logged and leaves the FIFO
     * closed (its lines are then dropped), as keepalived goes on without a FIFO it cannot open.
     */
    public synchronized void open() {
        if (opened) {
            return;
        }
        opened = true;
        try {
            if (!Files.exists(path)) {
                Process p = new ProcessBuilder("mkfifo", "-m", "644", path.toString()).redirectErrorStream(true)
                        .start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0) {
                    throw new IOException("mkfifo: " + out);
                }
                created = true;
            } else if (Files.isRegularFile(path)) {
                throw new IOException("it is a regular file, not a FIFO");
            }
            if (script != null) {
                String user = script.user() != null ? script.user() : scriptUser;
                reader = ProcessScriptRunner.spawn(script.command(), List.of(path.toString()), user);
            }
            // read+write: opening a FIFO this way never waits for a reader
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warn("cannot open notify FIFO {}: {}", path, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues one line (its newline added here); returns at once. */
    public void write(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        writer.execute(() -> writeNow(bytes));
    }

    private void writeNow(byte[] bytes) {
        FileChannel c;
        synchronized (this) {
            open();
            c = channel;
        }
        if (c == null) {
            dropped.incrementAndGet();
            return;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                c.write(b);
            }
        } catch (IOException e) {
            dropped.incrementAndGet();
            LOG.warn("cannot write to notify FIFO {}: {}", path, e.getMessage());
        }
    }

    /** Waits (at most {@code millis}) for the queued lines to be written. */
    void flush(long millis) {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
                LOG.warn("notify FIFO {}: {} line(s) not written at shutdown (the reader is stuck)", path,
                        writer.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes what is queued (at most 2 s), closes the FIFO, stops its script and removes a FIFO it created. */
    @Override
    public void close() {
        flush(2000);
        synchronized (this) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a pipe does not fail in a way that matters here
                }
                channel = null;
            }
            if (reader != null) {
                reader.descendants().forEach(ProcessHandle::destroy);
                reader.destroy();
                reader = null;
            }
            if (created) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("cannot remove notify FIFO {}: {}", path, e.getMessage());
                }
                created = false;
            }
        }
    }
}
