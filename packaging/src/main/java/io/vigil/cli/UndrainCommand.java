package io.vigil.cli;

import io.vigil.daemon.Daemon;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code vigil undrain RS [--virtual-server VS] [--control PATH]}: ends drains; the real server takes traffic again. */
public final class UndrainCommand implements Command {

    @Override
    public String name() {
        return "undrain";
    }

    @Override
    public String summary() {
        return "end the drain of a real server (RS [--virtual-server VS] [--control PATH])";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path control = Daemon.Options.DEFAULT_CONTROL;
        String rs = null;
        String vs = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--control" -> control = Path.of(RunCommand.value(args, ++i, a));
                case "--virtual-server" -> vs = RunCommand.value(args, ++i, a);
                default -> {
                    if (a.startsWith("-") || rs != null) {
                        throw new UsageException("undrain: unexpected '" + a + "'");
                    }
                    rs = a;
                }
            }
        }
        if (rs == null) {
            throw new UsageException("undrain: give a real server (ADDR or ADDR:PORT)");
        }
        Map<?, ?> answer = DrainCommand.ask(control, "undrain " + rs + (vs == null ? "" : " " + vs), err);
        if (answer == null) {
            return 1;
        }
        for (Object o : (List<?>) answer.get("undrained")) {
            out.println("undrained " + o);
        }
        return 0;
    }
}
