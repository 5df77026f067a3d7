package io.vigil.cli;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.tree.JsonWriter;
import io.vigil.core.config.tree.ModelTree;
import io.vigil.core.config.yaml.YamlConfigWriter;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code vigil dump-config -f FILE [--config-id ID] [--format json|yaml]}: prints the normalised config (every
 * keepalived default applied, defaults themselves left out) on stdout. The YAML form is a vigil config that reads
 * back to the same model; diagnostics go to stderr, and an invalid config prints nothing and exits 1.
 */
public final class DumpConfigCommand implements Command {

    @Override
    public String name() {
        return "dump-config";
    }

    @Override
    public String summary() {
        return "print the normalised config as YAML (default) or JSON";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ConfigArgs a = ConfigArgs.parse(name(), args, true, err);
        if (a == null) {
            return Main.EXIT_USAGE;
        }
        LoadResult r = ConfigLoader.load(a.file(), a.loadOptions());
        ConfigArgs.print(r.diagnostics(), err);
        if (!r.isValid()) {
            return CheckCommand.EXIT_INVALID;
        }
        if (a.format().equals("json")) {
            out.print(JsonWriter.write(ModelTree.toTree(r.config())));
        } else {
            out.print(YamlConfigWriter.write(r.config()));
        }
        out.flush();
        return 0;
    }
}
