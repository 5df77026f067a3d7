package io.vigil.core.port;

import java.io.IOException;

/**
 * A kernel operation that failed: carries the operation and the errno (0 when the failure did not come with one),
 * so callers can react to specific errors (EEXIST on an address add, ENODEV...) without parsing messages.
 */
public class KernelException extends IOException {

    private final String operation;
    private final int errno;
    private final String errnoName;

    public KernelException(String operation, int errno, String errnoName, String detail) {
        super(operation + ": " + (errnoName != null ? errnoName + " (" + errno + ")" : "errno " + errno)
                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.operation = operation;
        this.errno = errno;
        this.errnoName = errnoName;
    }

    public KernelException(String operation, String detail) {
        super(operation + ": " + detail);
        this.operation = operation;
        this.errno = 0;
        this.errnoName = null;
    }

    public String operation() {
        return operation;
    }

    /** The positive errno value, or 0. */
    public int errno() {
        return errno;
    }

    /** E.g. {@code EEXIST}, or {@code null}. */
    public String errnoName() {
        return errnoName;
    }
}
