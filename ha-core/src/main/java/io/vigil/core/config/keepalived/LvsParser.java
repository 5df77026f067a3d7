package io.vigil.core.config.keepalived;

import static io.vigil.core.config.keepalived.KeywordTable.Shape.BLOCK;

import io.vigil.core.config.lvs.SslConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.config.lvs.VirtualServerGroupConfig;
import java.util.ArrayList;
import java.util.List;

/** The LVS blocks (virtual servers, groups, SSL). */
final class LvsParser {

    private LvsParser() {
    }

    static final class Root {
        final List<VirtualServerGroupConfig> groups = new ArrayList<>();
        SslConfig ssl;
    }

    static void addRootKeywords(KeywordTable<KeepalivedReader.Root> t) {
        t.inactive("virtual_server_group", BLOCK, (r, n, c) -> { })
                .inactive("virtual_server", BLOCK, (r, n, c) -> { })
                .inactive("SSL", BLOCK, (r, n, c) -> { });
    }

    static List<VirtualServerConfig> complete(Root r, GlobalParser.State g, ParseContext c) {
        return List.of();
    }
}
