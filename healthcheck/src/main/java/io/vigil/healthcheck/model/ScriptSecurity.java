package io.vigil.healthcheck.model;

/**
 * The global script settings: {@code script_user} (who runs scripts that name no user; null: the daemon's own
 * user, keepalived's "keepalived_script if it exists" is left to the config mapping) and
 * {@code enable_script_security}. With security enabled no script ever runs as root: a script that would is
 * refused and its checker reports {@code SCRIPT_REFUSED}. (keepalived only refuses root scripts whose path is
 * writable by others; vigil takes the stricter reading.)
 */
public record ScriptSecurity(ScriptUser scriptUser, boolean enableScriptSecurity) {

    public static final ScriptSecurity DEFAULT = new ScriptSecurity(null, false);
}
