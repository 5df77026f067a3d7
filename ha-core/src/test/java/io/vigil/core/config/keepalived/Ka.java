package io.vigil.core.config.keepalived;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.Diagnostic;
import io.vigil.core.config.Diagnostics;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Test helpers: write configs, preprocess them, load them. */
final class Ka {

    private Ka() {
    }

    static Path write(Path dir, String name, String content) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The preprocessed lines of a file and the diagnostics. */
    record Pre(List<String> lines, List<Diagnostic> diagnostics) {
        List<String> messages() {
            return diagnostics.stream().map(Diagnostic::toString).collect(Collectors.toList());
        }
    }

    static Pre preprocess(Path file, String configId) {
        Diagnostics d = new Diagnostics();
        Preprocessor p = new Preprocessor(file, file.getFileName().toString(),
                new LoadOptions(configId).withRandomSeed(1), d);
        List<String> out = new ArrayList<>();
        Line l;
        while ((l = p.next()) != null) {
            out.add(l.text());
        }
        return new Pre(out, d.toList());
    }

    static Pre preprocess(Path dir, String content, String configId) {
        return preprocess(write(dir, "keepalived.conf", content), configId);
    }

    static LoadResult load(Path dir, String content) {
        return load(dir, content, "test");
    }

    static LoadResult load(Path dir, String content, String configId) {
        return ConfigLoader.load(write(dir, "keepalived.conf", content), new LoadOptions(configId).withRandomSeed(1));
    }

    /** The diagnostics as printed, with the temporary directory taken off the file names. */
    static List<String> texts(List<Diagnostic> ds) {
        return ds.stream().map(d -> d.toString().replaceFirst("^/[^:]*/", "")).collect(Collectors.toList());
    }
}
