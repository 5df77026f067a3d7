/**
 * The health-check runtime: {@link io.vigil.healthcheck.engine.HealthCheckEngine} (the public entry point) runs
 * every checker of every real server, and the trackers (vrrp_script, track_file, track_process), on one event
 * loop, and reports changes to a {@link io.vigil.healthcheck.engine.HealthListener}.
 */
package io.vigil.healthcheck.engine;
