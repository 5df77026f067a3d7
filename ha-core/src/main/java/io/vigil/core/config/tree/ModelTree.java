package io.vigil.core.config.tree;

import io.vigil.core.config.SourceLocation;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.IpPrefix;
import io.vigil.core.net.MacAddress;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The config model as a plain tree of maps, lists, strings, numbers and booleans, the one shape behind
 * {@code dump-config --format json|yaml} and the YAML reader. The mapping is derived from the records themselves,
 * so a component added to a record appears in dumps and YAML without further code:
 *
 * <ul>
 *   <li>a record is a map; its keys are its components in snake_case, in declaration order; {@code location} is
 *       left out (a dump has no source lines; a YAML node gets its own);</li>
 *   <li>a component named {@code ...Nanos} is a duration, written {@code 5s}, {@code 250ms}, {@code 10us};</li>
 *   <li>addresses, prefixes and MACs are their usual text; enums are lower case;</li>
 *   <li>a {@code CheckerConfig} carries its kind in a {@link #KIND} key ({@code tcp}, {@code http}, ...);</li>
 *   <li>values equal to the defaults of {@link ModelDefaults} are left out, so a dump shows what differs.</li>
 * </ul>
 */
public final class ModelTree {

    /** The key naming the record of a sealed interface (no record of the model has a component of that name). */
    public static final String KIND = "kind";

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private ModelTree() {
    }

    /** The tree of a whole config; instance values equal to its global_defs defaults are left out. */
    public static Map<String, Object> toTree(io.vigil.core.config.VigilConfig config) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) write(config, config.getClass(),
                ModelDefaults.forGlobals(config.globalDefs()));
        return m;
    }

    /** The tree of a model object (a record of the config model), with keepalived's defaults left out. */
    public static Object toTree(Object value) {
        return write(value, value == null ? Object.class : value.getClass(), ModelDefaults.BASE);
    }

    static RecordComponent[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, Class::getRecordComponents);
    }

    /** {@code advertIntervalNanos} → {@code advert_interval}; {@code interfaceName} → {@code interface_name}. */
    public static String keyOf(RecordComponent c) {
        String name = c.getName();
        if (isDuration(c)) {
            name = name.substring(0, name.length() - "Nanos".length());
        }
        return snake(name);
    }

    static boolean isDuration(RecordComponent c) {
        Class<?> t = c.getType();
        return c.getName().endsWith("Nanos") && (t == long.class || t == Long.class);
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** The {@link #KIND} name of a checker record: {@code TcpCheck} → {@code tcp}. */
    public static String typeName(Class<?> checker) {
        String n = checker.getSimpleName();
        if (n.endsWith("Check")) {
            n = n.substring(0, n.length() - "Check".length());
        }
        return snake(n);
    }

    private static Object write(Object value, Type declared, ModelDefaults defaults) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof InetAddress a) {
            return InetAddresses.toText(a);
        }
        if (value instanceof IpPrefix || value instanceof MacAddress) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            Type element = elementType(declared);
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(write(o, element, defaults));
            }
            return out;
        }
        Class<?> type = value.getClass();
        if (type.isRecord()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Class<?> decl = declared instanceof Class<?> dc ? dc : Object.class;
            if (decl.isSealed() || (decl.isInterface() && !decl.isRecord())) {
                map.put(KIND, typeName(type));
            }
            for (RecordComponent c : components(type)) {
                if (c.getType() == SourceLocation.class) {
                    continue;
                }
                Object v = get(c, value);
                if (defaults.isDefault(type, c, v)) {
                    continue;
                }
                if (isDuration(c)) {
                    map.put(keyOf(c), Durations.format((Long) v));
                } else {
                    map.put(keyOf(c), write(v, c.getGenericType(), defaults));
                }
            }
            return map;
        }
        throw new IllegalArgumentException("no tree form for " + type.getName());
    }

    static Type elementType(Type listType) {
        if (listType instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }

    static Object get(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    /** Equality of two model objects that ignores every {@link SourceLocation} (where a node was written). */
    public static boolean equalIgnoringLocation(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof SourceLocation && b instanceof SourceLocation) {
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!equalIgnoringLocation(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a.getClass().isRecord()) {
            for (RecordComponent c : components(a.getClass())) {
                if (!equalIgnoringLocation(get(c, a), get(c, b))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** The names of the components that differ between two records of one type (locations ignored). */
    public static List<String> differences(Object a, Object b) {
        List<String> out = new ArrayList<>();
        if (a == null || b == null || a.getClass() != b.getClass() || !a.getClass().isRecord()) {
            return out;
        }
        for (RecordComponent c : components(a.getClass())) {
            if (c.getType() != SourceLocation.class && !equalIgnoringLocation(get(c, a), get(c, b))) {
                out.add(keyOf(c));
            }
        }
        return out;
    }
}
