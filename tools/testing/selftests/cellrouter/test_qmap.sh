#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The qmap module: a veth pair is the modem pipe; its far end, in namespace
# $M, is driven by tools/qmap-modem (a QMAP modem emulator bridging mux ids
# to TUN devices). Ping and TCP both ways through two channels at once,
# counters against the emulator's, flow-control commands and acks, the
# malformed-frame corpus with its per-reason drop counters, deletion paths,
# unload with traffic running. Sourced by run_vm.sh.

QMAP_KO=$TOP/drivers/net/qmap/qmap.ko
MODEM=$TOP/tools/target/release/qmap-modem
M=qmodem
ST=/tmp/qmap-stats.json

qm_cleanup() {
	[ -n "${QM_PID:-}" ] && kill "$QM_PID" 2>/dev/null && wait "$QM_PID" 2>/dev/null
	QM_PID=
	ip link del veth0 2>/dev/null
	ip netns del $M 2>/dev/null
	rmmod qmap 2>/dev/null
}

# port_counter NAME: one counter of veth0's port.
port_counter() {
	json_get "$("$CELLCTL" --json qmap port show veth0)" "d[0]['$1']"
}

# chan_counter DEV NAME
chan_counter() {
	json_get "$("$CELLCTL" --json qmap show "$1")" "d[0]['$2']"
}

# modem_stat NAME: a counter of the running emulator (its stats file).
modem_stat() {
	sleep 1.2 # the emulator writes its stats every second
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' $ST "$1"
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
	'^created veth0\.1 \(ifindex [0-9]+\) on veth0 mux 0x81$' "$CELLCTL" qmap add veth0 0x81
check_output "add a named channel" 0 '^created rmnet_mhi0\.2 \(ifindex [0-9]+\) on veth0 mux 0x82$' \
	"$CELLCTL" qmap add veth0 0x82 name rmnet_mhi0.2
check_output "a mux id in use is refused" 1 "File exists.*mux id has a channel" \
	"$CELLCTL" qmap add veth0 0x81 name other
check_output "an MTU above the parent's is refused" 1 "Invalid argument.*MTU" \
	"$CELLCTL" qmap add veth0 0x83 mtu 9000
check_output "mux id 255 is a usage error" 2 "mux id" "$CELLCTL" qmap add veth0 255
check_fail "ip link set mtu above the parent's MTU minus the headers" ip link set veth0.1 mtu 8993
check "ip link set mtu within it" ip link set veth0.1 mtu 8992
ip link set veth0.1 mtu 1500
check_output "ip -d link: kind qmap, stacked on veth0" 0 'veth0\.1@veth0(.|\n)*qmap' \
	ip -d link show veth0.1
check_output "port show: MAPv1, deaggregation on, 2 channels" 0 \
	'^veth0: ifindex [0-9]+ csum none deaggregation on channels 2$' "$CELLCTL" qmap port show
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
check_output "cellctl qmap show (text)" 0 \
	'^veth0\.1: ifindex [0-9]+ parent veth0 \(ifindex [0-9]+\) mux 0x81 mtu 1500
  rx: [1-9][0-9]* packets, [0-9]+ bytes
  tx: [1-9][0-9]* packets, [0-9]+ bytes, 0 dropped' "$CELLCTL" qmap show veth0.1
st=$(ip -j -s link show veth0.1)
check_eq "ip -s link (ndo_get_stats64) agrees" "$(chan_counter veth0.1 rx-packets)" \
	"$(json_get "$st" 'd[0]["stats64"]["rx"]["packets"]')"
y=$(ynl qmap --output-json --dump chan-get 2>&1)
check_eq "the kernel's YNL CLI dumps both channels" "rmnet_mhi0.2 veth0.1" \
	"$(json_get "$y" '" ".join(sorted(c["name"] for c in d))' 2>&1)"

# Flow control from the modem: disable stops the queue (packets wait), enable
# wakes it (they go); each command is acked.
"$CELLCTL" --json qmap monitor --count 2 >/tmp/qmap-events.json 2>&1 & mon=$!
sleep 0.5
ip netns exec $M "$MODEM" cmd --dev veth1 --mux 0x81 flow-disable --txn 7
sleep 0.3
check_output "flow-disable: the channel shows flow off" 0 ' flow off$' \
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

# MAPv5 end to end, and one frame per buffer without deaggregation.
check "port set: csum v5" "$CELLCTL" qmap port set veth0 csum v5
start_modem --csum v5 --dl-agg 4
check "MAPv5: ping both ways" bash -c \
	"ping -c 3 -i 0.2 -W 2 10.81.0.2 && ip netns exec $M ping -c 3 -i 0.2 -W 2 10.82.0.1"
stop_modem

# Uplink aggregation (quectel-CM's 11 datagrams / 8192 bytes).
"$CELLCTL" qmap port set veth0 csum none agg-datagrams 11 agg-bytes 8192 agg-time 500
check_output "port show: uplink aggregation settings" 0 \
	"uplink aggregation: 11 datagrams, 8192 bytes, 500 us" "$CELLCTL" qmap port show veth0
start_modem
b0=$(modem_stat ul-buffers); f0=$(modem_stat ul-frames); t0=$(chan_counter veth0.1 tx-packets)
check "aggregated uplink: a lone ping still goes out (flush timer)" ping -c 3 -i 0.2 -W 2 10.81.0.2
ip netns exec $M socat -u TCP-LISTEN:5003,reuseaddr OPEN:/dev/null & s3=$!
sleep 0.5
check "aggregated uplink: TCP 1 MiB to the modem" bash -c \
	"head -c 1048576 /dev/zero | socat -u STDIN TCP:10.81.0.2:5003"
wait $s3 2>/dev/null
b1=$(modem_stat ul-buffers); f1=$(modem_stat ul-frames); t1=$(chan_counter veth0.1 tx-packets)
echo "# aggregated uplink: $((f1 - f0)) frames in $((b1 - b0)) buffers"
check "aggregated uplink: fewer buffers than frames" test $((b1 - b0)) -lt $((f1 - f0))
check_eq "aggregated uplink: every frame sent reached the modem" $((t1 - t0)) $((f1 - f0))
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
check_output "...removes every channel" 0 '^$' bash -c "ip -o link show | grep veth0\\.; true"
qm_cleanup
