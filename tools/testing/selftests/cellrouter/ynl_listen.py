#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Subscribe to a family's multicast group with the kernel's YNL library
(tools/net/ynl/lib, an independent client) and print its notifications.

  ynl_listen.py KSRC SPEC GROUP COUNT TIMEOUT

Prints "ready" once subscribed (so the caller knows when to act), then, when
COUNT notifications have arrived or TIMEOUT seconds have passed, a JSON list
of them as cli.py --subscribe prints them ({"name": ..., "msg": {...}}).
cli.py --subscribe --do cannot be used for this with the 6.12 library: a
notification that arrives before the ack of its own request trips it up.
"""
import json
import sys
import time

ksrc, spec, group, count, timeout = sys.argv[1:6]
# The YNL library: tools/net/ynl/lib on 6.12, tools/net/ynl/pyynl/lib on 7.x.
sys.path.insert(0, ksrc + '/tools/net/ynl')
sys.path.insert(0, ksrc + '/tools/net/ynl/pyynl')
from lib import YnlFamily  # noqa: E402

ynl = YnlFamily(spec, schema='')  # cli.py --no-schema: test_ynl validated it
ynl.ntf_subscribe(group)
print('ready', flush=True)
end = time.monotonic() + float(timeout)
# 6.12's library queues notifications in a list, 7.x's in a queue.Queue.
got = []
while len(got) < int(count) and time.monotonic() < end:
    ynl.check_ntf()
    q = ynl.async_msg_queue
    if isinstance(q, list):
        got.extend(q)
        q.clear()
    else:
        while not q.empty():
            got.append(q.get_nowait())
    time.sleep(0.05)
print(json.dumps(got), flush=True)
