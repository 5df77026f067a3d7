package io.vigil.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of {@code vigil}. */
public interface Command {

    /** The name after {@code vigil}. */
    String name();

    /** One line for {@code vigil --help}. */
    String summary();

    /**
     * Runs the command.
     *
     * @return the process exit status
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
