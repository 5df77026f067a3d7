package io.vigil.cli;

import io.vigil.daemon.Daemon;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code vigil status [--control PATH] [--json]}: asks a running daemon, over its control socket, for its
 * instances, real servers and trackers, and prints them as tables (or the daemon's JSON as it is).
 */
public final class StatusCommand implements Command {

    @Override
    public String name() {
        return "status";
    }

    @Override
    public String summary() {
        return "the running daemon's instances, real servers and trackers ([--control PATH] [--json])";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path control = Daemon.Options.DEFAULT_CONTROL;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--control" -> control = Path.of(RunCommand.value(args, ++i, a));
                case "--json" -> json = true;
                default -> throw new UsageException("status: unknown option '" + a + "'");
            }
        }
        String answer;
        try {
            answer = ask(control, "status");
        } catch (IOException e) {
            err.println("vigil: no daemon answers on " + control + ": " + e.getMessage());
            return 1;
        }
        return render(answer, json, out, err);
    }

    /** Prints the daemon's answer: as it is with {@code json}, else as tables; an error answer exits 1. */
    static int render(String answer, boolean json, PrintStream out, PrintStream err) {
        Object tree;
        try {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(answer);
        } catch (RuntimeException e) {
            tree = null;
        }
        if (!(tree instanceof Map<?, ?> root)) {
            err.println("vigil: the daemon's answer is not a JSON object");
            return 1;
        }
        if (root.containsKey("error")) {
            err.println("vigil: " + root.get("error"));
            return 1;
        }
        if (json) {
            out.print(answer);
            return 0;
        }
        print(root, out);
        return 0;
    }

    /** Sends one request line and reads the answer to the end. */
    static String ask(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer req = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (req.hasRemaining()) {
                c.write(req);
            }
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(65536);
            while (c.read(in) >= 0) {
                buf.write(in.array(), 0, in.position());
                in.clear();
            }
            return buf.toString(StandardCharsets.UTF_8);
        }
    }

    static void print(Map<?, ?> root, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("INSTANCE", "VRID", "INTERFACE", "STATE", "PRIORITY", "MASTER", "FAULTS"));
        for (Map<?, ?> i : list(root.get("instances"))) {
            rows.add(List.of(text(i.get("name")), text(i.get("vrid")), text(i.get("interface")),
                    text(i.get("state")), text(i.get("effectivePriority")) + "/" + text(i.get("basePriority")),
                    i.get("master") == null ? "-" : text(i.get("master")) + " (" + text(i.get("masterPriority"))
                            + ")", joinFaults(i.get("faults"))));
        }
        table(rows, out);
        List<Map<?, ?>> servers = list(root.get("realServers"));
        if (!servers.isEmpty()) {
            out.println();
            rows = new ArrayList<>();
            rows.add(List.of("VIRTUAL SERVER", "REAL SERVER", "STATE", "WEIGHT", "REASON", "SINCE", "DETAIL"));
            for (Map<?, ?> s : servers) {
                String a = text(s.get("address"));
                rows.add(List.of(text(s.get("virtualServer")),
                        (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + text(s.get("port")),
                        Boolean.TRUE.equals(s.get("up")) ? "UP" : "DOWN", text(s.get("weight")),
                        text(s.get("reason")), text(s.get("since")), text(s.get("detail"))));
            }
            table(rows, out);
        }
        List<Map<?, ?>> vss = list(root.get("virtualServers"));
        if (root.get("datapath") instanceof Map<?, ?> dp) {
            out.println();
            out.println("datapath " + text(dp.get("kind")) + ", drift repaired " + text(dp.get("driftRepaired"))
                    + (Boolean.TRUE.equals(dp.get("preemptionHeld")) ? ", preemption held until the connection sync"
                    + " has caught up" : ""));
        }
        if (!vss.isEmpty()) {
            out.println();
            rows = new ArrayList<>();
            rows.add(List.of("VIRTUAL SERVER", "QUORUM", "LIVE WEIGHT", "SORRY SERVER", "SERVICES"));
            for (Map<?, ?> v : vss) {
                List<?> suspended = v.get("suspended") instanceof List<?> l ? l : List.of();
                rows.add(List.of(text(v.get("name")), Boolean.TRUE.equals(v.get("quorumUp")) ? "UP" : "DOWN",
                        text(v.get("liveWeight")) + "/" + text(v.get("quorum")),
                        Boolean.TRUE.equals(v.get("sorryServerActive")) ? "ACTIVE" : "-",
                        join(v.get("services")) + (suspended.isEmpty() ? "" : " (suspended: " + join(suspended)
                                + ")")));
            }
            table(rows, out);
        }
        List<Map<?, ?>> drains = list(root.get("drains"));
        if (!drains.isEmpty()) {
            out.println();
            rows = new ArrayList<>();
            rows.add(List.of("DRAINED", "VIRTUAL SERVER", "SINCE", "CONNECTIONS", "STATE"));
            for (Map<?, ?> d : drains) {
                rows.add(List.of(text(d.get("realServer")), d.get("virtualServer") == null ? "(all)"
                        : text(d.get("virtualServer")), text(d.get("since")), text(d.get("connections")) + "/"
                        + text(d.get("connectionsAtStart")), Boolean.TRUE.equals(d.get("finished")) ? "DRAINED"
                        : "DRAINING"));
            }
            table(rows, out);
        }
        List<Map<?, ?>> trackers = list(root.get("trackers"));
        if (!trackers.isEmpty()) {
            out.println();
            rows = new ArrayList<>();
            rows.add(List.of("TRACKER", "KIND", "STATE", "VALUE", "REASON", "DETAIL"));
            for (Map<?, ?> t : trackers) {
                rows.add(List.of(text(t.get("name")), text(t.get("kind")),
                        Boolean.TRUE.equals(t.get("ok")) ? "OK" : "KO", text(t.get("value")), text(t.get("reason")),
                        text(t.get("detail"))));
            }
            table(rows, out);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> list(Object o) {
        return o instanceof List<?> l ? (List<Map<?, ?>>) l : List.of();
    }

    private static String text(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String join(Object o) {
        if (o instanceof List<?> l && !l.isEmpty()) {
            return String.join(", ", l.stream().map(Object::toString).toList());
        }
        return "-";
    }

    private static String joinFaults(Object o) {
        return o instanceof List<?> l && !l.isEmpty() ? String.join(",", l.stream().map(Object::toString).toList())
                : "-";
    }

    /** Left-aligned columns two spaces apart; the last column is not padded. */
    private static void table(List<List<String>> rows, PrintStream out) {
        int cols = rows.get(0).size();
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                b.append(r.get(c));
                if (c + 1 < cols) {
                    b.append(" ".repeat(width[c] - r.get(c).length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
