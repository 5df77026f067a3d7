/**
 * Desired versus actual for any datapath: {@link io.vigil.kernel.reconcile.Reconciler} plans the smallest list of
 * {@link io.vigil.kernel.reconcile.TableOp}s and describes drift; {@link io.vigil.kernel.reconcile.Datapaths}
 * chooses ipvs, nftables or auto.
 */
package io.vigil.kernel.reconcile;
