package io.vigil.cli;

import io.vigil.lab.Lab;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code vigil lab [--save DIR]}: the demonstration topology in network namespaces (needs root). */
public final class LabCommand implements Command {

    @Override
    public String name() {
        return "lab";
    }

    @Override
    public String summary() {
        return "a director pair, real servers, a client and Prometheus in network namespaces: kill the master, print"
                + " the timeline (root; --save DIR keeps configs and logs)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path save = null;
        if (args.size() == 2 && args.get(0).equals("--save")) {
            save = Path.of(args.get(1));
        } else if (!args.isEmpty()) {
            throw new UsageException("lab takes no arguments but --save DIR");
        }
        String launcher = System.getenv("VIGIL_LAUNCHER");
        if (launcher == null) {
            throw new UsageException("lab must be started through packaging/bin/vigil (VIGIL_LAUNCHER is not set)");
        }
        Lab.Result r = new Lab(Path.of(launcher), out, save).run();
        return r.alertFired() && r.failedOutsideFailover() == 0 && r.holders().contains("d2") ? 0 : 1;
    }
}
