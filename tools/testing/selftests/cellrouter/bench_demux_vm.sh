#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside the VM: the demultiplexing cost alone. The same aggregates to a mux id
# with no channel: rmnet still allocates and copies each frame before it finds
# out, qmap parses and counts. The sender's frames/s measure the receive cost
# (it runs in the sender's softirq). Run with scripts/bench-qmap.sh --demux.
set -u
TOP=$(cd "$(dirname "$0")/../../../.." && pwd); MODEM=${MODEM:-$TOP/tools/target/release/qmap-modem}; C=${CELLCTL:-$TOP/tools/target/release/cellctl}
insmod $KSRC/drivers/net/ethernet/qualcomm/rmnet/rmnet.ko; insmod $TOP/drivers/net/qmap/qmap.ko
ip netns add bm
for p in R Q; do ip link add veth${p}0 mtu 16384 type veth peer name veth${p}1 mtu 16384 netns bm
sysctl -qw net.ipv6.conf.veth${p}0.disable_ipv6=1; ip link set veth${p}0 up; ip -n bm link set veth${p}1 up; done
ip link add rmnet0 link vethR0 type rmnet mux_id 129; ip link set rmnet0 up
$C qmap add vethQ0 0x81 name qmap0 >/dev/null; ip link set qmap0 up
for size in 64 1400; do k=64; [ $size = 1400 ] && k=10
for i in 1 2; do # two rounds each
 echo "size $size unknown-mux rmnet: $(ip netns exec bm $MODEM bench --dev vethR1 --mux 0x90 --size $size --frames-per-buffer $k --seconds 4)"
 echo "size $size unknown-mux qmap:  $(ip netns exec bm $MODEM bench --dev vethQ1 --mux 0x90 --size $size --frames-per-buffer $k --seconds 4)"
done; done
