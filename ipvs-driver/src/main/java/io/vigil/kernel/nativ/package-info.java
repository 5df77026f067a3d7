/**
 * Every native call of vigil, on one screen: {@code Syscalls.LibC} is the only jnr-ffi interface (socket, bind,
 * setsockopt, sendmsg/sendmmsg, recvmmsg, poll, eventfd, open, setns, if_nametoindex, kill, getuid...), loaded once;
 * the public classes here ({@link io.vigil.kernel.nativ.NativeSocket}, {@link io.vigil.kernel.nativ.RecvBatch},
 * {@link io.vigil.kernel.nativ.NetNamespace}, {@link io.vigil.kernel.nativ.Interfaces},
 * {@link io.vigil.kernel.nativ.NativeProcessControl}) speak Java types only.
 * EINTR is retried; errno becomes a {@link io.vigil.core.port.KernelException} with its number and name.
 */
package io.vigil.kernel.nativ;
