package io.vigil.core.config.keepalived;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.config.ConfigLoader;
import io.vigil.core.config.LoadOptions;
import io.vigil.core.config.LoadResult;
import io.vigil.core.config.tree.ModelTree;
import io.vigil.core.config.yaml.YamlConfigWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config with every keyword of keepalived.conf(5) for keepalived 2.2.7 in its place (test resource
 * every-keyword.conf): nothing is unknown, nothing is an error, the keywords vigil does not act on are reported once
 * each, and the whole of it survives the YAML round trip.
 */
class EveryKeywordTest {

    @TempDir
    Path tmp;

    @Test
    void everyKeywordIsKnownAndKept() throws Exception {
        Path conf = resource("config/every-keyword.conf");
        LoadResult r = ConfigLoader.load(conf, new LoadOptions("x"));
        assertThat(Ka.texts(r.errors())).isEmpty();
        assertThat(Ka.texts(r.warnings())).noneMatch(w -> w.contains(": warning: unknown "));
        assertThat(r.config().vrrpInstances()).hasSize(3);
        assertThat(r.config().virtualServers()).hasSize(4);
        assertThat(r.config().virtualServers().get(0).realServers().get(0).checkers()).hasSize(10);
        assertThat(r.config().globalDefs().otherSettings()).hasSizeGreaterThan(60);
        Path yaml = tmp.resolve("every.yaml");
        Files.writeString(yaml, YamlConfigWriter.write(r.config()));
        LoadResult back = ConfigLoader.load(yaml, new LoadOptions("x"));
        assertThat(Ka.texts(back.errors())).isEmpty();
        assertThat(ModelTree.equalIgnoringLocation(r.config(), back.config()))
                .as("differs in %s", ModelTree.differences(r.config(), back.config())).isTrue();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(EveryKeywordTest.class.getClassLoader().getResource(name).toURI());
    }
}
