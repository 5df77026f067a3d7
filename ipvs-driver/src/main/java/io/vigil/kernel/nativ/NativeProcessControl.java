package io.vigil.kernel.nativ;

import io.vigil.core.port.NetworkNamespaces;
import io.vigil.core.port.ProcessControl;
import java.util.concurrent.Callable;

/**
 * {@link ProcessControl} and {@link NetworkNamespaces} through the C library: {@code kill(2)} on a process group,
 * {@code getuid(2)}/{@code getgid(2)}, and {@link NetNamespace} for namespaces.
 */
public final class NativeProcessControl implements ProcessControl, NetworkNamespaces {

    /** The one instance: it holds no state. */
    public static final NativeProcessControl INSTANCE = new NativeProcessControl();

    private NativeProcessControl() {
    }

    @Override
    public boolean signalGroup(long pgid, int signal) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        return Syscalls.libc().kill((int) -pgid, signal) == 0;
    }

    @Override
    public int uid() {
        return Syscalls.libc().getuid();
    }

    @Override
    public int gid() {
        return Syscalls.libc().getgid();
    }

    @Override
    public <T> T call(String name, Callable<T> body) throws Exception {
        return NetNamespace.call(name, body::call);
    }
}
