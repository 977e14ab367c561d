#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write Ethernet frames for the mip6 benchmark to a file for
`qmap-modem send --frames` (each a 2-byte big-endian length, then the frame).

  mip6_frames.py data --src-mac M --dst-mac M --src A --dst A [--count N]
      [--cycle K] --size N OUT
      --count UDP datagrams (port 9) from A to consecutive addresses from
      --dst (the first K again and again with --cycle), IPv6 packets of
      --size bytes, hop limit 64
  mip6_frames.py bu --src-mac M --dst-mac M --ha A --hoa A --coa A [--count N]
      [--lifetime UNITS] [--seq N] OUT
      binding updates (A and H set) with a Home Address option for --count
      consecutive home addresses from --hoa, each from its own care-of
      address (consecutive from --coa)

Plain struct packing, no scapy: 100,000 frames take seconds, not minutes.
The formats are RFC 8200, RFC 768 and RFC 6275 §6.1.7 and §6.3.
"""

import argparse
import array
import ipaddress
import struct
import sys


def addr_seq(first, count):
    base = int(ipaddress.IPv6Address(first))
    return [(base + i).to_bytes(16, "big") for i in range(count)]


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(array.array("H", data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    # array "H" sums host-order words; the one's complement sum is byte-order
    # independent up to a final swap (RFC 1071 §2(B)).
    s = ~s & 0xffff
    if sys.byteorder == "little":
        s = ((s & 0xff) << 8) | (s >> 8)
    return s


def pseudo(src, dst, length, nh):
    return src + dst + struct.pack(">I3xB", length, nh)


def eth(a):
    return bytes.fromhex(a.dst_mac.replace(":", "")) + bytes.fromhex(
        a.src_mac.replace(":", "")) + b"\x86\xdd"


def ipv6(src, dst, nh, payload_len):
    return struct.pack(">IHBB", 6 << 28, payload_len, nh, 64) + src + dst


def data_frames(a):
    src = ipaddress.IPv6Address(a.src).packed
    udp_len = a.size - 40
    if udp_len < 8:
        sys.exit("mip6_frames: --size must be at least 48")
    payload = bytes(udp_len - 8)
    dsts = addr_seq(a.dst, min(a.cycle or a.count, a.count))
    for i in range(a.count):
        dst = dsts[i % len(dsts)]
        udp = struct.pack(">HHHH", 4000, 9, udp_len, 0) + payload
        c = csum(pseudo(src, dst, udp_len, 17) + udp) or 0xffff
        udp = udp[:6] + struct.pack(">H", c) + udp[8:]
        yield eth(a) + ipv6(src, dst, 17, udp_len) + udp


def bu_frames(a):
    ha = ipaddress.IPv6Address(a.ha).packed
    for hoa, coa in zip(addr_seq(a.hoa, a.count), addr_seq(a.coa, a.count)):
        # Destination options: PadN(2) then the HAO at 8n+6 (RFC 6275 §6.3).
        dest = struct.pack(">BB", 135, 2) + b"\x01\x02\0\0" + struct.pack(">BB", 201, 16) + hoa
        # BU: proto 59, length 1 (16 bytes), type 5, checksum, sequence, A|H,
        # lifetime, then PadN(2) to a multiple of 8.
        mh = struct.pack(">BBBBHHHH", 59, 1, 5, 0, 0, a.seq, 0xc000, a.lifetime) + b"\x01\x02\0\0"
        # The MH checksum is over the home address (RFC 6275 §6.1.1).
        c = csum(pseudo(hoa, ha, len(mh), 135) + mh)
        mh = mh[:4] + struct.pack(">H", c) + mh[6:]
        yield eth(a) + ipv6(coa, ha, 60, len(dest) + len(mh)) + dest + mh


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    for name in ("data", "bu"):
        p = sub.add_parser(name)
        p.add_argument("--src-mac", required=True)
        p.add_argument("--dst-mac", required=True)
        p.add_argument("--count", type=int, default=1)
        p.add_argument("out")
        if name == "data":
            p.add_argument("--src", required=True)
            p.add_argument("--dst", required=True)
            p.add_argument("--size", type=int, required=True)
            p.add_argument("--cycle", type=int, help="only this many distinct destinations")
        else:
            p.add_argument("--ha", required=True)
            p.add_argument("--hoa", required=True)
            p.add_argument("--coa", required=True)
            p.add_argument("--lifetime", type=int, default=1000, help="4-second units")
            p.add_argument("--seq", type=int, default=1)
    a = ap.parse_args()
    gen = data_frames(a) if a.what == "data" else bu_frames(a)
    with open(a.out, "wb") as f:
        for frame in gen:
            f.write(struct.pack(">H", len(frame)) + frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
