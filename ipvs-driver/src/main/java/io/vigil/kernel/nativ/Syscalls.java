package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library ({@link LibC}), loaded once (on first use, in a holder class), and the two rules every call
 * follows: a call interrupted by a signal (EINTR) is retried, and a failure becomes a {@link KernelException}
 * carrying the errno number and its name.
 */
final class Syscalls {

    static final int EINTR = Errnos.EINTR;
    static final int EAGAIN = Errnos.EAGAIN;

    private Syscalls() {
    }

    /**
     * The C library functions vigil calls, one Java method per C function, as glibc declares them: the project's
     * only jnr interface. It is declared {@code public} only because jnr-ffi implements it in a class of its own
     * class loader; nested in this package-private class, it is still out of reach outside the package, as is any
     * jnr type.
     */
    public interface LibC {

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

        int kill(int pid, int sig);

        int getuid();

        int getgid();
    }

    /** Loaded when first needed, so that merely loading vigil's classes never touches native code. */
    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class)
                .option(LibraryOption.SaveError, Boolean.TRUE)
                .failImmediately()
                .load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    /** Size of a pointer, and of size_t, on this platform (8 on x86-64 and aarch64). */
    static int addressSize() {
        return Holder.RUNTIME.addressSize();
    }

    static Pointer allocate(long bytes) {
        return Memory.allocateDirect(Holder.RUNTIME, bytes, true);
    }

    static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    static KernelException error(String operation, int errno, String detail) {
        return Errnos.exception(operation, errno, detail);
    }

    /** Runs a call returning int, retrying on EINTR; -1 becomes a KernelException. */
    static int call(String operation, String detail, IntSupplier call) throws KernelException {
        return (int) callLong(operation, detail, call::getAsInt);
    }

    /** As {@link #call} for calls returning ssize_t. */
    static long callLong(String operation, String detail, LongSupplier call) throws KernelException {
        while (true) {
            long r = call.getAsLong();
            if (r != -1) {
                return r;
            }
            int e = errno();
            if (e != EINTR) {
                throw error(operation, e, detail);
            }
        }
    }
}
