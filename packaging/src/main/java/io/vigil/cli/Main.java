package io.vigil.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code vigil COMMAND [ARGS]}: the entry point of {@code packaging/bin/vigil}. */
public final class Main {

    /** Exit status for a wrong command line. */
    public static final int EXIT_USAGE = 2;

    private Main() {
    }

    /** Every sub-command, in the order {@code --help} lists them. */
    static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.<Command>of(new RunCommand(), new StatusCommand(), new DrainCommand(), new UndrainCommand(),
                new CheckCommand(), new DumpConfigCommand(), new IpvsCommand(), new LabCommand())) {
            m.put(c.name(), c);
        }
        return m;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args, System.out, System.err);
        } catch (UsageException e) {
            System.err.println("vigil: " + e.getMessage());
            status = EXIT_USAGE;
        } catch (Exception e) {
            System.err.println("vigil: " + e.getMessage());
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out, commands);
            return args.length == 0 ? EXIT_USAGE : 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            err.println("vigil: unknown command '" + args[0] + "'");
            usage(err, commands);
            return EXIT_USAGE;
        }
        return c.run(List.of(args).subList(1, args.length), out, err);
    }

    private static void usage(PrintStream s, Map<String, Command> commands) {
        s.println("usage: vigil COMMAND [ARGS]");
        s.println();
        for (Command c : commands.values()) {
            s.printf("  %-12s %s%n", c.name(), c.summary());
        }
    }
}
