package io.vigil.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket ({@code /run/vigil/vigil.sock} by default): a Unix domain stream socket, mode 0600, served by
 * one small thread, one request at a time. The protocol is one line per connection: the client sends a command
 * ({@code status}), the daemon answers (JSON) and closes. An unknown command gets {@code {"error": "..."}}.
 */
public final class ControlServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    /** A request line longer than this is refused. */
    private static final int MAX_REQUEST = 1024;
    /** How long a client may take to send its request line. */
    private static final long READ_TIMEOUT_NANOS = 5_000_000_000L;

    private final Path path;
    private final ServerSocketChannel server;
    private final Function<String, String> handler;
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Binds the socket; a stale socket file (left by a crash) is replaced, a live one (another daemon) is not.
     *
     * @param handler the answer to one request line (without its newline)
     * @throws IOException when the socket cannot be bound, or another daemon answers on it
     */
    public ControlServer(Path path, Function<String, String> handler) throws IOException {
        this.path = path;
        this.handler = handler;
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("another vigil is running: " + path + " answers");
            }
            Files.delete(path);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        thread = new Thread(this::serve, "vigil-control");
        thread.setDaemon(true);
        thread.start();
    }

    public Path path() {
        return path;
    }

    private static boolean answers(Path p) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(p))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    private void serve() {
        while (!closed) {
            try (SocketChannel c = server.accept()) {
                handle(c);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("control socket: {}", e.toString());
                }
            }
        }
    }

    private void handle(SocketChannel c) throws IOException {
        // a client that connects and says nothing must not hold the one thread: read with a deadline
        c.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        String line = null;
        boolean tooLong = false;
        long deadline = System.nanoTime() + READ_TIMEOUT_NANOS;
        try (Selector sel = Selector.open()) {
            c.register(sel, SelectionKey.OP_READ);
            while (line == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                sel.select(left);
                sel.selectedKeys().clear();
                int n = c.read(in);
                for (int i = 0; i < in.position() && line == null; i++) {
                    if (in.get(i) == '\n') {
                        line = new String(in.array(), 0, i, StandardCharsets.UTF_8).strip();
                    }
                }
                if (line == null && n < 0) {
                    line = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).strip();
                }
                if (line == null && !in.hasRemaining()) {
                    line = "";
                    tooLong = true;
                }
            }
        }
        c.configureBlocking(true);
        if (tooLong) {
            write(c, error("request too long"));
            return;
        }
        String answer;
        try {
            answer = handler.apply(line);
        } catch (RuntimeException e) {
            LOG.warn("control request '{}' failed", line, e);
            answer = error(e.toString());
        }
        write(c, answer);
    }

    /** The answer to a request that failed: {@code {"error": "..."}}. */
    public static String error(String message) {
        return io.vigil.core.config.tree.JsonWriter.write(java.util.Map.of("error", message));
    }

    private static void write(SocketChannel c, String s) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the control socket: {}", e.toString());
        }
        try {
            thread.join(2000);
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", path, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
