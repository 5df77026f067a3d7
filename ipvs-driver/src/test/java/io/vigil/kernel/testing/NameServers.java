package io.vigil.kernel.testing;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real TCP servers for traffic tests: each listens in a network namespace and answers every connection with its
 * name, then closes it; a client in another namespace connects many times and counts who answered. One accept
 * thread per server (tests only).
 */
public final class NameServers implements AutoCloseable {

    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts a server named {@code name} on {@code port} (all addresses) in namespace {@code ns}. */
    public void start(String ns, String name, int port) throws KernelException {
        ServerSocket s = NetNamespace.call(ns, () -> {
            try {
                ServerSocket ss = new ServerSocket();
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(port), 256);
                return ss;
            } catch (IOException e) {
                throw new UncheckedIOException("listen on " + port + " in " + ns, e);
            }
        });
        sockets.add(s);
        byte[] reply = (name + "\n").getBytes(StandardCharsets.UTF_8);
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept(); OutputStream out = c.getOutputStream()) {
                    out.write(reply);
                } catch (IOException e) {
                    // closed, or a client gone: keep serving until closed
                }
            }
        }, "name-server-" + name + "-" + port);
        t.setDaemon(true);
        t.start();
        threads.add(t);
    }

    /**
     * Opens {@code count} connections one after the other from namespace {@code ns} to {@code host:port} and counts
     * the names that answered.
     */
    public static Map<String, Integer> spread(String ns, String host, int port, int count) throws KernelException {
        return NetNamespace.call(ns, () -> {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < count; i++) {
                seen.merge(ask(host, port), 1, Integer::sum);
            }
            return seen;
        });
    }

    private static String ask(String host, int port) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(3000);
            s.connect(new InetSocketAddress(host, port), 3000);
            InputStream in = s.getInputStream();
            byte[] b = in.readAllBytes();
            return new String(b, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "error: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
