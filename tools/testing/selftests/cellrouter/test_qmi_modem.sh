#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The simulated RM500Q (qmap-modem gadget: configfs + FunctionFS on
# dummy_hcd) against the UPSTREAM drivers the project's USB driver must
# match: cdc-wdm + qmi_wwan bind If4 only, qmicli --device-open-qmi talks
# QMI through /dev/cdc-wdm0, a raw-IP call carries ping on wwan0, then
# QMAP with two data calls (mux 1 and 2, IPv4 and IPv6 each) through
# qmi_wwan pass-through and upstream rmnet, pings both ways to each PDN's
# namespace, counters against the modem's, the modem's faults counted on
# the host, stop network, and a disconnect/reconnect. Sourced by run_vm.sh.

. "$HERE/qmi_modem_lib.sh"

qmim_cleanup() {
	qmim_stop
	# The project's USB driver (test_qmap_usb) would claim If4 first.
	rmmod qmap_usb 2>/dev/null
	ip link del rmnet0 2>/dev/null
	ip link del rmnet1 2>/dev/null
	rmmod rmnet 2>/dev/null
	rmmod qmi_wwan 2>/dev/null
	rmmod cdc_wdm 2>/dev/null
}

qmim_cleanup
for ko in drivers/usb/class/cdc-wdm.ko drivers/net/usb/qmi_wwan.ko; do
	check "insmod upstream $(basename $ko)" insmod "$KSRC/$ko"
done
qmim_start
check_eq "the gadget enumerates as 2c7c:0800 and its control socket answers" 0 "$?"
D=$QMIM_USB
C=$(basename "${D:-/none}")

# --- the interfaces the host sees
ifs=""
for i in "$D":1.*; do
	[ -e "$i/bInterfaceNumber" ] || continue
	ifs+="$(cat "$i/bInterfaceNumber"):$(cat "$i/bInterfaceClass")/$(cat "$i/bInterfaceSubClass")/$(cat "$i/bInterfaceProtocol"):$(cat "$i/bNumEndpoints") "
done
check_eq "five interfaces: DIAG If0 with 2 EPs, If1..3 ff/00/00, QMI If4 with 3 EPs" \
	"00:ff/ff/ff:02 01:ff/00/00:00 02:ff/00/00:00 03:ff/00/00:00 04:ff/ff/ff:03 " "$ifs"
check_eq "the device runs at high speed" "480" "$(cat "$D/speed" 2>/dev/null)"
check "qmi_wwan binds If4" qmim_wait 10 test -e "$D/$C:1.4/driver"
check_eq "qmi_wwan is If4's driver" "qmi_wwan" "$(basename "$(readlink "$D/$C:1.4/driver")")"
check_eq "qmi_wwan leaves the 2-endpoint DIAG If0 alone" "" "$(readlink "$D/$C:1.0/driver")"
check "/dev/cdc-wdm0 appears" qmim_wait 10 test -c $QMIM_QMI_DEV
WWAN=$(ls "$D/$C:1.4/net" 2>/dev/null | head -1)
check_eq "the netdev is a child of If4" "wwan0" "$WWAN"
ep_int=
for e in "$D/$C:1.4"/ep_*; do
	[ "$(cat "$e/type" 2>/dev/null)" = Interrupt ] && ep_int=$(cat "$e/bInterval" "$e/wMaxPacketSize")
done
check_eq "If4's interrupt endpoint: 8 bytes, 32 ms" "$(printf '09\n0008')" "$ep_int"
check_output "DTR (SET_CONTROL_LINE_STATE) reached the modem and was acked" 0 '^[1-9]' \
	qmim_stat 'd["usb"]["dtr"]'

# --- QMI
check_output "qmicli --dms-get-revision" 0 "Revision: 'RM500QGLABR11A06M4G'" qmim_qmi --dms-get-revision
check_output "qmicli --device-open-sync --device-open-version-info --dms-get-manufacturer" 0 \
	"Manufacturer: 'Quectel'" qmim_qmi --device-open-sync --device-open-version-info --dms-get-manufacturer
check_output "an unknown DMS message gets an error result, not silence" 1 \
	"QMI protocol error \(71\): 'InvalidQmiCommand'" qmim_qmi --dms-get-time
out=$(qmim_qmi --wds-noop --client-no-release-cid)
cid=$(qmim_field "$out" "CID: '([0-9]+)'")
check_output "--client-no-release-cid keeps the client" 0 "Connection status: 'disconnected'" \
	qmim_qmi --client-cid="$cid" --wds-get-packet-service-status
check_output "the client was released after use (--client-cid without no-release)" 1 \
	"InvalidClientId|Invalid client ID|error" qmim_qmi --client-cid="$cid" --client-no-release-cid --wds-get-packet-service-status

# --- raw IP: one IP packet per transfer on wwan0
check_output "WDA set data format raw-ip, no aggregation" 0 \
	"Downlink data aggregation protocol: 'disabled'" \
	qmim_qmi --wda-set-data-format="link-layer-protocol=raw-ip,ul-protocol=disabled,dl-protocol=disabled"
ip link set wwan0 down
check "raw_ip=Y on wwan0" sh -c 'echo Y >/sys/class/net/wwan0/qmi/raw_ip'
out=$(qmim_qmi --wds-start-network="apn=internet,ip-type=4" --client-no-release-cid)
rcid=$(qmim_field "$out" "CID: '([0-9]+)'")
rhandle=$(qmim_field "$out" "Packet data handle: '([0-9]+)'")
check_output "raw-ip call: current settings report 10.64.1.2/30 gw 10.64.1.1" 0 \
	"IPv4 address: 10\.64\.1\.2\n\s*IPv4 subnet mask: 255\.255\.255\.252\n\s*IPv4 gateway address: 10\.64\.1\.1" \
	qmim_qmi --client-cid="$rcid" --client-no-release-cid --wds-get-current-settings
ip addr add 10.64.1.2/30 dev wwan0
ip link set wwan0 up
check "raw-ip: ping 10.64.1.1 (the PDN) over wwan0" ping -c 3 -i 0.3 -W 3 10.64.1.1
check "raw-ip: ping 10.64.1.2 from the PDN's namespace" ip netns exec pdn1 ping -c 2 -i 0.3 -W 3 10.64.1.2
z0=$(qmim_stat 'd["dl-zlps"]')
check "raw-ip: 1024-byte packets both ways (transfers of 2 x 512 bytes)" ping -c 2 -i 0.3 -s 996 -W 3 10.64.1.1
check_output "raw-ip: the modem ended each 1024-byte transfer with a ZLP" 0 True qmim_stat "d['dl-zlps'] >= $z0 + 2"
check "raw-ip: stop network" qmim_qmi --client-cid="$rcid" --wds-stop-network="$rhandle"
check_fail "raw-ip: no traffic without a call" ping -c 1 -W 1 10.64.1.1
check_output "raw-ip: the modem counted the packets sent without a call" 0 '^[1-9]' \
	qmim_stat 'd["mux"]["1"]["ul-not-connected"]'
ip addr flush dev wwan0

# --- QMAP, two PDNs, pass-through to upstream rmnet
out=$(qmim_qmi --wda-set-data-format="link-layer-protocol=raw-ip,ul-protocol=qmap,dl-protocol=qmap,dl-max-datagrams=32,dl-datagram-max-size=16384,ep-type=hsusb,ep-iface-number=4")
check_output "WDA set data format QMAP: DL 32 / 16384 granted" 0 \
	"Downlink data aggregation max datagrams: '32'\n\s*Downlink data aggregation max size: '16384'" echo "$out"
check_output "WDA set data format QMAP: UL 11 / 8192 asked" 0 \
	"Uplink data aggregation max datagrams: '11'\n\s*Uplink data aggregation max size: '8192'" echo "$out"
ip link set wwan0 down
# wwan0's own IPv6 traffic (MLD, RS) would go out as raw IP, which the
# modem parses as QMAP: a router keeps IPv6 off the transport device.
sysctl -qw net.ipv6.conf.wwan0.disable_ipv6=1
check "pass_through=Y on wwan0" sh -c 'echo Y >/sys/class/net/wwan0/qmi/pass_through'
check_eq "raw_ip and pass_through read back Y" "Y Y" \
	"$(cat /sys/class/net/wwan0/qmi/raw_ip) $(cat /sys/class/net/wwan0/qmi/pass_through)"
# usbnet sizes its rx URBs by the MTU and refuses a multiple of the
# 512-byte packet size: 16385 is the least that holds a 16384-byte
# aggregate (16383 babbles on a full one and loses its datagrams).
check "wwan0 mtu 16385 (rx URBs of 16385 bytes)" ip link set wwan0 mtu 16385
ip link set wwan0 up
qmim_start_call c14 h14 1 4
qmim_start_call c16 h16 1 6
qmim_start_call c24 h24 2 4
qmim_start_call c26 h26 2 6
check_eq "four data calls up (mux 1 and 2, IPv4 and IPv6)" "4" \
	"$(for h in "$h14" "$h16" "$h24" "$h26"; do [ -n "$h" ] && echo; done | wc -l)"
check_output "mux 1 IPv4 settings" 0 "IPv4 address: 10\.64\.1\.2" \
	qmim_qmi --client-cid="$c14" --client-no-release-cid --wds-get-current-settings
check_output "mux 1 IPv6 settings: 2001:db8:1::2/64 gw 2001:db8:1::1" 0 \
	"IPv6 address: 2001:db8:1::2/64\n\s*IPv6 gateway address: 2001:db8:1::1/64" \
	qmim_qmi --client-cid="$c16" --client-no-release-cid --wds-get-current-settings
check_output "mux 2 IPv4 settings" 0 "IPv4 address: 10\.64\.2\.2" \
	qmim_qmi --client-cid="$c24" --client-no-release-cid --wds-get-current-settings
check_output "mux 2 IPv6 settings" 0 "IPv6 address: 2001:db8:2::2/64" \
	qmim_qmi --client-cid="$c26" --client-no-release-cid --wds-get-current-settings
check_output "packet service status: connected" 0 "Connection status: 'connected'" \
	qmim_qmi --client-cid="$c14" --client-no-release-cid --wds-get-packet-service-status

check "insmod upstream rmnet.ko" insmod "$KSRC/drivers/net/ethernet/qualcomm/rmnet/rmnet.ko"
# Ingress deaggregation (flag 1): the modem aggregates up to 32 datagrams.
check "rmnet0 on wwan0, mux id 1" python3 "$HERE/rmnet_add.py" rmnet0 wwan0 1 1
check "rmnet1 on wwan0, mux id 2" python3 "$HERE/rmnet_add.py" rmnet1 wwan0 2 1
st0=$(qmim_ctl stats)
for n in 0 1; do
	ip addr add 10.64.$((n + 1)).2/30 dev rmnet$n
	ip -6 addr add 2001:db8:$((n + 1))::2/64 dev rmnet$n nodad
	ip link set rmnet$n up
done
for n in 1 2; do
	r=rmnet$((n - 1))
	check "QMAP mux $n: ping 10.64.$n.1 (the PDN)" ping -c 3 -i 0.3 -W 3 10.64.$n.1
	check "QMAP mux $n: ping 2001:db8:$n::1" ping -6 -c 3 -i 0.3 -W 3 2001:db8:$n::1
	check "QMAP mux $n: the PDN pings 10.64.$n.2" ip netns exec pdn$n ping -c 3 -i 0.3 -W 3 10.64.$n.2
	check "QMAP mux $n: the PDN pings 2001:db8:$n::2" ip netns exec pdn$n ping -6 -c 3 -i 0.3 -W 3 2001:db8:$n::2
	check_output "QMAP mux $n: the PDN routes its whole /64 to the UE" 0 "dev pdn$n" \
		ip -n pdn$n -6 route get 2001:db8:$n::1234
done
# 30 echo requests written to the PDN's TUN at once: the modem reads them
# in one go and aggregates them downlink.
st1=$(qmim_ctl stats)
check "a burst of 30 pings at once from the PDN" ip netns exec pdn1 ping -q -l 30 -c 30 -W 5 10.64.1.2
st=$(qmim_ctl stats)
dlp="d['mux']['1']['dl-packets'] + d['mux']['2']['dl-packets']"
check_output "the downlink burst was aggregated (fewer transfers than packets)" 0 True \
	json_get "$st" "d['dl-transfers'] - $(json_get "$st1" "d['dl-transfers']") < $dlp - $(json_get "$st1" "$dlp")"
# TCP down: segments aggregated up to the 16384 bytes granted, which
# wwan0's 16385-byte URBs hold whole, even an aggregate of exactly 16384
# (10 full frames of 1504 bytes and a shorter one).
socat -u TCP-LISTEN:5002,reuseaddr OPEN:/dev/null & s2=$!
qmim_wait 10 sh -c 'ss -Htln | grep -q ":5002"'
check "QMAP: TCP down, 256 KiB from the PDN through mux 2" ip netns exec pdn2 bash -c \
	"head -c 262144 /dev/zero | socat -u STDIN TCP:10.64.2.2:5002,connect-timeout=20"
kill $s2 2>/dev/null
wait $s2 2>/dev/null
check_output "QMAP: no downlink transfer over 16384 bytes (none lost to babble)" 0 "^0$" \
	qmim_devstat wwan0 rx_over_errors
for n in 1 2; do
	qmim_wait 5 qmim_counts_match "$st0" $n rmnet$((n - 1))
	check_eq "mux $n: rmnet tx/rx packets = the modem's uplink/downlink packets" "$QMIM_WANT" "$QMIM_GOT"
done
check_eq "no QMAP parse error in the uplink" "0" "$(json_get "$st" "sum(d['ul-drops'].values())")"
echo "# modem: $st"

# --- faults, each counted on the host
rx0=$(qmim_devstat wwan0 rx_packets)
r0=$(qmim_devstat rmnet0 rx_packets)
check_output "fault: 3 garbage transfers" 0 "^ok sent 3" qmim_ctl garbage 3
check_output "fault: 2 truncated transfers" 0 "^ok sent 2" qmim_ctl truncated 2
sleep 0.5
check_eq "wwan0 passed the 5 bad transfers up to rmnet" "$((rx0 + 5))" "$(qmim_devstat wwan0 rx_packets)"
# Upstream rmnet checks no IP version: the non-IP frames reach rmnet0 (and
# die in the stack as ETH_P_MAP); the truncated ones are dropped uncounted.
check_eq "rmnet0 received the 3 garbage frames, not the 2 truncated ones" \
	"$((r0 + 3))" "$(qmim_devstat rmnet0 rx_packets)"
e0=$(qmim_devstat wwan0 rx_errors)
l0=$(qmim_devstat wwan0 rx_length_errors)
check_output "fault: 2 zero-length transfers" 0 "^ok sent 2" qmim_ctl zlp 2
check_output "fault: 2 short transfers" 0 "^ok sent 2" qmim_ctl short 2
sleep 0.5
check_eq "usbnet counts the 4 runts as length errors" "$((l0 + 4))" "$(qmim_devstat wwan0 rx_length_errors)"
e0=$(qmim_devstat wwan0 rx_errors)
o0=$(qmim_devstat wwan0 rx_over_errors)
qmim_ctl oversize 1 | sed 's/^/# /'
sleep 0.5
check_eq "fault: an oversized transfer is a babble (rx_over_errors)" "$((o0 + 1))" "$(qmim_devstat wwan0 rx_over_errors)"
# Legal, but one byte more than a 16383-byte URB holds: a full aggregate.
o0=$(qmim_devstat wwan0 rx_over_errors)
rx0=$(qmim_devstat wwan0 rx_packets)
r0=$(qmim_devstat rmnet0 rx_packets)
check_output "2 transfers of exactly the 16384 bytes granted (each ended by a ZLP)" 0 \
	"^ok sent 2 full transfers of 16384 bytes, 11 packets each" qmim_ctl full 2
sleep 0.5
check_eq "wwan0 took them whole (no babble), rmnet0 their 22 packets" \
	"$o0 $((rx0 + 2)) $((r0 + 22))" \
	"$(qmim_devstat wwan0 rx_over_errors) $(qmim_devstat wwan0 rx_packets) $(qmim_devstat rmnet0 rx_packets)"
e0=$(qmim_devstat wwan0 rx_errors)
check_output "fault: stall bulk IN" 0 "^ok stalled" qmim_ctl stall
check "traffic resumes after the stall (usbnet clears the halt)" ping -c 2 -i 0.3 -W 5 10.64.1.1
check_output "the stall showed as an rx error" 0 True \
	python3 -c "import sys; print($(qmim_devstat wwan0 rx_errors) > $e0)"
check_output "the modem counted every fault" 0 "^3 2 2 2 1 2 1$" \
	qmim_stat '" ".join(str(d["faults"][k]) for k in ("garbage","truncated","zlp","short","oversize","full","stall"))'

# --- stop network, then a disconnect
check "stop network on mux 1 (IPv4 and IPv6 clients)" \
	sh -c "qmicli -d $QMIM_QMI_DEV --device-open-qmi --client-cid=$c14 --wds-stop-network=$h14 &&
		qmicli -d $QMIM_QMI_DEV --device-open-qmi --client-cid=$c16 --wds-stop-network=$h16"
check_fail "mux 1 carries nothing after stop network" ping -c 1 -W 1 10.64.1.1
check "mux 2 still carries traffic" ping -c 1 -W 3 10.64.2.1
check_output "fault: the next call fails" 0 "^ok next 1 calls fail with reason 241" qmim_ctl call-fail 1 241
out=$(qmim_qmi --wds-noop --client-no-release-cid)
c15=$(qmim_field "$out" "CID: '([0-9]+)'")
qmim_qmi --client-cid="$c15" --client-no-release-cid \
	--wds-bind-mux-data-port="mux-id=1,ep-iface-number=4" >/dev/null
check_output "a failing Start Network: CALL_FAILED and its verbose reason" 1 "CallFailed(.|\n)*241" \
	qmim_qmi --client-cid="$c15" --client-no-release-cid --wds-start-network="apn=internet,ip-type=4"
check_output "the next Start Network succeeds" 0 "Network started" \
	qmim_qmi --client-cid="$c15" --client-no-release-cid --wds-start-network="apn=internet,ip-type=4"
check "mux 1 carries traffic again" ping -c 1 -W 3 10.64.1.1
check_output "fault: the network drops mux 2's calls" 0 "^ok dropped 2 calls" qmim_ctl drop-call 2
check_output "mux 2's client sees its call gone" 0 "Connection status: 'disconnected'" \
	qmim_qmi --client-cid="$c24" --client-no-release-cid --wds-get-packet-service-status
check_fail "mux 2 carries nothing after the network dropped the call" ping -c 1 -W 1 10.64.2.1
check_output "fault: reconnect" 0 "^ok reconnected" qmim_ctl reconnect 300
check "wwan0 comes back after the reconnect" qmim_wait 20 test -e /sys/class/net/wwan0/qmi/raw_ip
check "/dev/cdc-wdm0 comes back" qmim_wait 10 test -c $QMIM_QMI_DEV
check_output "QMI answers again after the reconnect" 0 "Revision:" qmim_qmi --dms-get-revision
check_output "the modem was reset: raw IP, no aggregation" 0 "Downlink data aggregation protocol: 'disabled'" \
	qmim_qmi --wda-get-data-format

# --- QMAPv5: checksum headers both ways, rmnet with MAPv5 flags
check_output "WDA set data format QMAPv5" 0 "Downlink data aggregation protocol: 'qmapv5'" \
	qmim_qmi --wda-set-data-format="link-layer-protocol=raw-ip,ul-protocol=qmapv5,dl-protocol=qmapv5,dl-max-datagrams=32,dl-datagram-max-size=16384,ep-type=hsusb,ep-iface-number=4"
ip link set wwan0 down
sysctl -qw net.ipv6.conf.wwan0.disable_ipv6=1
echo Y >/sys/class/net/wwan0/qmi/raw_ip
echo Y >/sys/class/net/wwan0/qmi/pass_through
ip link set wwan0 mtu 16385 up
qmim_start_call c5 h5 1 4
check "QMAPv5: a call on mux 1" test -n "$h5"
# Deaggregation, MAPv5 checksum offload in and out.
check "QMAPv5: rmnet0 with flags 0x31" python3 "$HERE/rmnet_add.py" rmnet0 wwan0 1 0x31
ip addr add 10.64.1.2/30 dev rmnet0
ip link set rmnet0 up
check "QMAPv5: ping 10.64.1.1" ping -c 3 -i 0.3 -W 3 10.64.1.1
check "QMAPv5: the PDN pings 10.64.1.2" ip netns exec pdn1 ping -c 3 -i 0.3 -W 3 10.64.1.2
# UDP with the checksum left to the modem (MAPv5 offload): the PDN's
# socket gets the datagrams only if the modem filled the checksums in.
/usr/sbin/ethtool -K rmnet0 tx on >/dev/null 2>&1
off0=$(qmim_stat 'd["ul-csum-offload"]')
rm -f /tmp/qmim-udp
ip netns exec pdn1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.64.1.1", 5000)); s.settimeout(20)
open("/tmp/qmim-udp", "w").write(str(sum(1 for _ in range(3) if s.recv(2000))))
' & udp=$!
# Python starts slowly under TCG: send once the socket is bound.
qmim_wait 20 sh -c 'ip netns exec pdn1 ss -Huln | grep -q "10.64.1.1:5000"'
python3 -c "import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b'x'*100, ('10.64.1.1', 5000)) for _ in range(3)]"
wait $udp
check_eq "QMAPv5: the PDN got 3 UDP datagrams with good checksums" "3" "$(cat /tmp/qmim-udp 2>/dev/null)"
check_output "QMAPv5: the modem did the uplink checksum offload rmnet asked for" 0 True \
	qmim_stat "d['ul-csum-offload'] >= $off0 + 3"
check_output "QMAPv5: no uplink parse error" 0 "^0$" qmim_stat 'sum(d["ul-drops"].values())'

# --- this project's qmap module on qmi_wwan pass-through (MAPv5, uplink
# aggregation within the limits the modem asked for: 11 / 8192)
QMAP_KO=$TOP/drivers/net/qmap/qmap.ko
if [ -e "$QMAP_KO" ] && [ -x "$CELLCTL" ]; then
	ip link del rmnet0
	rmmod rmnet
	check "insmod qmap.ko" insmod "$QMAP_KO"
	check "cellctl qmap add wwan0 1" "$CELLCTL" qmap add wwan0 1 name qmap1
	check "cellctl qmap add wwan0 2" "$CELLCTL" qmap add wwan0 2 name qmap2
	check "cellctl qmap port set wwan0 csum v5 agg 11 / 8192" \
		"$CELLCTL" qmap port set wwan0 csum v5 agg-datagrams 11 agg-bytes 8192
	qmim_start_call c7 h7 2 4
	check "a call on mux 2" test -n "$h7"
	for n in 1 2; do
		sysctl -qw "net.ipv6.conf.qmap$n.disable_ipv6=1"
		ip addr add 10.64.$n.2/30 dev qmap$n
		ip link set qmap$n up
	done
	st0=$(qmim_ctl stats)
	for n in 1 2; do
		check "qmap module, mux $n: ping 10.64.$n.1" ping -c 3 -i 0.3 -W 3 10.64.$n.1
		check "qmap module, mux $n: the PDN pings 10.64.$n.2" \
			ip netns exec pdn$n ping -c 3 -i 0.3 -W 3 10.64.$n.2
	done
	ip netns exec pdn1 socat -u TCP-LISTEN:5001,reuseaddr OPEN:/dev/null & s1=$!
	sleep 0.5
	check "qmap module: TCP up, 256 KiB through mux 1 (aggregated uplink)" bash -c \
		"head -c 262144 /dev/zero | socat -u STDIN TCP:10.64.1.1:5001,connect-timeout=20"
	kill $s1 2>/dev/null
	wait $s1 2>/dev/null
	for n in 1 2; do
		qmim_wait 5 qmim_counts_match "$st0" $n qmap$n
		check_eq "qmap module, mux $n: channel tx/rx packets = the modem's uplink/downlink packets" \
			"$QMIM_WANT" "$QMIM_GOT"
	done
	st=$(qmim_ctl stats)
	check_eq "qmap module: uplink within the modem's limits, no parse error" "0 0 0" \
		"$(json_get "$st" "'%d %d %d' % (d['ul-over-size'], d['ul-over-datagrams'], sum(d['ul-drops'].values()))")"
	upk="sum(m['ul-packets'] for m in d['mux'].values())"
	check_output "qmap module: the uplink was aggregated (fewer transfers than packets)" 0 True \
		json_get "$st" "d['ul-transfers'] - $(json_get "$st0" "d['ul-transfers']") < $upk - $(json_get "$st0" "$upk")"
	"$CELLCTL" qmap del qmap1
	"$CELLCTL" qmap del qmap2
	check "rmmod qmap" rmmod qmap
else
	echo "# skipping the qmap module part: build it (make) and cellctl first"
fi

qmim_cleanup
check "the simulator removed its gadget on SIGTERM" test ! -e /sys/kernel/config/usb_gadget/qmimodem
check "the simulator removed the PDN namespaces" test ! -e /run/netns/pdn1
sed 's/^/# modem: /' "$QMIM_LOG" | grep -v ': qmi: ' | tail -5
