package io.vigil.kernel.netlink;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.nativ.Errnos;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Generic netlink: the 4-byte {@code genlmsghdr} that follows the nlmsghdr, and the controller ("nlctrl") that
 * maps a family name (IPVS, ...) to the message type to use for it. Constants from
 * {@code <linux/genetlink.h>}.
 */
public final class GenericNetlink {

    /** sizeof(struct genlmsghdr): u8 cmd, u8 version, u16 reserved. */
    public static final int GENL_HDRLEN = 4;
    /** The controller's fixed family id. */
    public static final int GENL_ID_CTRL = 0x10;

    static final int CTRL_CMD_GETFAMILY = 3;
    static final int CTRL_ATTR_FAMILY_ID = 1;
    static final int CTRL_ATTR_FAMILY_NAME = 2;
    static final int CTRL_ATTR_VERSION = 3;
    static final int CTRL_ATTR_HDRSIZE = 4;
    static final int CTRL_ATTR_MAXATTR = 5;
    static final int CTRL_ATTR_MCAST_GROUPS = 7;
    static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    private GenericNetlink() {
    }

    /** A resolved family. */
    public record Family(int id, String name, int version, int headerSize, int maxAttribute,
                         Map<String, Integer> multicastGroups) {
        public Family {
            multicastGroups = Map.copyOf(multicastGroups);
        }
    }

    /** Starts a generic netlink payload: the genlmsghdr, then attributes. */
    public static NlWriter payload(int command, int version) {
        return new NlWriter().u8(command).u8(version).u16(0);
    }

    /**
     * Resolves a family by name (CTRL_CMD_GETFAMILY) on a {@link Netlink#NETLINK_GENERIC} socket.
     *
     * @return the family, or empty when the kernel has none of that name (module not loaded)
     */
    public static Optional<Family> resolve(NetlinkSocket socket, String name) throws KernelException {
        byte[] payload = payload(CTRL_CMD_GETFAMILY, 1).attrString(CTRL_ATTR_FAMILY_NAME, name).toBytes();
        NlReply reply = socket.execute(new NlRequest(GENL_ID_CTRL, 0, payload, "CTRL_CMD_GETFAMILY " + name));
        if (reply.errno() == Errnos.ENOENT) {
            return Optional.empty();
        }
        reply.check();
        if (reply.messages().isEmpty()) {
            throw new NetlinkProtocolException("CTRL_CMD_GETFAMILY " + name + ": acked without a reply");
        }
        NlAttributes a = reply.messages().get(0).attributes(GENL_HDRLEN, "CTRL_CMD_NEWFAMILY");
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (NlAttributes.Entry e : a.nested(CTRL_ATTR_MCAST_GROUPS).entries()) {
            NlAttributes g = NlAttributes.parse(e.value(), "CTRL_ATTR_MCAST_GROUPS");
            String group = g.string(CTRL_ATTR_MCAST_GRP_NAME);
            if (group != null) {
                groups.put(group, g.u32(CTRL_ATTR_MCAST_GRP_ID, 0));
            }
        }
        int id = a.u16(CTRL_ATTR_FAMILY_ID, -1);
        if (id < 0) {
            throw new NetlinkProtocolException("CTRL_CMD_NEWFAMILY for " + name + " without CTRL_ATTR_FAMILY_ID");
        }
        String resolvedName = a.string(CTRL_ATTR_FAMILY_NAME);
        return Optional.of(new Family(id, resolvedName == null ? name : resolvedName,
                a.u32(CTRL_ATTR_VERSION, 0), a.u32(CTRL_ATTR_HDRSIZE, 0), a.u32(CTRL_ATTR_MAXATTR, 0), groups));
    }
}
