package io.vigil.kernel.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes ({@code struct nlattr} TLVs) of a message or of a nested attribute, parsed eagerly and checked:
 * every length must fit, so a truncated or lying reply fails here with a message saying where, not later with an
 * index error. Attributes nobody asks for are simply never read, so new kernel attributes are skipped. The type
 * bits NLA_F_NESTED / NLA_F_NET_BYTEORDER are masked off; when a type repeats, the last one wins (as in the
 * kernel's nla_parse), and {@link #entries} still lists them all.
 */
public final class NlAttributes {

    private static final NlAttributes EMPTY = new NlAttributes("", List.of(), Map.of());

    private final String context;
    private final List<Entry> entries;
    private final Map<Integer, ByteBuffer> byType;

    /** One attribute: its type (flags masked off) and value. */
    public record Entry(int type, ByteBuffer value) {
        @Override
        public ByteBuffer value() {
            return value.duplicate().order(ByteOrder.nativeOrder());
        }
    }

    private NlAttributes(String context, List<Entry> entries, Map<Integer, ByteBuffer> byType) {
        this.context = context;
        this.entries = entries;
        this.byType = byType;
    }

    public static NlAttributes empty() {
        return EMPTY;
    }

    /**
     * Parses the attributes between the buffer's position and limit.
     *
     * @param context what they belong to ("RTM_NEWLINK"), for error messages
     */
    public static NlAttributes parse(ByteBuffer region, String context) throws NetlinkProtocolException {
        ByteBuffer b = region.slice().order(ByteOrder.nativeOrder());
        List<Entry> entries = new ArrayList<>();
        Map<Integer, ByteBuffer> byType = new LinkedHashMap<>();
        while (b.remaining() > 0) {
            int at = b.position();
            if (b.remaining() < Netlink.NLA_HDRLEN) {
                throw new NetlinkProtocolException(context + ": " + b.remaining() + " trailing bytes at attribute"
                        + " offset " + at + ", less than an attribute header");
            }
            int len = Short.toUnsignedInt(b.getShort(at));
            int type = Short.toUnsignedInt(b.getShort(at + 2)) & Netlink.NLA_TYPE_MASK;
            if (len < Netlink.NLA_HDRLEN || len > b.remaining()) {
                throw new NetlinkProtocolException(context + ": attribute " + type + " at offset " + at + " claims "
                        + len + " bytes, " + b.remaining() + " left");
            }
            ByteBuffer value = b.duplicate().position(at + Netlink.NLA_HDRLEN).limit(at + len).slice()
                    .asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            entries.add(new Entry(type, value));
            byType.put(type, value);
            b.position(Math.min(b.limit(), at + Netlink.align(len)));
        }
        return new NlAttributes(context, Collections.unmodifiableList(entries), Collections.unmodifiableMap(byType));
    }

    public boolean has(int type) {
        return byType.containsKey(type);
    }

    /** Every attribute in wire order, repeats included (for arrays such as nested lists). */
    public List<Entry> entries() {
        return entries;
    }

    /** The raw value, or {@code null}. */
    public ByteBuffer value(int type) {
        ByteBuffer v = byType.get(type);
        return v == null ? null : v.duplicate().order(ByteOrder.nativeOrder());
    }

    /** A copy of the value, or {@code null}. */
    public byte[] bytes(int type) {
        ByteBuffer v = value(type);
        if (v == null) {
            return null;
        }
        byte[] out = new byte[v.remaining()];
        v.get(out);
        return out;
    }

    /** A value of exactly {@code length} bytes (e.g. an address), or {@code null} when absent. */
    public byte[] bytes(int type, int length) throws NetlinkProtocolException {
        byte[] v = bytes(type);
        if (v != null && v.length != length) {
            throw new NetlinkProtocolException(context + ": attribute " + type + " has " + v.length
                    + " bytes, expected " + length);
        }
        return v;
    }

    public int u8(int type, int absent) throws NetlinkProtocolException {
        ByteBuffer v = sized(type, 1);
        return v == null ? absent : Byte.toUnsignedInt(v.get(0));
    }

    public int u16(int type, int absent) throws NetlinkProtocolException {
        ByteBuffer v = sized(type, 2);
        return v == null ? absent : Short.toUnsignedInt(v.getShort(0));
    }

    /** A u32 (returned as the int with the same bits). */
    public int u32(int type, int absent) throws NetlinkProtocolException {
        ByteBuffer v = sized(type, 4);
        return v == null ? absent : v.getInt(0);
    }

    /** A u64 (returned as the long with the same bits). */
    public long u64(int type, long absent) throws NetlinkProtocolException {
        ByteBuffer v = sized(type, 8);
        return v == null ? absent : v.getLong(0);
    }

    /** A value of exactly {@code length} bytes that must be present. */
    public ByteBuffer required(int type, int length) throws NetlinkProtocolException {
        ByteBuffer v = value(type);
        if (v == null) {
            throw new NetlinkProtocolException(context + ": attribute " + type + " missing");
        }
        if (v.remaining() < length) {
            throw new NetlinkProtocolException(context + ": attribute " + type + " has " + v.remaining()
                    + " bytes, expected " + length);
        }
        return v;
    }

    /** What these attributes belong to, for messages. */
    public String context() {
        return context;
    }

    /** A NUL-terminated string (NLA_NUL_STRING / NLA_STRING), read up to the first NUL, or {@code null}. */
    public String string(int type) {
        ByteBuffer v = value(type);
        if (v == null) {
            return null;
        }
        int end = 0;
        while (end < v.remaining() && v.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end];
        v.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The attributes inside a nested attribute; empty when it is absent. */
    public NlAttributes nested(int type) throws NetlinkProtocolException {
        ByteBuffer v = value(type);
        return v == null ? EMPTY : parse(v, context + "/" + type);
    }

    private ByteBuffer sized(int type, int min) throws NetlinkProtocolException {
        ByteBuffer v = value(type);
        if (v != null && v.remaining() < min) {
            throw new NetlinkProtocolException(context + ": attribute " + type + " has " + v.remaining()
                    + " bytes, expected " + min);
        }
        return v;
    }

    @Override
    public String toString() {
        return "NlAttributes" + byType.keySet();
    }
}
