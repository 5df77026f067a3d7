/**
 * The healthcheck module's native calls (jnr-ffi): ICMP/ICMPv6 echo over unprivileged ping sockets, entering a
 * network namespace per thread, signalling a process group, the process's ids. Netty cannot carry a ping socket,
 * and Java has no ICMP. All of it is to move into ipvs-driver's native package, where the project keeps its native
 * code; no jnr type leaves this package.
 */
package io.vigil.healthcheck.icmp;
