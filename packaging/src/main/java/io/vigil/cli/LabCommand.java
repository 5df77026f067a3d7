package io.vigil.cli;

import io.vigil.lab.Lab;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code vigil lab}: the demonstration topology in network namespaces (needs root). */
public final class LabCommand implements Command {

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String summary() {
        return "run a master/backup pair and a client in network namespaces, fail over, print a timeline (root)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("lab takes no arguments");
        }
        String launcher = System.getenv("VIGIL_LAUNCHER");
        if (launcher == null) {
            throw new UsageException("lab must be started through packaging/bin/vigil (VIGIL_LAUNCHER is not set)");
        }
        Lab.Result r = new Lab(Path.of(launcher), out).run();
        return r.arpMoved() ? 0 : 1;
    }
}
