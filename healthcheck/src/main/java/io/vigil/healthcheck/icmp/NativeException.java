package io.vigil.healthcheck.icmp;

import java.io.IOException;

/** A failed system call, with its errno. */
public final class NativeException extends IOException {

    private final int errno;

    NativeException(String call) {
        super(LibC.Holder.error(call));
        this.errno = LibC.Holder.errno();
    }

    NativeException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** True when the kernel refused for lack of permission (EACCES/EPERM). */
    public boolean permissionDenied() {
        return errno == LibC.EACCES || errno == LibC.EPERM;
    }
}
