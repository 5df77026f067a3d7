package io.vigil.kernel.testing;

import io.vigil.core.port.KernelException;
import io.vigil.core.port.PacketSocket;
import io.vigil.core.port.PacketSocket.ReceivedPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Receives from a {@link PacketSocket} on a thread of its own (as the VRRP runtime will) and keeps every packet,
 * so tests can wait for a condition on what arrived. Closing it closes the socket and joins the thread.
 */
public final class PacketCollector implements AutoCloseable {

    private final PacketSocket socket;
    private final List<ReceivedPacket> packets = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public PacketCollector(PacketSocket socket, String name) {
        this.socket = socket;
        this.thread = new Thread(this::loop, "collector-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                List<ReceivedPacket> got = socket.receive(16);
                if (got.isEmpty()) {
                    return; // closed
                }
                packets.addAll(got);
            }
        } catch (KernelException | RuntimeException e) {
            failures.add(e);
        }
    }

    /** Everything received so far; throws if the receiving thread failed. */
    public List<ReceivedPacket> packets() {
        if (!failures.isEmpty()) {
            throw new AssertionError("receive failed", failures.get(0));
        }
        return new ArrayList<>(packets);
    }

    public void clear() {
        packets.clear();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new AssertionError("receiving thread still blocked 5 s after close");
        }
    }
}
