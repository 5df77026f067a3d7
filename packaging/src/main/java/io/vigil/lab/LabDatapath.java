package io.vigil.lab;

import io.vigil.core.config.VigilConfig;
import io.vigil.core.config.lvs.Forwarding;
import io.vigil.core.config.lvs.RealServerConfig;
import io.vigil.core.config.lvs.VirtualServerConfig;
import io.vigil.core.port.ApplyResult;
import io.vigil.core.port.DatapathState;
import io.vigil.core.port.KernelException;
import io.vigil.core.port.RealServer;
import io.vigil.core.port.ServiceKey;
import io.vigil.core.port.VirtualService;
import io.vigil.kernel.nativ.NetNamespace;
import io.vigil.kernel.nft.NftDatapath;
import io.vigil.kernel.nft.NftOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab's stand-in for the engine (issue 6, developed in parallel): until the daemon programs its own datapath,
 * the lab programs each director's nftables datapath from the outside with the director's config, every real
 * server at its configured weight (the state the engine computes while all are healthy), on both directors
 * (keepalived keeps the rules on the backup too). When the engine lands, the daemons do this themselves and this
 * class goes.
 */
final class LabDatapath {

    private LabDatapath() {
    }

    /** The address services of the config with all their real servers. */
    static DatapathState of(VigilConfig config) {
        List<VirtualService> out = new ArrayList<>();
        for (VirtualServerConfig vs : config.virtualServers()) {
            if (vs.address() == null || vs.protocol() == null) {
                continue;
            }
            List<RealServer> reals = new ArrayList<>();
            for (RealServerConfig r : vs.realServers()) {
                reals.add(RealServer.of(r.address(), r.port(), forwarding(r.forwarding()), r.weight()));
            }
            out.add(VirtualService.of(ServiceKey.of(ServiceKey.Protocol.valueOf(vs.protocol().name()), vs.address(),
                    vs.port()), vs.scheduler(), reals));
        }
        return new DatapathState(out);
    }

    private static RealServer.Forwarding forwarding(Forwarding f) {
        return switch (f.method()) {
            case NAT -> RealServer.Forwarding.NAT;
            case DR -> RealServer.Forwarding.DR;
            case TUN -> RealServer.Forwarding.TUN;
        };
    }

    /**
     * Applies the config's services in a director's namespace, DR through {@code drInterface}.
     *
     * @return what was applied, one line per change
     */
    static List<String> program(String namespace, VigilConfig config, String drInterface) throws KernelException {
        try (NftDatapath d = NftDatapath.open(NftOptions.dr(drInterface, drInterface),
                NetNamespace.path(namespace))) {
            ApplyResult r = d.apply(of(config));
            if (!r.ok()) {
                throw new KernelException("lab datapath", r.failures().toString());
            }
            return r.changes().stream().map(ApplyResult.Change::toString).toList();
        }
    }
}
