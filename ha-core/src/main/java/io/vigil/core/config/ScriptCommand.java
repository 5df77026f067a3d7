package io.vigil.core.config;

import java.util.List;
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

    /**
     * The program and its arguments, split as keepalived splits a command: on white space, with shell-like quotes
     * and escapes ({@link ShellWords}).
     *
     * @throws IllegalArgumentException when the quotes do not balance (the config reader has already reported it)
     */
    public List<String> argv() {
        return ShellWords.split(command);
    }
}
