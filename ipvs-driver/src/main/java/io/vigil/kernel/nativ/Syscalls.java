package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The C library, loaded once (on first use, in a holder class), and the two rules every call follows: a call
 * interrupted by a signal (EINTR) is retried, and a failure becomes a {@link KernelException} carrying the errno
 * number and its name.
 */
final class Syscalls {

    static final int EINTR = Errnos.EINTR;
    static final int EAGAIN = Errnos.EAGAIN;

    private Syscalls() {
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
        while (true) {
            int r = call.getAsInt();
            if (r != -1) {
                return r;
            }
            int e = errno();
            if (e != EINTR) {
                throw error(operation, e, detail);
            }
        }
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
