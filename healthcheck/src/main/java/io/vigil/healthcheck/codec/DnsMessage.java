package io.vigil.healthcheck.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The DNS messages of {@code DNS_CHECK} (RFC 1035 §4.1): a one-question query with recursion desired, and the
 * decoding of a response's header and question, with every bound checked (a truncated packet or a compression
 * loop is a {@link DnsFormatException}, never an index error).
 */
public final class DnsMessage {

    /** The fixed header size. */
    public static final int HEADER = 12;
    private static final int CLASS_IN = 1;

    private DnsMessage() {
    }

    /** A response's header and first question. */
    public record Response(int id, boolean response, int opcode, boolean truncated, int rcode, int qdcount,
            int ancount, int nscount, int arcount, String qname, int qtype, int qclass) {
    }

    /** A malformed DNS message. */
    public static final class DnsFormatException extends Exception {
        public DnsFormatException(String message) {
            super(message);
        }
    }

    /**
     * Encodes a name in wire format; "." or "" is the root.
     *
     * @throws IllegalArgumentException for an empty label, a label over 63 bytes or a name over 255 bytes
     */
    public static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!n.isEmpty()) {
            for (String label : n.split("\\.", -1)) {
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                if (b.length == 0 || b.length > 63) {
                    throw new IllegalArgumentException("invalid DNS name '" + name + "': labels must be 1..63 bytes");
                }
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
        if (out.size() > 255) {
            throw new IllegalArgumentException("DNS name too long (" + out.size() + " bytes): " + name);
        }
        return out.toByteArray();
    }

    /** A standard query (RD set) for {@code name}/{@code type} in class IN. */
    public static byte[] query(int id, String name, int type) {
        byte[] qname = encodeName(name);
        byte[] m = new byte[HEADER + qname.length + 4];
        put16(m, 0, id);
        put16(m, 2, 0x0100); // RD
        put16(m, 4, 1);
        System.arraycopy(qname, 0, m, HEADER, qname.length);
        put16(m, HEADER + qname.length, type);
        put16(m, HEADER + qname.length + 2, CLASS_IN);
        return m;
    }

    /** Decodes the header and (when present) the first question of a message. */
    public static Response decode(byte[] m, int len) throws DnsFormatException {
        if (len < HEADER) {
            throw new DnsFormatException("message of " + len + " bytes is shorter than a DNS header");
        }
        int flags = get16(m, 2);
        int qd = get16(m, 4);
        String qname = null;
        int qtype = -1;
        int qclass = -1;
        if (qd > 0) {
            StringBuilder sb = new StringBuilder();
            int end = readName(m, len, HEADER, sb);
            if (end + 4 > len) {
                throw new DnsFormatException("question truncated");
            }
            qname = sb.toString();
            qtype = get16(m, end);
            qclass = get16(m, end + 2);
        }
        return new Response(get16(m, 0), (flags & 0x8000) != 0, (flags >> 11) & 0xf, (flags & 0x0200) != 0,
                flags & 0xf, qd, get16(m, 6), get16(m, 8), get16(m, 10), qname, qtype, qclass);
    }

    /** Reads a (possibly compressed) name at {@code off}; returns the offset after it in the original stream. */
    static int readName(byte[] m, int len, int off, StringBuilder out) throws DnsFormatException {
        int pos = off;
        int after = -1;
        int jumps = 0;
        int total = 0;
        while (true) {
            if (pos >= len) {
                throw new DnsFormatException("name runs past the end of the message");
            }
            int l = m[pos] & 0xff;
            if ((l & 0xc0) == 0xc0) {
                if (pos + 1 >= len) {
                    throw new DnsFormatException("compression pointer truncated");
                }
                if (++jumps > 64) {
                    throw new DnsFormatException("compression pointer loop");
                }
                if (after < 0) {
                    after = pos + 2;
                }
                pos = ((l & 0x3f) << 8) | (m[pos + 1] & 0xff);
                continue;
            }
            if ((l & 0xc0) != 0) {
                throw new DnsFormatException("unsupported label type 0x" + Integer.toHexString(l));
            }
            if (l == 0) {
                if (out.length() == 0) {
                    out.append('.');
                }
                return after >= 0 ? after : pos + 1;
            }
            if (pos + 1 + l > len) {
                throw new DnsFormatException("label runs past the end of the message");
            }
            total += l + 1;
            if (total > 255) {
                throw new DnsFormatException("name longer than 255 bytes");
            }
            out.append(new String(m, pos + 1, l, StandardCharsets.ISO_8859_1)).append('.');
            pos += 1 + l;
        }
    }

    static int get16(byte[] m, int off) {
        return ((m[off] & 0xff) << 8) | (m[off + 1] & 0xff);
    }

    static void put16(byte[] m, int off, int v) {
        m[off] = (byte) (v >> 8);
        m[off + 1] = (byte) v;
    }
}
