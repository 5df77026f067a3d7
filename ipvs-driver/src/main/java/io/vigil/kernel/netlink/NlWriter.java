package io.vigil.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a netlink payload: a family header (raw fields) then attributes, each padded to 4 bytes, nested
 * attributes by {@link #beginNested} / {@link #endNested}. Host byte order, as netlink wants; values that the
 * kernel reads in network order (addresses) are passed as bytes.
 */
public final class NlWriter {

    private ByteBuffer buf = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());

    public NlWriter u8(int v) {
        ensure(1).put((byte) v);
        return this;
    }

    public NlWriter u16(int v) {
        ensure(2).putShort((short) v);
        return this;
    }

    public NlWriter u32(int v) {
        ensure(4).putInt(v);
        return this;
    }

    public NlWriter bytes(byte[] v) {
        ensure(v.length).put(v);
        return this;
    }

    /** Pads with zeros to the next 4-byte boundary. */
    public NlWriter align() {
        int pad = Netlink.align(buf.position()) - buf.position();
        ensure(pad).put(new byte[pad]);
        return this;
    }

    public NlWriter attr(int type, byte[] value) {
        int len = Netlink.NLA_HDRLEN + value.length;
        if (len > 0xffff) {
            throw new IllegalArgumentException("attribute " + type + " of " + value.length + " bytes is too long");
        }
        align();
        ensure(len).putShort((short) len).putShort((short) type).put(value);
        return align();
    }

    public NlWriter attrU8(int type, int value) {
        return attr(type, new byte[] {(byte) value});
    }

    public NlWriter attrU16(int type, int value) {
        return attr(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    public NlWriter attrU32(int type, int value) {
        return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A NUL-terminated string (what the kernel's NLA_NUL_STRING and IFNAMSIZ names expect). */
    public NlWriter attrString(int type, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        return attr(type, Arrays.copyOf(s, s.length + 1));
    }

    /** Starts a nested attribute; pass the returned mark to {@link #endNested}. */
    public int beginNested(int type) {
        align();
        int mark = buf.position();
        ensure(Netlink.NLA_HDRLEN).putShort((short) 0).putShort((short) (type | Netlink.NLA_F_NESTED));
        return mark;
    }

    public NlWriter endNested(int mark) {
        int len = buf.position() - mark;
        if (len > 0xffff) {
            throw new IllegalArgumentException("nested attribute of " + len + " bytes is too long");
        }
        buf.putShort(mark, (short) len);
        return this;
    }

    public int size() {
        return buf.position();
    }

    /** The payload so far, padded to 4 bytes. */
    public byte[] toBytes() {
        align();
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private ByteBuffer ensure(int n) {
        if (buf.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        return buf;
    }
}
