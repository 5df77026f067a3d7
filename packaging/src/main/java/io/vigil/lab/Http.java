package io.vigil.lab;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.NetNamespace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.0 GET from inside a network namespace, on a plain socket with a deadline: the lab's client requests
 * and its questions to Prometheus. (A socket belongs to the namespace it was created in; the JDK's HttpClient
 * creates its sockets on threads of its own, so it cannot be pointed at a namespace.)
 */
final class Http {

    /** What came back: the status (0 when nothing did) and the body, or why it failed. */
    record Response(int status, String body, String error) {
        boolean ok() {
            return status == 200;
        }
    }

    private Http() {
    }

    static Response get(String namespace, String host, int port, String path, int timeoutMillis) {
        try {
            return NetNamespace.call(namespace, () -> get(host, port, path, timeoutMillis));
        } catch (KernelException e) {
            return new Response(0, "", e.getMessage());
        }
    }

    private static Response get(String host, int port, String path, int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Socket s = new Socket()) {
            s.setSoLinger(true, 0);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            while (true) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    throw new SocketTimeoutException("no complete answer within " + timeoutMillis + " ms");
                }
                s.setSoTimeout(left);
                int n = in.read(chunk);
                if (n < 0) {
                    break;
                }
                buf.write(chunk, 0, n);
            }
            String text = buf.toString(StandardCharsets.UTF_8);
            int eol = text.indexOf("\r\n");
            int body = text.indexOf("\r\n\r\n");
            String[] status = (eol < 0 ? text : text.substring(0, eol)).split(" ");
            int code = status.length > 1 && status[1].matches("\\d{3}") ? Integer.parseInt(status[1]) : 0;
            return new Response(code, body < 0 ? "" : text.substring(body + 4), code == 0 ? "not HTTP" : null);
        } catch (IOException e) {
            return new Response(0, "", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
