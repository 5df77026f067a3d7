package io.vigil.core.engine;

import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.ApplyResult.Change;
import io.vigil.core.port.ApplyResult.Kind;
import io.vigil.core.port.ConnectionCount;
import io.vigil.core.port.Datapath;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A datapath over an in-memory "kernel" table: applies report the difference, a kernel read reports what was
 * changed behind its back, connections are whatever the test says.
 */
final class FakeDatapath implements Datapath {

    final String kind;
    /** The kernel's table: tests may change it behind the datapath's back. */
    final Map<ServiceKey, VirtualService> kernel = new LinkedHashMap<>();
    final List<DatapathState> applied = new ArrayList<>();
    final List<Read> reads = new ArrayList<>();
    final Set<ServiceKey> owned = new HashSet<>();
    List<ConnectionCount> connections = List.of();
    /** What {@link #uncountedBecause} answers for every service. */
    String uncounted;
    Set<ServiceKey> adopted;
    private DatapathState expected = DatapathState.EMPTY;

    FakeDatapath(String kind) {
        this.kind = kind;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public ApplyResult apply(DatapathState desired, Read read) {
        applied.add(desired);
        reads.add(read);
        List<String> drift = new ArrayList<>();
        if (read == Read.KERNEL) {
            for (VirtualService s : expected.services()) {
                VirtualService k = kernel.get(s.key());
                if (!s.equals(k)) {
                    drift.add(s.key() + (k == null ? " missing" : " changed"));
                }
            }
        }
        List<Change> changes = new ArrayList<>();
        Map<ServiceKey, VirtualService> want = desired.byKey();
        for (ServiceKey k : List.copyOf(kernel.keySet())) {
            if (!want.containsKey(k) && owned.contains(k)) {
                kernel.remove(k);
                changes.add(new Change(Kind.DELETE_SERVICE, k.toString()));
            }
        }
        for (VirtualService s : desired.services()) {
            VirtualService k = kernel.get(s.key());
            if (k == null) {
                changes.add(new Change(Kind.ADD_SERVICE, s.key().toString()));
                s.realServers().forEach(r -> changes.add(new Change(Kind.ADD_REAL_SERVER, s.key() + " -> " + r)));
            } else {
                for (RealServer r : s.realServers()) {
                    RealServer was = k.realServer(r);
                    if (was == null) {
                        changes.add(new Change(Kind.ADD_REAL_SERVER, s.key() + " -> " + r));
                    } else if (!was.equals(r)) {
                        changes.add(new Change(Kind.EDIT_REAL_SERVER, s.key() + " -> " + r));
                    }
                }
                for (RealServer r : k.realServers()) {
                    if (s.realServer(r) == null) {
                        changes.add(new Change(Kind.DELETE_REAL_SERVER, s.key() + " -> " + r));
                    }
                }
            }
            kernel.put(s.key(), s);
            owned.add(s.key());
        }
        expected = desired;
        return new ApplyResult(changes, drift, List.of());
    }

    @Override
    public DatapathState read() {
        return new DatapathState(List.copyOf(kernel.values()));
    }

    @Override
    public List<String> limitations(DatapathState desired) {
        return List.of();
    }

    @Override
    public List<ConnectionCount> connections() {
        return connections;
    }

    @Override
    public String uncountedBecause(ServiceKey key) {
        return uncounted;
    }

    @Override
    public List<String> adoptLeftovers(Set<ServiceKey> previous) {
        adopted = Set.copyOf(previous);
        owned.addAll(previous);
        return previous.stream().filter(kernel::containsKey).map(ServiceKey::toString).toList();
    }

    @Override
    public void close() {
    }
}
