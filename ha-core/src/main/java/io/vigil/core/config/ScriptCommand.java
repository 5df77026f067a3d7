package io.vigil.core.config;

import java.util.Objects;

/**
 * A command line to run (notify scripts, checks), as written in the config, with an optional user/group to run
 * it as (keepalived's {@code notify_master "cmd" user group}).
 */
public record ScriptCommand(String command, String user, String group, SourceLocation location) {

    public ScriptCommand {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(location, "location");
    }

    public static ScriptCommand of(String command) {
        return new ScriptCommand(command, null, null, SourceLocation.NONE);
    }
}
