package io.vigil.kernel.reconcile;

import io.vigil.core.port.Datapath;
import io.vigil.core.port.KernelException;
import io.vigil.kernel.ipvs.IpvsDatapath;
import io.vigil.kernel.ipvs.IpvsTable;
import io.vigil.kernel.nft.NftDatapath;
import io.vigil.kernel.nft.NftOptions;
import java.util.Locale;

/**
 * Chooses the datapath: {@code ipvs}, {@code nftables}, or {@code auto} (IPVS when the kernel has it, nftables
 * otherwise), as {@code global_defs} or the command line says.
 */
public final class Datapaths {

    private Datapaths() {
    }

    /** The configured choice. */
    public enum Choice {
        IPVS, NFTABLES, AUTO;

        /** {@code ipvs}, {@code nftables} (or {@code nft}), {@code auto}, in any case. */
        public static Choice parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "ipvs" -> IPVS;
                case "nftables", "nft" -> NFTABLES;
                case "auto" -> AUTO;
                default -> throw new IllegalArgumentException("datapath must be ipvs, nftables or auto, not '" + text
                        + "'");
            };
        }
    }

    /** What {@code choice} means on this kernel (the calling thread's network namespace): IPVS or NFTABLES. */
    public static Choice resolve(Choice choice) {
        return choice != Choice.AUTO ? choice : IpvsTable.available() ? Choice.IPVS : Choice.NFTABLES;
    }

    /**
     * Opens the chosen datapath in the calling thread's network namespace.
     *
     * @throws KernelException when the chosen one is not there (ipvs on a kernel without IPVS...)
     */
    public static Datapath open(Choice choice, NftOptions nftOptions) throws KernelException {
        return resolve(choice) == Choice.IPVS ? IpvsDatapath.open() : NftDatapath.open(nftOptions);
    }
}
