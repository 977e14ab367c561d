#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test vectors for lib/mh, made independently of the Rust code: packets laid
out by hand from the RFC 6275 / RFC 4285 / RFC 4861 figures with struct,
checksums with a plain RFC 1071 loop, authenticators with Python's hmac.
(scapy, the first choice, is not installed on the build machines.)
Prints the hex that src/tests.rs embeds:  python3 testdata/vectors.py"""
import hashlib
import hmac
import ipaddress
import struct

HOA = ipaddress.IPv6Address("2001:db8:1::100").packed
COA = ipaddress.IPv6Address("2001:db8:2::5").packed
HA = ipaddress.IPv6Address("2001:db8:1::1").packed
KEY = b"mn-ha shared key, 20"


def csum(src, dst, nh, data):
    pseudo = src + dst + struct.pack("!IxxxB", len(data), nh)
    b = pseudo + data + (b"\0" if len(data) % 2 else b"")
    s = 0
    for i in range(0, len(b), 2):
        s += (b[i] << 8) | b[i + 1]
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def with_csum(mh, src, dst, nh=135, at=4):
    mh = bytearray(mh)
    mh[at:at + 2] = struct.pack("!H", csum(src, dst, nh, bytes(mh)))
    return bytes(mh)


def ipv6(src, dst, nh, payload):
    return struct.pack("!IHBB", 6 << 28, len(payload), nh, 64) + src + dst + payload


def show(name, b):
    print(f"{name} ({len(b)}):\n{b.hex()}")


# BU, home registration (A, H), seq 0x1234, lifetime 100 units; PadN(2) to 16.
bu = struct.pack("!BBBBH", 59, 1, 5, 0, 0) + struct.pack("!HHH", 0x1234, 0xC000, 100)
bu += bytes([1, 2, 0, 0])
bu = with_csum(bu, HOA, HA)  # a HAO is present: source = HoA
hao = bytes([135, 2, 1, 2, 0, 0, 201, 16]) + HOA
show("bu_packet", ipv6(COA, HA, 60, hao + bu))

# BA accepted, seq 0x1234, lifetime 100, from HA to CoA with an RH2 for HoA.
ba = struct.pack("!BBBBH", 59, 1, 6, 0, 0) + struct.pack("!BBHH", 0, 0, 0x1234, 100)
ba += bytes([1, 2, 0, 0])
ba = with_csum(ba, HA, HOA)  # an RH2 is present: destination = HoA
rh2 = bytes([135, 2, 2, 1, 0, 0, 0, 0]) + HOA
show("ba_packet", ipv6(HA, COA, 43, rh2 + ba))

# BE status 2 (unknown MH type) from HA to CoA, no extension headers.
be = struct.pack("!BBBBH", 59, 2, 7, 0, 0) + bytes([2, 0]) + HOA
be = with_csum(be, HA, COA)
show("be_packet", ipv6(HA, COA, 135, be))

# BU with MESG-ID (8n+2) and MN-HA AUTH (4n+1), RFC 4285.
ts = 0xE6A1B2C3_80000000
body = struct.pack("!HHH", 0x0102, 0xC000, 50)
opts = bytes([1, 4, 0, 0, 0, 0])                        # 12..18 PadN
opts += bytes([10, 8]) + struct.pack("!Q", ts)          # 18..28 MESG-ID
opts += bytes([0])                                      # 28 Pad1
spi = 0x00000100
auth_head = bytes([9, 17, 1]) + struct.pack("!I", spi)  # 29..36
mh = struct.pack("!BBBBH", 59, 5, 5, 0, 0) + body + opts + auth_head
assert len(mh) == 36
mac = hmac.new(KEY, COA + HOA + mh, hashlib.sha1).digest()[:12]
mh = with_csum(mh + mac, HOA, HA)
assert len(mh) == 48
show("bu_auth_mh", mh)
show("bu_auth_mac", mac)

# DAD NS for HoA from :: to its solicited-node address.
sn = bytes([0xFF, 2] + [0] * 9 + [1, 0xFF]) + HOA[13:]
ns = bytes([135, 0, 0, 0, 0, 0, 0, 0]) + HOA
show("dad_ns", with_csum(ns, bytes(16), sn, nh=58, at=2))
