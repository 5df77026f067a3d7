package io.vigil.kernel.testing;

import io.vigil.core.netns.NetnsLab;
import java.util.ArrayList;
import java.util.List;

/** Runs the real ipvsadm (the reference vigil is compared with in the VM tier). */
public final class Ipvsadm {

    private Ipvsadm() {
    }

    /** Runs {@code ipvsadm ARGS} and returns its stdout; throws with its stderr when it fails. */
    public static String run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ipvsadm");
        cmd.addAll(List.of(args));
        return NetnsLab.run(cmd, true);
    }

    /** Removes every service ({@code ipvsadm -C}): each VM test starts from an empty table. */
    public static void clear() {
        run("-C");
    }
}
