package io.vigil.core.config.tree;

import io.vigil.core.config.Authentication;
import io.vigil.core.config.BfdInstanceConfig;
import io.vigil.core.config.EmailSettings;
import io.vigil.core.config.GarpSettings;
import io.vigil.core.config.GlobalDefs;
import io.vigil.core.config.InstanceOptions;
import io.vigil.core.config.InterfaceSetting;
import io.vigil.core.config.LvsSettings;
import io.vigil.core.config.NotifyScripts;
import io.vigil.core.config.RouteConfig;
import io.vigil.core.config.RuleConfig;
import io.vigil.core.config.ScriptCommand;
import io.vigil.core.config.Setting;
import io.vigil.core.config.TrackFileConfig;
import io.vigil.core.config.TrackGroupConfig;
import io.vigil.core.config.TrackProcessConfig;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.UnicastSettings;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.VirtualAddress;
import io.vigil.core.config.VrrpDefaults;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.VrrpSyncGroupConfig;
import io.vigil.core.config.lvs.CheckTiming;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.ConnectionOptions;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.SorryServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import io.vigil.core.net.AddressFamily;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The defaults of the tree form, one table for both directions: a dump leaves out a value equal to its default and
 * the YAML reader puts the default in for a key left out, so the two always agree. They are keepalived's defaults
 * (an instance without {@code priority} has 100...), and, for an instance, the instance defaults of the config's
 * own {@code global_defs} ({@link #forGlobals}). Keys marked required must be given in YAML.
 */
public final class ModelDefaults {

    /** keepalived's defaults, with no global_defs applied. */
    public static final ModelDefaults BASE = new ModelDefaults(Map.of());

    private final Map<Class<?>, Map<String, Object>> overrides;

    private ModelDefaults(Map<Class<?>, Map<String, Object>> overrides) {
        this.overrides = overrides;
    }

    /**
     * The defaults of a config whose global_defs is {@code g}: an instance that leaves out {@code version},
     * {@code garp}, {@code lower_priority_no_advert}, {@code higher_priority_send_advert},
     * {@code down_timer_adverts} or {@code strict_mode} takes the global value, as in keepalived.conf; so do its
     * {@code options.peer_macs} (vigil's {@code vigil_peer_mac}).
     */
    public static ModelDefaults forGlobals(GlobalDefs g) {
        VrrpDefaults v = g.vrrp();
        Map<String, Object> inst = new HashMap<>();
        inst.put("version", v.version());
        inst.put("garp", v.garp());
        inst.put("lowerPriorityNoAdvert", v.lowerPriorityNoAdvert());
        inst.put("higherPrioritySendAdvert", v.higherPrioritySendAdvert());
        inst.put("downTimerAdverts", v.downTimerAdverts());
        inst.put("strictMode", g.vrrpStrict());
        if (v.peerMacs().isEmpty()) {
            return new ModelDefaults(Map.of(VrrpInstanceConfig.class, inst));
        }
        inst.put("options", InstanceOptions.DEFAULTS.withPeerMacs(v.peerMacs()));
        return new ModelDefaults(Map.of(VrrpInstanceConfig.class, inst, InstanceOptions.class,
                Map.of("peerMacs", v.peerMacs())));
    }

    private static final long SECOND = 1_000_000_000L;

    private static final Map<Class<?>, Map<String, Object>> DEFAULTS = new HashMap<>();
    private static final Map<Class<?>, Set<String>> REQUIRED = new HashMap<>();
    /** Components whose reader default depends on the surrounding node: always written. */
    private static final Map<Class<?>, Set<String>> ALWAYS = new HashMap<>();

    static {
        fromInstance(VrrpInstanceConfig.builder("", "", 1).build(), "name", "vrid");
        fromInstance(GarpSettings.KEEPALIVED_DEFAULTS);
        fromInstance(NotifyScripts.NONE);
        fromInstance(UnicastSettings.DEFAULTS);
        fromInstance(InstanceOptions.DEFAULTS);
        fromInstance(GlobalDefs.DEFAULTS);
        fromInstance(EmailSettings.NONE);
        fromInstance(VrrpDefaults.KEEPALIVED);
        fromInstance(LvsSettings.NONE);
        fromInstance(VigilSettings.DEFAULTS);
        fromInstance(VirtualAddress.of("0.0.0.0"), "prefix");
        fromInstance(Forwarding.NAT);
        put(VrrpScriptConfig.class, "intervalNanos", SECOND, "weight", 0, "rise", 1, "fall", 1);
        put(TrackFileConfig.class, "weight", 1);
        put(TrackProcessConfig.class, "weight", 0, "quorum", 1, "paramMatch", TrackProcessConfig.ParamMatch.EXACT);
        put(BfdInstanceConfig.class, "minRxNanos", 10_000_000L, "minTxNanos", 10_000_000L, "idleTxNanos", SECOND,
                "multiplier", 5);
        put(VirtualServerConfig.class, "family", AddressFamily.INET, "scheduler", "wlc", "forwarding", Forwarding.NAT,
                "quorum", 1L, "weight", 1, "delayLoopNanos", 60 * SECOND, "connectTimeoutNanos", 5 * SECOND);
        put(RealServerConfig.class, "weight", 1, "forwarding", Forwarding.NAT, "connectTimeoutNanos", 5 * SECOND,
                "delayLoopNanos", 60 * SECOND, "smtpAlert", true);
        put(SorryServerConfig.class, "forwarding", Forwarding.NAT);
        put(CheckTiming.class, "retry", 1, "delayBeforeRetryNanos", SECOND, "warmupNanos", 60 * SECOND,
                "delayLoopNanos", 60 * SECOND);
        put(ConnectionOptions.class, "connectTimeoutNanos", 5 * SECOND);
        put(CheckerConfig.HttpCheck.class, "httpProtocol", "1.0");
        put(CheckerConfig.UrlCheck.class, "statusCodes", List.of(CheckerConfig.StatusRange.SUCCESS));
        put(CheckerConfig.DnsCheck.class, "type", "SOA", "name", "");
        put(CheckerConfig.UdpCheck.class, "maxReplyLength", 255);

        required(VrrpInstanceConfig.class, "name", "vrid");
        required(VirtualAddress.class, "prefix");
        required(TrackedInterface.class, "name");
        required(TrackedScript.class, "name");
        required(TrackedObject.class, "name");
        required(ScriptCommand.class, "command");
        required(Authentication.class, "type", "password");
        required(VrrpScriptConfig.class, "name", "script");
        required(TrackFileConfig.class, "name", "file");
        required(TrackProcessConfig.class, "name", "process");
        required(BfdInstanceConfig.class, "name");
        required(VrrpSyncGroupConfig.class, "name");
        required(Setting.class, "keyword");
        required(RouteConfig.class, "destination");
        required(RuleConfig.class, "action");
        required(TrackGroupConfig.class, "name");
        required(InterfaceSetting.class, "name");
        required(VirtualServerGroupConfig.class, "name");
        required(RealServerConfig.class, "address");
        required(SorryServerConfig.class, "address");
        required(CheckerConfig.UrlCheck.class, "path");
        required(CheckerConfig.StatusRange.class, "from", "to");
        required(CheckerConfig.MiscCheck.class, "path");
        required(CheckerConfig.FileCheck.class, "trackFile");
        required(CheckerConfig.BfdCheck.class, "name");
        required(LvsSettings.SyncDaemon.class, "interfaceName");
        required(UnicastSettings.PeerTtl.class, "peer");

        always(ConnectionOptions.class, "connectIp", "connectPort");
        always(VrrpScriptConfig.class, "timeoutNanos");
        always(CheckerConfig.MiscCheck.class, "timeoutNanos");
        always(BfdInstanceConfig.class, "ttl");
        always(RealServerConfig.class, "port");
        always(SorryServerConfig.class, "port");
    }

    private static void fromInstance(Object instance, String... except) {
        Map<String, Object> m = DEFAULTS.computeIfAbsent(instance.getClass(), k -> new HashMap<>());
        for (RecordComponent c : ModelTree.components(instance.getClass())) {
            if (!List.of(except).contains(c.getName())) {
                m.put(c.getName(), ModelTree.get(c, instance));
            }
        }
    }

    private static void put(Class<?> type, Object... kv) {
        Map<String, Object> m = DEFAULTS.computeIfAbsent(type, k -> new HashMap<>());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
    }

    private static void required(Class<?> type, String... names) {
        REQUIRED.put(type, Set.of(names));
    }

    private static void always(Class<?> type, String... names) {
        ALWAYS.put(type, Set.of(names));
    }

    /** Records a YAML node may leave out entirely: they are then read as an empty mapping (all defaults). */
    public static boolean isImplicit(Class<?> type) {
        return type == CheckTiming.class || type == ConnectionOptions.class;
    }

    public boolean isRequired(Class<?> type, RecordComponent c) {
        return REQUIRED.getOrDefault(type, Set.of()).contains(c.getName());
    }

    /** The value a missing key stands for. */
    public Object defaultValue(Class<?> type, RecordComponent c) {
        Map<String, Object> o = overrides.get(type);
        if (o != null && o.containsKey(c.getName())) {
            return o.get(c.getName());
        }
        Map<String, Object> m = DEFAULTS.get(type);
        if (m != null && m.containsKey(c.getName())) {
            return m.get(c.getName());
        }
        Class<?> t = c.getType();
        if (t == boolean.class) {
            return false;
        }
        if (t == int.class) {
            return 0;
        }
        if (t == long.class) {
            return 0L;
        }
        if (t == List.class) {
            return List.of();
        }
        return null;
    }

    boolean isDefault(Class<?> type, RecordComponent c, Object value) {
        if (isRequired(type, c) || ALWAYS.getOrDefault(type, Set.of()).contains(c.getName())) {
            return false;
        }
        Object d = defaultValue(type, c);
        if (d instanceof Number dn && value instanceof Number vn) {
            return dn.longValue() == vn.longValue();
        }
        return ModelTree.equalIgnoringLocation(d, value);
    }
}
