package io.vigil.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message as received: the {@code nlmsghdr} fields and the payload that follows it (family header
 * and attributes), as a read-only buffer in host byte order.
 */
public final class NlMessage {

    private final int type;
    private final int flags;
    private final int seq;
    private final int pid;
    private final ByteBuffer payload;

    public NlMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {
        this.type = type;
        this.flags = flags;
        this.seq = seq;
        this.pid = pid;
        this.payload = payload.slice().asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /**
     * Splits a datagram into its messages.
     *
     * @throws NetlinkProtocolException when a length field does not fit the datagram
     */
    public static List<NlMessage> parseAll(ByteBuffer datagram) throws NetlinkProtocolException {
        ByteBuffer b = datagram.slice().order(ByteOrder.nativeOrder());
        List<NlMessage> out = new ArrayList<>();
        while (b.remaining() > 0) {
            int at = b.position();
            if (b.remaining() < Netlink.NLMSG_HDRLEN) {
                throw new NetlinkProtocolException(b.remaining() + " trailing bytes at offset " + at
                        + ", less than a message header");
            }
            long len = Integer.toUnsignedLong(b.getInt(at));
            if (len < Netlink.NLMSG_HDRLEN || len > b.remaining()) {
                throw new NetlinkProtocolException("message at offset " + at + " claims " + len + " bytes, "
                        + b.remaining() + " left in the datagram");
            }
            int type = Short.toUnsignedInt(b.getShort(at + 4));
            int flags = Short.toUnsignedInt(b.getShort(at + 6));
            int seq = b.getInt(at + 8);
            int pid = b.getInt(at + 12);
            ByteBuffer payload = b.duplicate().position(at + Netlink.NLMSG_HDRLEN).limit(at + (int) len);
            out.add(new NlMessage(type, flags, seq, pid, payload));
            b.position(Math.min(b.limit(), at + Netlink.align((int) len)));
        }
        return out;
    }

    public int type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public boolean hasFlag(int flag) {
        return (flags & flag) == flag;
    }

    public int seq() {
        return seq;
    }

    public int pid() {
        return pid;
    }

    /** The payload after the nlmsghdr, positioned at 0. */
    public ByteBuffer payload() {
        return payload.duplicate().order(ByteOrder.nativeOrder());
    }

    /**
     * The family header of the payload ({@code headerSize} bytes, e.g. 16 for ifinfomsg).
     *
     * @throws NetlinkProtocolException when the payload is shorter
     */
    public ByteBuffer header(int headerSize, String what) throws NetlinkProtocolException {
        if (payload.remaining() < headerSize) {
            throw new NetlinkProtocolException(what + ": payload of " + payload.remaining() + " bytes, shorter than"
                    + " its " + headerSize + "-byte header");
        }
        return payload().limit(headerSize).slice().order(ByteOrder.nativeOrder());
    }

    /** The attributes after a family header of {@code headerSize} bytes. */
    public NlAttributes attributes(int headerSize, String what) throws NetlinkProtocolException {
        header(headerSize, what);
        ByteBuffer b = payload();
        b.position(Math.min(b.limit(), Netlink.align(headerSize)));
        return NlAttributes.parse(b, what);
    }

    @Override
    public String toString() {
        return "NlMessage[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + seq
                + ", payload=" + payload.remaining() + " bytes]";
    }
}
