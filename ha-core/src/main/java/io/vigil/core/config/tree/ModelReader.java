package io.vigil.core.config.tree;

import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.SourceLocation;
import io.vigil.core.config.TrackedInterface;
import io.vigil.core.config.TrackedObject;
import io.vigil.core.config.TrackedScript;
import io.vigil.core.config.UnicastSettings;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.VrrpScriptConfig;
import io.vigil.core.config.BfdInstanceConfig;
import io.vigil.core.config.lvs.CheckerConfig;
import io.vigil.core.config.lvs.ConnectionOptions;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.SorryServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.net.MacAddress;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds model records from a {@link TreeNode} (a parsed YAML document), the inverse of {@link ModelTree}. Every
 * problem is a diagnostic at the node's line and column: a key that names no component (with a "did you mean"), a
 * missing required key, a value of the wrong kind, a number out of range, a value a record refuses.
 */
public final class ModelReader {

    /** Numeric ranges checked per component, with keepalived's limits. */
    private static final Map<String, long[]> RANGES = new HashMap<>();

    static {
        range(VrrpInstanceConfig.class, "vrid", 1, 255);
        range(VrrpInstanceConfig.class, "priority", 1, 255);
        range(VrrpInstanceConfig.class, "version", 2, 3);
        range(VrrpInstanceConfig.class, "downTimerAdverts", 1, 100);
        range(TrackedInterface.class, "weight", -253, 253);
        range(TrackedScript.class, "weight", -253, 253);
        range(TrackedObject.class, "weight", -254, 254);
        range(VrrpScriptConfig.class, "weight", -253, 253);
        range(VrrpScriptConfig.class, "rise", 1, Integer.MAX_VALUE);
        range(VrrpScriptConfig.class, "fall", 1, Integer.MAX_VALUE);
        range(UnicastSettings.class, "ttl", 0, 255);
        range(UnicastSettings.PeerTtl.class, "minTtl", 0, 255);
        range(UnicastSettings.PeerTtl.class, "maxTtl", 0, 255);
        range(BfdInstanceConfig.class, "multiplier", 1, 255);
        range(BfdInstanceConfig.class, "ttl", 1, 255);
        range(BfdInstanceConfig.class, "maxHops", 0, 255);
        range(VirtualServerConfig.class, "port", 0, 65535);
        range(VirtualServerConfig.class, "weight", 1, 65535);
        range(VirtualServerConfig.class, "fwmark", 1, 0xffffffffL);
        range(VirtualServerConfig.class, "quorum", 0, 0xffffffffL);
        range(VirtualServerConfig.class, "hysteresis", 0, 0xffffffffL);
        range(VirtualServerConfig.class, "persistenceTimeoutSeconds", 0, 2678400);
        range(RealServerConfig.class, "port", 0, 65535);
        range(RealServerConfig.class, "weight", 0, 65535);
        range(SorryServerConfig.class, "port", 0, 65535);
        range(ConnectionOptions.class, "connectPort", 0, 65535);
        range(ConnectionOptions.class, "bindPort", 1, 65535);
        range(CheckerConfig.UdpCheck.class, "minReplyLength", 0, 65535);
        range(CheckerConfig.UdpCheck.class, "maxReplyLength", 0, 65535);
        range(CheckerConfig.StatusRange.class, "from", 100, 999);
        range(CheckerConfig.StatusRange.class, "to", 100, 999);
    }

    private static void range(Class<?> type, String component, long min, long max) {
        RANGES.put(type.getName() + "#" + component, new long[] {min, max});
    }

    private final Diagnostics diags;
    private final ModelDefaults defaults;
    private final Map<String, Object> provided = new HashMap<>();
    /** Values of the records being read, innermost last: for defaults taken from the enclosing node. */
    private final Deque<Map<String, Object>> enclosing = new ArrayDeque<>();
    private final Deque<Class<?>> enclosingTypes = new ArrayDeque<>();

    public ModelReader(Diagnostics diags, ModelDefaults defaults) {
        this.diags = diags;
        this.defaults = defaults;
    }

    /** Uses {@code value} for component {@code component} of {@code owner} instead of reading it. */
    public ModelReader provide(Class<?> owner, String component, Object value) {
        provided.put(owner.getName() + "#" + component, value);
        return this;
    }

    /** Reads a node as {@code type}; {@code null} when it could not (reported). */
    public <T> T read(TreeNode node, Class<T> type) {
        return type.cast(value(node, type, type.getSimpleName()));
    }

    private Object value(TreeNode n, Type type, String what) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (n.kind() == TreeNode.Kind.NULL) {
            return raw == List.class ? List.of() : null;
        }
        if (raw == List.class) {
            if (n.kind() != TreeNode.Kind.LIST) {
                diags.error(n.location(), what + ": expected a list");
                return null;
            }
            Type element = ModelTree.elementType(type);
            List<Object> out = new ArrayList<>();
            boolean ok = true;
            int index = 0;
            for (TreeNode item : n.items()) {
                Object v = value(item, element, what.replace("'", "") + " #" + ++index);
                if (v == null) {
                    ok = false;
                } else {
                    out.add(v);
                }
            }
            return ok ? out : null;
        }
        if (raw.isRecord() && raw != IpPrefix.class) {
            return record(n, raw, what);
        }
        if (raw.isSealed()) {
            return sealed(n, raw, what);
        }
        if (n.kind() != TreeNode.Kind.SCALAR) {
            diags.error(n.location(), what + ": expected a single value, not a " + (n.kind() == TreeNode.Kind.MAP
                    ? "mapping" : "list"));
            return null;
        }
        return scalar(n, raw, what);
    }

    private Object scalar(TreeNode n, Class<?> raw, String what) {
        String s = n.scalar();
        try {
            if (raw == String.class) {
                return s;
            }
            if (raw == boolean.class || raw == Boolean.class) {
                switch (s.toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on":
                        return true;
                    case "false", "no", "off":
                        return false;
                    default:
                        diags.error(n.location(), what + ": '" + s + "' is not true or false");
                        return null;
                }
            }
            if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
                if (!s.matches("[+-]?[0-9]{1,19}")) {
                    diags.error(n.location(), what + ": '" + s + "' is not a whole number");
                    return null;
                }
                long v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                boolean isInt = raw == int.class || raw == Integer.class;
                if (isInt && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                    diags.error(n.location(), what + ": " + s + " is too large");
                    return null;
                }
                return isInt ? (Object) (int) v : (Object) v;
            }
            if (raw.isEnum()) {
                String want = s.replace('-', '_');
                for (Object c : raw.getEnumConstants()) {
                    if (((Enum<?>) c).name().equalsIgnoreCase(want)) {
                        return c;
                    }
                }
                List<String> names = new ArrayList<>();
                for (Object c : raw.getEnumConstants()) {
                    names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT));
                }
                diags.error(n.location(), what + ": '" + s + "' is not one of " + String.join(", ", names));
                return null;
            }
            if (raw == InetAddress.class) {
                return InetAddresses.parse(s);
            }
            if (raw == IpPrefix.class) {
                return IpPrefix.parse(s);
            }
            if (raw == MacAddress.class) {
                return MacAddress.parse(s);
            }
        } catch (IllegalArgumentException e) {
            diags.error(n.location(), what + ": " + e.getMessage());
            return null;
        }
        diags.error(n.location(), what + ": no way to read a " + raw.getSimpleName());
        return null;
    }

    private Object sealed(TreeNode n, Class<?> raw, String what) {
        if (n.kind() != TreeNode.Kind.MAP) {
            diags.error(n.location(), what + ": expected a mapping with a '" + ModelTree.KIND + "' key");
            return null;
        }
        TreeNode typeNode = null;
        for (Map.Entry<String, TreeNode> e : n.entries()) {
            if (e.getKey().equals(ModelTree.KIND)) {
                typeNode = e.getValue();
            }
        }
        List<String> names = new ArrayList<>();
        for (Class<?> sub : raw.getPermittedSubclasses()) {
            names.add(ModelTree.typeName(sub));
        }
        if (typeNode == null || typeNode.kind() != TreeNode.Kind.SCALAR) {
            diags.error(n.location(), what + ": missing '" + ModelTree.KIND + "' (" + String.join(", ", names) + ")");
            return null;
        }
        String t = typeNode.scalar().toLowerCase(Locale.ROOT);
        boolean ssl = t.equals("ssl_get") || t.equals("ssl");
        String norm = switch (t) {
            case "http_get", "ssl_get", "ssl" -> "http";
            default -> t.endsWith("_check") ? t.substring(0, t.length() - "_check".length()) : t;
        };
        for (Class<?> sub : raw.getPermittedSubclasses()) {
            if (ModelTree.typeName(sub).equals(norm)) {
                if (ssl) {
                    provide(sub, "ssl", true);
                }
                try {
                    return record(n, sub, typeNode.scalar());
                } finally {
                    provided.remove(sub.getName() + "#ssl");
                }
            }
        }
        diags.error(typeNode.location(), what + ": unknown " + ModelTree.KIND + " '" + typeNode.scalar() + "' ("
                + String.join(", ", names) + ")");
        return null;
    }

    private Object record(TreeNode n, Class<?> type, String what) {
        if (n.kind() != TreeNode.Kind.MAP) {
            diags.error(n.location(), what + ": expected a mapping");
            return null;
        }
        what = what.replace("'", "");
        RecordComponent[] comps = ModelTree.components(type);
        Map<String, RecordComponent> byKey = new LinkedHashMap<>();
        for (RecordComponent c : comps) {
            if (c.getType() != SourceLocation.class) {
                byKey.put(ModelTree.keyOf(c), c);
            }
        }
        Map<String, TreeNode> given = new HashMap<>();
        for (Map.Entry<String, TreeNode> e : n.entries()) {
            String k = e.getKey();
            if (k.equals(ModelTree.KIND) && type.getInterfaces().length > 0 && type.getInterfaces()[0].isSealed()) {
                continue;
            }
            if (!byKey.containsKey(k)) {
                String hint = suggest(k, byKey.keySet());
                diags.warning(e.getValue().location(), "unknown key '" + k + "' in " + what
                        + (hint != null ? ": did you mean '" + hint + "'?" : ""));
                continue;
            }
            if (given.put(k, e.getValue()) != null) {
                diags.error(e.getValue().location(), "key '" + k + "' given twice in " + what);
            }
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        Map<String, Object> values = new HashMap<>();
        enclosing.addLast(values);
        enclosingTypes.addLast(type);
        boolean ok = true;
        try {
            for (int i = 0; i < comps.length; i++) {
                RecordComponent c = comps[i];
                types[i] = c.getType();
                String key = ModelTree.keyOf(c);
                String id = type.getName() + "#" + c.getName();
                if (c.getType() == SourceLocation.class) {
                    args[i] = n.location();
                } else if (provided.containsKey(id)) {
                    args[i] = provided.get(id);
                } else if (given.containsKey(key)) {
                    TreeNode v = given.get(key);
                    Object val = ModelTree.isDuration(c) ? duration(v, key) : value(v, c.getGenericType(),
                            "'" + key + "'");
                    if (val == null && v.kind() != TreeNode.Kind.NULL) {
                        ok = false;
                    } else if (val instanceof Number num && !inRange(type, c, num, v, key)) {
                        ok = false;
                    }
                    args[i] = val;
                } else if (defaults.isRequired(type, c)) {
                    diags.error(n.location(), what + ": missing key '" + key + "'");
                    ok = false;
                } else if (ModelDefaults.isImplicit(c.getType())) {
                    args[i] = record(empty(n.location()), c.getType(), key);
                    ok &= args[i] != null;
                } else {
                    args[i] = contextDefault(type, c);
                }
                if (args[i] == null && c.getType().isPrimitive()) {
                    args[i] = defaults.defaultValue(type, c);
                }
                values.put(c.getName(), args[i]);
            }
        } finally {
            enclosing.removeLast();
            enclosingTypes.removeLast();
        }
        if (!ok) {
            return null;
        }
        try {
            Constructor<?> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String msg = cause instanceof NullPointerException ? "missing key '" + ModelTree.snake(
                    String.valueOf(cause.getMessage())) + "'" : String.valueOf(cause.getMessage());
            diags.error(n.location(), what + ": " + msg);
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    private static TreeNode empty(SourceLocation at) {
        return new TreeNode() {
            public Kind kind() {
                return Kind.MAP;
            }

            public SourceLocation location() {
                return at;
            }

            public String scalar() {
                return null;
            }

            public List<Map.Entry<String, TreeNode>> entries() {
                return List.of();
            }

            public List<TreeNode> items() {
                return List.of();
            }
        };
    }

    /** Defaults taken from the enclosing real server: a checker connects to its address and port. */
    private Object contextDefault(Class<?> type, RecordComponent c) {
        if (type == ConnectionOptions.class && (c.getName().equals("connectIp")
                || c.getName().equals("connectPort"))) {
            Object[] enc = enclosing.toArray();
            Object[] encTypes = enclosingTypes.toArray();
            for (int i = enc.length - 1; i >= 0; i--) {
                if (encTypes[i] == RealServerConfig.class) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> rs = (Map<String, Object>) enc[i];
                    return c.getName().equals("connectIp") ? rs.get("address") : rs.get("port");
                }
            }
        }
        if ((type == VrrpScriptConfig.class || type == CheckerConfig.MiscCheck.class)
                && c.getName().equals("timeoutNanos")) {
            Map<String, Object> self = enclosing.peekLast();
            Object interval = self.get(type == VrrpScriptConfig.class ? "intervalNanos" : "timing");
            if (interval instanceof Long l) {
                return l;
            }
            if (interval instanceof io.vigil.core.config.lvs.CheckTiming t) {
                return t.delayLoopNanos();
            }
        }
        return defaults.defaultValue(type, c);
    }

    private Long duration(TreeNode v, String key) {
        if (v.kind() != TreeNode.Kind.SCALAR) {
            diags.error(v.location(), "'" + key + "': expected a duration such as 5s or 250ms");
            return null;
        }
        try {
            return Durations.parse(v.scalar());
        } catch (IllegalArgumentException e) {
            diags.error(v.location(), "'" + key + "': " + e.getMessage());
            return null;
        }
    }

    private boolean inRange(Class<?> type, RecordComponent c, Number num, TreeNode v, String key) {
        long[] r = RANGES.get(type.getName() + "#" + c.getName());
        if (r == null) {
            return true;
        }
        long x = num.longValue();
        if (x < r[0] || x > r[1]) {
            diags.error(v.location(), "'" + key + "': " + x + " is outside [" + r[0] + ", " + r[1] + "]");
            return false;
        }
        return true;
    }

    private static String suggest(String word, Iterable<String> known) {
        return io.vigil.core.config.Suggestions.suggest(word, known);
    }
}
