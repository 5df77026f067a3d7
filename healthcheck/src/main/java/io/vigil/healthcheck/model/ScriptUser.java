package io.vigil.healthcheck.model;

import java.util.Objects;

/**
 * The {@code user USERNAME [GROUPNAME]} a script runs as ({@code script_user} globally). A null group means the
 * user's own group.
 */
public record ScriptUser(String user, String group) {

    public ScriptUser {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }

    public static ScriptUser of(String user) {
        return new ScriptUser(user, null);
    }
}
