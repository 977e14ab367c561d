#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write Ethernet frames for the MAP-E benchmark to a file for
`qmap-modem send --frames` (each a 2-byte big-endian length, then the frame).

  mape_frames.py --src-mac M --dst-mac M --src A --dst A --size N
      [--count N] [--new-flows] OUT
      --count IPv4 UDP datagrams of --size bytes (IPv4 header included)
      from A to A, TTL 64. Without --new-flows all are one flow (ports
      40000 -> 9); with it each is a flow of its own: destination ports
      1, 2, ... (distinct for up to 65535 frames) and scattered source
      ports, so that each makes a new conntrack entry and NAT binding.

Plain struct packing, no scapy: 100,000 frames take seconds.
"""

import argparse
import ipaddress
import struct
import sys

from inet_csum import csum


def frames(a):
    src = ipaddress.IPv4Address(a.src).packed
    dst = ipaddress.IPv4Address(a.dst).packed
    udp_len = a.size - 20
    if udp_len < 8:
        sys.exit("mape_frames: --size must be at least 28")
    payload = bytes(udp_len - 8)
    eth = bytes.fromhex(a.dst_mac.replace(":", "")) + bytes.fromhex(
        a.src_mac.replace(":", "")) + b"\x08\x00"
    for i in range(a.count):
        if a.new_flows:
            sport, dport = 1024 + (i * 7919) % 64000, 1 + i % 65535
        else:
            sport, dport = 40000, 9
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, a.size, i & 0xffff, 0x4000, 64, 17, 0, src, dst)
        ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
        udp = struct.pack("!HHHH", sport, dport, udp_len, 0) + payload
        pseudo = src + dst + struct.pack("!BBH", 0, 17, udp_len)
        c = csum(pseudo + udp) or 0xffff
        udp = udp[:6] + struct.pack("!H", c) + udp[8:]
        yield eth + ip + udp


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--src-mac", required=True)
    p.add_argument("--dst-mac", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--dst", required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--new-flows", action="store_true")
    p.add_argument("out")
    a = p.parse_args()
    with open(a.out, "wb") as f:
        for fr in frames(a):
            f.write(struct.pack("!H", len(fr)) + fr)


if __name__ == "__main__":
    main()
