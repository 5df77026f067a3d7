#!/usr/bin/env python3
"""Turns `strace -e trace=recvmsg -e read=FD -xx CMD` output into a binary file holding the netlink
datagrams the kernel sent, concatenated (netlink messages delimit themselves). Keeps only datagrams
whose first message has one of the given types and a non-zero sequence number (iproute2 probes the
kernel with sequence 0 first), plus the NLMSG_DONE (3) that ends a kept dump.

usage: capture.py STRACE_LOG OUT_FILE TYPE...
"""
import re, struct, sys

log, out, types = sys.argv[1], sys.argv[2], {int(t) for t in sys.argv[3:]}
datagrams, current = [], None
for line in open(log):
    if re.match(r'\s*\* \d+ bytes in buffer', line):
        current = bytearray()
        datagrams.append(current)
    elif line.startswith(' | ') and current is not None:
        current += bytes.fromhex(line[10:59].replace(' ', ''))
    else:
        current = None
with open(out, 'wb') as f:
    in_dump = False
    for d in datagrams:
        if len(d) < 16 or struct.unpack_from('<I', d, 8)[0] == 0:
            continue
        kind = struct.unpack_from('<H', d, 4)[0]
        if kind in types or (kind == 3 and in_dump):
            f.write(d)
            in_dump = kind != 3

