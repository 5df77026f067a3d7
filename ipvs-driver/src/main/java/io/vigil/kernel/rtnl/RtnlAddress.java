package io.vigil.kernel.rtnl;

import io.vigil.core.port.InterfaceAddress;
import java.util.Objects;

/**
 * An address as the kernel reports it: the port's {@link InterfaceAddress} plus the kernel's IFA_F_* flags, which
 * say whether it is a secondary (IPv4) or not yet usable (IPv6 tentative, DAD failed).
 */
public record RtnlAddress(InterfaceAddress address, int flags) {

    public RtnlAddress {
        Objects.requireNonNull(address, "address");
    }

    public boolean isSecondary() {
        return (flags & Rtnl.IFA_F_SECONDARY) != 0;
    }

    /** Usable as a source address: not tentative, DAD not failed. */
    public boolean isUsable() {
        return (flags & (Rtnl.IFA_F_TENTATIVE | Rtnl.IFA_F_DADFAILED)) == 0;
    }
}
