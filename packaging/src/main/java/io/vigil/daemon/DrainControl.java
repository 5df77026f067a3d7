package io.vigil.daemon;

import io.vigil.core.config.tree.JsonWriter;
import io.vigil.core.engine.Drain;
import io.vigil.core.engine.DrainStatus;
import io.vigil.core.loop.SingleThreadEventLoop;
import io.vigil.vrrp.runtime.InstanceView;
import io.vigil.vrrp.runtime.VrrpRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket's drain commands, one request line each, answered in JSON:
 * <pre>
 * drain RS [VS]        {"drain": {"realServer", "virtualServer", "since", "connectionsAtStart", "connections",
 *                                 "finished", "finishedAt"}}
 * undrain RS [VS]      {"undrained": ["198.51.100.12 in [192.0.2.1]:tcp:80", ...]}
 * drain-director       {"handedOver": [{"instance", "peerHeardAfterMs"}], "stopping": true}
 * </pre>
 * RS is {@code ADDR} or {@code ADDR:PORT}; VS (the rest of the line) names a virtual server as {@code vigil status}
 * shows it, or by its {@code ADDR:PORT}. The progress of a drain is in {@code status}.
 */
final class DrainControl {

    private static final Logger LOG = LoggerFactory.getLogger(DrainControl.class);

    private DrainControl() {
    }

    /** {@code drain --director}, as the daemon runs it. */
    @FunctionalInterface
    interface HandOverAction {
        HandOver run() throws Exception;
    }

    /**
     * @param instances each instance that was MASTER, with how long after the hand-over the peer was heard
     *                  ({@code null}: not within the wait)
     */
    record HandOver(Map<String, Long> instances) {
    }

    static String handle(String request, EngineService engine, HandOverAction handOver) {
        String[] f = request.strip().split("\\s+", 3);
        try {
            switch (f[0]) {
                case "drain", "undrain" -> {
                    if (f.length < 2) {
                        return ControlServer.error(f[0] + " needs a real server (ADDR or ADDR:PORT)");
                    }
                    String vs = f.length > 2 ? f[2] : null;
                    if (f[0].equals("drain")) {
                        DrainStatus d = engine.drain(f[1], vs);
                        return JsonWriter.write(Map.of("drain", StatusReport.drainJson(d)));
                    }
                    List<Drain> ended = engine.undrain(f[1], vs);
                    if (ended.isEmpty()) {
                        return ControlServer.error("no drain of " + f[1] + (vs == null ? "" : " in " + vs));
                    }
                    return JsonWriter.write(Map.of("undrained", ended.stream().map(Drain::describe).toList()));
                }
                case "drain-director" -> {
                    HandOver h = handOver.run();
                    List<Object> out = new ArrayList<>();
                    h.instances().forEach((name, ms) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("instance", name);
                        m.put("peerHeardAfterMs", ms);
                        out.add(m);
                    });
                    Map<String, Object> root = new LinkedHashMap<>();
                    root.put("handedOver", out);
                    root.put("stopping", true);
                    return JsonWriter.write(root);
                }
                default -> {
                    return ControlServer.error("unknown command '" + request
                            + "' (status, drain, undrain, drain-director)");
                }
            }
        } catch (IllegalArgumentException e) {
            return ControlServer.error(e.getMessage());
        } catch (Exception e) {
            return ControlServer.error(f[0] + " failed: " + e);
        }
    }

    /**
     * Hands every MASTER instance over, waits until the peer is heard on each (an advert received after the hand-
     * over: a backup is silent, so it is the new master), at most {@code wait}, then runs {@code stop}.
     */
    static HandOver handOver(SingleThreadEventLoop loop, VrrpRuntime vrrp, Duration wait, Runnable stop)
            throws Exception {
        Map<String, Long> before = new LinkedHashMap<>();
        List<String> masters = loop.call(() -> {
            for (InstanceView v : vrrp.view()) {
                before.put(v.name(), v.advertsReceived());
            }
            return vrrp.handOver();
        }, 5, TimeUnit.SECONDS);
        long start = System.nanoTime();
        Map<String, Long> heard = new LinkedHashMap<>();
        masters.forEach(m -> heard.put(m, null));
        while (heard.containsValue(null) && System.nanoTime() - start < wait.toNanos()) {
            for (InstanceView v : loop.call(vrrp::view, 5, TimeUnit.SECONDS)) {
                if (heard.containsKey(v.name()) && heard.get(v.name()) == null
                        && v.advertsReceived() > before.getOrDefault(v.name(), 0L)) {
                    heard.put(v.name(), (System.nanoTime() - start) / 1_000_000);
                }
            }
            Thread.sleep(20);
        }
        LOG.info("handed over {}: the peer was heard after {} (ms; null: not heard); stopping", masters, heard);
        stop.run();
        return new HandOver(heard);
    }
}
