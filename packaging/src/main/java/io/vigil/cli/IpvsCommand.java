package io.vigil.cli;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.ipvs.IpvsListing;
import io.vigil.kernel.ipvs.IpvsTable;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code vigil ipvs list [-n] [--stats | --rate]}: the kernel's IPVS table exactly as {@code ipvsadm -Ln} (with
 * {@code --stats}, {@code --rate}) prints it, so operators keep their habits and their scripts. Addresses are always
 * numeric ({@code -n} is accepted for the habit).
 */
final class IpvsCommand implements Command {

    @Override
    public String name() {
        return "ipvs";
    }

    @Override
    public String summary() {
        return "ipvs list [-n] [--stats|--rate]: the IPVS table as ipvsadm -Ln prints it";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !args.get(0).equals("list")) {
            return usage(err, args.isEmpty() ? "missing sub-command" : "unknown sub-command '" + args.get(0) + "'");
        }
        IpvsListing.Format format = IpvsListing.Format.DEFAULT;
        for (String a : args.subList(1, args.size())) {
            switch (a) {
                case "-n", "--numeric" -> {
                }
                case "--stats" -> format = pick(format, IpvsListing.Format.STATS);
                case "--rate" -> format = pick(format, IpvsListing.Format.RATE);
                default -> {
                    return usage(err, "unknown option '" + a + "'");
                }
            }
            if (format == null) {
                return usage(err, "--stats and --rate exclude each other");
            }
        }
        try (IpvsTable table = IpvsTable.open()) {
            out.print(IpvsListing.format(table.info(), table.services(), format));
            return 0;
        } catch (KernelException e) {
            err.println("vigil ipvs: " + e.getMessage());
            return 1;
        }
    }

    private static IpvsListing.Format pick(IpvsListing.Format current, IpvsListing.Format wanted) {
        return current == IpvsListing.Format.DEFAULT || current == wanted ? wanted : null;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("vigil ipvs: " + problem);
        err.println("usage: vigil ipvs list [-n] [--stats | --rate]");
        return Main.EXIT_USAGE;
    }
}
