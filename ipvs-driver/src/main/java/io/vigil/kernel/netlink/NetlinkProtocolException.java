package io.vigil.kernel.netlink;

import io.vigil.core.port.KernelException;

/**
 * The kernel (or whatever wrote the bytes) sent a netlink message vigil cannot read: a length that does not fit,
 * a truncated attribute, an attribute of the wrong size. The message says where, so a captured reply can be
 * replayed in a test.
 */
public class NetlinkProtocolException extends KernelException {

    public NetlinkProtocolException(String detail) {
        super("netlink", "malformed message: " + detail);
    }
}
