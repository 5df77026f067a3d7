package io.vigil.it;

import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A VRRP speaker in a lab namespace: a vigil daemon started with {@code packaging/bin/vigil run}, or a real
 * keepalived. Each is a real process, stopped with SIGTERM or killed with SIGKILL by its pid.
 */
abstract class Director {

    private static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    final NetnsLab lab;
    final String host;
    final Path dir;
    /** This run's own file stem: logs and configs of earlier runs on the same host are not mixed in. */
    final String stem;
    Process process;

    Director(NetnsLab lab, String host, Path dir) {
        this.lab = lab;
        this.host = host;
        this.dir = dir;
        this.stem = host + "-" + RUNS.incrementAndGet();
    }

    abstract void start();

    /** SIGKILL to every director of a test that is still running (a test's clean-up). */
    static void killAll(List<? extends Director> started) {
        for (Director d : started) {
            if (d.process != null && d.process.isAlive()) {
                d.kill9();
            }
        }
    }

    /** SIGKILL to the process and its children: a crash, nothing is cleaned up. */
    void kill9() {
        NetnsLab.kill9(process);
    }

    /** SIGKILL to every director of {@code directors} still running (a test's clean-up). */
    static void kill9All(java.util.Collection<? extends Director> directors) {
        for (Director d : directors) {
            if (d.process != null && d.process.isAlive()) {
                d.kill9();
            }
        }
    }

    /** SIGTERM: the clean stop. */
    void term() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException(host + " did not stop within 20 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String log() {
        try {
            Path log = dir.resolve(stem + ".log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean hasAddress(String ifname, String address) {
        return Lan.hasAddress(lab, host, ifname, address);
    }

    /** vigil, from this source tree. */
    static final class Vigil extends Director {
        final String config;
        final List<String> extraArgs = new ArrayList<>();

        Vigil(NetnsLab lab, String host, Path dir, String config) {
            super(lab, host, dir);
            this.config = config;
        }

        /** The file the daemon reads (rewrite it and send SIGHUP to reload). */
        Path configFile() {
            return dir.resolve(stem + ".conf");
        }

        /** kill -HUP. */
        void hup() {
            NetnsLab.run(java.util.List.of("kill", "-HUP", Long.toString(process.pid())), true);
        }

        /** This run's control socket. */
        Path control() {
            return dir.resolve(stem + ".sock");
        }

        /** Waits until the daemon answers on its control socket (it is up), and fails if it died instead. */
        Vigil awaitUp(java.time.Duration max) {
            org.awaitility.Awaitility.await().atMost(max).alias(host + " control socket")
                    .until(() -> java.nio.file.Files.exists(control()) || !process.isAlive());
            if (!process.isAlive()) {
                throw new AssertionError(host + " did not start:\n" + log());
            }
            return this;
        }

        @Override
        void start() {
            Path conf = configFile();
            try {
                Files.writeString(conf, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<String> cmd = new ArrayList<>(List.of(Lan.vigilLauncher().toString(), "run", "-f", conf.toString(),
                    "--metrics", "off", "--control", control().toString()));
            cmd.addAll(extraArgs);
            process = lab.start(host, dir.resolve(stem + ".log"), cmd.toArray(String[]::new));
        }
    }

    /** Debian's keepalived, VRRP process only, with its own pid files. */
    static final class Keepalived extends Director {
        final String config;

        Keepalived(NetnsLab lab, String host, Path dir, String config) {
            super(lab, host, dir);
            this.config = config;
        }

        @Override
        void start() {
            Path conf = dir.resolve(stem + ".keepalived.conf");
            try {
                Files.writeString(conf, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            process = lab.start(host, dir.resolve(stem + ".log"), "keepalived", "--dont-fork", "--log-console",
                    "--vrrp", "-f", conf.toString(), "-p", dir.resolve(stem + ".pid").toString(),
                    "-r", dir.resolve(stem + ".vrrp.pid").toString());
        }
    }
}
