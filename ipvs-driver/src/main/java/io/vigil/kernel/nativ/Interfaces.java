package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;

/** Interface name lookups through the C library (they apply to the network namespace of the calling thread). */
public final class Interfaces {

    private Interfaces() {
    }

    /**
     * The ifindex of an interface, in the calling thread's network namespace.
     *
     * @throws KernelException ENODEV when there is no such interface
     */
    public static int index(String name) throws KernelException {
        if (name == null || name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("not an interface name: '" + name + "'");
        }
        int index = Syscalls.libc().if_nametoindex(name);
        if (index == 0) {
            int e = Syscalls.errno();
            throw Syscalls.error("if_nametoindex", e == 0 ? Errnos.ENODEV : e, "interface " + name);
        }
        return index;
    }
}
