package io.vigil.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code net.ipv4.ping_group_range}, which decides who may open the ping sockets of PING_CHECK (it covers ICMPv6
 * too, and applies to root as well). As keepalived does when a PING_CHECK is configured, its lower bound is set to
 * 0 (the upper bound is kept) for as long as the daemon runs, and put back at stop. Per network namespace.
 */
final class PingGroupRange implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PingGroupRange.class);
    static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/ping_group_range");

    private final Path file;
    private final String saved;

    private PingGroupRange(Path file, String saved) {
        this.file = file;
        this.saved = saved;
    }

    /**
     * Widens the range to start at 0 if it does not; returns what restores it, or {@code null} when nothing was
     * changed (already 0, or the file cannot be read or written: PING_CHECK then reports PING_UNAVAILABLE).
     */
    static PingGroupRange widen(Path file) {
        try {
            String now = read(file);
            String[] f = now.split("\\s+");
            if (f.length != 2 || f[0].equals("0")) {
                return null;
            }
            Files.writeString(file, "0\t" + f[1] + "\n", StandardCharsets.US_ASCII);
            LOG.info("net.ipv4.ping_group_range {} -> 0 {} for PING_CHECK (restored at stop)", now, f[1]);
            return new PingGroupRange(file, f[0] + "\t" + f[1] + "\n");
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot widen net.ipv4.ping_group_range for PING_CHECK: {}", e.toString());
            return null;
        }
    }

    /**
     * The file's text, in one read: a sysctl file answers only a read at offset 0 (Files.readString reads one byte,
     * then asks for the rest at offset 1 and gets nothing).
     */
    private static String read(Path file) throws IOException {
        byte[] buf = new byte[128];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).strip();
        }
    }

    @Override
    public void close() {
        try {
            Files.writeString(file, saved, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            LOG.warn("cannot restore net.ipv4.ping_group_range: {}", e.toString());
        }
    }
}
