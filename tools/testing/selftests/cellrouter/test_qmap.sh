#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The qmap module: a veth pair is the modem pipe; its far end, in namespace
# $M, is driven by tools/qmap-modem (a QMAP modem emulator bridging mux ids
# to TUN devices). Ping and TCP both ways through two channels at once,
# counters against the emulator's, flow-control commands and acks, the
# malformed-frame corpus with its per-reason drop counters, deletion paths,
# unload with traffic running; checksum offload both ways (MAPv4, MAPv5):
# uplink packets whose checksums the modem fills in, the downlink verdict
# frame by frame as a UDP socket sees it; downlink buffers in page fragments
# (shared) and linear (copied); per-CPU channel stats against ip -s link.
# Sourced by run_vm.sh.

QMAP_KO=$TOP/drivers/net/qmap/qmap.ko
M=qmodem
ST=/tmp/qmap-stats.json

qm_cleanup() {
	[ -n "${QM_PID:-}" ] && kill "$QM_PID" 2>/dev/null && wait "$QM_PID" 2>/dev/null
	QM_PID=
	ip link del veth0 2>/dev/null
	ip netns del $M 2>/dev/null
	rmmod qmap 2>/dev/null
}

# A process costs about 0.3 s in the TCG guest: the helpers below read JSON,
# logs and /proc with bash builtins, and nap waits without one.
mkfifo /tmp/qmap-nap 2>/dev/null
exec {NAP_FD}<>/tmp/qmap-nap
nap() { read -rt "$1" -u "$NAP_FD" _; true; }

# jnum JSON KEY...: the numbers under each "KEY" of flat JSON (cellctl's
# objects, the emulator's stats), space-separated; "?KEY" for a missing one.
jnum() {
	local j=$1 k re out=(); shift
	for k; do
		re="\"$k\":([0-9]+)"
		if [[ $j =~ $re ]]; then out+=("${BASH_REMATCH[1]}"); else out+=("?$k"); fi
	done
	echo "${out[*]}"
}

# sub A B: A - B, or "?" when either is not a number (a counter missing).
sub() { if [[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ ]]; then echo $(($1 - $2)); else echo "?"; fi; }

# port_counter NAME...: counters of veth0's port.
port_counter() { jnum "$("$CELLCTL" --json qmap port show veth0)" "$@"; }

# chan_counter DEV NAME...
chan_counter() { local dev=$1; shift; jnum "$("$CELLCTL" --json qmap show "$dev")" "$@"; }

# modem_stat NAME...: counters of the running emulator (its stats file).
modem_stat() {
	sleep 1.2 # the emulator writes its stats every second
	jnum "$(<$ST)" "$@"
}

# chan_stats DEV / ip_stats DEV: rx packets, bytes, dropped, tx packets,
# bytes, dropped, from cellctl and from ip -s link (ndo_get_stats64).
chan_stats() { chan_counter "$1" rx-packets rx-bytes rx-dropped tx-packets tx-bytes tx-dropped; }
ip_stats() {
	local j d out=() re
	j=$(ip -j -s link show "$1")
	for d in rx tx; do
		re="\"$d\":\{([^}]*)\}"
		[[ $j =~ $re ]] && out+=("$(jnum "${BASH_REMATCH[1]}" packets bytes dropped)")
	done
	echo "${out[*]}"
}

# ethtool_csum DEV...: tx-checksum-ipv4 and -ipv6 of each DEV (on/off).
ethtool_csum() {
	local d v f re out=()
	for d; do
		f=$(/usr/sbin/ethtool -k "$d")
		for v in 4 6; do
			re=$'\t'"tx-checksum-ipv$v: ([a-z]+)"
			[[ $f =~ $re ]] && out+=("${BASH_REMATCH[1]}")
		done
	done
	echo "${out[*]}"
}

udp_in_csum_errors() { # Udp InCsumErrors of /proc/net/snmp
	local h v i
	{
		while read -r -a h; do [ "${h[0]}" = Udp: ] && break; done
		read -r -a v
	} </proc/net/snmp
	for i in "${!h[@]}"; do [ "${h[i]}" = InCsumErrors ] && echo "${v[i]}"; done
}

# Payloads: 'abc...z' repeated, as the emulator's synthetic UDP packets carry.
python3 -c 'import sys; sys.stdout.buffer.write(b"abcdefghijklmnopqrstuvwxyz" * 400)' >/tmp/qmap-abc
head -c 262144 /dev/urandom >/tmp/qmap-rand

# A UDP socket that logs each datagram it reads ("LEN intact" when the
# payload is the 'abc...z' pattern, "LEN damaged" otherwise): python3 -c
# "$UDP_SINK" ADDR PORT LOG. LOG exists once the socket is bound.
UDP_SINK='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
pat = b"abcdefghijklmnopqrstuvwxyz" * 400
with open(sys.argv[3], "w", buffering=1) as log:
    while True:
        b = s.recv(65536)
        log.write("%d %s\n" % (len(b), "intact" if b == pat[:len(b)] else "damaged"))
'
wait_file() { for ((i_ = 0; i_ < 50; i_++)); do [ -e "$1" ] && return; nap 0.1; done; }
sink_lines() { local l; mapfile -t l <"$1"; echo ${#l[@]}; } # LOG
# sink_seen LOG N0: what LOG got after its first N0 lines, in order and
# counted, e.g. "2 x 1372 intact, 1 x 1072 intact", or "none".
sink_seen() {
	local l i n=0 prev= out=()
	mapfile -t -s "$2" l <"$1"
	for i in "${l[@]}" ''; do
		if [ "$i" = "$prev" ]; then n=$((n + 1)); continue; fi
		[ -n "$prev" ] && out+=("$n x $prev")
		prev=$i n=1
	done
	local x s=
	for x in "${out[@]}"; do s+="${s:+, }$x"; done
	echo "${s:-none}"
}

# tcp_256k DESC up|down PORT: 256 KiB of random bytes over TCP through 0x81,
# to the modem side (up) or from it (down); passes when they arrive intact.
tcp_256k() {
	local desc=$1 rx=() tx=() addr=10.81.0.2 l
	if [ "$2" = down ]; then tx=(ip netns exec $M); addr=10.81.0.1; else rx=(ip netns exec $M); fi
	rm -f /tmp/qmap-tcp.out
	"${rx[@]}" timeout 30 socat -u TCP-LISTEN:$3,reuseaddr OPEN:/tmp/qmap-tcp.out,creat & l=$!
	for ((i_ = 0; i_ < 30; i_++)); do
		"${rx[@]}" ss -Hltn "sport = :$3" | grep -q . && break; nap 0.1
	done
	"${tx[@]}" timeout 30 socat -u OPEN:/tmp/qmap-rand TCP:$addr:$3
	wait $l
	check "$desc" cmp /tmp/qmap-rand /tmp/qmap-tcp.out
}

# ul_csum_offload VARIANT TCP-PORT UDP-PORT: with the emulator running,
# 256 KiB over TCP and one UDP datagram up through 0x81, their checksums
# left to the modem (CHECKSUM_PARTIAL): the kernel behind the emulator's
# TUN verifies what it fills in, so a wrong offload request would stall TCP
# and lose the datagram. Leaves the emulator's dl-frames in UL_DL_FRAMES.
ul_csum_offload() {
	local v=$1 o0 o1 m0 m1 e0 e1 u log=/tmp/qmap-udp-up.log
	rm -f $log
	ip netns exec $M python3 -c "$UDP_SINK" 10.81.0.2 "$3" $log & u=$!
	o0=$(chan_counter veth0.1 tx-csum-offload); read -r m0 e0 <<<"$(modem_stat ul-csum-offload ul-csum-errors)"
	tcp_256k "$v uplink: 256 KiB over TCP reach the modem side intact" up "$2"
	wait_file $log
	head -c 1200 /tmp/qmap-abc | socat -u - UDP:10.81.0.2:"$3"
	o1=$(chan_counter veth0.1 tx-csum-offload)
	read -r m1 e1 UL_DL_FRAMES <<<"$(modem_stat ul-csum-offload ul-csum-errors dl-frames)"
	kill $u; wait $u 2>/dev/null
	check_eq "$v uplink: a UDP datagram reaches the modem side intact" "1 x 1200 intact" "$(sink_seen $log 0)"
	o1=$(sub "$o1" "$o0"); m1=$(sub "$m1" "$m0"); e1=$(sub "$e1" "$e0")
	check_eq "$v uplink: tx-csum-offload = the frames the modem checksummed (TCP and UDP), none failed" \
		"yes" "$([ "$o1" != "?" ] && [ "$o1" -gt 1 ] && [ "$o1" = "$m1" ] && [ "$e1" = 0 ] &&
			echo yes || echo "channel +$o1, modem +$m1, errors +$e1")"
}

# dl_frame DESC CSUM FRAME COUNTER SEEN CSUMERR [AGGREGATE-ARGS...]: the
# emulator (stopped) sends one buffer of FRAME (a --frame of qmap-modem
# aggregate) in checksum variant CSUM; passes when port counter COUNTER went
# up by one, the downlink socket read SEEN (as sink_seen prints it) and Udp
# InCsumErrors went up by CSUMERR. Datagrams go from 10.81.0.2:4000 to the
# socket on 10.81.0.1:$DL_PORT unless AGGREGATE-ARGS say otherwise.
# DL_PORT_JSON holds the port's counters before; updated.
DL_PORT=5010 DL_LOG=/tmp/qmap-udp-dl.log
dl_frame() {
	local desc=$1 csum=$2 frame=$3 counter=$4 seen=$5 err=$6; shift 6
	local c0 n0 e0 got args=(--src 10.81.0.2 --dst 10.81.0.1 --dport $DL_PORT)
	[ $# -gt 0 ] && args=("$@")
	c0=$(jnum "$DL_PORT_JSON" "$counter"); n0=$(sink_lines $DL_LOG); e0=$(udp_in_csum_errors)
	ip netns exec $M "$MODEM" aggregate --dev veth1 --csum "$csum" --frame "$frame" "${args[@]}"
	# The socket reads the datagram (and the stack checks its checksum) in
	# its own time: wait for what is expected, 3 s at most.
	for ((i_ = 0; i_ < 30; i_++)); do
		nap 0.1
		got="socket got $(sink_seen $DL_LOG "$n0"), InCsumErrors +$(($(udp_in_csum_errors) - e0))"
		[ "$got" = "socket got $seen, InCsumErrors +$err" ] && break
	done
	DL_PORT_JSON=$("$CELLCTL" --json qmap port show veth0)
	check_eq "$desc" "$counter +1, socket got $seen, InCsumErrors +$err" \
		"$counter +$(sub "$(jnum "$DL_PORT_JSON" "$counter")" "$c0"), $got"
}

start_modem() { # args...
	ip netns exec $M "$MODEM" run --dev veth1 --chan 0x81=mdm1 --chan 0x82=mdm2 \
		--stats $ST "$@" >/tmp/qmap-modem.out 2>/tmp/qmap-modem.err &
	QM_PID=$!
	for _ in $(seq 50); do ip -n $M link show mdm2 >/dev/null 2>&1 && break; sleep 0.1; done
	ip -n $M addr add 10.81.0.2/24 dev mdm1
	ip -n $M addr add 10.82.0.2/24 dev mdm2
}

stop_modem() {
	kill "$QM_PID"; wait "$QM_PID" 2>/dev/null; QM_PID=
}

qm_cleanup
check "insmod qmap.ko" insmod "$QMAP_KO"
ip netns add $M
ip link add veth0 mtu 9000 type veth peer name veth1 mtu 9000 netns $M
sysctl -qw net.ipv6.conf.veth0.disable_ipv6=1
ip netns exec $M sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip link set veth0 up; ip -n $M link set veth1 up

check_output "add a channel with the default name (<parent>.<n>)" 0 \
	'^created veth0\.1: ifindex [0-9]+ parent veth0 \(ifindex [0-9]+\) mux-id 0x81 mtu [0-9]+ flow-off 0$' \
	"$CELLCTL" qmap add veth0 0x81
check_output "add a named channel" 0 \
	'^created rmnet_mhi0\.2: ifindex [0-9]+ parent veth0 \(ifindex [0-9]+\) mux-id 0x82 mtu [0-9]+ flow-off 0$' \
	"$CELLCTL" qmap add veth0 0x82 name rmnet_mhi0.2
check_output "a mux id in use is refused" 1 "File exists.*mux id has a channel" \
	"$CELLCTL" qmap add veth0 0x81 name other
check_output "an MTU above the parent's is refused" 1 "Invalid argument.*MTU" \
	"$CELLCTL" qmap add veth0 0x83 mtu 9000
check_output "mux id 255 is a usage error" 2 "invalid mux-id '255' \\(1\\.\\.254" "$CELLCTL" qmap add veth0 255
check_fail "ip link set mtu above the parent's MTU minus the headers" ip link set veth0.1 mtu 8993
check "ip link set mtu within it" ip link set veth0.1 mtu 8992
ip link set veth0.1 mtu 1500
check_output "ip -d link: kind qmap, stacked on veth0" 0 'veth0\.1@veth0(.|\n)*qmap' \
	ip -d link show veth0.1
check_output "port show: MAPv1, deaggregation on, 2 channels" 0 \
	'^veth0: ifindex [0-9]+ csum none deaggregation on ul-agg-max-datagrams [0-9]+ ul-agg-max-bytes [0-9]+ ul-agg-time-us [0-9]+ channels 2$' \
	"$CELLCTL" qmap port show
check_eq "csum none: the channels offer no checksum offload (ethtool -k: tx-checksum-ipv4, -ipv6)" \
	"off off off off" "$(ethtool_csum veth0.1 rmnet_mhi0.2)"
for d in veth0.1 rmnet_mhi0.2; do sysctl -qw "net/ipv6/conf/$d/disable_ipv6=1"; done
ip addr add 10.81.0.1/24 dev veth0.1; ip addr add 10.82.0.1/24 dev rmnet_mhi0.2
ip link set veth0.1 up; ip link set rmnet_mhi0.2 up

start_modem --dl-agg 8
ping -c 20 -i 0.05 -W 2 10.81.0.2 >/tmp/qmap-ping1 2>&1 & p1=$!
ping -c 20 -i 0.05 -W 2 10.82.0.2 >/tmp/qmap-ping2 2>&1 & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
check_eq "ping through channel 0x81 (two channels at once)" 0 "$r1"
check_eq "ping through channel 0x82 (two channels at once)" 0 "$r2"
check "ping from the modem side (downlink first)" ip netns exec $M ping -c 3 -i 0.2 -W 2 10.81.0.1

ip netns exec $M socat -u TCP-LISTEN:5001,reuseaddr OPEN:/dev/null & s1=$!
socat -u TCP-LISTEN:5002,reuseaddr OPEN:/dev/null & s2=$!
sleep 0.5
check "TCP up: 512 KiB through 0x81 to the modem" bash -c \
	"head -c 524288 /dev/zero | socat -u STDIN TCP:10.81.0.2:5001"
check "TCP down: 512 KiB from the modem through 0x82" ip netns exec $M bash -c \
	"head -c 524288 /dev/zero | socat -u STDIN TCP:10.82.0.1:5002"
wait $s1 $s2 2>/dev/null

ul=$(modem_stat ul-frames); dl=$(modem_stat dl-frames)
tx=$(( $(chan_counter veth0.1 tx-packets) + $(chan_counter rmnet_mhi0.2 tx-packets) ))
rx=$(( $(chan_counter veth0.1 rx-packets) + $(chan_counter rmnet_mhi0.2 rx-packets) ))
check_eq "uplink: the channels' tx packets = the frames the modem got" "$ul" "$tx"
check_eq "downlink: the channels' rx packets = the frames the modem sent" "$dl" "$rx"
check_eq "downlink: the port delivered every frame" "$dl" "$(port_counter rx-frames)"
check "downlink buffers carried several frames (aggregation)" \
	test "$(modem_stat dl-buffers)" -lt "$dl"

# IPv6 through a channel (the other checks keep IPv6 off, so that router
# solicitations and MLD reports stay out of their counts): ping both ways,
# and TCP down in aggregates over a page (shared, IPv6 and TCP headers
# copied, through GRO).
sysctl -qw net/ipv6/conf/veth0.1/disable_ipv6=0
ip netns exec $M sysctl -qw net/ipv6/conf/mdm1/disable_ipv6=0
ip addr add fd81::1/64 dev veth0.1 nodad
ip -n $M addr add fd81::2/64 dev mdm1 nodad
check "IPv6: ping through channel 0x81 both ways" bash -c \
	"ping -6 -c 3 -i 0.2 -W 2 fd81::2 && ip netns exec $M ping -6 -c 3 -i 0.2 -W 2 fd81::1"
socat -u TCP6-LISTEN:5003,reuseaddr OPEN:/dev/null & s3=$!
sleep 0.5
check "IPv6: TCP down, 512 KiB from the modem through 0x81" ip netns exec $M bash -c \
	"head -c 524288 /dev/zero | socat -u STDIN TCP6:[fd81::1]:5003"
wait $s3 2>/dev/null
sysctl -qw net/ipv6/conf/veth0.1/disable_ipv6=1
ip netns exec $M sysctl -qw net/ipv6/conf/mdm1/disable_ipv6=1
check_output "cellctl qmap show (text)" 0 \
	'^veth0\.1: ifindex [0-9]+ parent veth0 \(ifindex [0-9]+\) mux-id 0x81 mtu 1500 flow-off 0
  rx: [1-9][0-9]* packets, [0-9]+ bytes, [0-9]+ dropped
  tx: [1-9][0-9]* packets, [0-9]+ bytes, 0 dropped, [0-9]+ csum-offload$' "$CELLCTL" qmap show veth0.1
st=$(ip -j -s link show veth0.1)
check_eq "ip -s link (ndo_get_stats64) agrees" "$(chan_counter veth0.1 rx-packets)" \
	"$(json_get "$st" 'd[0]["stats64"]["rx"]["packets"]')"
for d in veth0.1 rmnet_mhi0.2; do
	check_eq "ip -s link $d = cellctl: packets, bytes, drops both ways (per-CPU stats summed)" \
		"$(chan_stats $d)" "$(ip_stats $d)"
done
check_eq "csum none: no uplink packet asked for checksum offload (channel, modem)" "0 0" \
	"$(chan_counter veth0.1 tx-csum-offload) $(modem_stat ul-csum-offload)"
y=$(ynl qmap --output-json --dump chan-get 2>&1)
check_eq "the kernel's YNL CLI dumps both channels" "rmnet_mhi0.2 veth0.1" \
	"$(json_get "$y" '" ".join(sorted(c["name"] for c in d))' 2>&1)"

# Flow control from the modem: disable stops the queue (packets wait), enable
# wakes it (they go); each command is acked.
"$CELLCTL" --json qmap monitor --count 2 >/tmp/qmap-events.json 2>&1 & mon=$!
sleep 0.5
ip netns exec $M "$MODEM" cmd --dev veth1 --mux 0x81 flow-disable --txn 7
sleep 0.3
check_output "flow-disable: the channel shows flow off" 0 ' flow-off 1$' \
	bash -c "'$CELLCTL' qmap show veth0.1 | head -1"
before=$(modem_stat ul-frames)
ping -c 3 -i 0.1 -W 1 10.81.0.2 >/dev/null 2>&1
check_eq "flow off: nothing reaches the modem on 0x81" "$before" "$(modem_stat ul-frames)"
ip netns exec $M "$MODEM" cmd --dev veth1 --mux 0x81 flow-enable --txn 8
check "flow-enable: queued packets go out" test "$(modem_stat ul-frames)" -gt "$before"
check "flow on: ping works again" ping -c 2 -i 0.2 -W 2 10.81.0.2
timeout 5 tail --pid=$mon -f /dev/null
check_eq "monitor: flow events off then on" "flow:veth0.1:1 flow:veth0.1:0" \
	"$(python3 -c 'import json,sys; print(" ".join(f'"'"'{e["event"]}:{e["name"]}:{e["flow-off"]}'"'"' for e in map(json.loads, open(sys.argv[1]))))' /tmp/qmap-events.json 2>&1)"
check_eq "both commands counted and acked" "1 1 2" \
	"$(port_counter cmd-flow-disable) $(port_counter cmd-flow-enable) $(port_counter cmd-acks)"
check_output "the modem got the acks with their transaction ids" 0 \
	"cmd ack flow-disable mux 0x81 txn 7" cat /tmp/qmap-modem.err
ip netns exec $M "$MODEM" cmd --dev veth1 --mux 0x81 raw:9
sleep 0.3
check_eq "an unknown command is counted, not acked" "1 2" \
	"$(port_counter cmd-unknown) $(port_counter cmd-acks)"
stop_modem

# Malformed frames: each is dropped and counted under its reason.
inject() { # REASON HEX...: sends the frames, checks drop-REASON went up by one
	local reason=$1; shift
	local before; before=$(port_counter "drop-$reason")
	ip netns exec $M "$MODEM" send --dev veth1 "$@"
	sleep 0.2
	check_eq "malformed: $reason counted" $((before + 1)) "$(port_counter "drop-$reason")"
}
IP12=450000000000000000000000 # 12 bytes starting like IPv4
inject zero-length 00810000$IP12
inject past-buffer 00810100$IP12
inject pad-too-long 0c81000c$IP12
inject not-ip 0081000c120000000000000000000000
inject unknown-mux-id 0099000c$IP12
inject short-command 80810004010000000081000c$IP12
inject truncated-header 0081000c${IP12}0081
"$CELLCTL" qmap port set veth0 csum v5
inject missing-v5-header 0081000c${IP12}00000000
inject bad-v5-header 4081000c02000000$IP12
"$CELLCTL" qmap port set veth0 csum none
check "no oops from the corpus; the port still delivers" \
	bash -c "ip netns exec $M '$MODEM' aggregate --dev veth1 --frame 0x81:4:100 --frame 0x82:6:60 && sleep 0.2"

# MAPv4 checksum offload, as upstream rmnet does it. Uplink: the channels
# offer TCP/UDP checksum offload; a CHECKSUM_PARTIAL packet goes out with
# the checksum header's enabled bit and the complemented pseudo-header sum
# as seed, and the emulator fills the checksum in. Downlink: the trailer of
# each frame is checked against its packet.
check "port set: csum v4" "$CELLCTL" qmap port set veth0 csum v4
check_eq "csum v4: both channels offer TCP/UDP checksum offload (ethtool -k: IPv4, IPv6)" \
	"on on on on" "$(ethtool_csum veth0.1 rmnet_mhi0.2)"
read -r v0 f0 <<<"$(port_counter csum-verified csum-fail-mismatch)"
start_modem --csum v4 --dl-agg 8
ul_csum_offload MAPv4 5004 5011
tcp_256k "MAPv4 downlink: 256 KiB over TCP from the modem arrive intact" down 5005
read -r v1 f1 <<<"$(port_counter csum-verified csum-fail-mismatch)"
check_eq "MAPv4 downlink: the trailer of every frame the modem sent checked out (csum-verified)" \
	"+$(modem_stat dl-frames), +0" "+$(sub "$v1" "$v0"), +$(sub "$f1" "$f0")"
stop_modem

# The downlink verdict frame by frame, seen by a UDP socket on the host that
# logs each datagram it reads, intact or damaged. A frame the modem vouches
# for is delivered CHECKSUM_UNNECESSARY and the stack does not check it
# again: the corrupted datagram a lying modem vouches for reaching the
# socket damaged proves the verdict is used. A frame it does not vouch for
# is left to the stack, which drops a bad one (Udp InCsumErrors). The IPv4
# fragment, bad IPv4 header and raw IP frames go to 192.0.2.1 (not local:
# dropped without an ICMP answer or a reassembly timer left behind).
rm -f $DL_LOG
python3 -c "$UDP_SINK" 10.81.0.1 $DL_PORT $DL_LOG & DL_SINK=$!
wait_file $DL_LOG
DL_PORT_JSON=$("$CELLCTL" --json qmap port show veth0)
dl_frame "MAPv4 right trailer: csum-verified +1, delivered intact" \
	v4 0x81:4:300:udp csum-verified "1 x 272 intact" 0
dl_frame "MAPv4 corrupted datagram, honest trailer: csum-fail-mismatch +1, the stack drops it" \
	v4 0x81:4:300:udp:corrupt csum-fail-mismatch none 1
dl_frame "MAPv4 corrupted datagram, lying trailer: csum-verified +1, delivered damaged (verdict used)" \
	v4 0x81:4:300:udp:corrupt:lie csum-verified "1 x 272 damaged" 0
dl_frame "MAPv4 trailer not valid: csum-fail-not-valid +1, checked by the stack, delivered intact" \
	v4 0x81:4:300:udp:novalid csum-fail-not-valid "1 x 272 intact" 0
dl_frame "MAPv4 IPv4 fragment: csum-fail-fragment +1" \
	v4 0x81:4:300:udp:frag csum-fail-fragment none 0 --dport $DL_PORT
dl_frame "MAPv4 bad IPv4 header checksum: csum-fail-bad-ip-header +1" \
	v4 0x81:4:300:udp:badhdr csum-fail-bad-ip-header none 0 --dport $DL_PORT
dl_frame "MAPv4 neither TCP nor UDP: csum-fail-not-tcp-udp +1" \
	v4 0x81:4:100 csum-fail-not-tcp-udp none 0 --dport $DL_PORT

# Downlink buffers: the emulator's AF_PACKET socket sends one over a page in
# page fragments (frames become buffers sharing its pages), one under a page
# linear (frames are copied out of it). Both are delivered whole.
# dl_buffer DESC SEEN FRAME...: one buffer of FRAMEs (MAPv4 UDP to the
# socket); passes when the socket read SEEN, each frame counted delivered
# and verified.
dl_buffer() {
	local desc=$1 seen=$2 n0 r0 v0 r1 v1 got f frames=(); shift 2
	for f; do frames+=(--frame "$f"); done
	read -r r0 v0 <<<"$(jnum "$DL_PORT_JSON" rx-frames csum-verified)"; n0=$(sink_lines $DL_LOG)
	ip netns exec $M "$MODEM" aggregate --dev veth1 --csum v4 \
		--src 10.81.0.2 --dst 10.81.0.1 --dport $DL_PORT "${frames[@]}"
	for ((i_ = 0; i_ < 30; i_++)); do
		nap 0.1; got=$(sink_seen $DL_LOG "$n0"); [ "$got" = "$seen" ] && break
	done
	DL_PORT_JSON=$("$CELLCTL" --json qmap port show veth0)
	read -r r1 v1 <<<"$(jnum "$DL_PORT_JSON" rx-frames csum-verified)"
	check_eq "$desc" "socket got $seen; rx-frames +$#, csum-verified +$#" \
		"socket got $got; rx-frames +$(sub "$r1" "$r0"), csum-verified +$(sub "$v1" "$v0")"
}
dl_buffer "a 7 KiB aggregate (page fragments): its 5 frames delivered intact" "5 x 1372 intact" \
	0x81:4:1400:udp 0x81:4:1400:udp 0x81:4:1400:udp 0x81:4:1400:udp 0x81:4:1400:udp
small=(); for ((i_ = 0; i_ < 70; i_++)); do small+=(0x81:4:64:udp); done
dl_buffer "a 5.3 KiB aggregate of 70 small frames (page fragments; each under 128 bytes, copied whole): all delivered intact" \
	"70 x 36 intact" "${small[@]}"
dl_buffer "a 3.9 KiB aggregate (linear): its 3 frames delivered intact" \
	"2 x 1372 intact, 1 x 1072 intact" 0x81:4:1400:udp 0x81:4:1400:udp 0x81:4:1100:udp
check_eq "no paged frame fell back to a copy, no buffer dropped so far, TCP included (rx-copied, rx-buffer-errors)" \
	"0 0" "$(jnum "$DL_PORT_JSON" rx-copied rx-buffer-errors)"

# A frame for a channel that is down is dropped, counted on the channel.
ip link set veth0.1 down
c0=$(chan_counter veth0.1 rx-dropped); i0=($(ip_stats veth0.1)); n0=$(sink_lines $DL_LOG)
ip netns exec $M "$MODEM" aggregate --dev veth1 --csum v4 --src 10.81.0.2 --dst 10.81.0.1 \
	--dport $DL_PORT --frame 0x81:4:300:udp
nap 0.3
c1=$(chan_counter veth0.1 rx-dropped); i1=($(ip_stats veth0.1))
ip link set veth0.1 up
check_eq "a frame for a channel that is down: not delivered, rx-dropped +1 (cellctl, ip -s link)" \
	"socket got none, rx-dropped +1, ip rx dropped +1" \
	"socket got $(sink_seen $DL_LOG "$n0"), rx-dropped +$(sub "$c1" "$c0"), ip rx dropped +$(sub "${i1[2]}" "${i0[2]}")"
check_eq "ip -s link veth0.1 = cellctl after all that (per-CPU stats summed)" \
	"$(chan_stats veth0.1)" "$(ip_stats veth0.1)"

check "port set: csum none" "$CELLCTL" qmap port set veth0 csum none
check_eq "csum none: the channels no longer offer checksum offload (ethtool -k)" \
	"off off off off" "$(ethtool_csum veth0.1 rmnet_mhi0.2)"

# MAPv5 end to end, and one frame per buffer without deaggregation.
check "port set: csum v5" "$CELLCTL" qmap port set veth0 csum v5
check_eq "csum v5: both channels offer TCP/UDP checksum offload (ethtool -k)" \
	"on on on on" "$(ethtool_csum veth0.1 rmnet_mhi0.2)"
v0=$(port_counter csum-verified)
start_modem --csum v5 --dl-agg 4
check "MAPv5: ping both ways" bash -c \
	"ping -c 3 -i 0.2 -W 2 10.81.0.2 && ip netns exec $M ping -c 3 -i 0.2 -W 2 10.82.0.1"
ul_csum_offload MAPv5 5006 5012
check_eq "MAPv5: every downlink frame had the valid bit and was delivered verified (csum-verified)" \
	"+$UL_DL_FRAMES" "+$(sub "$(port_counter csum-verified)" "$v0")"
stop_modem

# The MAPv5 verdict: the header's valid bit.
DL_PORT_JSON=$("$CELLCTL" --json qmap port show veth0)
dl_frame "MAPv5 valid bit: csum-verified +1, delivered intact" \
	v5 0x81:4:300:udp csum-verified "1 x 272 intact" 0
dl_frame "MAPv5 no valid bit: csum-fail-not-valid +1, checked by the stack, delivered intact" \
	v5 0x81:4:300:udp:novalid csum-fail-not-valid "1 x 272 intact" 0
dl_frame "MAPv5 corrupted datagram, honest modem (no valid bit): not-valid +1, the stack drops it" \
	v5 0x81:4:300:udp:corrupt csum-fail-not-valid none 1
dl_frame "MAPv5 corrupted datagram, lying valid bit: csum-verified +1, delivered damaged (verdict used)" \
	v5 0x81:4:300:udp:corrupt:lie csum-verified "1 x 272 damaged" 0
kill $DL_SINK; wait $DL_SINK 2>/dev/null

# Uplink aggregation (quectel-CM's 11 datagrams / 8192 bytes).
"$CELLCTL" qmap port set veth0 csum none agg-datagrams 11 agg-bytes 8192 agg-time 500
check_output "port show: uplink aggregation settings" 0 \
	" ul-agg-max-datagrams 11 ul-agg-max-bytes 8192 ul-agg-time-us 500 " "$CELLCTL" qmap port show veth0
check_eq "csum none again: the channels offer no checksum offload (ethtool -k)" \
	"off off off off" "$(ethtool_csum veth0.1 rmnet_mhi0.2)"
start_modem
read -r b0 f0 m0 d0 <<<"$(modem_stat ul-buffers ul-frames ul-csum-offload ul-socket-drops)"
read -r t0 o0 <<<"$(chan_counter veth0.1 tx-packets tx-csum-offload)"
check "aggregated uplink: a lone ping still goes out (flush timer)" ping -c 3 -i 0.2 -W 2 10.81.0.2
ip netns exec $M socat -u TCP-LISTEN:5003,reuseaddr OPEN:/dev/null & s3=$!
sleep 0.5
check "aggregated uplink: TCP 1 MiB to the modem" bash -c \
	"head -c 1048576 /dev/zero | socat -u STDIN TCP:10.81.0.2:5003"
wait $s3 2>/dev/null
read -r b1 f1 m1 d1 <<<"$(modem_stat ul-buffers ul-frames ul-csum-offload ul-socket-drops)"
read -r t1 o1 <<<"$(chan_counter veth0.1 tx-packets tx-csum-offload)"
echo "# aggregated uplink: $((f1 - f0)) frames in $((b1 - b0)) buffers"
check "aggregated uplink: fewer buffers than frames" test $((b1 - b0)) -lt $((f1 - f0))
# Buffers lost in the emulator's own socket (its receive queue full) are
# shown, to tell them from frames the driver lost.
check_eq "aggregated uplink: every frame sent reached the modem" \
	"$((t1 - t0)) frames, 0 buffers lost in the emulator's socket" \
	"$((f1 - f0)) frames, $((d1 - d0)) buffers lost in the emulator's socket"
check_eq "csum none: the host computed every checksum (tx-csum-offload, modem ul-csum-offload)" \
	"+0 +0" "+$(sub "$o1" "$o0") +$(sub "$m1" "$m0")"
stop_modem
"$CELLCTL" qmap port set veth0 agg-datagrams 1
"$CELLCTL" qmap port set veth0 csum none deaggregation off
check_output "port show after set" 0 "csum none deaggregation off" "$CELLCTL" qmap port show veth0

# Deletion paths.
check "ip link del of a channel" ip link del rmnet_mhi0.2
check "cellctl qmap del of the last channel" "$CELLCTL" qmap del veth0.1
check_output "the port is detached with its last channel" 0 '^$' "$CELLCTL" qmap port show
"$CELLCTL" qmap add veth0 0x81 >/dev/null
check "deleting the parent" ip link del veth0
check_output "...deletes its channels" 0 '^$' "$CELLCTL" qmap show

# Unload with traffic running.
ip link add veth0 mtu 9000 type veth peer name veth1 mtu 9000 netns $M
sysctl -qw net.ipv6.conf.veth0.disable_ipv6=1
ip link set veth0 up; ip -n $M link set veth1 up
"$CELLCTL" qmap add veth0 0x81 >/dev/null
sysctl -qw net/ipv6/conf/veth0.1/disable_ipv6=1
ip addr add 10.81.0.1/24 dev veth0.1; ip link set veth0.1 up
start_modem --dl-agg 8
ping -f -W 1 10.81.0.2 >/dev/null 2>&1 & flood=$!
ip netns exec $M "$MODEM" bench --dev veth1 --mux 0x81 --size 64 --frames-per-buffer 16 --seconds 3 \
	>/dev/null 2>&1 & bench=$!
sleep 1
check "rmmod qmap with traffic both ways" rmmod qmap
wait $bench 2>/dev/null; kill $flood 2>/dev/null; wait $flood 2>/dev/null
check_output "...removes every channel" 0 '^$' bash -c "ip -o link show | grep -F veth0.; true"
qm_cleanup
exec {NAP_FD}>&-
rm -f /tmp/qmap-nap
