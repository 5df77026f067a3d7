package io.vigil.daemon;

import io.vigil.core.config.tree.JsonWriter;
import io.vigil.core.engine.Drain;
import io.vigil.core.engine.DrainStatus;
import io.vigil.core.engine.EngineView;
import io.vigil.core.engine.VirtualServerStatus;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.net.InetAddresses;
import io.vigil.healthcheck.engine.CheckerStatus;
import io.vigil.healthcheck.engine.TrackerStatus;
import io.vigil.vrrp.runtime.InstanceView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code vigil status} shows: every VRRP instance, every real server of every virtual server, every tracker.
 * Its JSON form is the control socket's answer to {@code status}:
 * <pre>
 * {"instances": [{"name", "vrid", "interface", "state", "basePriority", "effectivePriority", "master",
 *                 "masterPriority", "faults": [...], "advertsReceived", "advertsSent"}],
 *  "realServers": [{"virtualServer", "address", "port", "up", "weight", "inhibitOnFailure", "reason", "detail",
 *                   "since", "checkers": [{"kind", "up", "reason", "detail", "lastDurationMs", "attempts",
 *                   "failures"}]}],
 *  "trackers": [{"kind", "name", "ok", "value", "reason", "detail"}],
 *  "datapath": {"kind", "preemptionHeld", "driftRepaired"},
 *  "virtualServers": [{"name", "services": [...], "quorumUp", "liveWeight", "quorum", "hysteresis",
 *                      "sorryServerActive", "suspended": [...]}],
 *  "drains": [{"realServer", "virtualServer", "since", "connectionsAtStart", "connections", "finished",
 *              "finishedAt"}]}
 * </pre>
 * {@code master} is null when no master is known; {@code since} is an ISO-8601 instant; a drain's
 * {@code virtualServer} is null when it covers every virtual server, its counts -1 before the first count.
 *
 * @param engine the datapath engine's view, or {@code null} (then no datapath, virtual server or drain keys)
 */
public record StatusReport(List<InstanceView> instances, List<Line> realServers, List<TrackerStatus> trackers,
                           EngineView engine) {

    /** A real server's line: its health in one virtual server, and its checkers. */
    public record Line(RealServerHealth health, List<CheckerStatus> checkers) {
        public Line {
            checkers = List.copyOf(checkers);
        }
    }

    public StatusReport {
        instances = List.copyOf(instances);
        realServers = List.copyOf(realServers);
        trackers = List.copyOf(trackers);
    }

    /** Without the engine's part. */
    public StatusReport(List<InstanceView> instances, List<Line> realServers, List<TrackerStatus> trackers) {
        this(instances, realServers, trackers, null);
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> is = new ArrayList<>();
        for (InstanceView v : instances) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("vrid", v.vrid());
            m.put("interface", v.interfaceName());
            m.put("state", v.state().name());
            m.put("basePriority", v.basePriority());
            m.put("effectivePriority", v.effectivePriority());
            m.put("master", v.masterAddress() == null ? null : InetAddresses.toText(v.masterAddress()));
            m.put("masterPriority", v.masterPriority());
            m.put("faults", v.faults());
            m.put("advertsReceived", v.advertsReceived());
            m.put("advertsSent", v.advertsSent());
            is.add(m);
        }
        root.put("instances", is);
        List<Object> rs = new ArrayList<>();
        for (Line l : realServers) {
            RealServerHealth h = l.health();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("virtualServer", h.virtualServer());
            m.put("address", InetAddresses.toText(h.address()));
            m.put("port", h.port());
            m.put("up", h.up());
            m.put("weight", h.weight());
            m.put("inhibitOnFailure", h.inhibitOnFailure());
            m.put("reason", h.reason());
            m.put("detail", h.detail());
            m.put("since", h.since().toString());
            List<Object> cs = new ArrayList<>();
            for (CheckerStatus c : l.checkers()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("kind", c.kind().name());
                cm.put("up", c.up());
                cm.put("reason", c.lastReason().name());
                cm.put("detail", c.lastDetail());
                cm.put("lastDurationMs", Math.round(c.lastDurationNanos() / 1e4) / 100.0);
                cm.put("attempts", c.attempts());
                cm.put("failures", c.failures());
                cs.add(cm);
            }
            m.put("checkers", cs);
            rs.add(m);
        }
        root.put("realServers", rs);
        List<Object> ts = new ArrayList<>();
        for (TrackerStatus t : trackers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", t.kind().label());
            m.put("name", t.name());
            m.put("ok", t.ok());
            m.put("value", t.value());
            m.put("reason", t.reason().name());
            m.put("detail", t.detail());
            ts.add(m);
        }
        root.put("trackers", ts);
        if (engine != null) {
            putEngine(root, engine);
        }
        return JsonWriter.write(root);
    }

    private static void putEngine(Map<String, Object> root, EngineView e) {
        Map<String, Object> dp = new LinkedHashMap<>();
        dp.put("kind", e.datapath());
        dp.put("preemptionHeld", e.preemptionHeld());
        dp.put("driftRepaired", e.driftRepaired());
        root.put("datapath", dp);
        List<Object> vss = new ArrayList<>();
        for (VirtualServerStatus v : e.virtualServers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.id());
            m.put("services", v.services().stream().map(Object::toString).toList());
            m.put("quorumUp", v.quorumUp());
            m.put("liveWeight", v.liveWeight());
            m.put("quorum", v.quorum());
            m.put("hysteresis", v.hysteresis());
            m.put("sorryServerActive", v.sorryServerActive());
            m.put("suspended", v.suspended().stream().map(Object::toString).toList());
            vss.add(m);
        }
        root.put("virtualServers", vss);
        List<Object> ds = new ArrayList<>();
        for (DrainStatus d : e.drains()) {
            ds.add(drainJson(d));
        }
        root.put("drains", ds);
    }

    /** One drain as JSON (also the control socket's answer to {@code drain}). */
    public static Map<String, Object> drainJson(DrainStatus d) {
        Map<String, Object> m = new LinkedHashMap<>();
        Drain x = d.drain();
        m.put("realServer", x.port() == null ? InetAddresses.toText(x.address())
                : io.vigil.core.port.ServiceKey.endpoint(x.address(), x.port()));
        m.put("virtualServer", x.virtualServer());
        m.put("since", x.since().toString());
        m.put("connectionsAtStart", d.connectionsAtStart());
        m.put("connections", d.connections());
        m.put("finished", d.finished());
        m.put("finishedAt", d.finishedAt() == null ? null : d.finishedAt().toString());
        m.put("note", d.note());
        return m;
    }
}
