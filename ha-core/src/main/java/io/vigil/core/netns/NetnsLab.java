package io.vigil.core.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throw-away network namespaces, for integration tests and for {@code vigil lab}. Every namespace is named {@code vg<PID>x<N>-<name>}, so a
 * lab never touches anything it did not create, and leftovers of a killed run (whose PID is gone) are removed by
 * the next lab. A segment is a bridge inside its own switch namespace, joined by veth pairs: nothing is created
 * in the host's namespace. {@link #close()} deletes everything, and a shutdown hook does it if the JVM exits
 * first.
 *
 * <p>Needs root. Without it {@link #create} throws: a test tier that cannot run fails loudly instead of skipping.
 */
public final class NetnsLab implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String PREFIX = "vg";

    private final String id;
    private final Set<String> namespaces = new LinkedHashSet<>();
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook;
    private int vethCounter;

    private NetnsLab(String id) {
        this.id = id;
        this.hook = new Thread(this::cleanup, "netns-lab-cleanup-" + id);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Creates an empty lab, after removing the namespaces of labs whose process has died. */
    public static NetnsLab create() {
        requireRoot();
        removeStale();
        return new NetnsLab(PREFIX + ProcessHandle.current().pid() + "x" + COUNTER.incrementAndGet());
    }

    /** Throws unless the process is root: the netns tier must not pass by skipping. */
    public static void requireRoot() {
        String uid = run(List.of("id", "-u"), true).trim();
        if (!uid.equals("0")) {
            throw new IllegalStateException("network-namespace tests need root (uid is " + uid + "); run them as"
                    + " root, as CI does");
        }
    }

    /** The full name of a host namespace of this lab. */
    public String ns(String host) {
        return id + "-" + host;
    }

    /** Creates a namespace with lo up and IPv6 DAD off (saves seconds per address). */
    public String addHost(String host) {
        String ns = ns(host);
        run(List.of("ip", "netns", "add", ns), true);
        namespaces.add(ns);
        exec(host, "ip", "link", "set", "lo", "up");
        exec(host, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
        return ns;
    }

    /** Creates a segment: a bridge {@code br0} inside namespace {@code sw-NAME}, multicast snooping off. */
    public void addSegment(String segment) {
        String host = "sw-" + segment;
        addHost(host);
        exec(host, "ip", "link", "add", "br0", "type", "bridge", "mcast_snooping", "0", "forward_delay", "0");
        exec(host, "ip", "link", "set", "br0", "up");
    }

    /**
     * Connects a host to a segment with a veth pair: {@code ifname} in the host (up), the other end in the
     * switch's bridge.
     *
     * @param addresses CIDR addresses to put on {@code ifname}
     */
    public void connect(String host, String segment, String ifname, String... addresses) {
        String sw = "sw-" + segment;
        String peer = "p" + (++vethCounter) + "-" + host;
        if (peer.length() > 15) {
            peer = peer.substring(0, 15);
        }
        String tmp = "vgt" + ProcessHandle.current().pid() % 100000 + "x" + vethCounter;
        // created inside the switch namespace, so the host's namespace never sees either end
        exec(sw, "ip", "link", "add", peer, "type", "veth", "peer", "name", tmp);
        exec(sw, "ip", "link", "set", tmp, "netns", ns(host));
        exec(host, "ip", "link", "set", tmp, "name", ifname);
        exec(sw, "ip", "link", "set", peer, "master", "br0", "up");
        for (String a : addresses) {
            exec(host, "ip", "addr", "add", a, "dev", ifname);
        }
        exec(host, "ip", "link", "set", ifname, "up");
    }

    /** Runs a command in a host's namespace and returns its stdout; throws with its stderr when it fails. */
    public String exec(String host, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        cmd.addAll(Arrays.asList(command));
        return run(cmd, true);
    }

    /** Like {@link #exec} but returns the output whatever the exit status. */
    public String execUnchecked(String host, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        cmd.addAll(Arrays.asList(command));
        return run(cmd, false);
    }

    /**
     * Starts a long-running process in a host's namespace; it is killed (by its pid, and its descendants) when
     * the lab closes.
     *
     * @param log file for stdout and stderr
     */
    public Process start(String host, Path log, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        cmd.addAll(Arrays.asList(command));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** Kills a process this lab started and its descendants, with SIGKILL, and waits for it. */
    public static void kill9(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        cleanup();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private synchronized void cleanup() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        for (String ns : namespaces) {
            run(List.of("ip", "netns", "delete", ns), false);
        }
        namespaces.clear();
    }

    /** Deletes namespaces named by labs of processes that no longer exist. */
    static void removeStale() {
        String list = run(List.of("ip", "netns", "list"), false);
        for (String line : list.split("\n")) {
            String name = line.trim().split("\\s+")[0];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            int x = name.indexOf('x');
            if (x < 0) {
                continue;
            }
            try {
                long pid = Long.parseLong(name.substring(PREFIX.length(), x));
                if (ProcessHandle.of(pid).isEmpty()) {
                    run(List.of("ip", "netns", "delete", name), false);
                }
            } catch (NumberFormatException ignored) {
                // not one of ours
            }
        }
    }

    /** Runs a command and returns stdout; with {@code check}, a non-zero exit throws with stderr. */
    public static String run(List<String> cmd, boolean check) {
        try {
            Path err = Files.createTempFile("vg-cmd", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("timed out: " + cmd);
                }
                String stdout = new String(out, StandardCharsets.UTF_8);
                if (check && p.exitValue() != 0) {
                    throw new IllegalStateException("command failed (" + p.exitValue() + "): " + String.join(" ", cmd)
                            + "\n" + Files.readString(err));
                }
                return stdout;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }
}
