package io.vigil.core.config;

/**
 * keepalived's notify hooks of an instance or sync group; any may be {@code null}. {@code generic} is {@code notify}; it receives
 * {@code INSTANCE|GROUP NAME STATE PRIORITY} as arguments.
 */
public record NotifyScripts(ScriptCommand master, ScriptCommand backup, ScriptCommand fault, ScriptCommand stop,
                            ScriptCommand generic, ScriptCommand masterRxLowerPriority) {

    public static final NotifyScripts NONE = new NotifyScripts(null, null, null, null, null, null);

    public boolean isEmpty() {
        return master == null && backup == null && fault == null && stop == null && generic == null
                && masterRxLowerPriority == null;
    }
}
