package io.vigil.healthcheck.icmp;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions this package calls. Public only because jnr-ffi generates the implementation in a class
 * loader of its own; no jnr type appears in it or leaves the package.
 */
public interface LibC {

    int AF_INET = 2;
    int AF_INET6 = 10;
    int SOCK_DGRAM = 2;
    int SOCK_NONBLOCK = 0x800;
    int SOCK_CLOEXEC = 0x80000;
    int IPPROTO_ICMP = 1;
    int IPPROTO_ICMPV6 = 58;
    int SOL_SOCKET = 1;
    int SO_BINDTODEVICE = 25;
    int SO_MARK = 36;
    int POLLIN = 1;
    int CLONE_NEWNET = 0x40000000;
    int O_RDONLY = 0;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int EINTR = 4;
    int EAGAIN = 11;
    int EACCES = 13;
    int EPERM = 1;
    int ESRCH = 3;

    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int bind(int fd, @In byte[] addr, int len);

    @SaveError
    int setsockopt(int fd, int level, int name, @In byte[] value, int len);

    @SaveError
    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrLen);

    @SaveError
    long recvfrom(int fd, @Out byte[] buf, long len, int flags, @Out byte[] addr, @In @Out int[] addrLen);

    @SaveError
    int poll(byte[] fds, long nfds, int timeoutMillis);

    @SaveError
    int pipe2(@Out int[] fds, int flags);

    @SaveError
    long write(int fd, @In byte[] buf, long len);

    @SaveError
    long read(int fd, @Out byte[] buf, long len);

    @SaveError
    int close(int fd);

    @SaveError
    int open(String path, int flags);

    @SaveError
    int setns(int fd, int nstype);

    @SaveError
    int kill(int pid, int sig);

    int getuid();

    int getgid();

    String strerror(int errno);

    /** The loaded library, and the errno of the calling thread's last call. */
    final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

        private Holder() {
        }

        static int errno() {
            return RUNTIME.getLastError();
        }

        static String error(String call) {
            int e = errno();
            return call + ": " + LIBC.strerror(e) + " (errno " + e + ")";
        }
    }
}
