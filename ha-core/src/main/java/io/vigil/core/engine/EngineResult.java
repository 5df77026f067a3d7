package io.vigil.core.engine;

import io.vigil.core.port.DatapathState;
import java.util.List;
import java.util.Objects;

/**
 * One computation of the engine.
 *
 * @param desired        what the datapath should hold
 * @param memory         what the next computation starts from
 * @param events         notifications, in config order
 * @param virtualServers each virtual server's state
 * @param problems       what of the config the engine could not put in the datapath, one sentence each
 */
public record EngineResult(DatapathState desired, EngineMemory memory, List<LvsEvent> events,
                           List<VirtualServerStatus> virtualServers, List<String> problems) {

    public EngineResult {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(memory, "memory");
        events = List.copyOf(events);
        virtualServers = List.copyOf(virtualServers);
        problems = List.copyOf(problems);
    }
}
