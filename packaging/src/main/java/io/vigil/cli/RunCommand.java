package io.vigil.cli;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.Diagnostic;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.VigilSettings;
import io.vigil.daemon.Daemon;
import io.vigil.healthcheck.config.HealthConfigException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code vigil run -f FILE [--config-id ID] [--metrics ADDR:PORT|off] [--control PATH|off]
 * [--datapath ipvs|nftables|auto|none]}: the daemon, in the foreground. {@code --datapath} overrides the config's
 * {@code vigil_datapath} (default: auto when the config has virtual servers, none when it has not).
 */
public final class RunCommand implements Command {

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run the daemon in the foreground (-f FILE [--config-id ID] [--metrics ADDR:PORT|off]"
                + " [--control PATH|off] [--datapath ipvs|nftables|auto|none])";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        String file = null;
        String configId = null;
        String metrics = "127.0.0.1:9650";
        String control = Daemon.Options.DEFAULT_CONTROL.toString();
        VigilSettings.Datapath datapath = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "-f", "--config-file" -> file = value(args, ++i, a);
                case "-i", "--config-id" -> configId = value(args, ++i, a);
                case "--metrics" -> metrics = value(args, ++i, a);
                case "--control" -> control = value(args, ++i, a);
                case "--datapath" -> {
                    String v = value(args, ++i, a);
                    try {
                        datapath = VigilSettings.Datapath.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("run: --datapath takes ipvs, nftables, auto or none, not '" + v + "'");
                    }
                }
                default -> throw new UsageException("run: unknown option '" + a + "'");
            }
        }
        if (file == null) {
            throw new UsageException("run: -f FILE is required");
        }
        LoadOptions options = configId == null ? LoadOptions.defaults() : LoadOptions.defaults().withConfigId(configId);
        LoadResult result = ConfigLoader.load(Path.of(file), options);
        for (Diagnostic d : result.diagnostics()) {
            err.println(d);
        }
        if (result.config() == null) {
            err.println("vigil: " + file + ": not started, the configuration has errors");
            return 1;
        }
        // SIGHUP is caught from here on: one during the start-up is noted, not fatal (the JVM's default would end
        // the process), and the file is read again once the daemon runs
        AtomicReference<Daemon> running = new AtomicReference<>();
        AtomicBoolean early = new AtomicBoolean();
        Path path = Path.of(file);
        onSighup(() -> {
            Daemon d = running.get();
            if (d == null) {
                early.set(true);
                err.println("vigil: SIGHUP during start-up: the file is read again once started");
            } else {
                reload(d, path, options, err);
            }
        });
        Daemon daemon;
        try {
            daemon = Daemon.start(result.config(), new Daemon.Options(parseAddress(metrics),
                    control.equals("off") ? null : Path.of(control), datapath));
        } catch (HealthConfigException e) {
            for (String p : e.problems()) {
                err.println("vigil: " + file + ": " + p);
            }
            err.println("vigil: " + file + ": not started, the health checks cannot be built");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            daemon.close();
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "vigil-shutdown"));
        // vigil drain --director: the daemon hands over, then stops as on SIGTERM
        daemon.onStopRequest(stop);
        running.set(daemon);
        if (early.get()) {
            reload(daemon, path, options, err);
        }
        stopped.await();
        return 0;
    }

    /** SIGHUP: read the file again; apply it when it is valid, keep the running config when it is not. */
    static void reload(Daemon daemon, Path file, LoadOptions options, PrintStream err) {
        LoadResult r = ConfigLoader.load(file, options);
        for (Diagnostic d : r.diagnostics()) {
            err.println(d);
        }
        if (r.config() == null) {
            err.println("vigil: " + file + ": reload refused, the configuration has errors; the running one stays");
            daemon.reloadFailed();
            return;
        }
        try {
            List<String> done = daemon.reload(r.config());
            err.println("vigil: reloaded " + file + (done.isEmpty() ? ": nothing changed" : ": " + String.join("; ", done)));
        } catch (Exception e) {
            err.println("vigil: reload of " + file + " failed: " + e.getMessage());
            daemon.reloadFailed();
        }
    }

    /** Runs {@code action} on a thread of its own at each SIGHUP (sun.misc.Signal: the JDK has no public API). */
    @SuppressWarnings("restriction")
    private static void onSighup(Runnable action) {
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
            Thread t = new Thread(action, "vigil-reload");
            t.setDaemon(true);
            t.start();
        });
    }

    static InetSocketAddress parseAddress(String text) {
        if (text.equals("off") || text.isEmpty()) {
            return null;
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--metrics takes ADDR:PORT or off, not '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(io.vigil.core.net.InetAddresses.parse(host),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--metrics takes ADDR:PORT or off, not '" + text + "'");
        }
    }

    static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }
}
