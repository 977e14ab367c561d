#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write Ethernet frames for the 6bed4 benchmark to a file for
`qmap-modem send --frames` (each a 2-byte big-endian length, then the frame).

  b6_frames.py --src-mac M --dst-mac M --size N --src6 A --dst6 A
      [--prefix P --peer IPV4:PORT] [--router IPV4:PORT] [--count N] OUT

      --count copies of one IPv6 UDP packet (ports 40000 -> 9, hop limit
      64) of --size bytes, its IPv6 header included. With --router the
      frames are what a 6bed4 peer sends: the packet bare in UDP/IPv4 from
      --peer to --router (the frame is --size + 42 bytes); without, the
      packet is sent natively (--size + 14 bytes). --src6 or --dst6 may be
      "peer": the peer's 6bed4 address, lanip 1 of the /114 that --prefix
      (a /64) and --peer make (draft-vanrein-6bed4 layout, as
      lib/sixbed4's addr.rs: 192.0.2.2:50000 in 2001:db8:9:10::/64 is
      2001:db8:9:10:c000:202:c350:1).

Plain struct packing, no scapy.
"""

import argparse
import ipaddress
import struct
import sys

from inet_csum import csum


def endpoint(s):
    a, _, p = s.rpartition(":")
    return ipaddress.IPv4Address(a).packed, int(p)


def addr_6bed4(prefix, ipv4, port, lanip=1):
    """The 6bed4 address of lanip in the /114 of ipv4:port in prefix (/64)."""
    net = ipaddress.IPv6Network(prefix)
    if net.prefixlen != 64:
        sys.exit("b6_frames: --prefix must be a /64")
    iid = bytes([ipv4[0] & 0xfc]) + ipv4[1:4] + struct.pack(
        "!HBB", port, (ipv4[0] & 0x03) << 6 | (lanip >> 8) & 0x3f, lanip & 0xff)
    return net.network_address.packed[:8] + iid


def ipv6_udp(src, dst, size):
    udp_len = size - 40
    if udp_len < 8:
        sys.exit("b6_frames: --size must be at least 48")
    udp = struct.pack("!HHHH", 40000, 9, udp_len, 0) + bytes(udp_len - 8)
    pseudo = src + dst + struct.pack("!IxxxB", udp_len, 17)
    udp = udp[:6] + struct.pack("!H", csum(pseudo + udp) or 0xffff) + udp[8:]
    return struct.pack("!IHBB16s16s", 6 << 28, udp_len, 17, 64, src, dst) + udp


def udp4(src, sport, dst, dport, payload, ident):
    udp_len = 8 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + udp_len, ident, 0x4000, 64, 17, 0, src, dst)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
    pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
    udp = udp[:6] + struct.pack("!H", csum(pseudo + udp) or 0xffff) + udp[8:]
    return ip + udp


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--src-mac", required=True)
    p.add_argument("--dst-mac", required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--src6", required=True)
    p.add_argument("--dst6", required=True)
    p.add_argument("--prefix")
    p.add_argument("--peer", type=endpoint)
    p.add_argument("--router", type=endpoint)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("out")
    a = p.parse_args()

    def v6(s):
        if s != "peer":
            return ipaddress.IPv6Address(s).packed
        if not (a.prefix and a.peer):
            sys.exit("b6_frames: 'peer' needs --prefix and --peer")
        return addr_6bed4(a.prefix, *a.peer)

    if a.router and not a.peer:
        sys.exit("b6_frames: --router needs --peer")
    pkt = ipv6_udp(v6(a.src6), v6(a.dst6), a.size)
    mac = bytes.fromhex(a.dst_mac.replace(":", "")) + bytes.fromhex(a.src_mac.replace(":", ""))
    with open(a.out, "wb") as f:
        for i in range(a.count):
            if a.router:
                fr = mac + b"\x08\x00" + udp4(*a.peer, *a.router, pkt, i & 0xffff)
            else:
                fr = mac + b"\x86\xdd" + pkt
            f.write(struct.pack("!H", len(fr)) + fr)


if __name__ == "__main__":
    main()
