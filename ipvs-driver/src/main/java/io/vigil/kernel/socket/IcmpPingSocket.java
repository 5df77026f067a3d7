package io.vigil.kernel.socket;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.PingSocket;
import io.vigil.kernel.nativ.Errnos;
import io.vigil.kernel.nativ.NativeSocket;
import io.vigil.kernel.nativ.OutMessage;
import io.vigil.kernel.nativ.RecvBatch;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link PingSocket} on a ping socket: an echo request is the 8-byte ICMP header (type, code 0, checksum and
 * identifier left 0 for the kernel, the sequence number) and the payload; a reply is read with recvmmsg into
 * buffers allocated once, its source from the sockaddr. {@link #close} wakes a blocked receiver at once. One
 * receiving thread; sending is thread-safe.
 */
final class IcmpPingSocket implements PingSocket {

    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;

    private final NativeSocket socket;
    private final RecvBatch batch;
    private final AddressFamily family;
    private final String description;

    IcmpPingSocket(NativeSocket socket, RecvBatch batch, AddressFamily family, String description) {
        this.socket = socket;
        this.batch = batch;
        this.family = family;
        this.description = description;
    }

    @Override
    public void send(InetAddress target, int sequence, byte[] payload) throws KernelException {
        if (AddressFamily.of(target) != family) {
            throw new IllegalArgumentException(InetAddresses.toText(target) + " on an " + family.displayName()
                    + " ping socket");
        }
        try {
            socket.send(new OutMessage(SockAddrs.inet(target, 0), request(family, sequence, payload), null));
        } catch (KernelException e) {
            throw Errnos.exception("sendto", e.errno(), InetAddresses.toText(target) + " from " + description);
        }
    }

    /** An echo request: type, code 0, checksum 0 and identifier 0 (the kernel's), the sequence, the payload. */
    static byte[] request(AddressFamily family, int sequence, byte[] payload) {
        if (sequence < 0 || sequence > 0xffff) {
            throw new IllegalArgumentException("sequence " + sequence);
        }
        byte[] m = new byte[8 + payload.length];
        m[0] = (byte) (family == AddressFamily.INET ? ECHO_REQUEST_V4 : ECHO_REQUEST_V6);
        m[6] = (byte) (sequence >> 8);
        m[7] = (byte) sequence;
        System.arraycopy(payload, 0, m, 8, payload.length);
        return m;
    }

    @Override
    public List<EchoReply> receive(int max) throws KernelException {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        while (true) {
            int n = socket.receive(batch, max, -1);
            if (n < 0) {
                return List.of();
            }
            List<EchoReply> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                EchoReply r = reply(family, batch.data(i), batch.name(i));
                if (r != null) {
                    out.add(r);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
    }

    /** The echo reply in a received ICMP message, or null for anything else. */
    static EchoReply reply(AddressFamily family, byte[] message, byte[] sockaddr) {
        if (message.length < 8) {
            return null;
        }
        int type = message[0] & 0xff;
        if (type != (family == AddressFamily.INET ? ECHO_REPLY_V4 : ECHO_REPLY_V6)) {
            return null;
        }
        InetAddress from = SockAddrs.parseInet(sockaddr);
        if (from == null) {
            return null;
        }
        return new EchoReply(from, ((message[6] & 0xff) << 8) | (message[7] & 0xff));
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public String toString() {
        return "IcmpPingSocket[" + description + "]";
    }
}
