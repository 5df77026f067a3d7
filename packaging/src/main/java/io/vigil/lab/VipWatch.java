package io.vigil.lab;

import io.vigil.core.port.InterfaceAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.Link;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.rtnl.RtnlAddressManager;
import io.vigil.kernel.rtnl.RtnlLinkManager;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Who holds the VIP, watched from the outside every 2 ms: rtnetlink sockets per director namespace (opened inside
 * it) list its addresses and links; a director holds the VIP when the VIP is on one of its interfaces that is up (a
 * crashed director's link is down: what it still has configured serves nobody). Every change of holder is kept
 * with its time.
 */
final class VipWatch implements AutoCloseable {

    /** The holder from {@code nanos} (System.nanoTime) on: a director, several ({@code d1+d2}), or nobody. */
    record Change(long nanos, String holder) {
    }

    static final String NOBODY = "nobody";

    private final InetAddress vip;
    private final Map<String, RtnlAddressManager> hosts = new LinkedHashMap<>();
    private final Map<String, RtnlLinkManager> links = new LinkedHashMap<>();
    private final List<Change> changes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** @param namespaces the directors' names to their namespaces */
    VipWatch(Map<String, String> namespaces, InetAddress vip) throws KernelException {
        this.vip = vip;
        try {
            for (Map.Entry<String, String> e : namespaces.entrySet()) {
                hosts.put(e.getKey(), NetNamespace.call(e.getValue(), RtnlAddressManager::open));
                links.put(e.getKey(), NetNamespace.call(e.getValue(), RtnlLinkManager::open));
            }
        } catch (KernelException | RuntimeException e) {
            close();
            throw e;
        }
        thread = new Thread(this::run, "lab-vip-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        String last = null;
        while (running) {
            String now = holder();
            if (!now.equals(last)) {
                synchronized (changes) {
                    changes.add(new Change(System.nanoTime(), now));
                    changes.notifyAll();
                }
                last = now;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String holder() {
        StringJoiner j = new StringJoiner("+");
        for (Map.Entry<String, RtnlAddressManager> e : hosts.entrySet()) {
            try {
                Set<Integer> up = new HashSet<>();
                for (Link l : links.get(e.getKey()).links()) {
                    if (l.adminUp() && l.operUp()) {
                        up.add(l.index());
                    }
                }
                for (InterfaceAddress a : e.getValue().list(0)) {
                    if (a.address().equals(vip) && up.contains(a.ifindex())) {
                        j.add(e.getKey());
                        break;
                    }
                }
            } catch (KernelException ex) {
                // a namespace going away at the end: not a holder
            }
        }
        return j.length() == 0 ? NOBODY : j.toString();
    }

    /** Waits until {@code holder} holds the VIP (alone) and returns when it started to. */
    long await(String holder, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (changes) {
            while (true) {
                if (!changes.isEmpty() && changes.get(changes.size() - 1).holder().equals(holder)) {
                    return changes.get(changes.size() - 1).nanos();
                }
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new IllegalStateException("the VIP " + vip.getHostAddress() + " is not on " + holder
                            + " after " + timeoutMillis + " ms (" + (changes.isEmpty() ? "no reading"
                            : "held by " + changes.get(changes.size() - 1).holder()) + ")");
                }
                changes.wait(left);
            }
        }
    }

    List<Change> changes() {
        synchronized (changes) {
            return List.copyOf(changes);
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hosts.values().forEach(RtnlAddressManager::close);
        hosts.clear();
        links.values().forEach(RtnlLinkManager::close);
        links.clear();
    }
}
