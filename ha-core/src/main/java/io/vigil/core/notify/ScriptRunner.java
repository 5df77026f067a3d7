package io.vigil.core.notify;

import java.time.Duration;
import java.util.List;

/** Runs an external command to completion or until its time runs out. */
public interface ScriptRunner {

    /**
     * Runs {@code command} through {@code /bin/sh -c} with {@code args} appended to it, as keepalived appends its
     * notify arguments to the script's own words.
     *
     * @param user    run as this user ({@code null}: as the daemon)
     * @param timeout kill the process tree after this long
     * @return the exit status; 128+signal when killed; -1 when it could not start
     */
    int run(String command, List<String> args, String user, Duration timeout);
}
