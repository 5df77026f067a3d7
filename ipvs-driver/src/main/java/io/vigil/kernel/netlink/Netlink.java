package io.vigil.kernel.netlink;

/**
 * Netlink numbers from {@code <linux/netlink.h>} (message types, flags, socket options) that the generic layer
 * and its users need. Everything family-specific lives with the family ({@code io.vigil.kernel.rtnl}...).
 */
public final class Netlink {

    private Netlink() {
    }

    /** AF_NETLINK, {@code <sys/socket.h>}. */
    public static final int AF_NETLINK = 16;
    /** SOL_NETLINK, {@code <linux/socket.h>}. */
    public static final int SOL_NETLINK = 270;

    // protocols, <linux/netlink.h>
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_GENERIC = 16;

    // socket options at SOL_NETLINK, <linux/netlink.h>
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;

    /** sizeof(struct nlmsghdr): u32 len, u16 type, u16 flags, u32 seq, u32 pid. */
    public static final int NLMSG_HDRLEN = 16;
    /** sizeof(struct nlattr): u16 len, u16 type. */
    public static final int NLA_HDRLEN = 4;

    // control message types
    public static final int NLMSG_NOOP = 1;
    public static final int NLMSG_ERROR = 2;
    public static final int NLMSG_DONE = 3;
    public static final int NLMSG_OVERRUN = 4;
    /** Types below this are control messages, not family messages. */
    public static final int NLMSG_MIN_TYPE = 0x10;

    // nlmsg_flags
    public static final int NLM_F_REQUEST = 0x01;
    public static final int NLM_F_MULTI = 0x02;
    public static final int NLM_F_ACK = 0x04;
    public static final int NLM_F_ECHO = 0x08;
    public static final int NLM_F_DUMP_INTR = 0x10;
    public static final int NLM_F_DUMP_FILTERED = 0x20;
    // modifiers of GET requests
    public static final int NLM_F_ROOT = 0x100;
    public static final int NLM_F_MATCH = 0x200;
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    // modifiers of NEW requests
    public static final int NLM_F_REPLACE = 0x100;
    public static final int NLM_F_EXCL = 0x200;
    public static final int NLM_F_CREATE = 0x400;
    public static final int NLM_F_APPEND = 0x800;
    // flags of NLMSG_ERROR acks
    public static final int NLM_F_CAPPED = 0x100;
    public static final int NLM_F_ACK_TLVS = 0x200;

    // attributes of the extended ack (enum nlmsgerr_attrs)
    public static final int NLMSGERR_ATTR_MSG = 1;
    public static final int NLMSGERR_ATTR_OFFS = 2;
    public static final int NLMSGERR_ATTR_COOKIE = 3;

    // nla_type bits
    public static final int NLA_F_NESTED = 0x8000;
    public static final int NLA_F_NET_BYTEORDER = 0x4000;
    public static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

    /** NLMSG_ALIGN / NLA_ALIGN: 4 bytes. */
    public static int align(int length) {
        return (length + 3) & ~3;
    }
}
