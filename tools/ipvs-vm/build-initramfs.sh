#!/bin/bash
# Builds the guest's initramfs: static busybox, guest-init as /init, and the guest kernel's modules for IPVS (all
# schedulers), nftables (the fwmark rule manager's marks and the loop tests' counters beside IPVS), 9p over virtio,
# virtio console, overlayfs, dummy and veth, with their dependencies.
# usage: build-initramfs.sh KERNEL_ROOT KERNEL_VERSION OUTPUT
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(realpath "$1"); kver=$2; out=$(realpath -m "$3")
work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-initramfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,mnt,run,lib/modules/"$kver"}
cp /bin/busybox "$work/bin/busybox"
modules="ip_vs ip_vs_rr ip_vs_wrr ip_vs_lc ip_vs_wlc ip_vs_lblc ip_vs_lblcr ip_vs_dh ip_vs_sh ip_vs_sed ip_vs_nq
         ip_vs_fo ip_vs_ovf ip_vs_mh ip_vs_ftp ip_vs_pe_sip ipip nf_conntrack_netlink nf_tables nft_hash nft_fwd_netdev
         9p 9pnet_virtio virtio_pci virtio_console overlay dummy veth bridge"
for m in $modules; do
  modprobe -d "$root" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { print $2 }'
done | sort -u | while read -r ko; do
  rel=${ko#"$root"/}
  mkdir -p "$work/$(dirname "$rel")"
  cp "$ko" "$work/$rel"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
  [ -f "$root/lib/modules/$kver/$f" ] && cp "$root/lib/modules/$kver/$f" "$work/lib/modules/$kver/"
done
depmod -b "$work" "$kver"
install -m 755 "$here/guest-init" "$work/init"
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) > "$out"
