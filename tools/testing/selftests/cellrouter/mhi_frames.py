#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The network behind mhi_sim's modem, through /dev/mhi_sim0.

  mhi_frames.py dl SRC DST [--mux M] [--count N] [--agg K] [--size B]
      injects N downlink transfers, each K UDP/IPv4 packets SRC:4000 ->
      DST:5000 (B bytes of payload), QMAP-framed with mux id M (raw IP
      without --mux); prints the number of transfers written.
  mhi_frames.py ul [--count N] [--timeout T] [--mux M]
      reads uplink transfers for up to T seconds (or N of them) and prints a
      JSON summary: transfers, bytes, QMAP frames, frames with mux id M,
      IPv4 packets, the first transfer's first bytes.
  mhi_frames.py send DST [--count N] [--seconds S] [--size B]
      sends UDP datagrams to DST:5000 from a socket (N of them, or for S
      seconds); prints how many went out.
  mhi_frames.py recv [--count N] [--timeout T]
      receives UDP datagrams on port 5000 until N came or T seconds of
      silence; prints how many (and writes "ready" to stderr once bound).
  mhi_frames.py flood SRC DST --mux M --seconds S
      downlink and uplink at once for S seconds (writes transfers, drains
      the uplink); prints what it did as JSON.
"""

import argparse
import json
import os
import select
import struct
import sys
import time

from inet_csum import csum

DEV = "/dev/mhi_sim0"


def addr4(a):
    return bytes(int(x) for x in a.split("."))


def udp4(src, dst, sport, dport, payload):
    s, d = addr4(src), addr4(dst)
    ulen = 8 + len(payload)
    pseudo = s + d + struct.pack("!BBH", 0, 17, ulen)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
    c = csum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 0, 0x4000, 64, 17, 0, s, d)
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + udp


def qmap(mux, pkt):
    pad = (4 - len(pkt) % 4) % 4
    return struct.pack("!BBH", pad, mux, len(pkt) + pad) + pkt + b"\0" * pad


def build(a, seq):
    frames = []
    for i in range(a.agg):
        payload = (b"mhi%08d" % (seq * a.agg + i)).ljust(a.size, b"x")
        pkt = udp4(a.src, a.dst, 4000, 5000, payload)
        frames.append(qmap(a.mux, pkt) if a.mux is not None else pkt)
    return b"".join(frames)


def parse_ul(buf, mux, st):
    st["transfers"] += 1
    st["bytes"] += len(buf)
    if "first" not in st:
        st["first"] = buf[:32].hex()
    if mux is None:  # raw IP
        if buf and buf[0] >> 4 == 4:
            st["ipv4"] += 1
        return
    off = 0
    while off + 4 <= len(buf):
        flags, m, ln = struct.unpack_from("!BBH", buf, off)
        if flags & 0x80 or ln == 0 or off + 4 + ln > len(buf):
            st["cmd_or_bad"] += 1
            break
        st["frames"] += 1
        if m == mux:
            st["mux_frames"] += 1
        if buf[off + 4] >> 4 == 4:
            st["ipv4"] += 1
        off += 4 + ln


def summary():
    return {"transfers": 0, "bytes": 0, "frames": 0, "mux_frames": 0,
            "ipv4": 0, "cmd_or_bad": 0}


def cmd_dl(a):
    fd = os.open(DEV, os.O_RDWR)
    n = 0
    for seq in range(a.count):
        os.write(fd, build(a, seq))
        n += 1
    os.close(fd)
    print(n)


def cmd_ul(a):
    fd = os.open(DEV, os.O_RDWR | os.O_NONBLOCK)
    st = summary()
    end = time.monotonic() + a.timeout
    while st["transfers"] < a.count:
        left = end - time.monotonic()
        if left <= 0:
            break
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            break
        try:
            buf = os.read(fd, 65536)
        except BlockingIOError:
            continue
        parse_ul(buf, a.mux, st)
    os.close(fd)
    print(json.dumps(st))


def cmd_flood(a):
    fd = os.open(DEV, os.O_RDWR | os.O_NONBLOCK)
    st = summary()
    st["written"] = 0
    end = time.monotonic() + a.seconds
    seq = 0
    while time.monotonic() < end:
        r, w, _ = select.select([fd], [fd], [], 0.2)
        if r:
            try:
                parse_ul(os.read(fd, 65536), a.mux, st)
            except BlockingIOError:
                pass
        if w:
            try:
                os.write(fd, build(a, seq))
                seq += 1
                st["written"] += 1
            except (BlockingIOError, OSError):
                time.sleep(0.01)
    os.close(fd)
    print(json.dumps(st))


def cmd_send(a):
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # Room for every datagram even while the device holds them back
    # (SO_SNDBUFFORCE), and never block: give up after a deadline.
    s.setsockopt(socket.SOL_SOCKET, 32, 16 << 20)
    s.setblocking(False)
    n = 0
    end = time.monotonic() + (a.seconds or 20)
    while time.monotonic() < end and (a.seconds or n < a.count):
        try:
            s.sendto(b"x" * a.size, (a.dst, 5000))
            n += 1
        except OSError:
            time.sleep(0.005)
    print(n)


def cmd_recv(a):
    import socket
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 5000))
    s.settimeout(a.timeout)
    print("ready", file=sys.stderr, flush=True)
    n = 0
    try:
        while n < a.count:
            s.recv(65536)
            n += 1
    except socket.timeout:
        pass
    print(n)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dl")
    d.add_argument("src")
    d.add_argument("dst")
    d.add_argument("--mux", type=int)
    d.add_argument("--count", type=int, default=1)
    d.add_argument("--agg", type=int, default=1)
    d.add_argument("--size", type=int, default=32)
    u = sub.add_parser("ul")
    u.add_argument("--count", type=int, default=1 << 30)
    u.add_argument("--timeout", type=float, default=3)
    u.add_argument("--mux", type=int)
    sn = sub.add_parser("send")
    sn.add_argument("dst")
    sn.add_argument("--count", type=int, default=1)
    sn.add_argument("--seconds", type=float, default=0)
    sn.add_argument("--size", type=int, default=64)
    rv = sub.add_parser("recv")
    rv.add_argument("--count", type=int, default=1 << 30)
    rv.add_argument("--timeout", type=float, default=3)
    f = sub.add_parser("flood")
    f.add_argument("src")
    f.add_argument("dst")
    f.add_argument("--mux", type=int)
    f.add_argument("--agg", type=int, default=4)
    f.add_argument("--size", type=int, default=200)
    f.add_argument("--seconds", type=float, default=3)
    a = p.parse_args()
    {"dl": cmd_dl, "ul": cmd_ul, "send": cmd_send, "recv": cmd_recv,
     "flood": cmd_flood}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
