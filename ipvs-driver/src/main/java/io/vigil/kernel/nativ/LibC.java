package io.vigil.kernel.nativ;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library functions vigil calls, one Java method per C function, as glibc declares them. The only jnr
 * interface of the project: {@link Syscalls} loads it once and is its only caller; nothing outside this package
 * sees it or any jnr type.
 */
interface LibC {

    int socket(int domain, int type, int protocol);

    int bind(int fd, @In byte[] addr, int addrlen);

    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    /** Used only for SO_ATTACH_FILTER, whose struct sock_fprog holds a pointer to the program. */
    int setsockopt(int fd, int level, int optname, @In Pointer optval, int optlen);

    int getsockopt(int fd, int level, int optname, @Out byte[] optval, @In @Out int[] optlen);

    int getsockname(int fd, @Out byte[] addr, @In @Out int[] addrlen);

    @ssize_t long sendmsg(int fd, @In Pointer msg, int flags);

    int sendmmsg(int fd, Pointer msgvec, int vlen, int flags);

    int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout);

    int poll(Pointer fds, @size_t long nfds, int timeout);

    int close(int fd);

    int open(String path, int flags);

    int eventfd(int initval, int flags);

    @ssize_t long write(int fd, @In byte[] buf, @size_t long count);

    @ssize_t long read(int fd, @Out byte[] buf, @size_t long count);

    int if_nametoindex(String name);

    int setns(int fd, int nstype);

    int gettid();
}
