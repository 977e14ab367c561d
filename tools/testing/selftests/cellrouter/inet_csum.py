# SPDX-License-Identifier: GPL-2.0
"""The Internet checksum (RFC 1071) for the frame generators of the VM
tests and benchmarks (b6_frames.py, mape_frames.py, mhi_frames.py): they
run as scripts from this folder, which puts it on the import path."""

import struct


def csum(data):
    """The one's complement of the one's complement sum of the 16-bit
    big-endian words of data (padded with a zero byte to an even length)."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
