package io.vigil.kernel.nativ;

import io.vigil.core.port.KernelException;
import java.nio.file.Path;
import jnr.constants.platform.OpenFlags;

/**
 * Runs code in a named network namespace ({@code ip netns add NAME}), on the calling thread, then returns the
 * thread to the namespace it was in.
 *
 * <p>How: {@code setns(2)} with CLONE_NEWNET applies to the calling thread only (a Java platform thread is one
 * kernel task), so the thread opens {@code /proc/self/task/TID/ns/net} (where it is now) and
 * {@code /var/run/netns/NAME}, switches to the target, runs the body, and switches back in a finally block.
 * Everything bound to a namespace at creation keeps working after the switch back: sockets (raw, packet,
 * netlink) opened in the body stay in the target namespace for their whole life, which is how tests and the lab
 * drive one namespace per simulated host from one JVM. Name lookups that are not socket-bound (e.g.
 * {@link Interfaces#index}) follow the thread, so do them inside the body.
 *
 * <p>Needs CAP_SYS_ADMIN. If switching back ever failed the thread would be left in the wrong namespace: that
 * is reported as an {@link IllegalStateException}, never ignored.
 */
public final class NetNamespace {

    /** CLONE_NEWNET, {@code <sched.h>}. */
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = OpenFlags.O_RDONLY.intValue() | OpenFlags.O_CLOEXEC.intValue();
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    private NetNamespace() {
    }

    /** A body that may throw a checked exception of one type. */
    @FunctionalInterface
    public interface Body<T, E extends Exception> {
        T call() throws E;
    }

    /** A body without result. */
    @FunctionalInterface
    public interface VoidBody<E extends Exception> {
        void run() throws E;
    }

    /** The file {@code ip netns} keeps for a named namespace. */
    public static Path path(String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a namespace name: '" + name + "'");
        }
        return NETNS_DIR.resolve(name);
    }

    /**
     * Runs {@code body} inside the named namespace and returns its result.
     *
     * @throws KernelException when the namespace does not exist or the switch is refused (the body did not run)
     */
    public static <T, E extends Exception> T call(String name, Body<T, E> body) throws E, KernelException {
        return call(path(name), body);
    }

    /** As {@link #call(String, Body)} without a result. */
    public static <E extends Exception> void run(String name, VoidBody<E> body) throws E, KernelException {
        call(path(name), () -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code body} inside the namespace of a namespace file (a bind mount, or /proc/PID/ns/net). */
    public static <T, E extends Exception> T call(Path namespaceFile, Body<T, E> body) throws E, KernelException {
        Syscalls.LibC c = Syscalls.libc();
        String self = "/proc/self/task/" + c.gettid() + "/ns/net";
        int home = Syscalls.call("open", self, () -> c.open(self, O_RDONLY_CLOEXEC));
        try {
            String target = namespaceFile.toString();
            int ns = Syscalls.call("open", "network namespace " + target, () -> c.open(target, O_RDONLY_CLOEXEC));
            try {
                Syscalls.call("setns", "network namespace " + target, () -> c.setns(ns, CLONE_NEWNET));
            } finally {
                c.close(ns);
            }
            try {
                return body.call();
            } finally {
                if (c.setns(home, CLONE_NEWNET) != 0) {
                    int e = Syscalls.errno();
                    throw new IllegalStateException("thread " + Thread.currentThread().getName()
                            + " could not return from network namespace " + target + ": "
                            + Syscalls.error("setns", e, self).getMessage());
                }
            }
        } finally {
            c.close(home);
        }
    }
}
