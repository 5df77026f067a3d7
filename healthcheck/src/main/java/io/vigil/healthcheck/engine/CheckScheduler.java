package io.vigil.healthcheck.engine;

import io.vigil.core.loop.EventLoop;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * All real servers and trackers of one engine, on one event loop. {@link #update} diffs the wanted set against the
 * running one: an unchanged target keeps its state and its timers (a reload does not re-check or bounce it), a
 * changed one is restarted, a removed one is stopped. Confined to the loop: call every method from it.
 */
public final class CheckScheduler {

    private final EventLoop loop;
    private final ProbeFactory probes;
    private final HealthListener listener;
    private final RandomGenerator random;
    private final EventClock clock;
    private final Duration trackPollInterval;
    private final Map<RealServerKey, RealServerRunner> servers = new LinkedHashMap<>();
    private final Map<String, TrackerRunner> trackers = new LinkedHashMap<>();
    private Set<RealServerKey> suspended = Set.of();

    /**
     * @param random spreads first attempts over each checker's warmup
     * @param trackPollInterval how often track_file and track_process are re-read
     */
    public CheckScheduler(EventLoop loop, ProbeFactory probes, HealthListener listener, RandomGenerator random,
            Clock wallClock, Duration trackPollInterval) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = new EventClock(loop, wallClock);
        this.trackPollInterval = trackPollInterval;
    }

    /** Makes the running real servers exactly {@code targets}; keys must be unique. */
    public void update(Collection<RealServerTarget> targets) {
        Map<RealServerKey, RealServerTarget> wanted = new LinkedHashMap<>();
        for (RealServerTarget t : targets) {
            if (wanted.put(t.key(), t) != null) {
                throw new IllegalArgumentException("duplicate real server " + t.key());
            }
        }
        for (var it = servers.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            RealServerTarget w = wanted.get(e.getKey());
            if (w == null || !w.equals(e.getValue().target())) {
                e.getValue().stop();
                it.remove();
            }
        }
        for (RealServerTarget t : wanted.values()) {
            if (!servers.containsKey(t.key())) {
                RealServerRunner r = new RealServerRunner(t, loop, probes, listener, clock);
                servers.put(t.key(), r);
                r.suspend(suspended.contains(t.key()));
                r.start(random);
            }
        }
    }

    /**
     * Suspends the checks of exactly these real servers and resumes the others' (keepalived's {@code ha_suspend}:
     * a virtual server whose address this director does not hold is not checked). Keys not running yet are
     * suspended when they start.
     *
     * @return how many running real servers are suspended now
     */
    public int suspend(Set<RealServerKey> keys) {
        suspended = Set.copyOf(keys);
        int n = 0;
        for (var e : servers.entrySet()) {
            boolean on = suspended.contains(e.getKey());
            e.getValue().suspend(on);
            n += on ? 1 : 0;
        }
        return n;
    }

    /** Makes the running trackers exactly these; names must be unique within each kind. */
    public void updateTrackers(Collection<VrrpScript> scripts, Collection<TrackFile> files,
            Collection<TrackProcess> processes) {
        Map<String, Object> wanted = new LinkedHashMap<>();
        for (VrrpScript s : scripts) {
            putUnique(wanted, "script:" + s.name(), s);
        }
        for (TrackFile f : files) {
            putUnique(wanted, "file:" + f.name(), f);
        }
        for (TrackProcess p : processes) {
            putUnique(wanted, "process:" + p.name(), p);
        }
        for (var it = trackers.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            Object w = wanted.get(e.getKey());
            if (w == null || !w.equals(e.getValue().config())) {
                e.getValue().stop();
                it.remove();
            }
        }
        for (var e : wanted.entrySet()) {
            if (!trackers.containsKey(e.getKey())) {
                TrackerRunner r = new TrackerRunner(e.getValue(), loop, probes, trackPollInterval,
                        listener::onTracker, clock);
                trackers.put(e.getKey(), r);
                r.start();
            }
        }
    }

    private static void putUnique(Map<String, Object> m, String key, Object v) {
        if (m.put(key, v) != null) {
            throw new IllegalArgumentException("duplicate tracker " + key);
        }
    }

    public List<RealServerStatus> status() {
        List<RealServerStatus> out = new ArrayList<>(servers.size());
        for (RealServerRunner r : servers.values()) {
            out.add(r.status());
        }
        return out;
    }

    public List<TrackerStatus> trackerStatus() {
        List<TrackerStatus> out = new ArrayList<>();
        for (TrackerRunner r : trackers.values()) {
            out.add(r.status());
        }
        return out;
    }

    public int size() {
        return servers.size();
    }

    /** Stops everything. */
    public void stopAll() {
        Set<RealServerKey> keys = new HashSet<>(servers.keySet());
        for (RealServerKey k : keys) {
            servers.remove(k).stop();
        }
        for (TrackerRunner t : trackers.values()) {
            t.stop();
        }
        trackers.clear();
    }
}
