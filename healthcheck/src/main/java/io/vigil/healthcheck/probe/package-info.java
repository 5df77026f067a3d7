/**
 * The I/O of the checkers on Netty: one event loop (epoll where available) carries every TCP, TLS and UDP probe;
 * ICMP goes through {@link io.vigil.healthcheck.icmp.IcmpEcho}, scripts through
 * {@link io.vigil.healthcheck.script.ScriptRunner}, file and /proc reads through a small blocking pool.
 */
package io.vigil.healthcheck.probe;
