package io.vigil.kernel.nft;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Set;

/**
 * Where the nftables datapath puts its rules.
 *
 * @param table          the name of vigil's tables (default {@code vigil}), one per family used: ip, ip6, netdev
 * @param drInput        the interface VIP traffic arrives on, whose ingress hook runs the DR rules; {@code null} when
 *                       no service uses DR
 * @param drOutput       the interface the real servers are reached through (the same as {@code drInput} on a
 *                       one-arm director)
 * @param localAddresses this director's own addresses: a DR real server among them (the director is also a real
 *                       server) is served by letting the packet up the local stack instead of forwarding it
 */
public record NftOptions(String table, String drInput, String drOutput, Set<InetAddress> localAddresses) {

    public NftOptions {
        Objects.requireNonNull(table, "table");
        if (!table.matches("[A-Za-z][A-Za-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("not an nftables table name: '" + table + "'");
        }
        drOutput = drOutput == null ? drInput : drOutput;
        localAddresses = localAddresses == null ? Set.of() : Set.copyOf(localAddresses);
    }

    /** No local real server. */
    public NftOptions(String table, String drInput, String drOutput) {
        this(table, drInput, drOutput, Set.of());
    }

    /** Table {@code vigil}, no DR. */
    public static NftOptions defaults() {
        return new NftOptions("vigil", null, null);
    }

    /** Table {@code vigil}, DR between those interfaces. */
    public static NftOptions dr(String input, String output) {
        return new NftOptions("vigil", input, output);
    }

    /** The same options with these addresses as this director's own. */
    public NftOptions withLocalAddresses(Set<InetAddress> local) {
        return new NftOptions(table, drInput, drOutput, local);
    }
}
