package io.vigil.vrrp.packet;

import java.util.List;
import java.util.Objects;

/**
 * What an instance does with a well-formed advert ({@link ReceiveExpectations#check}): process it, process it and
 * log warnings (rate-limited, RFC 9568 §7.1), or discard it without touching the state machine or its timers
 * (vrrp-standards.md §3.4).
 */
public sealed interface ReceiveVerdict
        permits ReceiveVerdict.Accept, ReceiveVerdict.AcceptWithWarnings, ReceiveVerdict.Discard {

    /** The plain accept verdict. */
    Accept ACCEPT = new Accept();

    /** True when the state machine must process the advert. */
    boolean accepted();

    /** Process the advert. */
    record Accept() implements ReceiveVerdict {
        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** Process the advert, and log (and count) each warning. */
    record AcceptWithWarnings(List<Warning> warnings) implements ReceiveVerdict {
        public AcceptWithWarnings {
            warnings = List.copyOf(warnings);
            if (warnings.isEmpty()) {
                throw new IllegalArgumentException("no warnings: use ACCEPT");
            }
        }

        @Override
        public boolean accepted() {
            return true;
        }
    }

    /** Drop the advert: it must not reach the state machine. */
    record Discard(RejectReason reason, String detail) implements ReceiveVerdict {
        public Discard {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean accepted() {
            return false;
        }
    }

    /** Something to log about an accepted advert. */
    record Warning(RejectReason reason, String detail) {
        public Warning {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
