package io.vigil.core.config;

import java.util.Objects;

/**
 * {@code global_defs}: the settings vigil acts on. Instance-level defaults that come from here
 * ({@code vrrp_garp_*}, {@code vrrp_version}...) are already applied to each {@link VrrpInstanceConfig}.
 *
 * @param routerId              {@code router_id} (default: the host name)
 * @param notifyFifo            {@code notify_fifo} path, or {@code null}
 * @param scriptUser            {@code script_user} (user to run scripts as), or {@code null}
 * @param enableScriptSecurity  {@code enable_script_security}: never run scripts as root
 * @param vrrpStrict            {@code vrrp_strict}
 */
public record GlobalDefs(String routerId, ScriptCommand notifyFifo, String scriptUser, boolean enableScriptSecurity,
                         boolean vrrpStrict, SourceLocation location) {

    public static final GlobalDefs DEFAULTS = new GlobalDefs(null, null, null, false, false, SourceLocation.NONE);

    public GlobalDefs {
        Objects.requireNonNull(location, "location");
    }
}
