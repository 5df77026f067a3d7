package io.vigil.healthcheck.engine;

import io.vigil.core.event.TrackerState;
import io.vigil.core.loop.EventLoop;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.ProcessQuorum;
import io.vigil.healthcheck.state.Reason;
import io.vigil.healthcheck.state.RiseFall;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tracker (vrrp_script, track_file or vrrp_track_process) on the engine's loop: runs its probe every interval,
 * filters the result (rise/fall, quorum delays) and reports a {@link TrackerEvent} on its first result and
 * whenever the status or the value changes. Nothing is reported before the first result: until then the VRRP side
 * treats the tracker as not run yet (keepalived holds an instance tracking an unweighted script that has not run in
 * FAULT).
 */
final class TrackerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerRunner.class);

    private final Object config;
    private final String name;
    private final TrackerState.Kind kind;
    private final EventLoop loop;
    private final Probe probe;
    private final long intervalNanos;
    private final Consumer<TrackerEvent> sink;
    private final EventClock clock;
    private RiseFall riseFall;
    private ProcessQuorum quorum;
    private boolean ok;
    private long value;
    private Reason reason = Reason.NOT_CHECKED;
    private String detail = "not checked yet";
    private EventLoop.Timer timer;
    private Probe.Attempt attempt;
    private long seq;
    private boolean stopped;
    private boolean first = true;

    TrackerRunner(Object config, EventLoop loop, ProbeFactory probes, Duration pollInterval,
            Consumer<TrackerEvent> sink, EventClock clock) {
        this.config = config;
        this.loop = loop;
        this.sink = sink;
        this.clock = clock;
        if (config instanceof VrrpScript s) {
            name = s.name();
            kind = TrackerState.Kind.SCRIPT;
            probe = probes.script(s);
            intervalNanos = s.interval().toNanos();
            riseFall = RiseFall.initial(s.initFail(), s.fall());
            ok = riseFall.ok();
        } else if (config instanceof TrackFile f) {
            name = f.name();
            kind = TrackerState.Kind.FILE;
            probe = probes.file(f);
            intervalNanos = pollInterval.toNanos();
        } else if (config instanceof TrackProcess p) {
            name = p.name();
            kind = TrackerState.Kind.PROCESS;
            probe = probes.processes(p);
            intervalNanos = pollInterval.toNanos();
        } else {
            throw new IllegalArgumentException("not a tracker: " + config);
        }
    }

    Object config() {
        return config;
    }

    void start() {
        fire();
    }

    void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
        if (attempt != null) {
            attempt.cancel();
        }
    }

    TrackerStatus status() {
        return new TrackerStatus(name, kind, ok, value, reason, detail);
    }

    private void fire() {
        timer = null;
        if (stopped) {
            return;
        }
        long mine = ++seq;
        attempt = probe.start(r -> done(mine, r));
    }

    private void done(long mine, ProbeResult r) {
        if (stopped || mine != seq) {
            return;
        }
        attempt = null;
        timer = loop.schedule(loop.nanoTime() + intervalNanos, this::fire);
        boolean wasOk = ok;
        long wasValue = value;
        reason = r.reason();
        detail = r.detail();
        switch (kind) {
            case SCRIPT -> {
                VrrpScript s = (VrrpScript) config;
                riseFall = riseFall.next(r.ok(), s.rise(), s.fall());
                ok = riseFall.ok();
            }
            case FILE -> {
                // keepalived reads a missing file, or one without a number, as 0
                value = r.ok() && r.dynamicWeight() != null ? r.dynamicWeight() : 0;
                ok = r.ok();
            }
            case PROCESS -> {
                TrackProcess p = (TrackProcess) config;
                value = r.ok() && r.dynamicWeight() != null ? r.dynamicWeight() : 0;
                boolean raw = r.ok() && value >= p.quorum() && value <= p.quorumMax();
                quorum = quorum == null ? ProcessQuorum.initial(raw)
                        : quorum.next(raw, loop.nanoTime(), p.forkDelay().toNanos(), p.terminateDelay().toNanos());
                ok = quorum.ok();
                if (r.ok() && !raw) {
                    reason = Reason.PROCESS_QUORUM;
                    detail = value + " processes, quorum " + p.quorum() + ".." + p.quorumMax();
                }
            }
            default -> throw new IllegalStateException();
        }
        boolean changed = ok != wasOk || value != wasValue;
        if (changed || first) {
            LOG.info("{} {} is {} (value {}): {} {}", kind, name, ok ? "OK" : "KO", value, reason, detail);
            emit();
        }
        first = false;
    }

    private void emit() {
        TrackerEvent e = new TrackerEvent(name, kind, ok, value, reason, detail, loop.nanoTime(), clock.wallTime());
        try {
            sink.accept(e);
        } catch (RuntimeException ex) {
            LOG.error("health listener failed on {}", e, ex);
        }
    }
}
