#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A paced TCP stream for mobility tests.

  tcp_stream.py serve ADDR PORT         accept one connection, print the bytes
                                        received at its end; exit 1 on a reset
  tcp_stream.py send ADDR PORT SECONDS  send 1 KiB every 20 ms for SECONDS,
                                        then close; print the bytes sent; exit
                                        1 on any error (a reset, a timeout)
"""

import socket
import sys
import time


def serve(addr, port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(1)
    c, _ = s.accept()
    total = 0
    try:
        while True:
            b = c.recv(65536)
            if not b:
                break
            total += len(b)
    except OSError as e:
        print(f"error after {total} bytes: {e}")
        return 1
    print(total)
    return 0


def send(addr, port, seconds):
    c = socket.create_connection((addr, port), timeout=60)
    chunk = b"x" * 1024
    total = 0
    end = time.time() + seconds
    try:
        while time.time() < end:
            c.sendall(chunk)
            total += len(chunk)
            time.sleep(0.02)
        c.shutdown(socket.SHUT_WR)
        c.recv(1)
    except OSError as e:
        print(f"error after {total} bytes: {e}")
        return 1
    print(total)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        sys.exit(serve(sys.argv[2], int(sys.argv[3])))
    sys.exit(send(sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
