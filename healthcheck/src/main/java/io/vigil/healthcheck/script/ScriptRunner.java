package io.vigil.healthcheck.script;

import io.vigil.core.port.ProcessControl;
import io.vigil.healthcheck.model.ScriptSecurity;
import io.vigil.healthcheck.model.ScriptUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts on a small bounded pool, never on the event loop. Each script starts in a session and process
 * group of its own ({@code setsid}), so the time limit kills everything it spawned, children that double-forked
 * included, with SIGKILL to the group. A configured user is applied with {@code setpriv} (uid, gid, no
 * supplementary groups). With {@code enable_script_security} a script that would run as root is refused.
 * A full pool refuses at once rather than queue without bound.
 */
public final class ScriptRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRunner.class);

    private final ThreadPoolExecutor pool;
    private final ProcessControl processes;
    private final ScriptSecurity security;
    private final UserDb users;
    private final int myUid;
    private final int myGid;

    /** A run that can be abandoned. */
    public interface Run {
        /** Kills the script's process group; the outcome is not delivered. */
        void cancel();
    }

    /**
     * @param threads scripts that may run at once
     * @param queue scripts that may wait for a thread
     */
    public ScriptRunner(int threads, int queue, ScriptSecurity security, ThreadFactory threadFactory,
            ProcessControl processes) {
        this(threads, queue, security, threadFactory, processes, UserDb.system());
    }

    ScriptRunner(int threads, int queue, ScriptSecurity security, ThreadFactory threadFactory,
            ProcessControl processes, UserDb users) {
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                threadFactory, new ThreadPoolExecutor.AbortPolicy());
        this.processes = processes;
        this.security = security;
        this.users = users;
        this.myUid = processes.uid();
        this.myGid = processes.gid();
    }

    /**
     * Starts a script; {@code done} runs on {@code callbackExecutor} (the engine loop) exactly once unless the
     * run is cancelled.
     *
     * @param user the script's own user, or null for the global script_user
     */
    public Run run(List<String> argv, ScriptUser user, Duration timeout, Executor callbackExecutor,
            Consumer<ScriptOutcome> done) {
        Task t = new Task(argv, user == null ? security.scriptUser() : user, timeout, callbackExecutor, done);
        try {
            pool.execute(t);
        } catch (RejectedExecutionException e) {
            callbackExecutor.execute(() -> done.accept(new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1,
                    "script pool saturated (" + pool.getMaximumPoolSize() + " running, queue full)")));
            return () -> { };
        }
        return t;
    }

    /**
     * The command line to execute: {@code setsid}, then {@code setpriv} when the user differs from the daemon's.
     *
     * @return the command, or an outcome explaining why it must not or cannot run
     */
    Object commandFor(List<String> argv, ScriptUser user) throws IOException {
        int uid = myUid;
        int gid = myGid;
        if (user != null) {
            Optional<UserDb.Ids> ids = users.user(user.user());
            if (ids.isEmpty()) {
                return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, "no such user '" + user.user() + "'");
            }
            uid = ids.get().uid();
            gid = ids.get().gid();
            if (user.group() != null) {
                Optional<Integer> g = users.group(user.group());
                if (g.isEmpty()) {
                    return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, "no such group '" + user.group()
                            + "'");
                }
                gid = g.get();
            }
        }
        if (security.enableScriptSecurity() && uid == 0) {
            return new ScriptOutcome(ScriptOutcome.Kind.REFUSED, -1, "enable_script_security: refusing to run "
                    + argv.get(0) + " as root");
        }
        Path exe = Path.of(argv.get(0));
        if (exe.isAbsolute() && !Files.isExecutable(exe)) {
            return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, argv.get(0) + " is missing or not"
                    + " executable");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        if (uid != myUid || gid != myGid) {
            if (myUid != 0) {
                return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, "cannot run as uid " + uid
                        + " without root");
            }
            cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        }
        cmd.addAll(argv);
        return cmd;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One run on a pool thread. */
    private final class Task implements Runnable, Run {
        private final List<String> argv;
        private final ScriptUser user;
        private final Duration timeout;
        private final Executor callback;
        private final Consumer<ScriptOutcome> done;
        private volatile boolean cancelled;
        private volatile Process process;

        Task(List<String> argv, ScriptUser user, Duration timeout, Executor callback, Consumer<ScriptOutcome> done) {
            this.argv = argv;
            this.user = user;
            this.timeout = timeout;
            this.callback = callback;
            this.done = done;
        }

        @Override
        public void run() {
            ScriptOutcome o = execute();
            if (!cancelled) {
                callback.execute(() -> {
                    if (!cancelled) {
                        done.accept(o);
                    }
                });
            }
        }

        @SuppressWarnings("unchecked")
        private ScriptOutcome execute() {
            Object c;
            try {
                c = commandFor(argv, user);
            } catch (IOException | RuntimeException e) {
                return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, "user lookup failed: " + e);
            }
            if (c instanceof ScriptOutcome refused) {
                return refused;
            }
            List<String> cmd = (List<String>) c;
            long start = System.nanoTime();
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, "cannot start " + argv.get(0) + ": "
                        + e.getMessage());
            }
            process = p;
            if (cancelled) {
                kill(p);
            }
            try {
                if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    kill(p);
                    return new ScriptOutcome(ScriptOutcome.Kind.TIMED_OUT, -1, argv.get(0) + " still running after "
                            + timeout.toMillis() + " ms: killed its process group");
                }
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                return new ScriptOutcome(ScriptOutcome.Kind.FAILED_TO_START, -1, "interrupted");
            }
            int code = p.exitValue();
            return new ScriptOutcome(ScriptOutcome.Kind.EXITED, code, argv.get(0) + " exited with " + code
                    + " after " + (System.nanoTime() - start) / 1_000_000 + " ms");
        }

        @Override
        public void cancel() {
            cancelled = true;
            Process p = process;
            if (p != null) {
                kill(p);
            }
        }

        private void kill(Process p) {
            // the script is the leader of its own group (setsid execs in place), so its pid is the group id
            if (p.isAlive()) {
                processes.signalGroup(p.pid(), ProcessControl.SIGKILL);
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("killed script {} (pid {})", argv.get(0), p.pid());
        }
    }
}
