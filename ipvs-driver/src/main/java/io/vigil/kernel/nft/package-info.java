/**
 * The nftables datapath for kernels without IPVS: {@link io.vigil.kernel.nft.NftRuleset} compiles the desired
 * state into one libnftables JSON transaction (NAT: dnat through numgen/jhash maps in {@code table ip|ip6 vigil}
 * chain {@code lb_nat}; DR: fwd from the ingress hook in {@code table netdev vigil} chain {@code lb_dr}; the layout
 * other chains are added beside is documented there), {@link io.vigil.kernel.nft.NftDatapath} applies it and finds
 * drift by listing its own chains.
 */
package io.vigil.kernel.nft;
