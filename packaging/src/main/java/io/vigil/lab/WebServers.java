package io.vigil.lab;

import com.sun.net.httpserver.HttpServer;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.NetNamespace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lab's real servers: small HTTP servers (the JDK's), each listening inside its real server's namespace and
 * answering every GET with its name. They run in the lab's JVM, on one shared thread pool.
 */
final class WebServers implements AutoCloseable {

    private final List<HttpServer> servers = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "lab-web");
        t.setDaemon(true);
        return t;
    });

    /** Serves {@code name} on {@code port} (every address) inside {@code namespace}. */
    void start(String namespace, String name, int port) throws KernelException {
        HttpServer server = NetNamespace.call(namespace, () -> {
            try {
                return HttpServer.create(new InetSocketAddress(port), 128);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + port + " in " + namespace, e);
            }
        });
        byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            }
        });
        server.setExecutor(pool);
        server.start();
        servers.add(server);
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
        servers.clear();
        pool.shutdownNow();
    }
}
