package io.vigil.healthcheck.engine;

import io.vigil.healthcheck.model.CheckerConfig;
import io.vigil.healthcheck.model.RealServerKey;
import io.vigil.healthcheck.model.TrackFile;
import io.vigil.healthcheck.model.TrackProcess;
import io.vigil.healthcheck.model.VrrpScript;

/**
 * Makes the probes of checkers and trackers. The production factory does real I/O on Netty and a script pool;
 * tests use a scripted fake, so the scheduler is tested without sockets or sleeps.
 */
public interface ProbeFactory {

    /** The probe of one checker of one real server. */
    Probe checker(RealServerKey key, CheckerConfig config);

    /** Runs a vrrp_script: OK on exit 0. */
    Probe script(VrrpScript script);

    /** Reads a tracked file: OK with {@code dynamicWeight} = the value, or FILE_ERROR. */
    Probe file(TrackFile file);

    /** Counts matching processes: OK with {@code dynamicWeight} = the count. */
    Probe processes(TrackProcess process);
}
