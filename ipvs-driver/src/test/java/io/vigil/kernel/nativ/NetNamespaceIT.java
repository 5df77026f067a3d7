package io.vigil.kernel.nativ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.port.KernelException;
import io.vigil.kernel.rtnl.RtnlLinkManager;
import io.vigil.kernel.testing.OneHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Switching a thread into a named namespace and back. */
@Tag("netns")
class NetNamespaceIT {

    private static OneHost host;
    private static String ns;

    @BeforeAll
    static void lab() throws KernelException {
        host = OneHost.create("only9"); // a name the host namespace does not have
        ns = host.ns();
    }

    @AfterAll
    static void close() {
        if (host != null) {
            host.close();
        }
    }

    /** The namespace of the calling thread, as the kernel names it ("net:[4026532...]"). */
    private static String current() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String of(Path namespaceFile) throws IOException {
        return "net:[" + Files.getAttribute(namespaceFile, "unix:ino") + "]";
    }

    @Test
    void runsInsideThenReturns() throws Exception {
        String home = current();
        String inside = NetNamespace.call(ns, NetNamespaceIT::current);
        assertThat(inside).isEqualTo(of(NetNamespace.path(ns))).isNotEqualTo(home);
        assertThat(current()).isEqualTo(home);
        assertThat(NetNamespace.call(ns, () -> Interfaces.index("only9"))).isPositive();
    }

    @Test
    void socketsOpenedInsideStayThere() throws Exception {
        try (RtnlLinkManager links = NetNamespace.call(ns, RtnlLinkManager::open)) {
            // used from the home namespace, it still sees the namespace's links
            assertThat(links.link("only9")).isPresent();
        }
    }

    @Test
    void aFailingBodyStillReturnsHome() {
        String home = current();
        AtomicReference<String> seen = new AtomicReference<>();
        assertThatThrownBy(() -> NetNamespace.run(ns, () -> {
            seen.set(current());
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(seen.get()).isNotEqualTo(home);
        assertThat(current()).isEqualTo(home);
    }

    @Test
    void unknownNamespaceIsENOENTAndNothingRuns() {
        String home = current();
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        assertThatThrownBy(() -> NetNamespace.run("vg-no-such-namespace", () -> ran.set(true)))
                .isInstanceOf(KernelException.class)
                .satisfies(e -> assertThat(((KernelException) e).errnoName()).isEqualTo("ENOENT"));
        assertThat(ran.get()).isFalse();
        assertThat(current()).isEqualTo(home);
        assertThatThrownBy(() -> NetNamespace.path("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
