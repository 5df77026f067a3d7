/**
 * The director engine: what the forwarding plane should hold, computed from the config, the VRRP states and the
 * health of the real servers ({@link io.vigil.core.engine.DirectorEngine}, a pure function), and the runtime that
 * applies it on every change through a {@link io.vigil.core.port.Datapath}, repairs drift, drains real servers and
 * holds preemption back until the connection-sync daemon has caught up ({@link io.vigil.core.engine.EngineRuntime}).
 */
package io.vigil.core.engine;
