/**
 * From the project's config model (ha-core's {@code VigilConfig}) to what the engine runs: a pure mapping
 * ({@link io.vigil.healthcheck.config.HealthConfigMapper}) into a {@link io.vigil.healthcheck.config.HealthPlan},
 * which also fans each checked server's result out to every virtual server that uses it.
 */
package io.vigil.healthcheck.config;
