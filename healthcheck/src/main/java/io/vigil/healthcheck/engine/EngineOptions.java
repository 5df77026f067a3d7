package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.model.ScriptSecurity;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine runs.
 *
 * @param preferEpoll use Netty's epoll transport when it loads (needed for fwmark and bind_if)
 * @param networkNamespace run every probe inside this named network namespace ({@code /run/netns/NAME};
 *     keepalived's {@code net_namespace}), or null for the daemon's own
 * @param scriptThreads scripts that may run at once
 * @param scriptQueue scripts that may wait for a thread before new ones are refused
 * @param maxResponseBytes bound on an HTTP body read for a digest or regex
 * @param scriptSecurity script_user and enable_script_security
 * @param trackPollInterval how often track_file and track_process are re-read
 * @param randomSeed seed for warmup spreading and DNS ids; 0 for a random seed
 * @param clock wall clock for event times
 */
public record EngineOptions(boolean preferEpoll, String networkNamespace, int scriptThreads, int scriptQueue,
        int maxResponseBytes, ScriptSecurity scriptSecurity, Duration trackPollInterval, long randomSeed,
        Clock clock) {

    public EngineOptions {
        if (scriptThreads < 1 || scriptQueue < 0) {
            throw new IllegalArgumentException("scriptThreads must be >= 1 and scriptQueue >= 0");
        }
        if (maxResponseBytes < 1024) {
            throw new IllegalArgumentException("maxResponseBytes must be >= 1024");
        }
        Objects.requireNonNull(scriptSecurity, "scriptSecurity");
        Objects.requireNonNull(trackPollInterval, "trackPollInterval");
        Objects.requireNonNull(clock, "clock");
    }

    /** Epoll, the daemon's namespace, 4 script threads, 1 MiB bodies, files and processes read every second. */
    public static EngineOptions defaults() {
        return new EngineOptions(true, null, 4, 64, 1 << 20, ScriptSecurity.DEFAULT, Duration.ofSeconds(1), 0,
                Clock.systemUTC());
    }

    public EngineOptions withNetworkNamespace(String ns) {
        return new EngineOptions(preferEpoll, ns, scriptThreads, scriptQueue, maxResponseBytes, scriptSecurity,
                trackPollInterval, randomSeed, clock);
    }

    public EngineOptions withScriptSecurity(ScriptSecurity s) {
        return new EngineOptions(preferEpoll, networkNamespace, scriptThreads, scriptQueue, maxResponseBytes, s,
                trackPollInterval, randomSeed, clock);
    }

    public EngineOptions withEpoll(boolean epoll) {
        return new EngineOptions(epoll, networkNamespace, scriptThreads, scriptQueue, maxResponseBytes,
                scriptSecurity, trackPollInterval, randomSeed, clock);
    }

    public EngineOptions withMaxResponseBytes(int max) {
        return new EngineOptions(preferEpoll, networkNamespace, scriptThreads, scriptQueue, max, scriptSecurity,
                trackPollInterval, randomSeed, clock);
    }

    public EngineOptions withScriptPool(int threads, int queue) {
        return new EngineOptions(preferEpoll, networkNamespace, threads, queue, maxResponseBytes, scriptSecurity,
                trackPollInterval, randomSeed, clock);
    }
}
