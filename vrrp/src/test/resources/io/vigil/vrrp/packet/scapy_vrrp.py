# Cross-check of vigil's VRRP codec against scapy (Debian python3-scapy), run by DissectorCrossCheckTest.
# Part 1: for each "NAME HEX" line on stdin (a whole IP packet encoded by vigil), scapy dissects it, drops the
# VRRP checksum, rebuilds the packet and prints "checksum NAME RECEIVED RECOMPUTED".
# Part 2: scapy builds adverts itself and prints "packet NAME HEX" for vigil to decode.
import sys

from scapy.all import IP, IPv6, raw
from scapy.layers.vrrp import VRRP, VRRPv3

for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    name, text = line.split()
    data = bytes.fromhex(text)
    packet = IP(data) if data[0] >> 4 == 4 else IPv6(data)
    layer = VRRP if VRRP in packet else VRRPv3
    received = packet[layer].chksum
    del packet[layer].chksum
    rebuilt = packet.__class__(raw(packet))
    print("checksum %s %04x %04x" % (name, received, rebuilt[layer].chksum))


def out(name, packet):
    print("packet %s %s" % (name, raw(packet).hex()))


out("v2-none", IP(src="192.0.2.10", dst="224.0.0.18", ttl=255)
    / VRRP(vrid=51, priority=100, adv=1, ipcount=1, addrlist=["192.0.2.254"]))
out("v2-pass", IP(src="192.0.2.10", dst="224.0.0.18", ttl=255)
    / VRRP(vrid=52, priority=200, adv=3, authtype=1, ipcount=2, addrlist=["192.0.2.254", "192.0.2.253"],
           auth1=int.from_bytes(b"secr", "big"), auth2=int.from_bytes(b"et\0\0", "big")))
out("v3-ipv4", IP(src="192.0.2.10", dst="224.0.0.18", ttl=255)
    / VRRPv3(vrid=53, priority=0, adv=250, ipcount=1, addrlist=["192.0.2.254"]))
out("v3-ipv4-unicast", IP(src="192.0.2.10", dst="192.0.2.11", ttl=255)
    / VRRPv3(vrid=54, priority=254, adv=1, ipcount=1, addrlist=["203.0.113.9"]))
out("v3-ipv6", IPv6(src="fe80::a", dst="ff02::12", hlim=255)
    / VRRPv3(vrid=55, priority=100, adv=100, ipcount=3, addrlist=["fe80::1", "2001:db8::1", "2001:db8::2"]))
