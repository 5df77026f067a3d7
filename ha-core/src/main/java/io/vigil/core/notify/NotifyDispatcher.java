package io.vigil.core.notify;

import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.event.VrrpState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's notifications, delivered in the order the transitions happened (keepalived forks its scripts and
 * their order is not guaranteed; here they run one after the other on one thread, each with a time limit):
 * the state's own script ({@code notify_master}...), then the generic {@code notify} with
 * {@code INSTANCE|GROUP NAME STATE PRIORITY}, then a line on the {@code notify_fifo}:
 * {@code INSTANCE "NAME" MASTER 100}.
 */
public final class NotifyDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyDispatcher.class);

    /** keepalived's two kinds of notified objects. */
    public enum Kind { INSTANCE, GROUP }

    private final ScriptRunner runner;
    private final Path fifo;
    private final String scriptUser;
    private final Duration timeout;
    private final ExecutorService worker;
    private OutputStream fifoOut;

    /**
     * @param fifo       the {@code notify_fifo}, or {@code null}
     * @param scriptUser {@code script_user}, or {@code null}
     * @param timeout    the longest a script may run
     */
    public NotifyDispatcher(ScriptRunner runner, Path fifo, String scriptUser, Duration timeout) {
        this.runner = runner;
        this.fifo = fifo;
        this.scriptUser = scriptUser;
        this.timeout = timeout;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the notifications of one transition; returns at once. */
    public void notifyState(Kind kind, String name, VrrpState state, int priority, NotifyScripts scripts) {
        submit(() -> deliver(kind, name, state, priority, scripts), name + " " + stateName(state));
    }

    /** Queues a one-off script (e.g. {@code notify_master_rx_lower_pri}). */
    public void run(ScriptCommand command, List<String> args) {
        submit(() -> runOne(command, args), command.command());
    }

    /**
     * Queues a notification of the virtual servers (a real server up or down, a quorum gained or lost): the script,
     * run without arguments as keepalived runs {@code notify_up}, {@code quorum_down}..., then the line on the
     * notify FIFO ({@code RS [198.51.100.10]:tcp:80 [192.0.2.1]:tcp:80 DOWN}). Returns at once.
     *
     * @param script   the script, or {@code null}
     * @param fifoLine the FIFO line without its newline
     */
    public void notifyLvs(ScriptCommand script, String fifoLine) {
        submit(() -> {
            if (script != null) {
                runOne(script, List.of());
            }
            if (fifo != null) {
                writeFifo(fifoLine + "\n");
            }
        }, fifoLine);
    }

    private void submit(Runnable task, String what) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("notification {} dropped: the dispatcher is stopped", what);
        }
    }

    private void deliver(Kind kind, String name, VrrpState state, int priority, NotifyScripts scripts) {
        String stateName = stateName(state);
        ScriptCommand specific = switch (state) {
            case MASTER -> scripts.master();
            case BACKUP -> scripts.backup();
            case FAULT -> scripts.fault();
            case INITIALIZE -> scripts.stop();
        };
        if (specific != null) {
            runOne(specific, List.of());
        }
        if (scripts.generic() != null) {
            runOne(scripts.generic(), List.of(kind.name(), name, stateName, Integer.toString(priority)));
        }
        if (fifo != null) {
            writeFifo(kind.name() + " \"" + name + "\" " + stateName + " " + priority + "\n");
        }
    }

    private void runOne(ScriptCommand c, List<String> args) {
        String user = c.user() != null ? c.user() : scriptUser;
        int status = runner.run(c.command(), args, user, timeout);
        if (status != 0) {
            LOG.warn("notify script '{}' {} exited with status {}", c.command(), args, status);
        } else {
            LOG.debug("notify script '{}' {} done", c.command(), args);
        }
    }

    private void writeFifo(String line) {
        try {
            if (fifoOut == null) {
                if (!Files.exists(fifo)) {
                    new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start().waitFor();
                }
                // read+write: opening a FIFO this way never blocks, whether or not a reader is there
                fifoOut = java.nio.channels.Channels.newOutputStream(java.nio.channels.FileChannel.open(fifo,
                        StandardOpenOption.READ, StandardOpenOption.WRITE));
            }
            fifoOut.write(line.getBytes(StandardCharsets.UTF_8));
            fifoOut.flush();
        } catch (IOException e) {
            LOG.warn("cannot write to notify_fifo {}: {}", fifo, e.getMessage());
            closeFifo();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeFifo() {
        if (fifoOut != null) {
            try {
                fifoOut.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            fifoOut = null;
        }
    }

    /** keepalived's words for the states. */
    public static String stateName(VrrpState state) {
        return switch (state) {
            case MASTER -> "MASTER";
            case BACKUP -> "BACKUP";
            case FAULT -> "FAULT";
            case INITIALIZE -> "STOP";
        };
    }

    /** Delivers what is queued (waiting at most {@code wait}), then stops. */
    public void drain(Duration wait) {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> dropped = new ArrayList<>(worker.shutdownNow());
                LOG.warn("{} notifications not delivered at shutdown", dropped.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFifo();
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(2));
    }
}
