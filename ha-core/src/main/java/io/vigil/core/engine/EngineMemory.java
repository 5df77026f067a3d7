package io.vigil.core.engine;

import java.util.Map;

/**
 * What the engine remembers from one computation to the next: each virtual server's quorum state (hysteresis makes
 * the next one depend on it) and whether each real server was alive (its notifications fire on a change).
 *
 * @param quorumUp by virtual server id
 * @param alive    by virtual server id and real server
 */
public record EngineMemory(Map<String, Boolean> quorumUp, Map<RealServerRef, Boolean> alive) {

    /** Before the first computation: every virtual server is new. */
    public static final EngineMemory EMPTY = new EngineMemory(Map.of(), Map.of());

    public EngineMemory {
        quorumUp = Map.copyOf(quorumUp);
        alive = Map.copyOf(alive);
    }
}
