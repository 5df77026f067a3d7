package io.vigil.kernel.socket;

import io.vigil.core.net.MacAddress;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PacketSocket;
import io.vigil.kernel.nativ.NativeSocket;
import io.vigil.kernel.nativ.OutMessage;
import io.vigil.kernel.nativ.RecvBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PacketSocket} on two AF_PACKET sockets of one interface: a SOCK_DGRAM one bound to the ethertype, which
 * receives IP packets (data from the IP header on, the sender's MAC and the packet type in sockaddr_ll) through a
 * BPF filter that keeps only the wanted protocol and nothing this host sent; and a SOCK_RAW one, bound to the
 * interface with protocol 0 (so it receives nothing), that sends whole Ethernet frames.
 *
 * <p>{@link #receive} reads with recvmmsg into buffers allocated once at open. {@link #close} wakes a receiver
 * blocked in it at once (see {@link NativeSocket}: an eventfd polled with the socket), and the receiver returns
 * an empty list. One receiving thread per socket; sending is thread-safe.
 */
final class AfPacketSocket implements PacketSocket {

    private static final Logger LOG = LoggerFactory.getLogger(AfPacketSocket.class);
    /** PACKET_OUTGOING and above (PACKET_LOOPBACK...), {@code <linux/if_packet.h>}: sent by this host. */
    private static final int PACKET_OUTGOING = 4;
    private static final int ETH_HEADER = 14;

    private final NativeSocket receiver;
    private final NativeSocket sender;
    private final RecvBatch batch;
    private final String interfaceName;
    private final String sendOperation;
    private final int ifindex;
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong own = new AtomicLong();

    AfPacketSocket(NativeSocket receiver, NativeSocket sender, RecvBatch batch, String interfaceName, int ifindex) {
        this.receiver = receiver;
        this.sender = sender;
        this.batch = batch;
        this.interfaceName = interfaceName;
        this.sendOperation = "send frames on " + interfaceName;
        this.ifindex = ifindex;
    }

    @Override
    public List<ReceivedPacket> receive(int max) throws KernelException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        while (true) {
            int n = receiver.receive(batch, max, -1);
            if (n < 0) {
                return List.of();
            }
            List<ReceivedPacket> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ReceivedPacket p = packet(i);
                if (p != null) {
                    out.add(p);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
    }

    private ReceivedPacket packet(int slot) {
        SockAddrs.LinkSource from = SockAddrs.parsePacket(batch.name(slot));
        if (from.packetType() >= PACKET_OUTGOING) { // the filter drops these already; belt and braces
            own.incrementAndGet();
            return null;
        }
        if (batch.truncated(slot)) {
            truncated.incrementAndGet();
            LOG.debug("{}: dropped a packet longer than {} bytes", interfaceName, batch.slotSize());
            return null;
        }
        return new ReceivedPacket(from.ifindex(), from.mac(), trim(batch.data(slot)));
    }

    /**
     * Cuts the Ethernet padding a short frame carries (the packet socket sees it; IP would trim it later): to the
     * IPv4 total length, or 40 + the IPv6 payload length, when that is shorter than what arrived. A packet whose
     * header claims more than arrived is left whole, for the caller's validation to reject.
     */
    static byte[] trim(byte[] packet) {
        int length = packet.length;
        if (packet.length >= 20 && (packet[0] & 0xf0) == 0x40) {
            length = ((packet[2] & 0xff) << 8) | (packet[3] & 0xff);
        } else if (packet.length >= 40 && (packet[0] & 0xf0) == 0x60) {
            length = 40 + (((packet[4] & 0xff) << 8) | (packet[5] & 0xff));
        }
        return length < packet.length && length > 0 ? Arrays.copyOf(packet, length) : packet;
    }

    @Override
    public void sendFrames(List<byte[]> frames) throws KernelException {
        transmit(frames, false);
    }

    @Override
    public void rehearseFrames(List<byte[]> frames) throws KernelException {
        transmit(frames, true);
    }

    private void transmit(List<byte[]> frames, boolean rehearsal) throws KernelException {
        if (frames.isEmpty()) {
            return;
        }
        sender.sendAll(frameMessages(frames), sendOperation,
                i -> "frame " + (i + 1) + " of " + frames.size() + " (" + frames.get(i).length + " bytes)", rehearsal);
    }

    private List<OutMessage> frameMessages(List<byte[]> frames) {
        List<OutMessage> messages = new ArrayList<>(frames.size());
        for (byte[] f : frames) {
            if (f.length < ETH_HEADER) {
                throw new IllegalArgumentException("an Ethernet frame has at least 14 bytes, got " + f.length);
            }
            int etherType = ((f[12] & 0xff) << 8) | (f[13] & 0xff);
            MacAddress destination = MacAddress.of(Arrays.copyOf(f, 6));
            messages.add(new OutMessage(SockAddrs.packet(etherType, ifindex, destination), f, null));
        }
        return messages;
    }

    /** Packets dropped because they were longer than a receive buffer. */
    public long truncatedPackets() {
        return truncated.get();
    }

    /** Packets this host sent that reached the socket despite the filter (should stay 0). */
    public long ownPackets() {
        return own.get();
    }

    @Override
    public void close() {
        receiver.close();
        sender.close();
    }

    @Override
    public String toString() {
        return "AfPacketSocket[" + interfaceName + "]";
    }
}
