package io.vigil.vrrp.packet;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InternetChecksum;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Encodes advertisements into VRRP messages (the IP payload; the kernel's raw socket adds the IP header), with
 * the checksum rules of vrrp-standards.md §1.5. This is the general path; the per-interval send path is {@link
 * AdvertTemplate}, which encodes once and then only patches priority and checksum.
 */
public final class VrrpEncoder {

    private VrrpEncoder() {
    }

    /**
     * Encodes a message into a new array.
     *
     * @param v3Ipv4Form  the form to use if this is VRRPv3 over IPv4 ({@link ChecksumForm#PSEUDO_HEADER},
     *                    {@link ChecksumForm#MESSAGE_ONLY} or {@link ChecksumForm#OLD_UNICAST}); v2 always uses
     *                    {@link ChecksumForm#V2} and IPv6 always {@link ChecksumForm#PSEUDO_HEADER}
     * @param source      the IP source the packet will carry (needed by the pseudo-header forms, else may be null)
     * @param destination the IP destination (needed by {@link ChecksumForm#PSEUDO_HEADER}, else may be null)
     * @throws IllegalArgumentException when an address needed is missing or of the wrong family
     */
    public static byte[] encode(VrrpAdvertisement advert, ChecksumForm v3Ipv4Form, InetAddress source,
                                InetAddress destination) {
        byte[] out = new byte[advert.messageLength()];
        encode(advert, v3Ipv4Form, source, destination, out, 0);
        return out;
    }

    /**
     * Encodes a message into {@code out} at {@code offset}.
     *
     * @return the number of bytes written ({@link VrrpAdvertisement#messageLength()})
     * @see #encode(VrrpAdvertisement, ChecksumForm, InetAddress, InetAddress)
     */
    public static int encode(VrrpAdvertisement advert, ChecksumForm v3Ipv4Form, InetAddress source,
                             InetAddress destination, byte[] out, int offset) {
        ChecksumForm form = ChecksumForm.effective(advert.version(), advert.family(), v3Ipv4Form);
        int length = advert.messageLength();
        long pseudo = pseudoHeaderSum(form,
                addressSum(form.usesPseudoHeader(), source, advert.family(), "source"),
                addressSum(form == ChecksumForm.PSEUDO_HEADER, destination, advert.family(), "destination"),
                length);
        writeWithoutChecksum(advert, out, offset);
        int checksum = InternetChecksum.finish(InternetChecksum.add(pseudo, out, offset, length));
        putChecksum(out, offset, checksum);
        return length;
    }

    /** Writes every field, the checksum field zero. */
    static void writeWithoutChecksum(VrrpAdvertisement advert, byte[] out, int offset) {
        List<InetAddress> addresses = advert.addresses();
        out[offset] = (byte) ((advert.version() << 4) | advert.type());
        out[offset + 1] = (byte) advert.vrid();
        out[offset + 2] = (byte) advert.priority();
        out[offset + 3] = (byte) addresses.size();
        if (advert.version() == 2) {
            out[offset + 4] = (byte) advert.authType();
            out[offset + 5] = (byte) advert.interval();
        } else {
            out[offset + 4] = (byte) ((advert.reserved() << 4) | (advert.interval() >>> 8));
            out[offset + 5] = (byte) advert.interval();
        }
        out[offset + 6] = 0;
        out[offset + 7] = 0;
        int p = offset + VrrpProtocol.FIXED_LENGTH;
        for (InetAddress a : addresses) {
            byte[] raw = a.getAddress();
            System.arraycopy(raw, 0, out, p, raw.length);
            p += raw.length;
        }
        if (advert.version() == 2) {
            advert.copyAuthData(out, p);
        }
    }

    static void putChecksum(byte[] out, int offset, int checksum) {
        out[offset + 6] = (byte) (checksum >>> 8);
        out[offset + 7] = (byte) checksum;
    }

    /**
     * The unfolded sum of the pseudo-header of a form (0 for the message-only forms). The IPv4 layout (src, dst,
     * zero, protocol, 16-bit length) and the IPv6 one (src, dst, 32-bit length, 3 zero bytes, next header) sum to
     * the same value for the same fields, so one computation serves both.
     *
     * @param sourceSum      the unfolded sum of the source address bytes
     * @param destinationSum the unfolded sum of the destination address bytes (used by {@link
     *                       ChecksumForm#PSEUDO_HEADER}; {@link ChecksumForm#OLD_UNICAST} uses 224.0.0.18)
     */
    static long pseudoHeaderSum(ChecksumForm form, long sourceSum, long destinationSum, int vrrpLength) {
        return switch (form) {
            case V2, MESSAGE_ONLY -> 0;
            case PSEUDO_HEADER -> sourceSum + destinationSum + VrrpProtocol.IP_PROTOCOL + vrrpLength;
            case OLD_UNICAST -> sourceSum + IPV4_GROUP_SUM + VrrpProtocol.IP_PROTOCOL + vrrpLength;
        };
    }

    /** The sum of the bytes of 224.0.0.18. */
    static final long IPV4_GROUP_SUM = InternetChecksum.add(0, VrrpProtocol.IPV4_GROUP.getAddress());

    /** The unfolded sum of an address's bytes, or 0 when it is not needed; checks presence and family. */
    static long addressSum(boolean needed, InetAddress address, AddressFamily family, String what) {
        if (!needed) {
            return 0;
        }
        Objects.requireNonNull(address, () -> "the checksum needs the " + what + " address");
        if (AddressFamily.of(address) != family) {
            throw new IllegalArgumentException(what + " " + address + " is not " + family.displayName());
        }
        return InternetChecksum.add(0, address.getAddress());
    }
}
