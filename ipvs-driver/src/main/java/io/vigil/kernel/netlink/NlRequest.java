package io.vigil.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A request to send: message type, the request-specific flags (NLM_F_CREATE, NLM_F_DUMP...; the socket adds
 * NLM_F_REQUEST, and NLM_F_ACK unless it is a dump), the payload, and a description that names the request in
 * every error ("RTM_NEWADDR 192.0.2.10/24 dev 3").
 */
public record NlRequest(int type, int flags, byte[] payload, String description) {

    public NlRequest {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(description, "description");
        if (type < Netlink.NLMSG_MIN_TYPE || type > 0xffff) {
            throw new IllegalArgumentException("not a request type: " + type);
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public boolean isDump() {
        return (flags & Netlink.NLM_F_DUMP) == Netlink.NLM_F_DUMP;
    }

    /** The flags on the wire. */
    public int wireFlags() {
        return flags | Netlink.NLM_F_REQUEST | (isDump() ? 0 : Netlink.NLM_F_ACK);
    }

    /** Bytes this request takes in a datagram, padding included. */
    public int encodedLength() {
        return Netlink.align(Netlink.NLMSG_HDRLEN + payload.length);
    }

    /** Appends the message (header with {@code seq} and {@code pid}, payload, padding) to {@code out}. */
    public void encodeTo(ByteBuffer out, int seq, int pid) {
        ByteBuffer b = out.order(ByteOrder.nativeOrder());
        int start = b.position();
        b.putInt(Netlink.NLMSG_HDRLEN + payload.length).putShort((short) type).putShort((short) wireFlags())
                .putInt(seq).putInt(pid).put(payload);
        while (b.position() - start < encodedLength()) {
            b.put((byte) 0);
        }
    }

    public byte[] encode(int seq, int pid) {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        encodeTo(b, seq, pid);
        return b.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NlRequest r && r.type == type && r.flags == flags
                && java.util.Arrays.equals(r.payload, payload) && r.description.equals(description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, flags, java.util.Arrays.hashCode(payload), description);
    }

    @Override
    public String toString() {
        return description;
    }
}
