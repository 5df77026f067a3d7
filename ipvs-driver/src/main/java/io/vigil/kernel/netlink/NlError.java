package io.vigil.kernel.netlink;

import java.nio.ByteBuffer;

/**
 * What an NLMSG_ERROR (an ack when {@code errno} is 0) or an NLMSG_DONE says: the errno, and the extended ack the
 * kernel adds when NETLINK_EXT_ACK is on: a human-readable message and the offset of the offending attribute in
 * the request.
 *
 * <p>Layout ({@code struct nlmsgerr}): {@code int error} (negative errno), the request's {@code nlmsghdr}, the
 * request's payload unless NLM_F_CAPPED, then, with NLM_F_ACK_TLVS, the NLMSGERR_ATTR_* attributes. NLMSG_DONE
 * carries the {@code int} and, with NLM_F_ACK_TLVS, the attributes right after it.
 *
 * @param errno          positive errno, 0 for success
 * @param message        NLMSGERR_ATTR_MSG, or {@code null}
 * @param attributeOffset NLMSGERR_ATTR_OFFS (bytes from the start of the request), or -1
 * @param requestType    the type of the request it answers (NLMSG_ERROR only; 0 for NLMSG_DONE)
 */
public record NlError(int errno, String message, int attributeOffset, int requestType) {

    /** Parses an NLMSG_ERROR or NLMSG_DONE message. */
    public static NlError parse(NlMessage m) throws NetlinkProtocolException {
        ByteBuffer p = m.payload();
        if (m.type() == Netlink.NLMSG_DONE) {
            if (p.remaining() < 4) {
                return new NlError(0, null, -1, 0); // old kernels end a dump with an empty DONE
            }
            int errno = -p.getInt(0);
            NlAttributes tlvs = m.hasFlag(Netlink.NLM_F_ACK_TLVS)
                    ? NlAttributes.parse(p.position(4), "NLMSG_DONE") : NlAttributes.empty();
            return of(errno, tlvs, 0);
        }
        if (m.type() != Netlink.NLMSG_ERROR) {
            throw new IllegalArgumentException("not an error or done message: " + m);
        }
        if (p.remaining() < 4 + Netlink.NLMSG_HDRLEN) {
            throw new NetlinkProtocolException("NLMSG_ERROR of " + p.remaining() + " bytes, shorter than"
                    + " struct nlmsgerr (20)");
        }
        int errno = -p.getInt(0);
        long requestLength = Integer.toUnsignedLong(p.getInt(4));
        int requestType = Short.toUnsignedInt(p.getShort(8));
        NlAttributes tlvs = NlAttributes.empty();
        if (m.hasFlag(Netlink.NLM_F_ACK_TLVS)) {
            long skip = 4 + (m.hasFlag(Netlink.NLM_F_CAPPED) ? Netlink.NLMSG_HDRLEN : Netlink.align((int)
                    Math.min(requestLength, Integer.MAX_VALUE - 3)));
            if (skip > p.remaining()) {
                throw new NetlinkProtocolException("NLMSG_ERROR echoes a request of " + requestLength
                        + " bytes but holds only " + (p.remaining() - 4));
            }
            tlvs = NlAttributes.parse(p.position((int) skip), "NLMSG_ERROR");
        }
        return of(errno, tlvs, requestType);
    }

    private static NlError of(int errno, NlAttributes tlvs, int requestType) throws NetlinkProtocolException {
        String message = tlvs.string(Netlink.NLMSGERR_ATTR_MSG);
        int offset = tlvs.u32(Netlink.NLMSGERR_ATTR_OFFS, -1);
        return new NlError(errno, message == null || message.isEmpty() ? null : message, offset, requestType);
    }
}
