package io.vigil.core.net;

/**
 * The Internet checksum of RFC 1071: the 16-bit one's complement of the one's complement sum of the data taken as
 * big-endian 16-bit words (an odd last byte is padded with a zero byte). IPv4 headers, ICMPv6, VRRP and their
 * pseudo-headers all use it.
 *
 * <p>The work is split in two steps so that callers can precompute the constant parts of a message once (a
 * pseudo-header, fixed fields) and finish each packet with a few additions: {@link #add} accumulates an
 * <em>unfolded</em> sum in a {@code long} (exact integer addition, so partial sums can also be subtracted), and
 * {@link #finish} folds the carries and complements. Segments added one after the other must each have an even
 * length, except the last one.
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** Adds {@code length} bytes from {@code offset} to the running {@code sum}, as big-endian 16-bit words. */
    public static long add(long sum, byte[] data, int offset, int length) {
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (data[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Adds a whole array (an address, typically). */
    public static long add(long sum, byte[] data) {
        return add(sum, data, 0, data.length);
    }

    /** Folds the carries of an unfolded sum into 16 bits (the one's complement sum, not yet complemented). */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    /** The checksum to put in a packet: the complement of the folded sum. */
    public static int finish(long sum) {
        return ~fold(sum) & 0xffff;
    }

    /** The checksum of a byte range (whose checksum field, if inside it, must be zero when computing). */
    public static int compute(byte[] data, int offset, int length) {
        return finish(add(0, data, offset, length));
    }

    /**
     * True when a sum taken over data that includes its checksum field verifies: the folded sum is 0xffff
     * (negative zero).
     */
    public static boolean verifies(long sumIncludingChecksum) {
        return fold(sumIncludingChecksum) == 0xffff;
    }
}
