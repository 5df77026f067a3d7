/**
 * ICMP/ICMPv6 echo for PING_CHECK: request/reply matching over ha-core's {@link io.vigil.core.port.PingSocket}
 * port (Netty cannot carry a ping socket, and Java has no ICMP). The kernel side lives in ipvs-driver, with every
 * other native call of the project.
 */
package io.vigil.healthcheck.icmp;
