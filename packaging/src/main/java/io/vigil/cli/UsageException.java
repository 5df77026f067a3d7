package io.vigil.cli;

/** A wrong command line: {@link Main} prints the message and exits with status 2. */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
