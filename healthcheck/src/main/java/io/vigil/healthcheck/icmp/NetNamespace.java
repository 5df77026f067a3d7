package io.vigil.healthcheck.icmp;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * Moves the calling thread into a named network namespace ({@code /run/netns/NAME}, as {@code ip netns} makes
 * them). Sockets belong to the namespace of the thread that creates them, so an engine whose loop thread entered a
 * namespace probes from inside it (keepalived's {@code net_namespace}); tests use it to open servers inside the
 * namespaces of a lab.
 */
public final class NetNamespace {

    private NetNamespace() {
    }

    /** Moves the calling thread into {@code /run/netns/NAME} for good. */
    public static void enter(String name) throws IOException {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("bad namespace name: " + name);
        }
        setns("/run/netns/" + name);
    }

    /** Runs {@code action} with the calling thread in namespace {@code name}, then moves it back. */
    public static <T> T call(String name, Callable<T> action) throws Exception {
        LibC c = LibC.Holder.LIBC;
        int self = c.open("/proc/thread-self/ns/net", LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (self < 0) {
            throw new NativeException("open /proc/thread-self/ns/net");
        }
        try {
            enter(name);
            try {
                return action.call();
            } finally {
                if (c.setns(self, LibC.CLONE_NEWNET) != 0) {
                    throw new NativeException("setns back to the original namespace");
                }
            }
        } finally {
            c.close(self);
        }
    }

    private static void setns(String path) throws IOException {
        LibC c = LibC.Holder.LIBC;
        int fd = c.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new NativeException("open " + path);
        }
        try {
            if (c.setns(fd, LibC.CLONE_NEWNET) != 0) {
                throw new NativeException("setns " + path);
            }
        } finally {
            c.close(fd);
        }
    }
}
