package io.vigil.core.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** IPv4 or IPv6, with the Linux AF_* numbers and address sizes. */
public enum AddressFamily {
    INET(2, 4), INET6(10, 16);

    private final int linuxValue;
    private final int addressBytes;

    AddressFamily(int linuxValue, int addressBytes) {
        this.linuxValue = linuxValue;
        this.addressBytes = addressBytes;
    }

    /** AF_INET / AF_INET6 on Linux. */
    public int linuxValue() {
        return linuxValue;
    }

    public int addressBytes() {
        return addressBytes;
    }

    public int maxPrefixLength() {
        return addressBytes * 8;
    }

    public static AddressFamily of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return INET;
        }
        if (address instanceof Inet6Address) {
            return INET6;
        }
        throw new IllegalArgumentException("not an IP address: " + address);
    }

    public String displayName() {
        return this == INET ? "IPv4" : "IPv6";
    }
}
