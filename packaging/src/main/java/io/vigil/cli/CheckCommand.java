package io.vigil.cli;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilConfig;
import io.vigil.daemon.DatapathCheck;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code vigil check -f FILE [--config-id ID]}: reads a keepalived.conf or YAML config as the daemon would, prints
 * every diagnostic on stderr ({@code FILE:LINE:COL: error|warning: message}) and exits 0 when the config is valid
 * (warnings allowed), 1 when it is not. It does not look at the machine's interfaces, so it runs on a build host.
 * It also prints, as warnings, what the datapath ({@code vigil_datapath}, auto: this host's) cannot do of the
 * virtual servers, e.g. an {@code lb_algo lc} on nftables.
 */
public final class CheckCommand implements Command {

    public static final int EXIT_INVALID = 1;

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "validate a config (keepalived.conf or YAML): exit 0 valid, 1 invalid";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ConfigArgs a = ConfigArgs.parse(name(), args, false, err);
        if (a == null) {
            return Main.EXIT_USAGE;
        }
        LoadResult r = ConfigLoader.load(a.file(), a.loadOptions());
        ConfigArgs.print(r.diagnostics(), err);
        int errors = r.errors().size();
        int warnings = r.warnings().size();
        if (!r.isValid()) {
            out.println(a.file() + ": invalid (" + errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings
                    + " warning" + (warnings == 1 ? "" : "s") + ")");
            return EXIT_INVALID;
        }
        VigilConfig c = r.config();
        // what the datapath cannot do of the virtual servers: warnings, the config stays valid
        for (String w : DatapathCheck.warnings(c)) {
            err.println(a.file() + ": warning: " + w);
            warnings++;
        }
        out.println(a.file() + ": valid (" + c.vrrpInstances().size() + " vrrp_instance"
                + (c.vrrpInstances().size() == 1 ? "" : "s") + ", " + c.virtualServers().size() + " virtual_server"
                + (c.virtualServers().size() == 1 ? "" : "s") + ", " + warnings + " warning"
                + (warnings == 1 ? "" : "s") + ")");
        return 0;
    }
}
