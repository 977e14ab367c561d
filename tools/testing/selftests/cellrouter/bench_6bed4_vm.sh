#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the VM (scripts/bench-6bed4.sh). Two identical set-ups:
#
#   gen 192.0.2.2 (6bed4 peer) --veth-- router 192.0.2.1 --veth-- sink 2001:db8:ffff::2
#
# The generator sends prebuilt frames: IPv6 UDP packets bare in UDP/IPv4
# from 192.0.2.2:50000 to the router's port 25790, their source the
# peer's 6bed4 address (2001:db8:9:10:c000:202:c350:1 in the router's
# 2001:db8:9:10::/64, which the router validates), their destination the
# native host behind the sink. The router decapsulates them and forwards
# them natively; the sink counts them and drops them (IPv6 off).
#
# - "kernel": the router is our 6bed4 device (softwire.ko, created with
#   the YNL CLI).
# - "socat": the router is a userspace relay doing the same
#   decapsulation, Debian's socat between a UDP socket on port 25790 and
#   a TUN device (one datagram read, one packet written; it does not
#   validate the originator).
#
# The generator is pinned to CPU 0 of the VM's 2, socat to CPU 1: socat
# has a CPU of its own. The kernel's forwarding runs in the softirq of the
# sender's CPU (veth, no RPS): its figure is that of one CPU generating
# and forwarding, a lower bound of what the device does on a CPU of its
# own. (RPS to CPU 1 was tried: under TCG the cross-CPU wake-ups made it
# erratic, from half to twice the figure without.)
#
# Peer -> router -> native: packets/s reaching the sink, for inner IPv6
# packets of 64 and 1400 bytes (IPv6 header included; on the peer's wire
# 28 bytes more in UDP/IPv4): best and median of BENCH_ROUNDS runs of
# BENCH_SECONDS, each set-up going first in turn; ratios kernel/socat.
# With BENCH_REVERSE=1 (the default), native -> router -> peer too: the
# sink's namespace sends native IPv6 to the peer's address, the router
# encapsulates it to 192.0.2.2:50000, counted on the generator's side.
#
# Checks that the figures are what they claim: sent, router-device and
# arrived totals per set-up; socat's CPU use (its limit when close to
# 100%) and its socket's receive-buffer drops (the generator outran it);
# the generator's offered rate (the kernel's equals what arrives: it
# forwards in the sender's context). The socat set-up keeps both vCPUs
# busy, the kernel one only one: on a host busy with other work socat
# loses more (scripts/bench-6bed4.sh says how busy the host was).
set -u
TOP=$(cd "$(dirname "$0")/../../../.." && pwd)
HERE=$TOP/tools/testing/selftests/cellrouter
MODEM=${MODEM:-$TOP/tools/target/release/qmap-modem}
KSRC=${KSRC:?}
YNL_CLI=$KSRC/tools/net/ynl/pyynl/cli.py
[ -e "$YNL_CLI" ] || YNL_CLI=$KSRC/tools/net/ynl/cli.py
SECS=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-4}
REVERSE=${BENCH_REVERSE:-1}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
F=/tmp/b6bench
mkdir -p $F

insmod "$KSRC/net/ipv6/tunnel6.ko" 2>/dev/null
insmod "$TOP/drivers/net/softwire/softwire.ko" || exit 1

PREFIX=2001:db8:9:10::/64
PEER4=192.0.2.2 PEERPORT=50000 ROUTER4=192.0.2.1
SINK6=2001:db8:ffff::2
# The same MAC addresses in both set-ups: the same frames.
GEN_MAC=02:b6:00:00:00:01 LAN_MAC=02:b6:00:00:00:02
WAN_MAC=02:b6:00:00:00:03 SINK_MAC=02:b6:00:00:00:04

# pkts NS DEV rx|tx: a packet counter of a device. (ip -n, not ip netns
# exec, and no Python: each costs a second or more under TCG.)
pkts() { ip -n "$1" -s -j link show "$2" | sed -n "s/.*\"$3\":{\"bytes\":[0-9]*,\"packets\":\([0-9]*\).*/\1/p"; }
b6() { local ns=$1; shift; ip netns exec "$ns" python3 "$YNL_CLI" \
	--spec "$TOP/Documentation/netlink/specs/sixbed4.yaml" \
	--schema "$KSRC/Documentation/netlink/genetlink-legacy.yaml" "$@"; }
# The set-ups and their router devices.
KINDS=(kernel socat)
declare -A RDEV=([kernel]=b6r [socat]=b6t)
declare -A NAME=([kernel]="kernel 6bed4" [socat]=socat)

# setup KIND: namespaces g-KIND, r-KIND, s-KIND.
setup() {
	local k=$1
	for n in g r s; do ip netns add $n-$k; ip -n $n-$k link set lo up; done
	ip link add lan0 netns r-$k address $LAN_MAC type veth peer name eth0 netns g-$k address $GEN_MAC
	ip link add wan0 netns r-$k address $WAN_MAC type veth peer name eth0 netns s-$k address $SINK_MAC
	ip netns exec r-$k sysctl -qw net.ipv6.conf.all.forwarding=1
	# No link-local address, DAD or MLD on socat's TUN (the kernel device
	# has no addrconf either).
	ip netns exec r-$k sysctl -qw net.ipv6.conf.default.addr_gen_mode=1
	ip netns exec g-$k sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip netns exec s-$k sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip -n r-$k addr add $ROUTER4/24 dev lan0
	ip -n r-$k addr add 2001:db8:ffff::1/64 dev wan0 nodad
	ip -n r-$k link set lan0 up; ip -n r-$k link set wan0 up
	ip -n g-$k link set eth0 up; ip -n s-$k link set eth0 up
	ip -n r-$k neigh add $SINK6 lladdr $SINK_MAC dev wan0 nud permanent
	ip -n r-$k neigh add $PEER4 lladdr $GEN_MAC dev lan0 nud permanent
}
for k in "${KINDS[@]}"; do setup $k; done

b6 r-kernel --do dev-new --json '{"ifname": "b6r", "role": "router",
	"prefix": "20010db8000900100000000000000000", "local-addr": "c0000201"}' >/dev/null || exit 1
# 1400-byte packets towards the peer (the reverse run) need more than the
# default MTU of 1280; 1500 as the TUN's.
ip -n r-kernel link set b6r mtu 1500
ip -n r-kernel -6 route add $PREFIX dev b6r

ip netns exec r-socat taskset -c 1 socat UDP4-DATAGRAM:$PEER4:$PEERPORT,bind=$ROUTER4:25790 \
	TUN,tun-name=b6t,tun-type=tun,iff-no-pi,iff-up 2>$F/socat.err &
SOCAT=$!
for _ in $(seq 50); do ip -n r-socat link show b6t >/dev/null 2>&1 && break; sleep 0.1; done
ip -n r-socat -6 route add $PREFIX dev b6t || { cat $F/socat.err; exit 1; }
ip -n r-socat link show b6t | grep -q UP || { echo "bench: socat's TUN is not up"; exit 1; }

# socat's CPU time, clock ticks (the scheduler's run time: /proc/stat's
# per-CPU tick samples are unreliable under TCG).
socat_cpu() { awk '{print $14 + $15}' /proc/$SOCAT/stat; }
rcvbuf_errors() { ip netns exec r-socat nstat -az UdpRcvbufErrors | awk '/UdpRcvbufErrors/ {print $2}'; }
HZ=$(getconf CLK_TCK)

# frames DIR SIZE FILE: DIR fwd (peer -> native, sent by the generator)
# or rev (native -> peer, sent by the sink).
frames() {
	if [ "$1" = fwd ]; then
		python3 "$HERE/b6_frames.py" --src-mac $GEN_MAC --dst-mac $LAN_MAC --size "$2" \
			--src6 peer --dst6 $SINK6 --prefix $PREFIX --peer $PEER4:$PEERPORT \
			--router $ROUTER4:25790 "$3"
	else
		python3 "$HERE/b6_frames.py" --src-mac $SINK_MAC --dst-mac $WAN_MAC --size "$2" \
			--src6 $SINK6 --dst6 peer --prefix $PREFIX --peer $PEER4:$PEERPORT "$3"
	fi
}

# run KIND DIR FILE: sends for SECS; sets RATE (packets/s arriving on the
# far side over the send's duration), OFFERED (frames/s sent), SOCAT_CPU
# (socat's CPU use, %) and adds to the totals of KIND.
declare -A SENT RCVD DEVPK
run() {
	local k=$1 dir=$2 from to out before after dev0 dev1 t0 t1 n ms rt
	if [ "$dir" = fwd ]; then from=g-$k to=s-$k rt=rx; else from=s-$k to=g-$k rt=tx; fi
	before=$(pkts $to eth0 rx) dev0=$(pkts r-$k "${RDEV[$k]}" $rt) t0=$(socat_cpu)
	out=$(ip netns exec $from taskset -c 0 "$MODEM" send --dev eth0 --frames "$3" --seconds "$SECS" 2>&1)
	t1=$(socat_cpu)
	sleep 0.5
	after=$(pkts $to eth0 rx) dev1=$(pkts r-$k "${RDEV[$k]}" $rt)
	# "sent N frames (B bytes) in T.TTT s"
	read -r n ms < <(sed -n 's/^sent \([0-9]*\) frames.* in \([0-9]*\)\.\([0-9]*\) s.*/\1 \2\3/p' <<<"$out")
	[ -n "$n" ] && [ "${ms:-0}" -gt 0 ] || { echo "bench: send failed: $out" >&2; n=0 ms=1; }
	ms=$((10#$ms))
	RATE=$(((after - before) * 1000 / ms)) OFFERED=$((n * 1000 / ms))
	SOCAT_CPU=$(((t1 - t0) * 100000 / HZ / ms))
	SENT[$k]=$((${SENT[$k]:-0} + n))
	RCVD[$k]=$((${RCVD[$k]:-0} + after - before))
	DEVPK[$k]=$((${DEVPK[$k]:-0} + dev1 - dev0))
}

# bench DIR LABEL SIZE
bench() {
	local dir=$1 label=$2 size=$3 r i k rb0 rb1 summary= rt
	local -A best=() off=() all=()
	SENT=() RCVD=() DEVPK=()
	frames "$dir" "$size" $F/$dir-$size.bin
	for k in "${KINDS[@]}"; do best[$k]=0; done
	rb0=$(rcvbuf_errors)
	for r in $(seq 0 $((ROUNDS - 1))); do
		# Each set-up goes first in turn: none gains from its place.
		for i in "${!KINDS[@]}"; do
			k=${KINDS[$(((i + r) % ${#KINDS[@]}))]}
			run $k "$dir" $F/$dir-$size.bin
			all[$k]+="$RATE,"
			if [ "$RATE" -gt "${best[$k]}" ]; then
				best[$k]=$RATE off[$k]="$OFFERED frames/s"
				[ $k = socat ] && off[$k]+=", socat CPU ${SOCAT_CPU}%"
			fi
		done
	done
	rb1=$(rcvbuf_errors)
	rt=$([ "$dir" = fwd ] && echo rx || echo tx)
	for k in "${KINDS[@]}"; do
		summary+="('${NAME[$k]}', [${all[$k]}], '${off[$k]}', '${SENT[$k]} sent, router ${RDEV[$k]} $rt ${DEVPK[$k]}, ${RCVD[$k]} arrived'),"
	done
	python3 - <<PY
import statistics as st
sets = [$summary]
b = {n: max(v) for n, v, _, _ in sets}
m = {n: st.median(v) for n, v, _, _ in sets}
print("bench: ${size}-byte IPv6 packets, $label: socat %d pkt/s, kernel 6bed4 %d pkt/s, ratio kernel/socat %.2f (medians %.2f)"
      % (b["socat"], b["kernel 6bed4"], b["kernel 6bed4"] / max(b["socat"], 1), m["kernel 6bed4"] / max(m["socat"], 1)))
for n, v, off, tot in sets:
    print(f"bench:   {n}: runs {v} pkt/s; best run offered {off}; totals {tot}")
PY
	for k in "${KINDS[@]}"; do
		[ "${RCVD[$k]}" != 0 ] || { echo "bench: nothing arrived through ${NAME[$k]}: the figures are void"; FAILED=1; }
	done
	[ "$dir" = fwd ] && echo "bench:   socat's socket receive-buffer drops (UdpRcvbufErrors): $((rb1 - rb0))"
}

FAILED=0
for size in 64 1400; do
	bench fwd "peer -> router -> native" $size
done
if [ "$REVERSE" = 1 ]; then
	for size in 64 1400; do
		bench rev "native -> router -> peer" $size
	done
fi

b6 r-kernel --do dev-get --json '{"ifname": "b6r"}' --output-json |
	python3 -c 'import json,sys; d=json.load(sys.stdin); print("bench: kernel 6bed4 device counters:", " ".join(f"{k}={v}" for k, v in d.items() if isinstance(v, int) and v and k not in ("ifindex", "local-port", "role")) or "all 0 (no drop)")'
for k in "${KINDS[@]}"; do
	echo "bench: ${NAME[$k]} router ${RDEV[$k]}: $(ip -n r-$k -s -j link show "${RDEV[$k]}" | sed 's/.*"stats64":\(.*\)}]$/\1/')"
done
echo "bench: softnet backlog drops per CPU:$(while read -r _ d _; do echo -n " $((16#$d))"; done </proc/net/softnet_stat)"

kill $SOCAT; wait $SOCAT 2>/dev/null
for k in "${KINDS[@]}"; do for n in g r s; do ip netns del $n-$k; done; done
rmmod softwire || exit 1
dmesg | grep -E 'BUG|WARNING|Oops' && exit 1
exit $FAILED
