#!/bin/bash
# Runs a command as root inside a throw-away QEMU VM whose stock Debian kernel has IPVS, and returns its exit
# status. The guest sees the host's / read-only (9p) under a tmpfs overlay (its writes vanish), the same working
# directory and exported environment, and each --rw DIR read-write at the same path (to bring reports back).
# The command's stdout/stderr stream to ours. Exit status: the command's; 124 the VM timed out; 125 the VM could
# not boot or run the command (its console log is printed on stderr).
#
# usage: run-in-vm.sh [--rw DIR]... [--timeout SECONDS] [--mem MB] [--cpus N] [--console] [--] COMMAND [ARG]...
# environment: VIGIL_VM_HOME (cache, default /var/tmp/vigil-ipvs-vm), VIGIL_VM_KERNEL_PKG (pin a kernel package),
#              VIGIL_VM_TIMING=1 (print the VM's wall time)
# Accelerator: TCG. (KVM on this project's hosts is the PVM flavour, which cannot run a stock kernel usefully.)
# CPU model: Nehalem (SSE4.2, no AVX; VIGIL_VM_CPU to change): with -cpu max, JIT-compiled Java code crashed
# now and then under TCG (SIGSEGV in fresh C1 code), which an AVX-free model avoids.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
home=${VIGIL_VM_HOME:-/var/tmp/vigil-ipvs-vm}
rw=(); timeout=900; mem=2048; cpus=$(nproc); console=0
while [ $# -gt 0 ]; do
  case $1 in
    --rw) mkdir -p "$2"; rw+=("$(realpath "$2")"); shift 2;;
    --timeout) timeout=$2; shift 2;;
    --mem) mem=$2; shift 2;;
    --cpus) cpus=$2; shift 2;;
    --console) console=1; shift;;
    --) shift; break;;
    -h|--help) sed -n '2,12p' "$0"; exit 0;;
    -*) echo "run-in-vm: unknown option $1" >&2; exit 125;;
    *) break;;
  esac
done
[ $# -gt 0 ] || { echo "run-in-vm: no command given" >&2; exit 125; }
"$here/setup.sh" || { echo "run-in-vm: VM setup failed" >&2; exit 125; }

job=$(mktemp -d "${TMPDIR:-/tmp}/vigil-vm-job.XXXXXX") || exit 125
qemu_pid=
cleanup() { [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null; rm -rf "$job"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

{ # the job script: the caller's environment and directory, then the command
  echo '#!/bin/bash'
  export -p | grep -vE '^declare -[a-zA-Z-]* (BASHOPTS|BASH_[A-Z_]*|SHELLOPTS|SHLVL|PWD|OLDPWD|_|HOSTNAME|TMPDIR)(=|$)'
  printf 'cd %q || exit 125\n' "$PWD"
  printf 'exec'; printf ' %q' "$@"; echo
} > "$job/cmd"
shares=(-virtfs "local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap"
        -virtfs "local,path=$job,mount_tag=job,security_model=none")
: > "$job/rw"
i=0
for d in "${rw[@]}"; do
  case $d in *,*) echo "run-in-vm: a --rw path cannot contain ',': $d" >&2; exit 125;; esac
  shares+=(-virtfs "local,path=$d,mount_tag=rw$i,security_model=none,multidevs=remap")
  echo "rw$i $d" >> "$job/rw"; i=$((i + 1))
done

# The guest writes its stdout/stderr to two virtio serial ports backed by FIFOs; cat copies them to ours.
mkfifo "$job/out" "$job/err" "$job/console" || exit 125
cat "$job/out" & cat_out=$!
cat "$job/err" >&2 & cat_err=$!
if [ $console = 1 ]; then tr -d '\r' < "$job/console" | tee "$job/console.log" >&2 &
else cat "$job/console" > "$job/console.log" & fi
cat_con=$!
exec 7<>"$job/out" 8<>"$job/err" 9<>"$job/console" # keep the FIFOs open until QEMU is gone
start=$(date +%s.%N)
timeout -k 5 "$timeout" qemu-system-x86_64 -accel tcg,thread=multi -cpu "${VIGIL_VM_CPU:-Nehalem}" -m "$mem" -smp "$cpus" -machine pc \
  -kernel "$home/current/vmlinux" -initrd "$home/current/initrd.gz" \
  -append "console=ttyS0 quiet panic=-1" \
  -display none -monitor none -no-reboot -nic none -serial "file:$job/console" "${shares[@]}" \
  -device virtio-serial-pci \
  -chardev "file,id=out,path=$job/out" -device virtserialport,chardev=out,name=out \
  -chardev "file,id=err,path=$job/err" -device virtserialport,chardev=err,name=err \
  < /dev/null 7>&- 8>&- 9>&- &
qemu_pid=$!
wait $qemu_pid; qemu_rc=$?; qemu_pid=
exec 7>&- 8>&- 9>&-
wait $cat_out $cat_err $cat_con 2>/dev/null
[ -n "${VIGIL_VM_TIMING:-}" ] && awk -v t="$(date +%s.%N)" -v s="$start" \
  'BEGIN { printf "[run-in-vm] VM wall time %.2f s\n", t - s }' >&2
if [ $qemu_rc = 124 ] || [ $qemu_rc = 137 ]; then
  echo "run-in-vm: the VM timed out after ${timeout}s; console:" >&2
  tr -d '\r' < "$job/console.log" | tail -30 >&2
  exit 124
fi
if [ ! -s "$job/rc" ]; then
  echo "run-in-vm: the VM ended without the command's exit status (qemu exit $qemu_rc); console:" >&2
  tr -d '\r' < "$job/console.log" | tail -40 >&2
  exit 125
fi
rc=$(cat "$job/rc")
[ "$rc" = 125 ] && { echo "run-in-vm: guest setup failed; console:" >&2; tr -d '\r' < "$job/console.log" | tail -30 >&2; }
exit "$rc"
