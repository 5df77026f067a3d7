package io.vigil.core.engine;

import io.vigil.core.config.ScriptCommand;
import java.util.Objects;

/**
 * What the engine tells the outside about the virtual servers, keepalived's LVS notifications: a real server going
 * up or down ({@code notify_up} / {@code notify_down}, and an {@code RS} line on the notify FIFO), a virtual server
 * gaining or losing its quorum ({@code quorum_up} / {@code quorum_down}, a {@code VS} line).
 */
public sealed interface LvsEvent {

    /** The script to run, or {@code null}. */
    ScriptCommand script();

    /** The notify FIFO line, keepalived's format, without the newline. */
    String fifoLine();

    /**
     * @param virtualServer the virtual server ({@code [192.0.2.1]:tcp:80})
     * @param realServer    the real server in keepalived's form ({@code [198.51.100.10]:tcp:80})
     */
    record RealServerChanged(String virtualServer, String realServer, boolean up, ScriptCommand script)
            implements LvsEvent {
        public RealServerChanged {
            Objects.requireNonNull(virtualServer, "virtualServer");
            Objects.requireNonNull(realServer, "realServer");
        }

        @Override
        public String fifoLine() {
            return "RS " + realServer + " " + virtualServer + " " + (up ? "UP" : "DOWN");
        }
    }

    /**
     * @param liveWeight the total weight of the live real servers
     * @param threshold  the weight the quorum was compared with (quorum -/+ hysteresis)
     */
    record QuorumChanged(String virtualServer, boolean up, long liveWeight, long threshold, ScriptCommand script)
            implements LvsEvent {
        public QuorumChanged {
            Objects.requireNonNull(virtualServer, "virtualServer");
        }

        @Override
        public String fifoLine() {
            return "VS " + virtualServer + " " + (up ? "UP" : "DOWN");
        }
    }
}
