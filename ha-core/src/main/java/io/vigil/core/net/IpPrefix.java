package io.vigil.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address with a prefix length, as in {@code 192.0.2.1/24}. The address keeps its host bits
 * (it is an interface address, not a network).
 */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = AddressFamily.of(address).maxPrefixLength();
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0-" + max);
        }
    }

    /** The whole address: /32 or /128. */
    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, AddressFamily.of(address).maxPrefixLength());
    }

    /**
     * Parses {@code ADDRESS[/LEN]} without name resolution; a missing length means a host prefix.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static IpPrefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = InetAddresses.parse(addr);
        if (slash < 0) {
            return host(address);
        }
        String len = s.substring(slash + 1);
        int length;
        try {
            length = Integer.parseInt(len);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length '" + len + "' in '" + text + "'");
        }
        return new IpPrefix(address, length);
    }

    public AddressFamily family() {
        return AddressFamily.of(address);
    }

    /** True when {@code other} lies inside this prefix's network. */
    public boolean contains(InetAddress other) {
        if (AddressFamily.of(other) != family()) {
            return false;
        }
        byte[] a = address.getAddress();
        byte[] b = other.getAddress();
        int bits = length;
        for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((a[i] & mask) != (b[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return InetAddresses.toText(address) + "/" + length;
    }

    /** Helper to build an address from raw bytes without a lookup. */
    public static InetAddress fromBytes(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("address of " + raw.length + " bytes", e);
        }
    }
}
