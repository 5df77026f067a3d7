package io.vigil.core.config.yaml;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.tree.ModelTree;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Representer;

/** Writes a config as YAML ({@link ModelTree}'s form), which {@link YamlConfigReader} reads back to an equal model. */
public final class YamlConfigWriter {

    private YamlConfigWriter() {
    }

    public static String write(VigilConfig config) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setWidth(120);
        o.setSplitLines(false);
        Yaml yaml = new Yaml(new Representer(o), o);
        return "# vigil configuration (YAML); keepalived's defaults are left out\n"
                + yaml.dump(ModelTree.toTree(config));
    }
}
