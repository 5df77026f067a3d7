package io.vigil.healthcheck.bench;

import io.vigil.core.netns.NetnsLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link BenchServers} in a JVM of its own, inside a lab namespace, pinned to one core with {@code taskset} when
 * asked; driven over its stdin/stdout.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final PrintStream in;
    private final BufferedReader out;

    /**
     * @param cpu the core to pin the servers to, or -1 for none
     */
    ServerProcess(NetnsLab lab, String host, String base, int addresses, int ports, int cpu) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (cpu >= 0) {
            cmd.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        // one descriptor per listener: lift the open-file limit first (a VM's init leaves it at 1024; where the hard
        // limit cannot be raised, up to it)
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String lift = "ulimit -n 65536 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$0\" \"$@\"";
        cmd.addAll(List.of("ip", "netns", "exec", lab.ns(host), "sh", "-c", lift,
                java, "-XX:+UseSerialGC", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                BenchServers.class.getName(), base, Integer.toString(addresses), Integer.toString(ports)));
        Path log = Files.createTempFile("bench-servers", ".log");
        process = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        in = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IllegalStateException("the servers did not start: " + ready + "\n" + Files.readString(log));
        }
    }

    private String ask(String command) {
        in.println(command);
        try {
            String answer = out.readLine();
            if (answer == null) {
                throw new IllegalStateException("the server process ended");
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections the servers accepted so far. */
    long accepted() {
        return Long.parseLong(ask("count"));
    }

    void close(InetSocketAddress a) {
        ask("close " + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    void open(InetSocketAddress a) {
        ask("open " + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** The server JVM's CPU time so far (user + system), from /proc. */
    long cpuNanos() {
        return BenchCpu.processCpuNanos(process.pid(), true);
    }

    @Override
    public void close() throws InterruptedException {
        ask("quit");
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            NetnsLab.kill9(process);
        }
    }
}
