package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;
import jnr.constants.platform.Errno;

/** errno numbers to names and texts (from jnr-constants), and the {@link KernelException} built from them. */
public final class Errnos {

    public static final int EEXIST = Errno.EEXIST.intValue();
    public static final int ENOENT = Errno.ENOENT.intValue();
    public static final int ENODEV = Errno.ENODEV.intValue();
    public static final int EADDRNOTAVAIL = Errno.EADDRNOTAVAIL.intValue();
    public static final int EADDRINUSE = Errno.EADDRINUSE.intValue();
    public static final int ENOBUFS = Errno.ENOBUFS.intValue();
    public static final int ENOPROTOOPT = Errno.ENOPROTOOPT.intValue();
    public static final int EINTR = Errno.EINTR.intValue();
    public static final int EAGAIN = Errno.EAGAIN.intValue();
    public static final int EBUSY = Errno.EBUSY.intValue();
    public static final int ESRCH = Errno.ESRCH.intValue();

    private Errnos() {
    }

    /** The symbolic name ({@code EEXIST}), or {@code null} for a number jnr-constants does not know. */
    public static String name(int errno) {
        Errno e = Errno.valueOf(errno);
        return e.defined() ? e.name() : null;
    }

    /** The C library's text ("File exists"), or {@code null}. */
    public static String describe(int errno) {
        Errno e = Errno.valueOf(errno);
        return e.defined() ? e.description() : null;
    }

    /**
     * A KernelException for a failed operation: {@code operation: EEXIST (17): detail (File exists)}.
     *
     * @param detail what was being done, or {@code null}
     */
    public static KernelException exception(String operation, int errno, String detail) {
        String text = describe(errno);
        String full = detail == null || detail.isEmpty() ? text : text == null ? detail : detail + " (" + text + ")";
        return new KernelException(operation, errno, name(errno), full);
    }
}
