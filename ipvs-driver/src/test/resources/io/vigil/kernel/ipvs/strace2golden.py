"""Turns strace -xx output of sendmsg/recvmsg on a netlink socket into golden lines (see capture.sh)."""
import re
import sys

name = sys.argv[1]
families = {}
for line in sys.stdin:
    call = 'send' if 'sendmsg(' in line else 'recv' if 'recvmsg(' in line else None
    if call is None or 'MSG_PEEK' in line:
        continue
    for m in re.finditer(r'\{nlmsg_len=(\d+), nlmsg_type=(0x[0-9a-f]+|[A-Z_]+)[^}]*?nlmsg_flags=([A-Z_|0-9x]+)[^}]*\}, "((?:\\x[0-9a-f]{2})*)"', line):
        mtype = m.group(2)
        if not mtype.startswith('0x') or int(mtype, 16) == 0x10:
            continue  # control messages and the generic netlink controller
        payload = bytes.fromhex(m.group(4).replace('\\x', ''))
        print(f"{name} {call} {m.group(3)} {payload.hex()}")
