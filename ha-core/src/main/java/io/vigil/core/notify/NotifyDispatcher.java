package io.vigil.core.notify;

import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.event.VrrpState;
import java.nio.file.Path;
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
 * {@code INSTANCE|GROUP NAME STATE PRIORITY}, then a line on the {@code notify_fifo} and the
 * {@code vrrp_notify_fifo}: {@code INSTANCE "NAME" MASTER 100}. Virtual-server events go to the {@code notify_fifo}
 * and the {@code lvs_notify_fifo}.
 */
public final class NotifyDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyDispatcher.class);

    /** keepalived's two kinds of notified objects. */
    public enum Kind { INSTANCE, GROUP }

    /**
     * keepalived's three FIFOs, each {@code null} when not configured.
     *
     * @param all  {@code notify_fifo}: every line
     * @param vrrp {@code vrrp_notify_fifo}: the instances' and groups' lines
     * @param lvs  {@code lvs_notify_fifo}: the virtual and real servers' lines
     */
    public record Fifos(NotifyFifo all, NotifyFifo vrrp, NotifyFifo lvs) {

        public static final Fifos NONE = new Fifos(null, null, null);

        /** The FIFOs {@code global_defs} names, with their scripts (not opened yet). */
        public static Fifos of(GlobalDefs g) {
            return new Fifos(fifo(g.notifyFifo(), g.notifyFifoScript(), g.scriptUser()),
                    fifo(g.vrrpNotifyFifo(), g.vrrpNotifyFifoScript(), g.scriptUser()),
                    fifo(g.lvsNotifyFifo(), g.lvsNotifyFifoScript(), g.scriptUser()));
        }

        private static NotifyFifo fifo(ScriptCommand name, ScriptCommand script, String user) {
            return name == null ? null : new NotifyFifo(Path.of(name.command()), script, user);
        }

        List<NotifyFifo> present() {
            List<NotifyFifo> out = new ArrayList<>();
            for (NotifyFifo f : new NotifyFifo[] {all, vrrp, lvs}) {
                if (f != null) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    private final ScriptRunner runner;
    private final Fifos fifos;
    private final String scriptUser;
    private final Duration timeout;
    private final ExecutorService worker;

    /**
     * @param fifo       the {@code notify_fifo} (no script), or {@code null}
     * @param scriptUser {@code script_user}, or {@code null}
     * @param timeout    the longest a script may run
     */
    public NotifyDispatcher(ScriptRunner runner, Path fifo, String scriptUser, Duration timeout) {
        this(runner, new Fifos(fifo == null ? null : new NotifyFifo(fifo, null, scriptUser), null, null), scriptUser,
                timeout);
    }

    /**
     * @param fifos      the FIFOs; they are opened by {@link #openFifos()} or at their first line
     * @param scriptUser {@code script_user}, or {@code null}
     * @param timeout    the longest a script may run
     */
    public NotifyDispatcher(ScriptRunner runner, Fifos fifos, String scriptUser, Duration timeout) {
        this.runner = runner;
        this.fifos = fifos;
        this.scriptUser = scriptUser;
        this.timeout = timeout;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** Creates and opens the FIFOs and starts their scripts (keepalived does it at start-up). */
    public void openFifos() {
        fifos.present().forEach(NotifyFifo::open);
    }

    /** Queues the notifications of one transition; returns at once. */
    public void notifyState(Kind kind, String name, VrrpState state, int priority, NotifyScripts scripts) {
        submit(() -> deliver(kind, name, state, priority, scripts), name + " " + stateName(state));
    }

    /**
     * Queues a state line for the FIFOs alone, no script ({@code fifo_write_vrrp_states_on_reload}), in order with
     * the notifications before it.
     */
    public void writeFifoState(Kind kind, String name, VrrpState state, int priority) {
        submit(() -> writeState(kind, name, state, priority), name + " " + stateName(state));
    }

    /** {@code INSTANCE "VI_1" MASTER 100} to the notify_fifo and the vrrp_notify_fifo. */
    private void writeState(Kind kind, String name, VrrpState state, int priority) {
        String line = kind.name() + " \"" + name + "\" " + stateName(state) + " " + priority;
        write(fifos.all(), line);
        write(fifos.vrrp(), line);
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
            write(fifos.all(), fifoLine);
            write(fifos.lvs(), fifoLine);
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
        writeState(kind, name, state, priority);
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

    private static void write(NotifyFifo fifo, String line) {
        if (fifo != null) {
            fifo.write(line);
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
        fifos.present().forEach(NotifyFifo::close);
    }

    @Override
    public void close() {
        drain(Duration.ofSeconds(2));
    }
}
