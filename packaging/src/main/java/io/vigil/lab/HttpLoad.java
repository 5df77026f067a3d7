package io.vigil.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The lab's client: HTTP requests at a steady rate to each VIP, whatever happens to the earlier ones (a request that
 * hangs in a failover does not hold back the next), each with a deadline; every result is kept with its times.
 */
final class HttpLoad implements AutoCloseable {

    /** A VIP and port the client sends requests to. */
    record Target(String name, String address, int port) {
    }

    /**
     * One request: when it started and ended (System.nanoTime), which real server answered (its body), or why it
     * failed.
     */
    record Request(Target target, long startNanos, long endNanos, String server, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final String namespace;
    private final List<Target> targets;
    private final long intervalMillis;
    private final int timeoutMillis;
    private final List<Request> results = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r,
            "lab-client-tick"));
    /** Enough threads for every request of a whole deadline to be in flight at once. */
    private final ExecutorService requests;

    HttpLoad(String namespace, List<Target> targets, long intervalMillis, int timeoutMillis) {
        this.namespace = namespace;
        this.targets = List.copyOf(targets);
        this.intervalMillis = intervalMillis;
        this.timeoutMillis = timeoutMillis;
        int threads = (int) (targets.size() * (timeoutMillis / intervalMillis + 2));
        this.requests = Executors.newFixedThreadPool(threads, r -> daemon(r, "lab-client"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        ticks.scheduleAtFixedRate(() -> {
            for (Target t : targets) {
                requests.execute(() -> {
                    long start = System.nanoTime();
                    Http.Response r = Http.get(namespace, t.address(), t.port(), "/", timeoutMillis);
                    results.add(new Request(t, start, System.nanoTime(), r.ok() ? r.body().trim() : null,
                            r.ok() ? null : r.error() != null ? r.error() : "HTTP " + r.status()));
                });
            }
        }, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops sending and waits for the requests in flight (at most one deadline). */
    void stop() throws InterruptedException {
        ticks.shutdownNow();
        requests.shutdown();
        requests.awaitTermination(timeoutMillis + 2000L, TimeUnit.MILLISECONDS);
    }

    /** The results so far, in the order the requests ended. */
    List<Request> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    int timeoutMillis() {
        return timeoutMillis;
    }

    long intervalMillis() {
        return intervalMillis;
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        requests.shutdownNow();
    }
}
