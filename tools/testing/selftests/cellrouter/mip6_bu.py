#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send one Mobility Header message crafted with scapy and print the answer.

An implementation of the formats independent of the module's (lib/mh):
scapy builds the BU (Home Address option, RFC 4285 options, HMAC-SHA1-96
with Python's hmac) and parses what comes back (BA with its type 2 routing
header, BE). Prints one line:

  BA status=N seq=N lifetime=N rh2=ADDR auth=ok|bad|none
  BE status=N hoa=ADDR
  none

Run inside the sender's network namespace; IFACE is where answers arrive.
With --serve it stays, reading one request a line on stdin (the options
other than those given on its command line) and answering each with its
line(s) and a line ".": starting scapy takes seconds, tens of them under
TCG, so a test run starts it once.
"""

import argparse
import select
import shlex
import socket
import hashlib
import hmac
import struct
import sys
import time

from scapy.all import (Ether, HAO, ICMPv6EchoRequest, IPv6, IPv6ExtHdrDestOpt,
                       IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE, MIP6MH_BU, MIP6MH_Generic,
                       MIP6OptMsgAuth, MIP6OptReplayProtection, conf, raw)
import ipaddress

NTP_UNIX = 2208988800


def ntp_now(offset=0.0):
    t = time.time() + offset
    return ((int(t) + NTP_UNIX) << 32) | int((t % 1) * (1 << 32))


def mac_input(coa, hoa, mh_bytes, auth_off):
    """RFC 4285 §5.2: CoA | HoA | MH through the SPI, checksum as zero."""
    mh = bytearray(mh_bytes)
    mh[4:6] = b"\0\0"
    return (ipaddress.IPv6Address(coa).packed + ipaddress.IPv6Address(hoa).packed +
            bytes(mh[:auth_off + 7]))


def find_auth(mh_bytes):
    """Offset of the MN-HA auth option (type 9, subtype 1) in an MH."""
    i = 12 if mh_bytes[2] in (5, 6) else 8
    while i < len(mh_bytes):
        t = mh_bytes[i]
        if t == 0:
            i += 1
            continue
        if i + 1 >= len(mh_bytes):
            return None
        if t == 9:
            return i
        i += 2 + mh_bytes[i + 1]
    return None


def build(a, seq, ts):
    """The packet to send: a BU (or what the options ask for instead)."""
    ip = IPv6(src=a.coa, dst=a.ha)
    # One option in the DestOpt (scapy pads it itself): then scapy's MH
    # checksum uses the home address, as RFC 6275 §6.1.1 wants.
    dest = IPv6ExtHdrDestOpt(options=[HAO(hoa=a.hoa)])
    if a.hao_echo:
        return ip / dest / ICMPv6EchoRequest(id=7, seq=1)
    if a.mh_type is not None:
        return ip / dest / MIP6MH_Generic(mhtype=a.mh_type, msg=b"\0" * 10)
    opts = []
    if ts is not None:
        opts.append(MIP6OptReplayProtection(timestamp=ts))
    if a.spi is not None and not a.no_auth:
        opts.append(MIP6OptMsgAuth(mspi=a.spi, authdata=b"\0" * 12))
    pkt = ip / dest / MIP6MH_BU(seq=seq, flags=a.flags, mhtime=a.lifetime, options=opts)
    if a.spi is not None and not a.no_auth:
        mh = raw(IPv6(raw(pkt))[MIP6MH_BU])
        off = find_auth(mh)
        key = bytes.fromhex(a.key)
        if a.bad_key:
            key = bytes(b ^ 0xff for b in key)
        mac = hmac.new(key, mac_input(a.coa, a.hoa, mh, off), hashlib.sha1).digest()[:12]
        # `ip / dest / bu` copies the layers: change the packet's own.
        pkt[MIP6MH_BU].options[-1].authdata = mac
        pkt[MIP6MH_BU].cksum = None
    if a.bad_csum:
        b = bytearray(raw(pkt))
        # The MH checksum: after the 40-byte header and the 24-byte DestOpt.
        b[64 + 4] ^= 0x55
        pkt = IPv6(bytes(b))
    return pkt


def exchange(a, sock, src_mac, pkt):
    """Sends `pkt`, returns the line describing the answer."""
    sock.send(raw(Ether(src=src_mac, dst=a.gw_mac) / pkt))
    deadline = time.time() + a.timeout
    while True:
        left = deadline - time.time()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            return "none"
        frame, info = sock.recvfrom(65535)
        if info[2] == socket.PACKET_OUTGOING:
            continue
        p = Ether(frame)
        if p.haslayer(MIP6MH_BA):
            ba = p[MIP6MH_BA]
            rh2 = "-"
            if p.haslayer(IPv6ExtHdrRouting) and p[IPv6ExtHdrRouting].type == 2:
                rh2 = p[IPv6ExtHdrRouting].addresses[0]
            auth = "none"
            mh = raw(ba)[:8 * (ba.len + 1)]
            off = find_auth(mh)
            if off is not None and a.key:
                want = hmac.new(bytes.fromhex(a.key), mac_input(p[IPv6].dst, a.hoa, mh, off),
                                hashlib.sha1).digest()[:12]
                auth = "ok" if mh[off + 7:off + 19] == want else "bad"
            return f"BA status={ba.status} seq={ba.seq} lifetime={ba.mhtime} rh2={rh2} auth={auth}"
        if p.haslayer(MIP6MH_BE):
            be = p[MIP6MH_BE]
            return f"BE status={be.status} hoa={be.ha}"


def drain(sock):
    """Drops what arrived since the last request (late or unrelated frames)."""
    while select.select([sock], [], [], 0)[0]:
        sock.recv(65535)


def run(a, sock, src_mac):
    """One request: prints the answer(s), or writes the frame out."""
    # The timestamp is taken just before sending: starting scapy takes
    # seconds on a slow machine, longer than the replay window.
    ts = {"now": ntp_now(), "stale": ntp_now(-3600), "none": None}[a.mesg_id]
    if a.frames_out:
        frame = raw(Ether(src=src_mac, dst=a.gw_mac) / build(a, a.seq, ts))
        with open(a.frames_out, "wb") as f:
            f.write(struct.pack(">H", len(frame)) + frame)
        return
    print(exchange(a, sock, src_mac, build(a, a.seq, ts)))
    if a.replay:
        print(exchange(a, sock, src_mac, build(a, a.seq + 1, ts)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coa", required=True)
    ap.add_argument("--ha", required=True)
    ap.add_argument("--hoa")
    ap.add_argument("--iface", required=True)
    ap.add_argument("--seq", type=int, default=1)
    ap.add_argument("--lifetime", type=int, default=100, help="4-second units")
    ap.add_argument("--flags", default="HA", help="scapy flags, e.g. HA (not its KHA default)")
    ap.add_argument("--spi", type=int)
    ap.add_argument("--key", help="hex")
    ap.add_argument("--mesg-id", default="now", help="now, stale or none")
    ap.add_argument("--replay", action="store_true",
                    help="then send the next sequence number with the same MESG-ID")
    ap.add_argument("--no-auth", action="store_true", help="MESG-ID but no auth option")
    ap.add_argument("--bad-key", action="store_true", help="sign with a wrong key")
    ap.add_argument("--bad-csum", action="store_true")
    ap.add_argument("--mh-type", type=int, help="send an MH of this (unknown) type instead")
    ap.add_argument("--hao-echo", action="store_true", help="send an echo request with a HAO")
    ap.add_argument("--timeout", type=float, default=4)
    ap.add_argument("--gw-mac", required=True, help="the first hop's MAC address")
    ap.add_argument("--frames-out", metavar="FILE",
                    help="write the frame to FILE (a 2-byte big-endian length, then the "
                    "frame: qmap-modem send --frames) instead of sending it")
    ap.add_argument("--serve", action="store_true",
                    help="answer requests read from stdin, one a line")
    a = ap.parse_args()
    conf.verb = 0
    # A packet socket of our own, for sending and receiving: scapy's
    # interface and route tables are unreliable inside network namespaces.
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x86dd))
    sock.bind((a.iface, 0))
    src_mac = sock.getsockname()[4].hex(":")
    if not a.serve:
        if a.hoa is None:
            ap.error("--hoa is required")
        run(a, sock, src_mac)
        return 0
    base = [x for x in sys.argv[1:] if x != "--serve"]
    for line in sys.stdin:
        try:
            r = ap.parse_args(base + shlex.split(line))
            if r.hoa is None:
                ap.error("--hoa is required")
            drain(sock)
            run(r, sock, src_mac)
        except SystemExit:
            print("error: bad request: " + line.strip())
        print(".", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
