#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Demo of the netpair sample, run inside the test VM by scripts/demo.sh:
# two namespaces joined by a pair, a ping, and the counters as cellctl, ip and
# the kernel's YNL CLI see them.
set -eu
cd "$(dirname "$0")/../.."
cellctl=tools/target/release/cellctl
run() { echo; echo "\$ $*"; "$@"; }

run insmod samples/netpair/netpair.ko
run $cellctl netpair add np0 peer np1
run ip -d link show np0
ip netns add left; ip netns add right
ip link set np0 netns left; ip link set np1 netns right
ip -n left addr add 192.0.2.1/24 dev np0; ip -n right addr add 192.0.2.2/24 dev np1
ip -n left link set np0 up; ip -n right link set np1 up
run ip netns exec left ping -c 3 -i 0.2 192.0.2.2
run ip netns exec left $cellctl netpair show
run ip netns exec right $cellctl --json netpair show
run ip -n left link del np0
run ip netns exec right $cellctl netpair show
run rmmod netpair
echo; echo "kernel log:"; dmesg | grep -E 'netpair|BUG|WARNING|Oops' || true
