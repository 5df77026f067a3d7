#!/bin/bash
# Prepares what run-in-vm.sh boots: a stock Debian kernel (the package linux-image-amd64 depends on, fetched with
# apt-get download and unpacked, never installed into /boot), an uncompressed vmlinux for QEMU's fast PVH entry,
# and an initramfs (busybox + guest-init + the IPVS, 9p, virtio and overlay modules). Idempotent; rebuilds the
# initramfs when guest-init or build-initramfs.sh changed. Cache: $VIGIL_VM_HOME (default /var/tmp/vigil-ipvs-vm).
# Needs root only when a Debian package is missing (apt-get install) or the kernel is not cached yet.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=${VIGIL_VM_HOME:-/var/tmp/vigil-ipvs-vm}
mkdir -p "$home"
cd "$home"
start=$(date +%s.%N)

missing=()
for pair in qemu-system-x86:qemu-system-x86_64 busybox-static:/bin/busybox kmod:depmod cpio:cpio xz-utils:xz \
            ipvsadm:/usr/sbin/ipvsadm python3:python3; do
  command -v "${pair#*:}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[vm-setup] installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

pkg=${VIGIL_VM_KERNEL_PKG:-$(apt-cache depends linux-image-amd64 2>/dev/null \
      | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')}
if [ -z "$pkg" ]; then
  apt-get update -qq
  pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
fi
[ -n "$pkg" ] || { echo "[vm-setup] cannot tell which kernel package linux-image-amd64 depends on" >&2; exit 1; }
kver=${pkg#linux-image-}
dir=kernel/$kver

if [ ! -f "$dir/vmlinux" ]; then
  echo "[vm-setup] fetching $pkg" >&2
  rm -rf "$dir.tmp"; mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && apt-get download -qq "$pkg" 2>/dev/null && dpkg-deb -x ./*.deb root && rm -f ./*.deb)
  depmod -b "$dir.tmp/root" "$kver"
  # The bzImage carries an xz-compressed ELF kernel; QEMU boots that ELF directly (PVH note), which skips the
  # decompressor (seconds when emulated by TCG).
  python3 - "$dir.tmp/root/boot/vmlinuz-$kver" "$dir.tmp/vmlinux" <<'PY'
import lzma, sys
data = open(sys.argv[1], 'rb').read()
at = data.find(b'\xfd7zXZ\x00')
if at < 0:
    sys.exit("no xz payload in " + sys.argv[1])
open(sys.argv[2], 'wb').write(lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[at:]))
PY
  rm -rf "$dir"; mv "$dir.tmp" "$dir"
fi
if [ ! -f "$dir/initrd.gz" ] || [ "$here/guest-init" -nt "$dir/initrd.gz" ] \
   || [ "$here/build-initramfs.sh" -nt "$dir/initrd.gz" ]; then
  "$here/build-initramfs.sh" "$dir/root" "$kver" "$dir/initrd.gz.tmp"
  mv "$dir/initrd.gz.tmp" "$dir/initrd.gz"
fi
ln -sfn "$dir" current
awk -v t="$(date +%s.%N)" -v s="$start" -v d="$home/$dir" 'BEGIN { printf "[vm-setup] ready: %s (%.1f s)\n", d, t - s }' >&2
