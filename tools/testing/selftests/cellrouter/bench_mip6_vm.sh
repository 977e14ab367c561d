#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (scripts/bench-mip6.sh). Two identical set-ups, one
# after the other in each round:
#
#   gen --veth-- HA --veth-- sink
#
# The generator sends UDP to a home address; the HA tunnels it (ip6ip6) to
# the care-of address behind the sink, which drops it (IPv6 off). In "mip6"
# the HA is our module with a binding; in "ip6tnl" it is a plain upstream
# ip6tnl tunnel (encaplimit none, as RFC 6275 tunnels) with a /128 route to
# the home address. Packets/s are those leaving the HA (the sink's receive
# counter), best of BENCH_ROUNDS runs of BENCH_SECONDS. Then, in the mip6
# set-up: the per-packet cost with 10 and with 100,000 bindings (64-byte
# packets to every bound home address in turn), and how fast the HA
# processes 100,000 binding updates from distinct MNs.
set -u
TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
HERE=$TOP/tools/testing/selftests/cellrouter
MODEM=${MODEM:-$TOP/tools/target/release/qmap-modem}
CELLCTL=${CELLCTL:-$TOP/tools/target/release/cellctl}
KSRC=${KSRC:?}
SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
MANY=${BENCH_BINDINGS:-100000}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
F=/tmp/m6bench
mkdir -p $F

insmod "$KSRC/net/ipv6/tunnel6.ko" 2>/dev/null
insmod "$KSRC/net/ipv6/ip6_tunnel.ko" || exit 1
insmod "$TOP/net/mip6/mipv6.ko" || exit 1

HA=2001:db8:1::1          # the HA, on its home link (a dummy device)
GEN=2001:db8:2::2         # the traffic source, HA's eth1 is 2001:db8:2::1
SINKGW=2001:db8:3::2      # the sink, HA's eth2 is 2001:db8:3::1
COA=2001:db8:4::1         # care-of addresses: 2001:db8:4::/64 via the sink
HOA=2001:db8:1::1:0       # home addresses: HOA, HOA+1, ...

mac_of() { ip -n "$1" -j link show "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])'; }
ctr() { ip -n "$1" -j -s link show "$2" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']$3)"; }

# setup KIND: namespaces g-KIND, h-KIND, s-KIND.
setup() {
	local k=$1
	for n in g h s; do ip netns add $n-$k; ip -n $n-$k link set lo up; done
	ip link add eth1 netns h-$k type veth peer name eth0 netns g-$k
	ip link add eth2 netns h-$k type veth peer name eth0 netns s-$k
	ip -n h-$k link add home0 type dummy
	ip netns exec h-$k sysctl -qw net.ipv6.conf.all.forwarding=1
	ip netns exec g-$k sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip netns exec s-$k sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip -n h-$k addr add $HA/64 dev home0 nodad
	ip -n h-$k addr add 2001:db8:2::1/64 dev eth1 nodad
	ip -n h-$k addr add 2001:db8:3::1/64 dev eth2 nodad
	for d in home0 eth1 eth2; do ip -n h-$k link set $d up; done
	ip -n g-$k link set eth0 up; ip -n s-$k link set eth0 up
	ip -n h-$k neigh add $SINKGW lladdr "$(mac_of s-$k eth0)" dev eth2 nud permanent
	ip -n h-$k route add 2001:db8:4::/64 via $SINKGW
}
setup mip6
setup ip6tnl

ip -n h-ip6tnl link add tnl0 type ip6tnl mode ip6ip6 local $HA remote $COA encaplimit none
ip -n h-ip6tnl link set tnl0 up
ip -n h-ip6tnl route add $HOA/128 dev tnl0

m6() { ip netns exec h-mip6 "$CELLCTL" mip6 "$@"; }
m6get() { ip netns exec h-mip6 "$CELLCTL" --json mip6 show | python3 -c "import json,sys; d=json.load(sys.stdin); print((d[0] if isinstance(d, list) else d)['$1'])"; }
m6 ha add name mip6tnl0 dad-timeout 10 acl-default allow >/dev/null || exit 1
m6 prefix add home0 2001:db8:1::/64 ha $HA || exit 1

# register N FILE: sends the BUs in FILE from the generator's side; waits
# until N bindings are active (BAs sent); prints the seconds both took.
register() {
	local n=$1 file=$2 ba0 t0 t1 t2 sent
	ba0=$(m6get ba-sent)
	t0=$(date +%s.%N)
	ip netns exec g-mip6 "$MODEM" send --dev eth0 --frames "$file" >$F/send.txt || return 1
	t1=$(date +%s.%N)
	local end=$((SECONDS + 120))
	while [ $(($(m6get ba-sent) - ba0)) -lt "$n" ]; do
		[ $SECONDS -lt $end ] || { echo "bench: only $(($(m6get ba-sent) - ba0)) of $n registrations in 120 s" >&2; return 1; }
		sleep 0.2
	done
	t2=$(date +%s.%N)
	echo "$t0 $t1 $t2"
}

gmac_m=$(mac_of h-mip6 eth1) gmac_t=$(mac_of h-ip6tnl eth1)
gsrc_m=$(mac_of g-mip6 eth0) gsrc_t=$(mac_of g-ip6tnl eth0)
frames() { # frames KIND SIZE COUNT FILE [--cycle K]
	local dmac=$gmac_m smac=$gsrc_m
	[ "$1" = ip6tnl ] && dmac=$gmac_t smac=$gsrc_t
	python3 "$HERE/mip6_frames.py" data --src-mac "$smac" --dst-mac "$dmac" --src $GEN \
		--dst $HOA --size "$2" --count "$3" "${@:5}" "$4"
}

# One binding (HOA -> COA) for the comparison with ip6tnl.
python3 "$HERE/mip6_frames.py" bu --src-mac "$gsrc_m" --dst-mac "$gmac_m" --ha $HA \
	--hoa $HOA --coa $COA --count 1 $F/bu1.bin
register 1 $F/bu1.bin >/dev/null || exit 1

# run KIND FILE: packets/s leaving the HA for one run.
run() {
	local before after
	before=$(ctr s-$1 eth0 "['rx']['packets']")
	ip netns exec g-$1 "$MODEM" send --dev eth0 --frames "$2" --seconds "$SECS" >/dev/null 2>&1
	sleep 0.5
	after=$(ctr s-$1 eth0 "['rx']['packets']")
	echo $(( (after - before) / SECS ))
}

for size in 64 1400; do
	frames mip6 $size 1 $F/m-$size.bin
	frames ip6tnl $size 1 $F/t-$size.bin
	best_t=0 best_m=0
	for _ in $(seq "$ROUNDS"); do
		t=$(run ip6tnl $F/t-$size.bin); [ "$t" -gt "$best_t" ] && best_t=$t
		m=$(run mip6 $F/m-$size.bin); [ "$m" -gt "$best_m" ] && best_m=$m
	done
	ratio=$(python3 -c "print(f'{$best_m / max($best_t, 1):.2f}')")
	echo "bench: ${size}-byte packets to a home address: ip6tnl ${best_t} pkt/s, mip6 ${best_m} pkt/s, ratio mip6/ip6tnl ${ratio}"
done
tx=$(ctr h-mip6 mip6tnl0 "['tx']['packets']")
echo "bench: the mip6 tunnel netdev counted ${tx} packets sent"

# Per-packet cost: 10 bindings, traffic to each in turn; then MANY, to
# each of them in turn.
best() { # best FILE: best of ROUNDS runs in the mip6 set-up
	local b=0 r
	for _ in $(seq "$ROUNDS"); do r=$(run mip6 "$1"); [ "$r" -gt "$b" ] && b=$r; done
	echo "$b"
}
python3 "$HERE/mip6_frames.py" bu --src-mac "$gsrc_m" --dst-mac "$gmac_m" --ha $HA \
	--hoa $HOA --coa $COA --count 10 --seq 2 $F/bu10.bin
register 10 $F/bu10.bin >/dev/null || exit 1
# As many frames as below (the generator's own cost must not differ), to
# 10 destinations.
frames mip6 64 "$MANY" $F/m-10.bin --cycle 10
few=$(best $F/m-10.bin)
[ "$(m6get bindings)" = 10 ] || { echo "bench: expected 10 bindings, have $(m6get bindings)" >&2; exit 1; }

python3 "$HERE/mip6_frames.py" bu --src-mac "$gsrc_m" --dst-mac "$gmac_m" --ha $HA \
	--hoa $HOA --coa $COA --count "$MANY" --seq 3 $F/bumany.bin
bu0=$(m6get bu-rcvd)
read -r t0 t1 t2 < <(register "$MANY" $F/bumany.bin) || exit 1
bus=$(($(m6get bu-rcvd) - bu0))
have=$(m6get bindings)
python3 - "$t0" "$t1" "$t2" "$bus" "$MANY" "$have" <<'EOF'
import sys
t0, t1, t2 = map(float, sys.argv[1:4])
bus, many, have = map(int, sys.argv[4:7])
print(f"bench: {many} BUs from distinct MNs sent in {t1 - t0:.2f} s, {bus} received: "
      f"{bus / (t1 - t0):.0f} BU/s processed (parsed, decided, DAD started)")
print(f"bench: all {many} registrations completed (DAD 10 ms, BA sent) in {t2 - t0:.2f} s: "
      f"{many / (t2 - t0):.0f} registrations/s; {have} bindings in the cache")
EOF
frames mip6 64 "$MANY" $F/m-many.bin
lots=$(best $F/m-many.bin)
ratio=$(python3 -c "print(f'{$lots / max($few, 1):.2f}')")
echo "bench: 64-byte packets, each to the next bound home address: 10 bindings ${few} pkt/s, ${MANY} bindings ${lots} pkt/s, ratio ${ratio}"

# Teardown with every binding in place.
rmmod mipv6 || exit 1
for k in mip6 ip6tnl; do for n in g h s; do ip netns del $n-$k; done; done
rmmod ip6_tunnel
dmesg | grep -E 'BUG|WARNING|Oops' && exit 1
exit 0
