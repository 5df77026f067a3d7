package io.vigil.it;

import io.vigil.core.netns.NetnsLab;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One LAN of hosts for a test class, set up once: a bridge and a host per spec, each with {@code eth0} and its
 * addresses. Directors started through it are killed by {@link #killAll()} (after each test) and the whole lab
 * goes with {@link #close()}.
 */
final class Segment implements AutoCloseable {

    final NetnsLab lab;
    final Path dir;
    private final List<Director> started = new ArrayList<>();

    private Segment(NetnsLab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /**
     * @param name  a word for the temporary directory
     * @param hosts one spec per host: its name, then the CIDR addresses of its eth0 ("d1 192.0.2.1/24")
     */
    static Segment create(String name, String... hosts) {
        NetnsLab lab = NetnsLab.create();
        try {
            Path dir = Files.createTempDirectory(name);
            lab.addSegment("lan");
            for (String spec : hosts) {
                String[] f = spec.trim().split("\\s+");
                lab.addHost(f[0]);
                lab.connect(f[0], "lan", "eth0", java.util.Arrays.copyOfRange(f, 1, f.length));
            }
            return new Segment(lab, dir);
        } catch (IOException e) {
            lab.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /**
     * A temporary directory that other users can read and enter: scripts run as {@code script_user} and servers
     * started as nobody read their files there.
     */
    static Path readableDir(String name) throws IOException {
        Path dir = Files.createTempDirectory(name);
        makeReadable(dir);
        return dir;
    }

    static void makeReadable(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Starts a director and remembers it for {@link #killAll()}. */
    <D extends Director> D start(D director) {
        started.add(director);
        director.start();
        return director;
    }

    /** SIGKILL to every director still running. */
    void killAll() {
        Director.kill9All(started);
        started.clear();
    }

    @Override
    public void close() {
        killAll();
        lab.close();
    }
}
