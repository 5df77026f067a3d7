package io.vigil.core.notify;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts as child processes: {@code /bin/sh -c 'COMMAND "$@"' sh ARGS...}, as another user through
 * {@code setpriv} when one is given, with stdin closed and output discarded, killed with its descendants when it
 * exceeds its time.
 */
public final class ProcessScriptRunner implements ScriptRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessScriptRunner.class);

    /**
     * Starts {@code command} with {@code args} appended, as {@code user} when one is given, and returns at once
     * (a long-running reader such as a {@code notify_fifo_script}).
     */
    public static Process spawn(String command, List<String> args, String user) throws IOException {
        List<String> argv = new ArrayList<>();
        if (user != null && !user.isEmpty()) {
            argv.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--init-groups", "--"));
        }
        // the arguments go after the command's own words, as keepalived appends them: "$@" keeps them intact
        argv.addAll(List.of("/bin/sh", "-c", args.isEmpty() ? command : command + " \"$@\"", "sh"));
        argv.addAll(args);
        return new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    @Override
    public int run(String command, List<String> args, String user, Duration timeout) {
        Process p;
        try {
            p = spawn(command, args, user);
        } catch (IOException e) {
            LOG.warn("cannot start script '{}': {}", command, e.getMessage());
            return -1;
        }
        try {
            if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("script '{}' ran longer than {} ms: killed", command, timeout.toMillis());
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(1, TimeUnit.SECONDS);
                return 128 + 9;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return 128 + 9;
        }
    }
}
