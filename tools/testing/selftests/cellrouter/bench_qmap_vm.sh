#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (scripts/bench-qmap.sh): the same aggregated downlink
# stream demultiplexed by our qmap module and by upstream rmnet, each on its
# own veth pair, one after the other; prints delivered packets per second
# at 64- and 1400-byte payloads and the ratio qmap/rmnet.
set -u
TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
MODEM=${MODEM:-$TOP/tools/target/release/qmap-modem}
CELLCTL=${CELLCTL:-$TOP/tools/target/release/cellctl}
KSRC=${KSRC:?}
SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

insmod "$KSRC/drivers/net/ethernet/qualcomm/rmnet/rmnet.ko" || exit 1
insmod "$TOP/drivers/net/qmap/qmap.ko" || exit 1
ip netns add bm
for p in R Q; do
	ip link add veth${p}0 mtu 16384 type veth peer name veth${p}1 mtu 16384 netns bm
	sysctl -qw net.ipv6.conf.veth${p}0.disable_ipv6=1
	ip link set veth${p}0 up; ip -n bm link set veth${p}1 up
done
ip link add rmnet0 link vethR0 type rmnet mux_id 129
"$CELLCTL" qmap add vethQ0 0x81 name qmap0 >/dev/null
for d in rmnet0 qmap0; do
	sysctl -qw "net/ipv6/conf/$d/disable_ipv6=1"; ip link set $d up
done
# The stream goes to 192.0.2.1: discard it at the route lookup, without the
# ICMP errors an unroutable destination costs, so that what is measured is
# mostly the drivers' receive paths (and GRO, which both use).
ip route add blackhole 192.0.2.0/24

rx_packets() { ip -j -s link show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'; }

# run DEV PARENT SIZE K [--linear]: delivered packets/s on DEV for one run.
run() {
	local before after
	before=$(rx_packets "$1")
	ip netns exec bm "$MODEM" bench --dev "$2" --mux 0x81 --size "$3" \
		--frames-per-buffer "$4" --seconds "$SECS" ${5:-} >/dev/null 2>&1
	sleep 0.5
	after=$(rx_packets "$1")
	echo $(( (after - before) / SECS ))
}

# SIZE:K[:linear]: K frames of SIZE-byte IP packets per buffer. AF_PACKET
# puts buffers over a page in page fragments, which qmap shares; buffers
# under a page, or sent with :linear, arrive in one linear kmalloc'ed
# sk_buff (as usbnet and mhi_net receive them), which qmap copies from.
for spec in ${BENCH_SPECS:-64:64 64:64:linear 64:32 1400:10 1400:10:linear 1400:2}; do
	IFS=: read -r size k layout <<<"$spec"
	flag= kind=paged
	[ "$layout" = linear ] && flag=--linear
	[ "$layout" = linear ] || [ $(( k * (size + 4) )) -lt 4000 ] && kind=linear
	best_r=0 best_q=0
	for _ in $(seq "$ROUNDS"); do
		r=$(run rmnet0 vethR1 "$size" "$k" $flag); [ "$r" -gt "$best_r" ] && best_r=$r
		q=$(run qmap0 vethQ1 "$size" "$k" $flag); [ "$q" -gt "$best_q" ] && best_q=$q
	done
	ratio=$(python3 -c "print(f'{$best_q / max($best_r, 1):.2f}')")
	echo "bench: ${size}-byte IP packets, ${k} per buffer ($(( k * (size + 4) )) B, $kind): rmnet ${best_r} pkt/s, qmap ${best_q} pkt/s, ratio qmap/rmnet ${ratio}"
done
ip link del rmnet0; "$CELLCTL" qmap del qmap0
ip link del vethR0; ip link del vethQ0; ip netns del bm
rmmod qmap; rmmod rmnet
dmesg | grep -E 'BUG|WARNING|Oops' && exit 1
exit 0
