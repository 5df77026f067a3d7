package io.vigil.healthcheck.script;

/**
 * How a script run ended.
 *
 * @param kind exited, timed out, could not start, or refused
 * @param exitCode the exit status when it exited (128+N when killed by signal N), else -1
 * @param detail human-readable detail
 */
public record ScriptOutcome(Kind kind, int exitCode, String detail) {

    /** The ways a run ends. */
    public enum Kind { EXITED, TIMED_OUT, FAILED_TO_START, REFUSED }
}
