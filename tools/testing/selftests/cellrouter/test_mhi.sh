#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The MHI transport. mhi_sim (a fake MHI controller, C test fixture in
# mhi_sim/) plays a modem on channel IP_HW0; mhi_frames.py plays the network
# behind it through /dev/mhi_sim0. First the fixture is checked against the
# upstream driver (mhi_net: mhi_hwip0, data both ways); then qmap_mhi.ko with
# qmap.ko on top: rmnet_mhi0, a QMAP channel, packets both ways with counters,
# channel stop/start, controller removal and rmmod under traffic.
# Sourced by run_vm.sh.

MHI_SIM_DIR=$TOP/tools/testing/selftests/cellrouter/mhi_sim
MHI_SIM_KO=$MHI_SIM_DIR/mhi_sim.ko
MHI_NET_KO=$KSRC/drivers/net/mhi_net.ko
QMAP_MHI_KO=$TOP/drivers/net/wwan/qmap_mhi/qmap_mhi.ko
QMAP_KO=$TOP/drivers/net/qmap/qmap.ko
FRAMES="python3 $TOP/tools/testing/selftests/cellrouter/mhi_frames.py"
SIMP=/sys/module/mhi_sim/parameters

# wait_for COND-CMD...: up to 10 s for CMD to succeed.
wait_for() { local i; for i in $(seq 50); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }
# wait_ge N CMD...: up to 30 s for CMD's output to reach N (under TCG the
# fake controller once took more than 10 s for 300 uplink transfers).
wait_ge() {
	local n=$1 i; shift
	for i in $(seq 150); do [ "$("$@")" -ge "$n" ] 2>/dev/null && return 0; sleep 0.2; done
	return 1
}
sim_stat() { sed -n "s/^$1 //p" $SIMP/stats; }
link_stat() { # link_stat DEV rx|tx FIELD
	ip -j -s link show "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['$2']['$3'])"
}

# ul_start OUT ARGS...: reads the uplink in the background (mhi_frames.py ul
# ARGS) into OUT, once the device is open; $UL is its pid.
ul_start() {
	local out=$1; shift
	$FRAMES ul "$@" >"$out" &
	UL=$!
	wait_for grep -q '^readers [1-9]' $SIMP/stats
}

# mhi_up: rmnet_mhi0 up with channel rmnet_mhi0.1 (mux 0x81, 10.64.0.2/24).
mhi_up() {
	sysctl -qw net.ipv6.conf.rmnet_mhi0.disable_ipv6=1
	ip link set rmnet_mhi0 up
	"$CELLCTL" qmap add rmnet_mhi0 0x81 >/dev/null
	sysctl -qw net.ipv6.conf.rmnet_mhi0/1.disable_ipv6=1
	ip addr add 10.64.0.2/24 dev rmnet_mhi0.1
	ip link set rmnet_mhi0.1 up
}

mhi_cleanup() {
	rmmod qmap_mhi 2>/dev/null; rmmod mhi_net 2>/dev/null; rmmod qmap 2>/dev/null
	rmmod mhi_sim 2>/dev/null
}

# --- the fixture against upstream mhi_net
mhi_cleanup
if [ ! -e "$MHI_SIM_KO" ] || [ ! -e "$QMAP_MHI_KO" ]; then
	_record fail "qmap_mhi.ko and mhi_sim.ko built (make modules, on a kernel with CONFIG_MHI_BUS)"
	return 0
fi
check "mhi_sim loads (controller powers up to mission mode)" insmod "$MHI_SIM_KO"
check "the controller created the IP_HW0 channel device" wait_for test -e /sys/bus/mhi/devices/mhi0_IP_HW0
check "upstream mhi_net loads" insmod "$MHI_NET_KO"
check "mhi_net binds IP_HW0: mhi_hwip0 appears" wait_for ip link show mhi_hwip0
sysctl -qw net.ipv6.conf.mhi_hwip0.disable_ipv6=1
ip link set mhi_hwip0 up
ip addr add 192.0.2.1/24 dev mhi_hwip0
ul_start /tmp/mhi-ul.json --count 3 --timeout 30
ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1
wait $UL
check_eq "mhi_net: uplink pings come out of /dev/mhi_sim0 (3 IPv4 transfers)" "3 3" \
	"$(json_get "$(cat /tmp/mhi-ul.json)" 'd["transfers"], d["ipv4"]' | tr -d '(),')"
rx0=$(link_stat mhi_hwip0 rx packets)
check_eq "mhi_net: 5 downlink transfers written" 5 "$($FRAMES dl 192.0.2.2 192.0.2.1 --count 5)"
wait_ge $((rx0 + 5)) link_stat mhi_hwip0 rx packets
check_eq "mhi_net: they are received on mhi_hwip0" 5 $(( $(link_stat mhi_hwip0 rx packets) - rx0 ))
check "mhi_net unloads" rmmod mhi_net
check "mhi_sim unloads" rmmod mhi_sim

# --- qmap_mhi
check "qmap.ko loads" insmod "$QMAP_KO"
check "qmap_mhi.ko loads" insmod "$QMAP_MHI_KO"
check "mhi_sim loads again" insmod "$MHI_SIM_KO"
check "qmap_mhi binds IP_HW0: rmnet_mhi0 appears" wait_for ip link show rmnet_mhi0
check_eq "rmnet_mhi0 is raw IP (ARPHRD_RAWIP), MTU 16384" "519 16384" \
	"$(cat /sys/class/net/rmnet_mhi0/type) $(cat /sys/class/net/rmnet_mhi0/mtu)"
check_output "its parent device is the MHI channel device" 0 'mhi0_IP_HW0$' \
	readlink /sys/class/net/rmnet_mhi0/device
check_output "its driver is qmap_mhi" 0 'qmap_mhi$' readlink /sys/class/net/rmnet_mhi0/device/driver
check_fail "ip link del rmnet_mhi0 is refused (the driver owns it)" ip link del rmnet_mhi0
check_eq "the channels are stopped while the device is down" "0 0" "$(sim_stat ul_running) $(sim_stat dl_running)"
sysctl -qw net.ipv6.conf.rmnet_mhi0.disable_ipv6=1
check "ip link set rmnet_mhi0 up (starts the channels)" ip link set rmnet_mhi0 up
check_eq "the channels run" "1 1" "$(sim_stat ul_running) $(sim_stat dl_running)"
check_output "ethtool -g: 127 downlink buffers of the MRU (32768), 127 uplink" 0 \
	'RX:\s+127(.|\n)*TX:\s+127(.|\n)*RX Buf Len:\s+32768' ethtool -g rmnet_mhi0
check_output "cellctl qmap add rmnet_mhi0 0x81 gives rmnet_mhi0.1" 0 \
	'^created rmnet_mhi0\.1: ifindex [0-9]+ parent rmnet_mhi0 ' "$CELLCTL" qmap add rmnet_mhi0 0x81
sysctl -qw net.ipv6.conf.rmnet_mhi0/1.disable_ipv6=1
ip addr add 10.64.0.2/24 dev rmnet_mhi0.1
ip link set rmnet_mhi0.1 up

# Downlink: 10 transfers of 4 QMAP frames (mux 0x81) each.
$FRAMES recv --count 40 --timeout 60 >/tmp/mhi-recv 2>/tmp/mhi-recv.err &
RV=$!
wait_for grep -q ready /tmp/mhi-recv.err
prx=$(link_stat rmnet_mhi0 rx packets); crx=$(link_stat rmnet_mhi0.1 rx packets)
check_eq "downlink: 10 transfers injected" 10 \
	"$($FRAMES dl 10.64.0.1 10.64.0.2 --mux 129 --count 10 --agg 4 --size 100)"
wait $RV
check_eq "downlink: a UDP socket on rmnet_mhi0.1 receives the 40 packets" 40 "$(cat /tmp/mhi-recv)"
check_eq "downlink: rmnet_mhi0 counts 10 buffers, rmnet_mhi0.1 40 packets" "10 40" \
	"$(( $(link_stat rmnet_mhi0 rx packets) - prx )) $(( $(link_stat rmnet_mhi0.1 rx packets) - crx ))"
check_eq "downlink: the device wrote 10 transfers" 10 "$(sim_stat dl_xfers)"
check_eq "downlink: qmap got 10 buffers, 40 frames, shared the pages (none copied)" "10 40 0" \
	"$(json_get "$("$CELLCTL" --json qmap port show rmnet_mhi0)" \
		'" ".join(str((d[0] if isinstance(d, list) else d)[k]) for k in ("rx-buffers", "rx-frames", "rx-copied"))')"

# A transfer larger than the MRU (34 frames, 48 KiB): the device splits it
# over two buffers (OVERFLOW, then EOT); they go up as one.
prx=$(link_stat rmnet_mhi0 rx packets); crx=$(link_stat rmnet_mhi0.1 rx packets); split0=$(sim_stat dl_split)
$FRAMES dl 10.64.0.1 10.64.0.2 --mux 129 --count 1 --agg 34 --size 1400 >/dev/null
wait_ge $((crx + 34)) link_stat rmnet_mhi0.1 rx packets
check_eq "a 48 KiB transfer split over 2 buffers goes up as 1 buffer, 34 packets" "1 1 34 0" \
	"$(( $(sim_stat dl_split) - split0 )) $(( $(link_stat rmnet_mhi0 rx packets) - prx )) $(( $(link_stat rmnet_mhi0.1 rx packets) - crx )) $(link_stat rmnet_mhi0 rx errors)"

# Uplink: 20 datagrams from rmnet_mhi0.1 come out as QMAP frames of mux 0x81.
ptx=$(link_stat rmnet_mhi0 tx packets); ctx=$(link_stat rmnet_mhi0.1 tx packets)
ul_start /tmp/mhi-ul.json --count 20 --timeout 30 --mux 129
check_eq "uplink: 20 datagrams sent" 20 "$($FRAMES send 10.64.0.1 --count 20)"
wait $UL
check_eq "uplink: 20 transfers, each one QMAP frame of mux 0x81 holding IPv4" "20 20 20 20" \
	"$(json_get "$(cat /tmp/mhi-ul.json)" 'd["transfers"], d["frames"], d["mux_frames"], d["ipv4"]' | tr -d '(),')"
check_eq "uplink: rmnet_mhi0 counts 20 packets sent" 20 $(( $(link_stat rmnet_mhi0 tx packets) - ptx ))
check_eq "uplink: rmnet_mhi0.1 counts 20 packets sent" 20 $(( $(link_stat rmnet_mhi0.1 tx packets) - ctx ))
check_eq "no errors or drops on rmnet_mhi0" "0 0 0 0" \
	"$(link_stat rmnet_mhi0 rx errors) $(link_stat rmnet_mhi0 rx dropped) $(link_stat rmnet_mhi0 tx errors) $(link_stat rmnet_mhi0 tx dropped)"

# A stalled channel: the uplink ring (128 descriptors) fills, the queue
# stops (the qdisc holds the rest), and everything goes once it resumes.
ptx=$(link_stat rmnet_mhi0 tx packets); ul0=$(sim_stat ul_xfers)
echo 1 >$SIMP/paused
check_eq "paused device: 300 datagrams sent" 300 "$($FRAMES send 10.64.0.1 --count 300)"
sleep 1
check_eq "paused device: nothing transferred" "$ul0" "$(sim_stat ul_xfers)"
check_eq "paused device: none of them dropped (the queue stopped, the qdisc holds them)" 0 \
	"$(link_stat rmnet_mhi0 tx dropped)"
echo 0 >$SIMP/paused
wait_ge $((ul0 + 300)) sim_stat ul_xfers
sleep 0.5
check_eq "resumed: all 300 transferred, counted on rmnet_mhi0" "300 300" \
	"$(( $(sim_stat ul_xfers) - ul0 )) $(( $(link_stat rmnet_mhi0 tx packets) - ptx ))"

# Channel stop/start from the host: down resets the channels (the queued
# downlink buffers come back and are freed), up starts them again.
check "ip link set rmnet_mhi0 down" ip link set rmnet_mhi0 down
check_eq "down: the device saw the channels reset" "0 0" "$(sim_stat ul_running) $(sim_stat dl_running)"
check "ip link set rmnet_mhi0 up again" ip link set rmnet_mhi0 up
ip link set rmnet_mhi0.1 up
check_eq "up: the channels run again" "1 1" "$(sim_stat ul_running) $(sim_stat dl_running)"
crx=$(link_stat rmnet_mhi0.1 rx packets)
$FRAMES dl 10.64.0.1 10.64.0.2 --mux 129 --count 5 --agg 2 >/dev/null
wait_ge $((crx + 10)) link_stat rmnet_mhi0.1 rx packets
check_eq "after stop/start: downlink flows (10 packets on rmnet_mhi0.1)" 10 $(( $(link_stat rmnet_mhi0.1 rx packets) - crx ))

# The modem goes away and comes back (power down/up of the controller).
check "power down the controller" sh -c "echo 0 >$SIMP/power"
check_fail "rmnet_mhi0 is gone" ip link show rmnet_mhi0
check_fail "and its QMAP channel with it" ip link show rmnet_mhi0.1
check "power up the controller" sh -c "echo 1 >$SIMP/power"
check "rmnet_mhi0 is back" wait_for ip link show rmnet_mhi0

# Under traffic: downlink and uplink at full tilt, then the controller is
# removed; again, then the driver is unloaded.
mhi_traffic() {
	mhi_up
	$FRAMES flood 10.64.0.1 10.64.0.2 --mux 129 --seconds 6 >/tmp/mhi-flood.json &
	FL=$!
	$FRAMES send 10.64.0.1 --seconds 6 --size 1000 >/dev/null 2>&1 &
	SN=$!
	sleep 3
}
both_ways() { test "$(link_stat rmnet_mhi0 rx packets)" -gt 0 -a "$(link_stat rmnet_mhi0 tx packets)" -gt 0; }
mhi_traffic
check "traffic flows both ways before the removal" wait_for both_ways
both_ways || { sed 's/^/# /' $SIMP/stats; ip -s link show rmnet_mhi0 | sed 's/^/# /'; }
check "power down the controller under traffic" sh -c "echo 0 >$SIMP/power"
wait $FL $SN
check_fail "rmnet_mhi0 is gone" ip link show rmnet_mhi0
check "power up again" sh -c "echo 1 >$SIMP/power"
check "rmnet_mhi0 is back" wait_for ip link show rmnet_mhi0
mhi_traffic
check "traffic flows both ways before rmmod" wait_for both_ways
check "rmmod qmap_mhi under traffic" rmmod qmap_mhi
wait $FL $SN
check_fail "rmnet_mhi0 is gone" ip link show rmnet_mhi0
check "the device saw the channels reset" test "$(sim_stat ul_running)$(sim_stat dl_running)" = 00
check "mhi_sim unloads" rmmod mhi_sim

# Channels without doorbell burst mode (every queued buffer rings).
check "mhi_sim loads with burst=0, qmap_mhi after it" sh -c "insmod $MHI_SIM_KO burst=0 && insmod $QMAP_MHI_KO"
check "rmnet_mhi0 appears" wait_for ip link show rmnet_mhi0
mhi_up
crx=$(link_stat rmnet_mhi0.1 rx packets)
$FRAMES dl 10.64.0.1 10.64.0.2 --mux 129 --count 5 --agg 2 >/dev/null
ul_start /tmp/mhi-ul.json --count 5 --timeout 30 --mux 129
$FRAMES send 10.64.0.1 --count 5 >/dev/null
wait $UL
wait_ge $((crx + 10)) link_stat rmnet_mhi0.1 rx packets
check_eq "burst=0: 10 downlink packets on rmnet_mhi0.1, 5 uplink frames of mux 0x81" "10 5" \
	"$(( $(link_stat rmnet_mhi0.1 rx packets) - crx )) $(json_get "$(cat /tmp/mhi-ul.json)" 'd["mux_frames"]')"
check "rmmod qmap_mhi, mhi_sim, qmap" sh -c "rmmod qmap_mhi && rmmod mhi_sim && rmmod qmap"
mhi_cleanup
