package io.vigil.vrrp.packet;

import io.vigil.core.net.AddressFamily;
import io.vigil.core.net.InetAddresses;
import io.vigil.core.net.InternetChecksum;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a whole received IP packet (IPv4 or IPv6 header included, as an AF_PACKET socket delivers it) into a
 * VRRP advertisement, applying every packet-level receive check of RFC 3768 §7.1, RFC 9568 §7.1 and errata
 * 8299-8301, in the order of vrrp-standards.md §3.4:
 * <ol>
 * <li>IP: truncation, version, header length and checksum (IPv4), fragments, protocol 112 (IPv6: no extension
 * header), TTL / hop limit 255 (optional, {@link DecodeOptions#requireTtl255()}); bytes after the IP length
 * (Ethernet padding) are ignored;</li>
 * <li>VRRP: length &gt;= 8, version 2 or 3 (not 2 over IPv6), type 1, exact length for the address count (with
 * the 8-byte v2 auth trailer; addresses of the other family show up here), checksum (VRRPv3 over IPv4: the
 * configured form, then the other, then keepalived's old unicast form), VRID not 0, v3 count not 0, interval not
 * 0, v3 IPv6 first address link-local, v2 auth type known.</li>
 * </ol>
 * Never throws for any packet content: every failure is a {@link DecodeResult.Rejected} with a {@link
 * RejectReason} and a detail. Stateless and thread-safe.
 */
public final class VrrpDecoder {

    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV6_HEADER = 40;

    private VrrpDecoder() {
    }

    /** Decodes a whole array. */
    public static DecodeResult decode(byte[] ipPacket, DecodeOptions options) {
        return decode(ipPacket, 0, ipPacket.length, options);
    }

    /**
     * Decodes {@code length} bytes from {@code offset}.
     *
     * @throws IndexOutOfBoundsException when the range is outside the array (a caller error, not packet content)
     */
    public static DecodeResult decode(byte[] buf, int offset, int length, DecodeOptions options) {
        Objects.checkFromIndexSize(offset, length, buf.length);
        Objects.requireNonNull(options, "options");
        if (length < 1) {
            return reject(RejectReason.TRUNCATED, "empty packet");
        }
        int ipVersion = (buf[offset] & 0xff) >>> 4;
        return switch (ipVersion) {
            case 4 -> decodeIpv4(buf, offset, length, options);
            case 6 -> decodeIpv6(buf, offset, length, options);
            default -> reject(RejectReason.IP_VERSION, "IP version " + ipVersion + " (4 or 6 expected)");
        };
    }

    private static DecodeResult decodeIpv4(byte[] b, int off, int len, DecodeOptions options) {
        if (len < IPV4_MIN_HEADER) {
            return reject(RejectReason.TRUNCATED, len + " bytes, shorter than an IPv4 header (20)");
        }
        int ihl = (b[off] & 0x0f) * 4;
        if (ihl < IPV4_MIN_HEADER) {
            return reject(RejectReason.IP_HEADER, "IPv4 header length " + ihl + " bytes, below 20");
        }
        if (ihl > len) {
            return reject(RejectReason.TRUNCATED, len + " bytes, shorter than the IPv4 header length " + ihl);
        }
        int total = u16(b, off + 2);
        if (total < ihl) {
            return reject(RejectReason.IP_HEADER, "IPv4 total length " + total + " below the header length " + ihl);
        }
        if (total > len) {
            return reject(RejectReason.TRUNCATED, "IPv4 total length " + total + " but " + len + " bytes received");
        }
        if (InternetChecksum.compute(b, off, ihl) != 0) {
            return reject(RejectReason.IP_HEADER_CHECKSUM, String.format("IPv4 header checksum 0x%04x is wrong",
                    u16(b, off + 10)));
        }
        int fragment = u16(b, off + 6);
        if ((fragment & 0x3fff) != 0) {
            return reject(RejectReason.IP_HEADER, "IPv4 fragment (offset " + (fragment & 0x1fff) * 8
                    + ((fragment & 0x2000) != 0 ? ", more fragments" : "") + ")");
        }
        int protocol = b[off + 9] & 0xff;
        if (protocol != VrrpProtocol.IP_PROTOCOL) {
            return reject(RejectReason.PROTOCOL, "IP protocol " + protocol + " (112 expected)");
        }
        int ttl = b[off + 8] & 0xff;
        if (options.requireTtl255() && ttl != VrrpProtocol.TTL) {
            return reject(RejectReason.TTL, "TTL " + ttl + " (255 expected)", peekVrid(b, off + ihl, total - ihl));
        }
        return decodeVrrp(b, off + ihl, total - ihl, AddressFamily.INET, off + 12, off + 16, ttl, options);
    }

    private static DecodeResult decodeIpv6(byte[] b, int off, int len, DecodeOptions options) {
        if (len < IPV6_HEADER) {
            return reject(RejectReason.TRUNCATED, len + " bytes, shorter than an IPv6 header (40)");
        }
        int payload = u16(b, off + 4);
        if (IPV6_HEADER + payload > len) {
            return reject(RejectReason.TRUNCATED, "IPv6 payload length " + payload + " but " + (len - IPV6_HEADER)
                    + " bytes after the header");
        }
        int nextHeader = b[off + 6] & 0xff;
        if (nextHeader != VrrpProtocol.IP_PROTOCOL) {
            return reject(RejectReason.PROTOCOL, "IPv6 next header " + nextHeader
                    + (isExtensionHeader(nextHeader) ? " (an extension header: not supported)" : "")
                    + " (112 expected)");
        }
        int hopLimit = b[off + 7] & 0xff;
        if (options.requireTtl255() && hopLimit != VrrpProtocol.TTL) {
            return reject(RejectReason.TTL, "hop limit " + hopLimit + " (255 expected)",
                    peekVrid(b, off + IPV6_HEADER, payload));
        }
        return decodeVrrp(b, off + IPV6_HEADER, payload, AddressFamily.INET6, off + 8, off + 24, hopLimit, options);
    }

    /**
     * The VRID byte of a payload not parsed yet, so that a caller whose unicast instances skip the TTL check
     * (keepalived style) can find the instance and decode again without it; -1 when the payload is too short.
     */
    private static int peekVrid(byte[] b, int payloadOffset, int payloadLength) {
        return payloadLength >= 2 ? b[payloadOffset + 1] & 0xff : -1;
    }

    private static boolean isExtensionHeader(int nextHeader) {
        return switch (nextHeader) {
            case 0, 43, 44, 50, 51, 60, 135, 139, 140, 253, 254 -> true;
            default -> false;
        };
    }

    private static DecodeResult decodeVrrp(byte[] b, int p, int m, AddressFamily family, int srcOff, int dstOff,
                                           int ttl, DecodeOptions options) {
        if (m < VrrpProtocol.FIXED_LENGTH) {
            return reject(RejectReason.PACKET_LENGTH, "VRRP message of " + m + " bytes, shorter than 8");
        }
        int version = (b[p] & 0xff) >>> 4;
        int type = b[p] & 0x0f;
        int vrid = b[p + 1] & 0xff;
        if (version != 2 && version != 3) {
            return reject(RejectReason.VERSION, "VRRP version " + version + " (2 or 3 expected)", vrid);
        }
        if (version == 2 && family == AddressFamily.INET6) {
            return reject(RejectReason.VERSION, "VRRPv2 over IPv6", vrid);
        }
        if (type != VrrpProtocol.TYPE_ADVERTISEMENT) {
            return reject(RejectReason.TYPE, "VRRP type " + type + " (1 expected)", vrid);
        }
        int count = b[p + 3] & 0xff;
        int expected = VrrpProtocol.messageLength(version, family, count);
        if (m != expected) {
            AddressFamily other = family == AddressFamily.INET ? AddressFamily.INET6 : AddressFamily.INET;
            if (version == 3 && count > 0 && m == VrrpProtocol.messageLength(3, other, count)) {
                return reject(RejectReason.ADDRESS_FAMILY, count + " " + other.displayName() + " addresses in an "
                        + family.displayName() + " packet", vrid);
            }
            return reject(RejectReason.PACKET_LENGTH, "VRRPv" + version + " message of " + m + " bytes, "
                    + (m < expected ? "incomplete: " : "trailing data: ") + count + " addresses need " + expected,
                    vrid);
        }
        ChecksumForm form = checksum(b, p, m, version, family, srcOff, dstOff, options);
        if (form == null) {
            return reject(RejectReason.CHECKSUM, checksumDetail(b, p, m, version, family, srcOff, dstOff, options),
                    vrid);
        }
        if (vrid == 0) {
            return reject(RejectReason.UNKNOWN_VRID, "VRID 0 is never configured", vrid);
        }
        if (version == 3 && count == 0) {
            return reject(RejectReason.ADDRESS_COUNT_ZERO, "VRRPv3 advert with no address", vrid);
        }
        int interval = version == 2 ? b[p + 5] & 0xff : ((b[p + 4] & 0x0f) << 8) | (b[p + 5] & 0xff);
        if (interval == 0) {
            return reject(RejectReason.INTERVAL_ZERO, "advertisement interval 0", vrid);
        }
        int addrStart = p + VrrpProtocol.FIXED_LENGTH;
        if (family == AddressFamily.INET6 && options.requireLinkLocalFirst() && !VrrpProtocol.isLinkLocal(b, addrStart)) {
            return reject(RejectReason.FIRST_ADDRESS_NOT_LINK_LOCAL, "first address "
                    + InetAddresses.toText(address(b, addrStart, 16)) + " is not link-local", vrid);
        }
        int authType = version == 2 ? b[p + 4] & 0xff : 0;
        if (authType > V2Auth.TYPE_AH) {
            return reject(RejectReason.AUTH_TYPE_INVALID, "VRRPv2 auth type " + authType + " (0, 1 or 2)", vrid);
        }
        int size = family.addressBytes();
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(address(b, addrStart + i * size, size));
        }
        byte[] authData = version == 2
                ? Arrays.copyOfRange(b, addrStart + count * size, addrStart + count * size + 8)
                : new byte[VrrpProtocol.V2_AUTH_DATA_LENGTH];
        int reserved = version == 3 ? (b[p + 4] & 0xff) >>> 4 : 0;
        VrrpAdvertisement advert = new VrrpAdvertisement(version, type, vrid, b[p + 2] & 0xff, addresses, interval,
                authType, authData, reserved);
        return new DecodeResult.Accepted(family, address(b, srcOff, size), address(b, dstOff, size), ttl, advert,
                form);
    }

    /** The form the checksum matches, in the order the options give, or null. */
    private static ChecksumForm checksum(byte[] b, int p, int m, int version, AddressFamily family, int srcOff,
                                         int dstOff, DecodeOptions options) {
        long message = InternetChecksum.add(0, b, p, m);
        if (version == 2) {
            return InternetChecksum.verifies(message) ? ChecksumForm.V2 : null;
        }
        int size = family.addressBytes();
        long src = InternetChecksum.add(0, b, srcOff, size);
        long dst = InternetChecksum.add(0, b, dstOff, size);
        for (ChecksumForm form : candidates(family, options, isIpv4Group(b, dstOff))) {
            if (InternetChecksum.verifies(message + VrrpEncoder.pseudoHeaderSum(form, src, dst, m))) {
                return form;
            }
        }
        return null;
    }

    private static final ChecksumForm[] V6 = {ChecksumForm.PSEUDO_HEADER};
    private static final ChecksumForm[] PSEUDO_FIRST = {ChecksumForm.PSEUDO_HEADER, ChecksumForm.MESSAGE_ONLY};
    private static final ChecksumForm[] PSEUDO_FIRST_OLD =
            {ChecksumForm.PSEUDO_HEADER, ChecksumForm.MESSAGE_ONLY, ChecksumForm.OLD_UNICAST};
    private static final ChecksumForm[] MESSAGE_FIRST = {ChecksumForm.MESSAGE_ONLY, ChecksumForm.PSEUDO_HEADER};
    private static final ChecksumForm[] MESSAGE_FIRST_OLD =
            {ChecksumForm.MESSAGE_ONLY, ChecksumForm.PSEUDO_HEADER, ChecksumForm.OLD_UNICAST};

    /** The VRRPv3 forms to try, in order (no allocation: the arrays are constants never handed out). */
    private static ChecksumForm[] candidates(AddressFamily family, DecodeOptions options, boolean toIpv4Group) {
        if (family == AddressFamily.INET6) {
            return V6;
        }
        // the old unicast form is the pseudo-header form when the packet went to 224.0.0.18 anyway
        boolean old = options.acceptOldUnicastChecksum() && !toIpv4Group;
        if (options.preferredV3Ipv4Form() == ChecksumForm.MESSAGE_ONLY) {
            return old ? MESSAGE_FIRST_OLD : MESSAGE_FIRST;
        }
        return old ? PSEUDO_FIRST_OLD : PSEUDO_FIRST;
    }

    private static String checksumDetail(byte[] b, int p, int m, int version, AddressFamily family, int srcOff,
                                         int dstOff, DecodeOptions options) {
        int field = u16(b, p + 6);
        long withoutField = InternetChecksum.add(0, b, p, m) - field;
        StringBuilder sb = new StringBuilder(String.format("checksum 0x%04x, expected", field));
        if (version == 2) {
            return sb.append(String.format(" 0x%04x", InternetChecksum.finish(withoutField))).toString();
        }
        int size = family.addressBytes();
        long src = InternetChecksum.add(0, b, srcOff, size);
        long dst = InternetChecksum.add(0, b, dstOff, size);
        String sep = " ";
        for (ChecksumForm form : candidates(family, options, isIpv4Group(b, dstOff))) {
            sb.append(sep).append(String.format("0x%04x (%s)", InternetChecksum.finish(
                    withoutField + VrrpEncoder.pseudoHeaderSum(form, src, dst, m)), form.label()));
            sep = " or ";
        }
        return sb.toString();
    }

    private static boolean isIpv4Group(byte[] b, int dstOff) {
        return (b[dstOff] & 0xff) == 224 && b[dstOff + 1] == 0 && b[dstOff + 2] == 0 && b[dstOff + 3] == 18;
    }

    private static InetAddress address(byte[] b, int off, int size) {
        return VrrpProtocol.address(Arrays.copyOfRange(b, off, off + size));
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    private static DecodeResult.Rejected reject(RejectReason reason, String detail) {
        return new DecodeResult.Rejected(reason, detail, -1);
    }

    private static DecodeResult.Rejected reject(RejectReason reason, String detail, int vrid) {
        return new DecodeResult.Rejected(reason, detail, vrid);
    }
}
