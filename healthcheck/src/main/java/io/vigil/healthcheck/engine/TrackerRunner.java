package io.vigil.healthcheck.engine;

import io.vigil.core.loop.EventLoop;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.ProbeResult;
import io.vigil.healthcheck.state.ProcessQuorum;
import io.vigil.healthcheck.state.Reason;
import io.vigil.healthcheck.state.RiseFall;
import io.vigil.healthcheck.state.TrackEffect;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tracker (vrrp_script, track_file or vrrp_track_process) on the engine's loop: runs its probe every interval,
 * filters the result (rise/fall, quorum delays) and reports a {@link TrackerEvent} when the status, the value or
 * the effect changes.
 */
final class TrackerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TrackerRunner.class);

    private final Object config;
    private final String name;
    private final TrackerEvent.Kind kind;
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
    private TrackEffect effect;
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
            kind = TrackerEvent.Kind.SCRIPT;
            probe = probes.script(s);
            intervalNanos = s.interval().toNanos();
            riseFall = RiseFall.initial(s.initFail());
            ok = riseFall.ok();
            effect = TrackEffect.ofStatus(ok, s.weight(), s.reverse());
        } else if (config instanceof TrackFile f) {
            name = f.name();
            kind = TrackerEvent.Kind.FILE;
            probe = probes.file(f);
            intervalNanos = pollInterval.toNanos();
        } else if (config instanceof TrackProcess p) {
            name = p.name();
            kind = TrackerEvent.Kind.PROCESS;
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
        if (kind == TrackerEvent.Kind.SCRIPT) {
            // a script has a start state (OK, or KO with init_fail); files and processes report their first reading
            emit();
        }
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
        TrackEffect wasEffect = effect;
        reason = r.reason();
        detail = r.detail();
        switch (kind) {
            case SCRIPT -> {
                VrrpScript s = (VrrpScript) config;
                riseFall = riseFall.next(r.ok(), s.rise(), s.fall());
                ok = riseFall.ok();
                effect = TrackEffect.ofStatus(ok, s.weight(), s.reverse());
            }
            case FILE -> {
                TrackFile f = (TrackFile) config;
                value = r.ok() && r.dynamicWeight() != null ? r.dynamicWeight() : 0;
                effect = r.ok() ? TrackEffect.ofFile(value, f.weight(), f.reverse()) : new TrackEffect(0, true);
                ok = !effect.fault();
                if (r.ok() && !ok) {
                    reason = Reason.FILE_VALUE;
                }
            }
            case PROCESS -> {
                TrackProcess p = (TrackProcess) config;
                value = r.ok() && r.dynamicWeight() != null ? r.dynamicWeight() : 0;
                boolean raw = r.ok() && value >= p.quorum() && value <= p.quorumMax();
                quorum = quorum == null ? ProcessQuorum.initial(raw)
                        : quorum.next(raw, loop.nanoTime(), p.forkDelay().toNanos(), p.terminateDelay().toNanos());
                ok = quorum.ok();
                effect = TrackEffect.ofStatus(ok, p.weight(), p.reverse());
                if (r.ok() && !raw) {
                    reason = Reason.PROCESS_QUORUM;
                    detail = value + " processes, quorum " + p.quorum() + ".." + p.quorumMax();
                }
            }
            default -> throw new IllegalStateException();
        }
        boolean changed = ok != wasOk || value != wasValue || !effect.equals(wasEffect);
        if (changed || (first && kind != TrackerEvent.Kind.SCRIPT)) {
            LOG.info("{} {} is {} (value {}): {} {}", kind, name, ok ? "OK" : "KO", value, reason, detail);
            emit();
        }
        first = false;
    }

    private void emit() {
        TrackerEvent e = new TrackerEvent(name, kind, ok, value, effect == null ? TrackEffect.NONE : effect, reason,
                detail, loop.nanoTime(), clock.wallTime());
        try {
            sink.accept(e);
        } catch (RuntimeException ex) {
            LOG.error("health listener failed on {}", e, ex);
        }
    }
}
