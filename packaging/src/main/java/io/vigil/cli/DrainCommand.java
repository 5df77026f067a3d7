package io.vigil.cli;

import io.vigil.daemon.Daemon;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code vigil drain RS [--virtual-server VS] [--control PATH] [--no-wait] [--timeout SECONDS]}: gives a real server
 * weight 0 in the datapath (in every virtual server, or in one) and waits until its connections have ended, as the
 * datapath counts them, then reports; the server stays drained until {@code vigil undrain RS}.
 *
 * <p>{@code vigil drain --director [--control PATH]}: hands this director over to its peer (every MASTER instance
 * sends priority 0, so the peer takes over at once) and stops the daemon once the peer is heard.
 */
public final class DrainCommand implements Command {

    /** How often the progress of a drain is asked for. */
    private static final Duration POLL = Duration.ofMillis(250);

    @Override
    public String name() {
        return "drain";
    }

    @Override
    public String summary() {
        return "drain a real server (RS [--virtual-server VS] [--no-wait] [--timeout S]) or hand the director over"
                + " and stop (--director) [--control PATH]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Path control = Daemon.Options.DEFAULT_CONTROL;
        String rs = null;
        String vs = null;
        boolean director = false;
        boolean wait = true;
        long timeoutMillis = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--control" -> control = Path.of(RunCommand.value(args, ++i, a));
                case "--virtual-server" -> vs = RunCommand.value(args, ++i, a);
                case "--director" -> director = true;
                case "--no-wait" -> wait = false;
                case "--timeout" -> timeoutMillis = seconds(RunCommand.value(args, ++i, a));
                default -> {
                    if (a.startsWith("-") || rs != null) {
                        throw new UsageException("drain: unexpected '" + a + "'");
                    }
                    rs = a;
                }
            }
        }
        if (director == (rs != null)) {
            throw new UsageException("drain: give a real server (ADDR or ADDR:PORT) or --director");
        }
        if (director) {
            return director(control, out, err);
        }
        Map<?, ?> answer = ask(control, "drain " + rs + (vs == null ? "" : " " + vs), err);
        if (answer == null) {
            return 1;
        }
        Map<?, ?> d = (Map<?, ?>) answer.get("drain");
        String what = describe(d);
        out.println("draining " + what + ": weight 0");
        if (!wait) {
            return 0;
        }
        long start = System.nanoTime();
        Object last = null;
        while (true) {
            Map<?, ?> status = ask(control, "status", err);
            if (status == null) {
                return 1;
            }
            Map<?, ?> now = find(status, d);
            if (now == null) {
                err.println("vigil: the drain of " + what + " was ended (undrain?)");
                return 1;
            }
            if (Boolean.TRUE.equals(now.get("finished")) && now.get("note") != null) {
                out.printf("drained %s: weight 0, but not waited for: %s%n", what, now.get("note"));
                return 0;
            }
            if (Boolean.TRUE.equals(now.get("finished"))) {
                out.printf("drained %s: %s connection(s) at the start, none left after %.1f s%n", what,
                        now.get("connectionsAtStart"), (System.nanoTime() - start) / 1e9);
                return 0;
            }
            if (!now.get("connections").equals(last)) {
                last = now.get("connections");
                if (((Number) last).longValue() >= 0) {
                    out.println("  " + last + " connection(s) left");
                }
            }
            if (timeoutMillis > 0 && System.nanoTime() - start > timeoutMillis * 1_000_000) {
                err.println("vigil: " + what + " still has " + last + " connection(s) after the timeout; it stays"
                        + " drained (vigil undrain to end it)");
                return 1;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static int director(Path control, PrintStream out, PrintStream err) {
        Map<?, ?> answer = ask(control, "drain-director", err);
        if (answer == null) {
            return 1;
        }
        List<?> handed = (List<?>) answer.get("handedOver");
        if (handed.isEmpty()) {
            out.println("this director was master of no instance");
        }
        int unheard = 0;
        for (Object o : handed) {
            Map<?, ?> m = (Map<?, ?>) o;
            Object ms = m.get("peerHeardAfterMs");
            if (ms == null) {
                unheard++;
                out.println(m.get("instance") + ": handed over, the peer was not heard");
            } else {
                out.println(m.get("instance") + ": handed over, the peer advertised after " + ms + " ms");
            }
        }
        out.println("vigil stops");
        return unheard == 0 ? 0 : 1;
    }

    /** The drain in the status with the same real and virtual server, or {@code null}. */
    private static Map<?, ?> find(Map<?, ?> status, Map<?, ?> d) {
        Object list = status.get("drains");
        if (!(list instanceof List<?> l)) {
            return null;
        }
        for (Object o : l) {
            Map<?, ?> m = (Map<?, ?>) o;
            if (m.get("realServer").equals(d.get("realServer"))
                    && java.util.Objects.equals(m.get("virtualServer"), d.get("virtualServer"))) {
                return m;
            }
        }
        return null;
    }

    static String describe(Map<?, ?> d) {
        Object vs = d.get("virtualServer");
        return d.get("realServer") + (vs == null ? " (every virtual server)" : " in " + vs);
    }

    private static long seconds(String v) {
        try {
            return Math.round(Double.parseDouble(v) * 1000);
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout takes seconds, not '" + v + "'");
        }
    }

    /** One request; an error answer or no daemon is printed and gives {@code null}. */
    static Map<?, ?> ask(Path control, String request, PrintStream err) {
        String answer;
        try {
            answer = StatusCommand.ask(control, request);
        } catch (IOException e) {
            err.println("vigil: no daemon answers on " + control + ": " + e.getMessage());
            return null;
        }
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(answer);
        if (!(tree instanceof Map<?, ?> m)) {
            err.println("vigil: the daemon's answer is not a JSON object");
            return null;
        }
        if (m.containsKey("error")) {
            err.println("vigil: " + m.get("error"));
            return null;
        }
        return m;
    }
}
