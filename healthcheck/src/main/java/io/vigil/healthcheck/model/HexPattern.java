package io.vigil.healthcheck.model;

import java.util.Arrays;

/**
 * keepalived's free-form HEX_STR of {@code UDP_CHECK}: hex digits grouped by white space, read in pairs, a lone last
 * digit of a group being a byte of its own ({@code "Ab12f 3 456"} is {@code AB 12 0F 03 45 06}); in a {@code require_reply} pattern an
 * {@code X} matches any nibble. Matching compares the first min(reply length, pattern length) bytes.
 *
 * @param bytes the byte values (wildcard nibbles are 0)
 * @param masks per byte, the bits that must match
 */
public record HexPattern(byte[] bytes, byte[] masks) {

    public HexPattern {
        if (bytes.length != masks.length) {
            throw new IllegalArgumentException("bytes and masks differ in length");
        }
        bytes = bytes.clone();
        masks = masks.clone();
    }

    /**
     * Parses a HEX_STR.
     *
     * @param wildcards whether X/x is allowed (require_reply) or not (payload)
     * @throws IllegalArgumentException naming the bad character
     */
    public static HexPattern parse(String text, boolean wildcards) {
        String[] groups = text.trim().split("\\s+");
        byte[] b = new byte[text.length()];
        byte[] m = new byte[text.length()];
        int n = 0;
        for (String g : groups) {
            if (g.isEmpty()) {
                continue;
            }
            int i = 0;
            for (; i + 1 < g.length(); i += 2) {
                int[] hi = nibble(g.charAt(i), wildcards);
                int[] lo = nibble(g.charAt(i + 1), wildcards);
                b[n] = (byte) (hi[0] << 4 | lo[0]);
                m[n] = (byte) (hi[1] << 4 | lo[1]);
                n++;
            }
            if (i < g.length()) {
                // a lone last digit is a byte of its own: "456" is 45 06
                int[] v = nibble(g.charAt(i), wildcards);
                b[n] = (byte) v[0];
                m[n] = (byte) v[1];
                n++;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("empty hex string");
        }
        return new HexPattern(Arrays.copyOf(b, n), Arrays.copyOf(m, n));
    }

    private static int[] nibble(char c, boolean wildcards) {
        if ((c == 'x' || c == 'X') && wildcards) {
            return new int[] {0, 0};
        }
        int v = Character.digit(c, 16);
        if (v < 0) {
            throw new IllegalArgumentException("invalid character '" + c + "' in hex string");
        }
        return new int[] {v, 0xf};
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public byte[] masks() {
        return masks.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** True when the reply matches over min(reply length, pattern length) bytes. */
    public boolean matches(byte[] reply, int length) {
        int n = Math.min(length, bytes.length);
        for (int i = 0; i < n; i++) {
            if (((reply[i] ^ bytes[i]) & masks[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HexPattern p && Arrays.equals(bytes, p.bytes) && Arrays.equals(masks, p.masks);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + Arrays.hashCode(masks);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            s.append((masks[i] & 0xf0) == 0 ? 'X' : Character.forDigit((bytes[i] >> 4) & 0xf, 16));
            s.append((masks[i] & 0x0f) == 0 ? 'X' : Character.forDigit(bytes[i] & 0xf, 16));
        }
        return s.toString();
    }
}
