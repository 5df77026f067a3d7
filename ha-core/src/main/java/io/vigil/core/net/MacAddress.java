package io.vigil.core.net;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** A 48-bit Ethernet address. Immutable. */
public final class MacAddress implements Comparable<MacAddress> {

    public static final MacAddress BROADCAST = of(new byte[] {-1, -1, -1, -1, -1, -1});
    public static final MacAddress ZERO = of(new byte[6]);

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with '-'). */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "'");
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'");
            }
            try {
                b[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "'", e);
            }
        }
        return new MacAddress(b);
    }

    /** The VRRP virtual MAC: 00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6. */
    public static MacAddress vrrpVirtual(AddressFamily family, int vrid) {
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("VRID out of range: " + vrid);
        }
        return new MacAddress(new byte[] {0, 0, 0x5e, 0, (byte) (family == AddressFamily.INET ? 1 : 2), (byte) vrid});
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, 6);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(MacAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.ofDelimiter(":");
        return hex.formatHex(bytes).toLowerCase(Locale.ROOT);
    }
}
