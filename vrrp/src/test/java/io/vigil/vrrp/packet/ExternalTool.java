package io.vigil.vrrp.packet;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool the cross-check tests need, failing (never skipping) with a clear message when it is missing. */
final class ExternalTool {

    private ExternalTool() {
    }

    /** The absolute path of an executable: the given path if absolute, else looked up in PATH. */
    static Path require(String name, String debianPackage) {
        Path direct = Path.of(name);
        if (direct.isAbsolute()) {
            if (Files.isExecutable(direct)) {
                return direct;
            }
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail("%s is required by this test and missing: apt-get install %s", name, debianPackage);
    }

    /** Runs to completion (2 minutes at most), feeding {@code stdin}; fails on a non-zero exit. */
    static String run(Path workDir, String stdin, List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                .redirectError(err.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("%s did not finish in 2 minutes", command);
        }
        if (p.exitValue() != 0) {
            fail("%s exited with %d: %s", command, p.exitValue(), Files.readString(err));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
