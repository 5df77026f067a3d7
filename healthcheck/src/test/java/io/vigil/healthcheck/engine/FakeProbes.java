package io.vigil.healthcheck.engine;

import io.vigil.core.loop.ManualEventLoop;
import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.ProbeResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Probes whose results the test sets: each probe (named by real server key or tracker name) answers with its
 * current result after {@code latencyNanos} of the manual loop's time. Records when each attempt started.
 */
final class FakeProbes implements ProbeFactory {

    final ManualEventLoop loop;
    final long latencyNanos;
    final Map<String, ProbeResult> results = new HashMap<>();
    final Map<String, List<Long>> starts = new HashMap<>();
    int cancelled;

    FakeProbes(ManualEventLoop loop, long latencyNanos) {
        this.loop = loop;
        this.latencyNanos = latencyNanos;
    }

    void set(String name, ProbeResult r) {
        results.put(name, r);
    }

    List<Long> starts(String name) {
        return starts.getOrDefault(name, List.of());
    }

    private Probe probe(String name) {
        return done -> {
            starts.computeIfAbsent(name, k -> new ArrayList<>()).add(loop.nanoTime());
            var t = loop.schedule(loop.nanoTime() + latencyNanos,
                    () -> done.accept(results.getOrDefault(name, ProbeResult.ok("fake ok"))));
            return () -> {
                cancelled++;
                t.cancel();
            };
        };
    }

    @Override
    public Probe checker(RealServerKey key, CheckerConfig config) {
        return probe(key.toString());
    }

    @Override
    public Probe script(VrrpScript script) {
        return probe(script.name());
    }

    @Override
    public Probe file(TrackFile file) {
        return probe(file.name());
    }

    @Override
    public Probe processes(TrackProcess process) {
        return probe(process.name());
    }
}
