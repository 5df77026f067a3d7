package io.vigil.vrrp.fsm;

import io.vigil.core.event.TransitionReason;

import java.util.List;
import java.util.Objects;

/**
 * The result of one step: the next state, the actions to run in order, and, when the state changed, why.
 *
 * @param reason why the state changed, or {@code null} when it did not
 * @param note   a short remark for the log ("lower priority advert discarded"...), or {@code null}
 */
public record Transition(InstanceState next, List<VrrpAction> actions, TransitionReason reason, String note) {

    public Transition {
        Objects.requireNonNull(next, "next");
        actions = List.copyOf(actions);
    }

    public boolean changedState(InstanceState previous) {
        return previous.state() != next.state();
    }
}
