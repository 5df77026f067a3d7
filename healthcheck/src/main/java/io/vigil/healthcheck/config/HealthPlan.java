package io.vigil.healthcheck.config;

import io.vigil.core.event.RealServerHealth;
import io.vigil.healthcheck.engine.RealServerHealthEvent;
import io.vigil.healthcheck.engine.RealServerStatus;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.RealServerTarget;
import io.vigil.healthcheck.model.ScriptSecurity;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;
import io.vigil.healthcheck.state.Reason;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine must run for one config, and how its results map back onto the config's virtual servers.
 * Immutable (a class rather than a record only to keep an index of the targets by key).
 *
 * <p>A real server used by several virtual servers with the same checkers (the usual "same farm behind port 80
 * and 443 of two VIPs") is one {@link RealServerTarget}, checked once; {@link #fanOut} turns each of its results
 * into one {@link RealServerHealth} per virtual server, each with that virtual server's own weight and
 * {@code inhibit_on_failure}.
 *
 * <p>Its parts: the targets (the real servers to check, each once); for each target its members (the virtual
 * servers that use it, at least one); the {@code vrrp_script}s, {@code track_file}s and {@code vrrp_track_process}es
 * some instance or sync group tracks; {@code script_user} and {@code enable_script_security}; and warnings, one
 * line for each thing the engine cannot do and leaves out (a {@code BFD_CHECK}).
 */
public final class HealthPlan {

    private final List<RealServerTarget> targets;
    private final Map<RealServerKey, List<Member>> members;
    private final Map<RealServerKey, RealServerTarget> byKey;
    private final List<VrrpScript> scripts;
    private final List<TrackFile> files;
    private final List<TrackProcess> processes;
    private final ScriptSecurity scriptSecurity;
    private final List<String> warnings;

    /**
     * One virtual server's use of a checked real server.
     *
     * @param virtualServer    the virtual server's name ({@code VirtualServerConfig#displayName})
     * @param weight           the real server's configured weight in that virtual server
     * @param inhibitOnFailure its {@code inhibit_on_failure} there
     */
    public record Member(String virtualServer, int weight, boolean inhibitOnFailure) {
        public Member {
            Objects.requireNonNull(virtualServer, "virtualServer");
        }
    }

    public HealthPlan(List<RealServerTarget> targets, Map<RealServerKey, List<Member>> members,
                      List<VrrpScript> scripts, List<TrackFile> files, List<TrackProcess> processes,
                      ScriptSecurity scriptSecurity, List<String> warnings) {
        this.targets = List.copyOf(targets);
        Map<RealServerKey, List<Member>> m = new LinkedHashMap<>();
        Map<RealServerKey, RealServerTarget> index = new LinkedHashMap<>();
        for (RealServerTarget t : this.targets) {
            List<Member> ms = members.get(t.key());
            if (ms == null || ms.isEmpty()) {
                throw new IllegalArgumentException("target " + t.key() + " has no virtual server");
            }
            if (index.put(t.key(), t) != null) {
                throw new IllegalArgumentException("duplicate target " + t.key());
            }
            m.put(t.key(), List.copyOf(ms));
        }
        this.members = Collections.unmodifiableMap(m);
        this.byKey = index;
        this.scripts = List.copyOf(scripts);
        this.files = List.copyOf(files);
        this.processes = List.copyOf(processes);
        this.scriptSecurity = Objects.requireNonNull(scriptSecurity, "scriptSecurity");
        this.warnings = List.copyOf(warnings);
    }

    public List<RealServerTarget> targets() {
        return targets;
    }

    public Map<RealServerKey, List<Member>> members() {
        return members;
    }

    public List<VrrpScript> scripts() {
        return scripts;
    }

    public List<TrackFile> files() {
        return files;
    }

    public List<TrackProcess> processes() {
        return processes;
    }

    public ScriptSecurity scriptSecurity() {
        return scriptSecurity;
    }

    public List<String> warnings() {
        return warnings;
    }

    /** One result of the engine, as one event per virtual server using the server. */
    public List<RealServerHealth> fanOut(RealServerHealthEvent e) {
        return fanOut(e.key(), e.up(), e.weight(), e.reason(), e.detail(), e.at());
    }

    /** A status line of the engine, as one line per virtual server; {@code since} is its last change. */
    public List<RealServerHealth> fanOut(RealServerStatus s, Instant since) {
        return fanOut(s.key(), s.up(), s.weight(), s.reason(), s.detail(), since);
    }

    /** Every virtual server's real servers, in config order, with what is known before any check. */
    public List<RealServerHealth> initial(Instant at) {
        List<RealServerHealth> out = new ArrayList<>();
        for (RealServerTarget t : targets) {
            out.addAll(fanOut(t.key(), true, t.weight(), Reason.NOT_CHECKED, "not checked yet", at));
        }
        return out;
    }

    private List<RealServerHealth> fanOut(RealServerKey key, boolean up, int weight, Reason reason, String detail,
                                          Instant at) {
        List<Member> ms = members.get(key);
        if (ms == null) {
            return List.of();
        }
        RealServerTarget t = byKey.get(key);
        // the checked weight differs from the configured one only through dynamic checkers, whose targets are
        // shared only by virtual servers giving the server the same weight: apply the same difference to each
        int delta = weight - t.weight();
        InetAddress a = key.address();
        List<RealServerHealth> out = new ArrayList<>(ms.size());
        for (Member m : ms) {
            int w = up ? Math.max(0, m.weight() + delta) : 0;
            out.add(new RealServerHealth(m.virtualServer(), a, key.port(), up, w, m.inhibitOnFailure(), reason.name(),
                    detail, at));
        }
        return out;
    }
}
