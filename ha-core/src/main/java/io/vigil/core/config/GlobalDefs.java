package io.vigil.core.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code global_defs} and the top-level process keywords. Instance-level defaults that come from here
 * ({@code vrrp_garp_*}, {@code vrrp_version}...) are already applied to each {@link VrrpInstanceConfig}; they are kept
 * in {@link #vrrp()}.
 *
 * @param routerId              {@code router_id} (default: the host name)
 * @param notifyFifo            {@code notify_fifo} path, or {@code null}
 * @param scriptUser            {@code script_user} (user to run scripts as), or {@code null}
 * @param enableScriptSecurity  {@code enable_script_security}: never run scripts as root
 * @param vrrpStrict            {@code vrrp_strict}
 * @param scriptGroup           the group of {@code script_user USER GROUP}, or {@code null}
 * @param notifyFifoScript      {@code notify_fifo_script}, or {@code null}
 * @param vrrpNotifyFifo        {@code vrrp_notify_fifo}, or {@code null}
 * @param lvsNotifyFifo         {@code lvs_notify_fifo}, or {@code null}
 * @param fifoWriteStatesOnReload {@code fifo_write_vrrp_states_on_reload}
 * @param email                 e-mail alert settings (read, not acted on)
 * @param vrrp                  defaults for every instance
 * @param lvs                   IPVS-wide settings
 * @param startupScript         {@code startup_script}, or {@code null}
 * @param netNamespace          {@code net_namespace}, or {@code null}
 * @param netNamespaceIpvs      {@code net_namespace_ipvs}, or {@code null}
 * @param instanceName          {@code instance}, or {@code null}
 * @param otherSettings         keywords kept but not acted on (process tuning, SNMP, D-Bus, buffers...)
 * @param vigil                 vigil's own keywords ({@code vigil_datapath}...)
 */
public record GlobalDefs(String routerId, ScriptCommand notifyFifo, String scriptUser, boolean enableScriptSecurity,
                         boolean vrrpStrict, SourceLocation location, String scriptGroup,
                         ScriptCommand notifyFifoScript, ScriptCommand vrrpNotifyFifo,
                         ScriptCommand vrrpNotifyFifoScript, ScriptCommand lvsNotifyFifo,
                         ScriptCommand lvsNotifyFifoScript, boolean fifoWriteStatesOnReload, EmailSettings email,
                         VrrpDefaults vrrp, LvsSettings lvs, ScriptCommand startupScript,
                         long startupScriptTimeoutNanos, ScriptCommand shutdownScript,
                         long shutdownScriptTimeoutNanos, String netNamespace, String netNamespaceIpvs,
                         String instanceName, List<Setting> otherSettings, VigilSettings vigil) {

    public static final long DEFAULT_SCRIPT_TIMEOUT_NANOS = 10_000_000_000L;

    public static final GlobalDefs DEFAULTS = new GlobalDefs(null, null, null, false, false, SourceLocation.NONE);

    public GlobalDefs {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(vrrp, "vrrp");
        Objects.requireNonNull(lvs, "lvs");
        Objects.requireNonNull(vigil, "vigil");
        otherSettings = List.copyOf(otherSettings);
    }

    /** The original six components; everything else at keepalived's defaults. */
    public GlobalDefs(String routerId, ScriptCommand notifyFifo, String scriptUser, boolean enableScriptSecurity,
                      boolean vrrpStrict, SourceLocation location) {
        this(routerId, notifyFifo, scriptUser, enableScriptSecurity, vrrpStrict, location, null, null, null, null,
                null, null, false, EmailSettings.NONE, VrrpDefaults.KEEPALIVED, LvsSettings.NONE, null,
                DEFAULT_SCRIPT_TIMEOUT_NANOS, null, DEFAULT_SCRIPT_TIMEOUT_NANOS, null, null, null, List.of(),
                VigilSettings.DEFAULTS);
    }

    /** The same settings with other vigil keywords. */
    public GlobalDefs withVigil(VigilSettings settings) {
        return new GlobalDefs(routerId, notifyFifo, scriptUser, enableScriptSecurity, vrrpStrict, location,
                scriptGroup, notifyFifoScript, vrrpNotifyFifo, vrrpNotifyFifoScript, lvsNotifyFifo,
                lvsNotifyFifoScript, fifoWriteStatesOnReload, email, vrrp, lvs, startupScript,
                startupScriptTimeoutNanos, shutdownScript, shutdownScriptTimeoutNanos, netNamespace,
                netNamespaceIpvs, instanceName, otherSettings, settings);
    }
}
