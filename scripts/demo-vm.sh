#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the test VM by scripts/demo.sh: the netpair sample (two
# namespaces joined by a pair, a ping, the counters as cellctl and ip see
# them), then qmap (a modem pipe split by mux id, as rmnet_mhi0.1).
set -eu
cd "$(dirname "$0")/.."
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

echo; echo "=== qmap: a modem pipe (veth, the modem emulated by qmap-modem) split by mux id"
modem=tools/target/release/qmap-modem
run insmod drivers/net/qmap/qmap.ko
ip netns add modem
ip link add rmnet_mhi0 mtu 9000 type veth peer name pipe mtu 9000 netns modem
sysctl -qw net.ipv6.conf.rmnet_mhi0.disable_ipv6=1
ip netns exec modem sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link set rmnet_mhi0 up; ip -n modem link set pipe up
run $cellctl qmap add rmnet_mhi0 0x81
run $cellctl qmap port set rmnet_mhi0 csum v5 agg-datagrams 11 agg-bytes 8192 agg-time 500
ip netns exec modem $modem run --dev pipe --csum v5 --chan 0x81=pdn1 --dl-agg 8 >/dev/null 2>&1 &
mpid=$!
sleep 1
ip -n modem addr add 10.81.0.2/24 dev pdn1
sysctl -qw net/ipv6/conf/rmnet_mhi0.1/disable_ipv6=1
ip addr add 10.81.0.1/24 dev rmnet_mhi0.1; ip link set rmnet_mhi0.1 up
run ip -d link show rmnet_mhi0.1
run ping -c 3 -i 0.2 10.81.0.2
run ip netns exec modem $modem cmd --dev pipe --mux 0x81 flow-disable --txn 1
run $cellctl qmap show
run ip netns exec modem $modem cmd --dev pipe --mux 0x81 flow-enable --txn 2
run $cellctl qmap port show
kill $mpid; wait $mpid 2>/dev/null
run ip link del rmnet_mhi0
run rmmod qmap
echo; echo "kernel log:"; dmesg | grep -E 'BUG|WARNING|Oops' || echo "(no BUG, WARNING or Oops)"
