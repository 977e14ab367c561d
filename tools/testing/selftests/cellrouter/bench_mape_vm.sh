#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (scripts/bench-mape.sh). Two identical set-ups:
#
#   gen (LAN host) --veth-- CE --veth-- sink
#
# The generator sends IPv4 UDP from the LAN to a server behind the BR; the
# CE source-NATs it into its port set (v6plus parameters: 240 ports) and
# sends it in IPv6 to the BR behind the sink, which counts and drops it
# (IPv6 off). In "mape" the CE is our module, which maps ports itself; in
# "ip6tnl" it is what OpenWrt users run: an upstream ip6tnl tunnel plus the
# nft SNAT rule with a `numgen inc mod 240` port map from the seed. Both
# have conntrack on.
#
# - Packets/s leaving the CE for one established flow, 64 and 1400 bytes:
#   best of BENCH_ROUNDS runs of BENCH_SECONDS, the two set-ups taking
#   turns to go first.
# - New connections/s: BENCH_FLOWS datagrams, each a new flow (distinct
#   destination ports: no port clash for numgen's blind choice), sent once;
#   connections bound per second of the send, conntrack flushed between
#   runs; BENCH_CONN_ROUNDS rounds, each measuring both set-ups back to
#   back (taking turns to go first) for one paired ratio: the median and
#   spread of those, and the best of each set-up.
set -u
TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
HERE=$TOP/tools/testing/selftests/cellrouter
MODEM=${MODEM:-$TOP/tools/target/release/qmap-modem}
CELLCTL=${CELLCTL:-$TOP/tools/target/release/cellctl}
KSRC=${KSRC:?}
SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-5}
FLOWS=${BENCH_FLOWS:-60000}
CONN_ROUNDS=${BENCH_CONN_ROUNDS:-9}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
F=/tmp/mapebench
mkdir -p $F

insmod "$KSRC/net/ipv6/tunnel6.ko" 2>/dev/null
insmod "$KSRC/net/ipv6/ip6_tunnel.ko" || exit 1
insmod "$TOP/drivers/net/softwire/softwire.ko" || exit 1
# Room for every flow of a run (the table is global).
sysctl -qw net.netfilter.nf_conntrack_max=262144

BR=2404:9200:225:100::64
CE=240b:10:af:9a00:6a:4800:af00:9a00
V4=106.72.0.175
SINKGW=2001:db8:ffff::1
RULES=$TOP/tools/cellctl/examples/mape-v6plus.rules

mac_of() { ip -n "$1" -j link show "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])'; }
ctr() { ip -n "$1" -j -s link show "$2" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']$3)"; }

# setup KIND: namespaces g-KIND, c-KIND, s-KIND.
setup() {
	local k=$1
	for n in g c s; do ip netns add $n-$k; ip -n $n-$k link set lo up; done
	ip link add lan0 netns c-$k type veth peer name eth0 netns g-$k
	ip link add wan0 netns c-$k type veth peer name eth0 netns s-$k
	ip netns exec c-$k sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip netns exec s-$k sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip -n c-$k addr add 192.168.1.1/24 dev lan0
	ip -n c-$k addr add 2001:db8:ffff::2/64 dev wan0 nodad
	ip -n c-$k link set lan0 up; ip -n c-$k link set wan0 up
	ip -n g-$k link set eth0 up; ip -n s-$k link set eth0 up
	ip -n c-$k neigh add $SINKGW lladdr "$(mac_of s-$k eth0)" dev wan0 nud permanent
	ip -n c-$k -6 route add default via $SINKGW
}
setup mape
setup ip6tnl

ip netns exec c-mape "$CELLCTL" map add wan0 name map0 prefix 240b:10:af:9a00::/56 iid legacy \
	rules "$RULES" >/dev/null || exit 1

ip -n c-ip6tnl -6 addr add $CE/128 dev wan0 nodad
ip -n c-ip6tnl link add map0 type ip6tnl mode ipip6 local $CE remote $BR encaplimit none dev wan0
ip -n c-ip6tnl link set map0 mtu 1460 up
ip -n c-ip6tnl addr add $V4/32 dev map0
ip -n c-ip6tnl route add default dev map0
ports=$(for a in $(seq 1 15); do for j in $(seq 0 15); do echo $(((a << 12) | (0x9a << 4) | j)); done; done |
	awk '{printf "%s%d : %s", (NR > 1 ? ", " : ""), NR - 1, $1}')
ip netns exec c-ip6tnl nft -f - <<NFT || exit 1
table inet mape {
	chain srcnat {
		type nat hook postrouting priority filter; policy accept;
		ip protocol icmp oifname "map0" snat ip to $V4:numgen inc mod 240 map { $ports }
		ip protocol tcp oifname "map0" snat ip to $V4:numgen inc mod 240 map { $ports }
		ip protocol udp oifname "map0" snat ip to $V4:numgen inc mod 240 map { $ports }
	}
}
NFT

frames() { # frames KIND SIZE COUNT FILE [--new-flows]
	python3 "$HERE/mape_frames.py" --src-mac "$(mac_of g-$1 eth0)" --dst-mac "$(mac_of c-$1 lan0)" \
		--src 192.168.1.2 --dst 203.0.113.1 --size "$2" --count "$3" "${@:5}" "$4"
}

# run KIND FILE: packets/s leaving the CE in one run of SECS seconds.
run() {
	local before after
	before=$(ctr s-$1 eth0 "['rx']['packets']")
	ip netns exec g-$1 "$MODEM" send --dev eth0 --frames "$2" --seconds "$SECS" >/dev/null 2>&1
	sleep 0.5
	after=$(ctr s-$1 eth0 "['rx']['packets']")
	echo $(( (after - before) / SECS ))
}

for size in 64 1400; do
	frames mape $size 1 $F/m-$size.bin
	frames ip6tnl $size 1 $F/t-$size.bin
	best_t=0 best_m=0
	for r in $(seq "$ROUNDS"); do
		# Alternate which goes first: no set-up gains from its turn.
		if [ $((r % 2)) = 1 ]; then
			t=$(run ip6tnl $F/t-$size.bin); m=$(run mape $F/m-$size.bin)
		else
			m=$(run mape $F/m-$size.bin); t=$(run ip6tnl $F/t-$size.bin)
		fi
		[ "$t" -gt "$best_t" ] && best_t=$t
		[ "$m" -gt "$best_m" ] && best_m=$m
	done
	ratio=$(python3 -c "print(f'{$best_m / max($best_t, 1):.2f}')")
	echo "bench: ${size}-byte packets, one flow LAN -> WAN: ip6tnl+nft numgen ${best_t} pkt/s, mape ${best_m} pkt/s, ratio mape/ip6tnl ${ratio}"
done

nat_new() {
	ip netns exec c-mape "$CELLCTL" --json map show map0 |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print((d[0] if isinstance(d, list) else d)["nat-new"])'
}

# conns KIND FILE: new connections/s in one run (each frame a new flow).
conns() {
	local before after out secs
	ip netns exec c-$1 conntrack -F >/dev/null 2>&1
	before=$(ctr s-$1 eth0 "['rx']['packets']")
	out=$(ip netns exec g-$1 "$MODEM" send --dev eth0 --frames "$2" 2>&1)
	sleep 0.5
	after=$(ctr s-$1 eth0 "['rx']['packets']")
	secs=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' <<<"$out")
	python3 -c "print(int(($after - $before) / max(float('${secs:-0}'), 1e-3)))"
}
frames mape 64 "$FLOWS" $F/m-new.bin --new-flows
frames ip6tnl 64 "$FLOWS" $F/t-new.bin --new-flows
ratios=""
best_t=0 best_m=0
for r in $(seq "$CONN_ROUNDS"); do
	nat0=$(nat_new)
	# Alternate which goes first; each round gives one paired ratio.
	if [ $((r % 2)) = 1 ]; then
		t=$(conns ip6tnl $F/t-new.bin); m=$(conns mape $F/m-new.bin)
	else
		m=$(conns mape $F/m-new.bin); t=$(conns ip6tnl $F/t-new.bin)
	fi
	nat1=$(nat_new)
	[ "$t" -gt "$best_t" ] && best_t=$t
	[ "$m" -gt "$best_m" ] && best_m=$m
	ratios="$ratios $(python3 -c "print(f'{$m / max($t, 1):.3f}')")"
done
summary=$(python3 -c "
import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f'median {statistics.median(r):.2f}, min {r[0]:.2f}, max {r[-1]:.2f} over {len(r)} paired rounds')
" $ratios)
ratio=$(python3 -c "print(f'{$best_m / max($best_t, 1):.2f}')")
echo "bench: new connections (${FLOWS} flows, one datagram each): ip6tnl+nft numgen ${best_t}/s, mape ${best_m}/s (best of each), ratio mape/ip6tnl ${ratio}"
echo "bench: new connections, per-round ratio mape/ip6tnl: ${summary}"
echo "bench: the module bound $((nat1 - nat0)) of ${FLOWS} flows in its last run; exhausted $(ip netns exec c-mape "$CELLCTL" --json map show map0 | python3 -c 'import json,sys; d=json.load(sys.stdin); print((d[0] if isinstance(d, list) else d)["nat-exhausted"])')"

rmmod softwire || exit 1
for k in mape ip6tnl; do for n in g c s; do ip netns del $n-$k; done; done
rmmod ip6_tunnel
dmesg | grep -E 'BUG|WARNING|Oops' && exit 1
exit 0
