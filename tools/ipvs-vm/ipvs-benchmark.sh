#!/bin/bash
# The IPVS benchmark: vigil versus ipvsadm -R, in one VM run. Apply 1,000 virtual services of 10 real servers
# each, then change 10% of the weights; wall time and system calls of each, with ratios.
#   vigil:   IpvsApplyBenchmark (ipvs-driver test classes), median of ROUNDS; syscalls of its netlink socket
#   ipvsadm: the same tables as restore files, timed from this shell (median of ROUNDS, process start included);
#            its syscalls (every one, startup included) counted by strace -c -f in a separate run
# usage: tools/ipvs-vm/ipvs-benchmark.sh [ROUNDS]          (from the source tree; builds the test classes)
set -euo pipefail
rounds=${1:-3}
if [ "${VIGIL_BENCH_GUEST:-}" != 1 ]; then
  cd "$(dirname "$0")/../.."
  ./mvnw -B -o -q -pl ha-core,ipvs-driver test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/ipvs-driver/target/bench-classpath.txt"
  export VIGIL_BENCH_GUEST=1
  exec tools/ipvs-vm/run-in-vm.sh --timeout 3000 -- tools/ipvs-vm/ipvs-benchmark.sh "$rounds"
fi
# --- in the guest
dir=$(mktemp -d)
cp="ipvs-driver/target/test-classes:ipvs-driver/target/classes:ha-core/target/classes:ha-core/target/test-classes"
cp="$cp:$(cat ipvs-driver/target/bench-classpath.txt)"
java -cp "$cp" io.vigil.kernel.bench.IpvsApplyBenchmark "$rounds" "$dir" 2>/dev/null | tee "$dir/vigil.txt"
ms() { local s e; s=$(date +%s%N); "$@"; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'; }
full=() change=() edits=()
for r in $(seq 0 "$rounds"); do   # round 0 warms the caches up and is not counted
  ipvsadm -C
  f=$(ms sh -c "ipvsadm -R < $dir/full.ipvsadm")
  c=$(ms sh -c "ipvsadm -C && ipvsadm -R < $dir/changed.ipvsadm")
  e=$(ms sh -c "ipvsadm -R < $dir/edits.ipvsadm")
  [ "$r" = 0 ] && continue
  full+=("$f"); change+=("$c"); edits+=("$e")
done
calls() { strace -f -c -o "$dir/strace.txt" "$@" > /dev/null 2>&1; awk '$NF == "total" { print $4 }' "$dir/strace.txt"; }
ipvsadm -C
sys_full=$(calls sh -c "exec ipvsadm -R < $dir/full.ipvsadm")
sys_clear=$(calls ipvsadm -C)
sys_edits=$(calls sh -c "exec ipvsadm -R < $dir/changed.ipvsadm")  # the new table, restored after -C
sys_change=$((sys_clear + sys_edits))
sys_edits=$(calls sh -c "exec ipvsadm -R < $dir/edits.ipvsadm")
ipvsadm -C
adm_full=$(printf '%s\n' "${full[@]}" | median)
adm_change=$(printf '%s\n' "${change[@]}" | median)
adm_edits=$(printf '%s\n' "${edits[@]}" | median)
field() { awk -v k="$1" -v n="$2" '$1 == k { print $n }' "$dir/vigil.txt"; }
v_full=$(field vigil-full 2); v_full_sys=$(field vigil-full 3)
v_change=$(field vigil-change 2); v_change_sys=$(field vigil-change 3)
v_ver=$(field vigil-verified-change 2); v_ver_sys=$(field vigil-verified-change 3)
echo
echo "IPVS, 1000 virtual services x 10 real servers, then 1000 weights changed (10%); median of $rounds rounds,"
echo "one VM run (TCG, $(nproc) vCPU, kernel $(uname -r)); x = time / vigil's time for the same job"
printf '%-56s %10s %9s %9s\n' "" "wall ms" "syscalls" "x"
awk -v vf="$v_full" -v vc="$v_change" \
    -v a="$v_full:$v_full_sys:$adm_full:$sys_full:$v_change:$v_change_sys:$adm_change:$sys_change:$adm_edits:$sys_edits:$v_ver:$v_ver_sys" '
  function row(n, ms, sys, ref) { printf "%-56s %10.1f %9d %8.1fx\n", n, ms, sys, ms / ref }
  BEGIN { split(a, v, ":")
    row("vigil apply, full table", v[1], v[2], vf)
    row("ipvsadm -R, full table", v[3], v[4], vf)
    row("vigil apply, 10% weights changed (sends the difference)", v[5], v[6], vc)
    row("ipvsadm -C; ipvsadm -R of the changed table", v[7], v[8], vc)
    row("ipvsadm -R of the 1000 -e lines only (hand-written)", v[9], v[10], vc)
    row("vigil apply with a full kernel read (drift check)", v[11], v[12], vc)
    printf "full table: vigil %.1fx faster than ipvsadm -R; change: %.1fx faster than ipvsadm -C + -R\n", v[3] / v[1], v[7] / v[5]
  }' /dev/null
echo "syscalls: vigil = its netlink socket's sendmsg, recvmmsg and poll; ipvsadm = all of the process (strace -c -f)"
rm -rf "$dir"
