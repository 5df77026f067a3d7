package io.vigil.healthcheck.model;

import java.util.Objects;

/**
 * {@code UDP_CHECK}: sends {@code payload} (random bytes when null) on a connected UDP socket. Without
 * {@code require_reply} the server is up unless an ICMP error (port/host unreachable) arrives within
 * {@code connect_timeout}; with it a reply must arrive, of length in [min_reply_length, max_reply_length],
 * matching the pattern where one is given.
 *
 * @param payload {@code payload}, or null for random
 * @param requireReply {@code require_reply}
 * @param replyPattern the {@code require_reply} HEX_STR (nibble wildcards allowed), or null
 * @param minReplyLength {@code min_reply_length} (default 0)
 * @param maxReplyLength {@code max_reply_length} (default 255)
 */
public record UdpCheck(ConnectOptions connect, CheckTiming timing, byte[] payload, boolean requireReply,
        HexPattern replyPattern, int minReplyLength, int maxReplyLength) implements CheckerConfig {

    public UdpCheck {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(timing, "timing");
        payload = payload == null ? null : payload.clone();
        if (payload != null && payload.length > 65507) {
            throw new IllegalArgumentException("UDP payload too long: " + payload.length);
        }
        if (replyPattern != null && !requireReply) {
            throw new IllegalArgumentException("a reply pattern needs require_reply");
        }
        if (minReplyLength < 0 || maxReplyLength < minReplyLength) {
            throw new IllegalArgumentException("invalid reply length bounds " + minReplyLength + ".."
                    + maxReplyLength);
        }
    }

    public static UdpCheck defaults() {
        return new UdpCheck(ConnectOptions.DEFAULT, CheckTiming.defaults(CheckerKind.UDP_CHECK), null, false, null,
                0, 255);
    }

    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    @Override
    public CheckerKind kind() {
        return CheckerKind.UDP_CHECK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UdpCheck u && connect.equals(u.connect) && timing.equals(u.timing)
                && java.util.Arrays.equals(payload, u.payload) && requireReply == u.requireReply
                && Objects.equals(replyPattern, u.replyPattern) && minReplyLength == u.minReplyLength
                && maxReplyLength == u.maxReplyLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connect, timing, java.util.Arrays.hashCode(payload), requireReply, replyPattern,
                minReplyLength, maxReplyLength);
    }

    @Override
    public String toString() {
        return "UdpCheck[" + connect + ", " + timing + ", payload=" + (payload == null ? "random"
                : java.util.HexFormat.of().formatHex(payload)) + ", requireReply=" + requireReply + ", pattern="
                + replyPattern + ", len=" + minReplyLength + ".." + maxReplyLength + "]";
    }
}
