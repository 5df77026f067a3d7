package io.vigil.core.port;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole forwarding table: the virtual services (with their real servers) that should be in the kernel (desired
 * state) or that are there (read back). At most one service per {@link ServiceKey}.
 */
public record DatapathState(List<VirtualService> services) {

    public static final DatapathState EMPTY = new DatapathState(List.of());

    public DatapathState {
        services = List.copyOf(services);
        Map<ServiceKey, VirtualService> seen = new LinkedHashMap<>();
        for (VirtualService s : services) {
            if (seen.put(s.key(), s) != null) {
                throw new IllegalArgumentException("virtual service " + s.key() + " appears twice");
            }
        }
    }

    public static DatapathState of(Collection<VirtualService> services) {
        return new DatapathState(List.copyOf(services));
    }

    /** The services by key, in order. */
    public Map<ServiceKey, VirtualService> byKey() {
        Map<ServiceKey, VirtualService> m = new LinkedHashMap<>();
        for (VirtualService s : services) {
            m.put(s.key(), s);
        }
        return m;
    }

    /** The service with that key, or {@code null}. */
    public VirtualService service(ServiceKey key) {
        Objects.requireNonNull(key, "key");
        for (VirtualService s : services) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        return null;
    }

    /** Real servers over all services. */
    public int realServerCount() {
        return services.stream().mapToInt(s -> s.realServers().size()).sum();
    }
}
