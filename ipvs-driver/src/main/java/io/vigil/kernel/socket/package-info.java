/**
 * The ha-core socket ports: {@link io.vigil.core.port.IpSocket} on raw IP sockets
 * ({@link io.vigil.kernel.socket.RawIpSocketFactory}) and {@link io.vigil.core.port.PacketSocket} on AF_PACKET
 * sockets ({@link io.vigil.kernel.socket.AfPacketSocketFactory}), with the kernel structures they need (socket
 * addresses, control messages, classic BPF filters) written by hand in Java.
 */
package io.vigil.kernel.socket;
