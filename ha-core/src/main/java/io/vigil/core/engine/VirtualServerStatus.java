package io.vigil.core.engine;

import io.vigil.core.port.ServiceKey;
import java.util.List;
import java.util.Objects;

/**
 * One virtual server as the engine last computed it, for {@code vigil status} and the quorum gauge.
 *
 * @param id                 {@link DirectorEngine#idOf}
 * @param services           its datapath services (one, or one per group entry)
 * @param quorumUp           the live weight meets the quorum
 * @param liveWeight         total weight of the live (up, not drained) real servers
 * @param quorum             {@code quorum}
 * @param hysteresis         {@code hysteresis}
 * @param sorryServerActive  the sorry server takes the traffic
 * @param suspended          services left out by {@code ha_suspend} (their VIP's instance is not MASTER)
 */
public record VirtualServerStatus(String id, List<ServiceKey> services, boolean quorumUp, long liveWeight,
                                  long quorum, long hysteresis, boolean sorryServerActive,
                                  List<ServiceKey> suspended) {

    public VirtualServerStatus {
        Objects.requireNonNull(id, "id");
        services = List.copyOf(services);
        suspended = List.copyOf(suspended);
    }
}
