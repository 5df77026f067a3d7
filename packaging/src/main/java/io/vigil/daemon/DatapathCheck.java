package io.vigil.daemon;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.VigilSettings;
import io.vigil.core.config.VrrpInstanceConfig;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.engine.DirectorEngine;
import io.vigil.core.engine.EngineInput;
import io.vigil.core.engine.EngineMemory;
import io.vigil.core.engine.EngineResult;
import io.vigil.core.engine.RealServerRef;
import io.vigil.core.event.RealServerHealth;
import io.vigil.core.event.VrrpState;
import io.vigil.kernel.ipvs.IpvsDatapath;
import io.vigil.kernel.nft.NftRuleset;
import io.vigil.kernel.reconcile.Datapaths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code vigil check} says about the datapath: the configured virtual servers as the engine would put them in
 * the kernel (every instance MASTER, every real server up), and what the chosen datapath cannot do of them (an
 * {@code lb_algo lc} on nftables...), with what the engine itself had to leave out. Opens nothing but, for
 * {@code auto}, a netlink socket asking whether the kernel has IPVS.
 */
public final class DatapathCheck {

    private DatapathCheck() {
    }

    /** One warning per line: {@code datapath nftables: TCP 192.0.2.1:80: scheduler lc needs ...}. */
    public static List<String> warnings(VigilConfig config) {
        VigilSettings.Datapath choice = EngineService.resolve(config, null);
        if (choice == VigilSettings.Datapath.NONE || config.virtualServers().isEmpty()) {
            return List.of();
        }
        Map<String, VrrpState> masters = new HashMap<>();
        for (VrrpInstanceConfig i : config.vrrpInstances()) {
            masters.put(i.name(), VrrpState.MASTER);
        }
        Map<RealServerRef, RealServerHealth> up = new HashMap<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            for (RealServerConfig rs : vs.realServers()) {
                RealServerHealth h = new RealServerHealth(vs.displayName(), rs.address(), rs.port(), true,
                        rs.weight(), rs.inhibitOnFailure(), "OK", "", Instant.EPOCH);
                up.put(RealServerRef.of(h), h);
            }
        }
        EngineResult r = DirectorEngine.compute(new EngineInput(config, masters, up, List.of(), false),
                EngineMemory.EMPTY);
        List<String> out = new ArrayList<>();
        for (String p : r.problems()) {
            out.add("virtual servers: " + p);
        }
        boolean ipvs = switch (choice) {
            case IPVS -> true;
            case NFTABLES -> false;
            default -> Datapaths.resolve(Datapaths.Choice.AUTO) == Datapaths.Choice.IPVS;
        };
        String kind = (ipvs ? "ipvs" : "nftables") + (choice == VigilSettings.Datapath.AUTO ? " (auto, on this"
                + " host)" : "");
        List<String> limits = ipvs ? IpvsDatapath.limitationsOf(r.desired())
                : NftRuleset.limitations(r.desired(), EngineService.nftOptions(config));
        for (String l : limits) {
            out.add("datapath " + kind + ": " + l);
        }
        return out;
    }
}
