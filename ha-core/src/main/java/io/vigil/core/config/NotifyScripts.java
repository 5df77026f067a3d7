package io.vigil.core.config;

/**
 * keepalived's notify hooks of an instance or sync group; any may be {@code null}. {@code generic} is {@code notify}; it receives
 * {@code INSTANCE|GROUP NAME STATE PRIORITY} as arguments.
 *
 * @param deleted     {@code notify_deleted SCRIPT}, or {@code null}
 * @param sendDeleted {@code notify_deleted}: report DELETED rather than FAULT when a reload removes the instance
 */
public record NotifyScripts(ScriptCommand master, ScriptCommand backup, ScriptCommand fault, ScriptCommand stop,
                            ScriptCommand generic, ScriptCommand masterRxLowerPriority, ScriptCommand deleted,
                            boolean sendDeleted) {

    public static final NotifyScripts NONE = new NotifyScripts(null, null, null, null, null, null);

    /** The original six hooks, without {@code notify_deleted}. */
    public NotifyScripts(ScriptCommand master, ScriptCommand backup, ScriptCommand fault, ScriptCommand stop,
                         ScriptCommand generic, ScriptCommand masterRxLowerPriority) {
        this(master, backup, fault, stop, generic, masterRxLowerPriority, null, false);
    }

    public boolean isEmpty() {
        return master == null && backup == null && fault == null && stop == null && generic == null
                && masterRxLowerPriority == null && deleted == null && !sendDeleted;
    }
}
