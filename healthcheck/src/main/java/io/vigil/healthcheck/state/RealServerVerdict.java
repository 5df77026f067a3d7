package io.vigil.healthcheck.state;

import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.FileCheck;
import io.vigil.healthcheck.model.MiscCheck;
import io.vigil.healthcheck.model.RealServerTarget;
import java.util.List;

/**
 * The state of a real server as the datapath needs it, computed from its checkers' states: up only when every
 * checker is up; the weight is the configured one adjusted by dynamic checkers; a server that is down has weight 0
 * (with {@code inhibit_on_failure} it stays in the pool with that weight instead of leaving it).
 *
 * @param up whether the server takes traffic
 * @param weight the weight to give it (0 when down)
 * @param reason OK/NOT_CHECKED when up, else the reason of the first failing checker
 * @param detail the matching detail, prefixed with the checker
 */
public record RealServerVerdict(boolean up, int weight, Reason reason, String detail) {

    /**
     * Evaluates a real server.
     *
     * <p>Dynamic weights follow keepalived: a {@code misc_dynamic} exit status e (2..255) adds
     * {@code e - 2 - weight} (so one such checker sets the weight to e - 2); a dynamic FILE_CHECK adds its value
     * times its weight, and a negative total means down.
     *
     * @param states the checkers' states, in the order of {@code target.checkers()}
     */
    public static RealServerVerdict of(RealServerTarget target, List<CheckerState> states) {
        List<CheckerConfig> checkers = target.checkers();
        if (checkers.size() != states.size()) {
            throw new IllegalArgumentException(checkers.size() + " checkers but " + states.size() + " states");
        }
        long weight = target.weight();
        boolean up = true;
        Reason reason = null;
        String detail = null;
        boolean allChecked = true;
        for (int i = 0; i < checkers.size(); i++) {
            CheckerState s = states.get(i);
            CheckerConfig c = checkers.get(i);
            if (!s.up() && up) {
                up = false;
                reason = s.last().reason();
                detail = c.kind() + ": " + s.last().detail();
            }
            if (s.last().reason() == Reason.NOT_CHECKED) {
                allChecked = false;
            }
            Integer dyn = s.last().dynamicWeight();
            if (dyn != null && s.up()) {
                if (c instanceof MiscCheck m && m.dynamic()) {
                    weight += dyn - target.weight();
                } else if (c instanceof FileCheck f && f.dynamic()) {
                    weight += dyn;
                }
            }
        }
        if (up && weight < 0) {
            up = false;
            reason = Reason.FILE_VALUE;
            detail = "dynamic weight " + weight + " is negative";
        }
        if (!up) {
            return new RealServerVerdict(false, 0, reason, detail);
        }
        int w = (int) Math.min(weight, Integer.MAX_VALUE);
        return allChecked || checkers.isEmpty()
                ? new RealServerVerdict(true, w, Reason.OK, checkers.isEmpty() ? "no checker" : "all checks pass")
                : new RealServerVerdict(true, w, Reason.NOT_CHECKED, "not checked yet");
    }

    /** True when the datapath must change: up/down or weight differs. */
    public boolean differsFrom(RealServerVerdict o) {
        return o == null || up != o.up || weight != o.weight;
    }
}
