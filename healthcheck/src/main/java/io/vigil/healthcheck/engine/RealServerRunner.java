package io.vigil.healthcheck.engine;

import io.vigil.core.loop.EventLoop;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.state.CheckerMachine;
import io.vigil.healthcheck.state.CheckerState;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.RealServerVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkers of one real server on the engine's loop: applies {@link CheckerMachine} to each attempt's result,
 * schedules the next attempt, and reports a {@link RealServerHealthEvent} whenever {@link RealServerVerdict}
 * changes. Confined to the loop; no thread of its own.
 */
final class RealServerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RealServerRunner.class);

    private final RealServerTarget target;
    private final EventLoop loop;
    private final HealthListener sink;
    private final EventClock clock;
    private final List<CheckerRun> runs = new ArrayList<>();
    private RealServerVerdict reported;
    private boolean stopped;
    /** While set, no attempt starts (keepalived's {@code ha_suspend}): the state stays as it was. */
    private boolean suspended;

    RealServerRunner(RealServerTarget target, EventLoop loop, ProbeFactory probes,
            HealthListener sink, EventClock clock) {
        this.target = target;
        this.loop = loop;
        this.sink = sink;
        this.clock = clock;
        for (CheckerConfig c : target.checkers()) {
            runs.add(new CheckerRun(c, probes.checker(target.key(), c)));
        }
    }

    RealServerTarget target() {
        return target;
    }

    /** Reports the initial state and schedules each checker's first attempt within its warmup. */
    void start(RandomGenerator random) {
        evaluate(true);
        for (CheckerRun r : runs) {
            r.schedule(CheckerMachine.firstDelayNanos(r.config.timing(), random.nextDouble()));
        }
    }

    /**
     * Suspends the checks (an attempt in flight finishes, then nothing is scheduled) or resumes them: on resuming,
     * each idle checker makes its attempt at once, so a server that failed meanwhile is seen without waiting a
     * whole delay_loop.
     */
    void suspend(boolean on) {
        if (on == suspended) {
            return;
        }
        suspended = on;
        if (!on && !stopped) {
            for (CheckerRun r : runs) {
                if (r.timer == null && r.attempt == null) {
                    r.schedule(0);
                }
            }
        }
    }

    /** Cancels timers and attempts in flight; no event follows. */
    void stop() {
        stopped = true;
        for (CheckerRun r : runs) {
            r.cancel();
        }
    }

    RealServerStatus status() {
        List<CheckerStatus> cs = new ArrayList<>();
        for (CheckerRun r : runs) {
            cs.add(new CheckerStatus(r.config.kind(), r.state.up(), r.state.retryIt(), r.state.last().reason(),
                    r.state.last().detail(), r.state.last().durationNanos(), r.attempts, r.failures));
        }
        return new RealServerStatus(target.key(), reported.up(), reported.weight(), reported.reason(),
                reported.detail(), cs);
    }

    private void evaluate(boolean force) {
        List<CheckerState> states = new ArrayList<>(runs.size());
        for (CheckerRun r : runs) {
            states.add(r.state);
        }
        RealServerVerdict v = RealServerVerdict.of(target, states);
        boolean changed = v.differsFrom(reported);
        reported = v;
        if (changed || force) {
            RealServerHealthEvent e = new RealServerHealthEvent(target.key(), v.up(), v.weight(),
                    target.inhibitOnFailure(), v.reason(), v.detail(), loop.nanoTime(), clock.wallTime());
            if (!force) {
                LOG.info("real server {} is {} (weight {}): {} {}", target.key(), v.up() ? "UP" : "DOWN", v.weight(),
                        v.reason(), v.detail());
            }
            try {
                sink.onRealServer(e);
            } catch (RuntimeException ex) {
                LOG.error("health listener failed on {}", e, ex);
            }
        }
    }

    /** One checker: its state, its timer, its attempt in flight. */
    private final class CheckerRun {
        final CheckerConfig config;
        final Probe probe;
        CheckerState state;
        EventLoop.Timer timer;
        Probe.Attempt attempt;
        long attemptSeq;
        long startedNanos;
        long attempts;
        long failures;

        CheckerRun(CheckerConfig config, Probe probe) {
            this.config = config;
            this.probe = probe;
            this.state = CheckerState.initial(config.timing());
        }

        void schedule(long delayNanos) {
            timer = loop.schedule(loop.nanoTime() + delayNanos, this::fire);
        }

        void fire() {
            timer = null;
            if (stopped || suspended) {
                return;
            }
            long seq = ++attemptSeq;
            startedNanos = loop.nanoTime();
            attempts++;
            try {
                attempt = probe.start(r -> done(seq, r));
            } catch (RuntimeException e) {
                // a probe must not throw; if one does, it is a bug: count it as a failed attempt
                LOG.error("probe {} of {} threw (this is a bug)", config.kind(), target.key(), e);
                done(seq, ProbeResult.fail(io.vigil.healthcheck.state.Reason.IO_ERROR, "probe error: " + e));
            }
        }

        void done(long seq, ProbeResult r) {
            if (stopped || seq != attemptSeq) {
                return;
            }
            attempt = null;
            if (r.durationNanos() == 0) {
                r = r.withDuration(loop.nanoTime() - startedNanos);
            }
            try {
                sink.onAttempt(config.kind(), r.durationNanos(), r.ok());
            } catch (RuntimeException ex) {
                LOG.error("health listener failed on an attempt of {}", target.key(), ex);
            }
            if (!r.ok()) {
                failures++;
                // as keepalived: the failures of a server still up (retries) are logged; a down server's only with
                // log_all_failures / checker_log_all_failures
                if (state.up() || config.timing().logAllFailures()) {
                    LOG.info("{} {} failed: {} {}", target.key(), config.kind(), r.reason(), r.detail());
                }
            }
            CheckerMachine.Step step = CheckerMachine.onResult(state, r, config.timing());
            state = step.state();
            schedule(step.nextDelayNanos());
            evaluate(false);
        }

        void cancel() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            if (attempt != null) {
                attempt.cancel();
                attempt = null;
            }
            attemptSeq++;
        }
    }
}
