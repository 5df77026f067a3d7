#!/bin/bash
# Captures what ipvsadm (libnl) sends to the kernel's IPVS generic netlink family, and the kernel's dump replies,
# as golden bytes for IpvsCodecTest. Run inside the IPVS VM (strace needed):
#   tools/ipvs-vm/run-in-vm.sh --rw "$PWD" -- ipvs-driver/src/test/resources/io/vigil/kernel/ipvs/capture.sh OUT
# Output: one line per IPVS message, "NAME send|recv FLAGS HEX" where HEX is the generic netlink payload (genlmsghdr
# and attributes; the nlmsghdr is left out because its type, seq and pid differ from boot to boot).
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
: > "$out"
cap() {
  name=$1; shift
  strace -qq -e trace=sendmsg,recvmsg -e signal=none -xx -s 65536 -o /tmp/strace.txt "$@" > /dev/null
  python3 "$here/strace2golden.py" "$name" < /tmp/strace.txt >> "$out"
}
ipvsadm -C
cap add-service-tcp-wrr-persistent ipvsadm -A -t 192.0.2.1:80 -s wrr -p 300
cap add-dest-nat ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 5 -x 100 -y 10
cap add-dest-tun-weight0 ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.11 -i -w 0
cap add-dest-dr ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.12 -g -w 1
cap edit-dest ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 7
cap del-dest ipvsadm -d -t 192.0.2.1:80 -r 198.51.100.11
cap add-service-fwmark6-mh ipvsadm -A -f 7 -6 -s mh -b mh-fallback,mh-port
cap add-service-udp6-sh-ops ipvsadm -A -u [2001:db8::1]:53 -s sh -b sh-port -o
cap add-service-sctp-netmask ipvsadm -A --sctp-service 192.0.2.2:9 -s rr -p 60 -M 255.255.255.0
cap edit-service ipvsadm -E -t 192.0.2.1:80 -s lc
cap set-timeouts ipvsadm --set 900 120 300
cap list ipvsadm -Ln
cap list-stats ipvsadm -Ln --stats
cap del-service ipvsadm -D -u [2001:db8::1]:53
cap start-daemon ipvsadm --start-daemon master --mcast-interface lo --syncid 5
cap list-daemon ipvsadm -Ln --daemon
cap stop-daemon ipvsadm --stop-daemon master
ipvsadm -C
