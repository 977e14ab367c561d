#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's USB transport (qmap_usb) and mux (qmap) against the simulated
# RM500Q (qmap-modem gadget on dummy_hcd): the seed's cellular router end to
# end. qmap_usb binds If4 only, cdc-wdm's QMI port serves qmicli; QMAP with
# the modem's downlink aggregate as the receive buffer size; data calls on two
# mux channels (IPv4 and IPv6 each), ping and TCP both ways on both at once,
# the channels' counters against the modem's; a LAN namespace behind the
# router gets IPv4 through NAT and IPv6 addresses from the modem's /64 (radvd
# with the prefix, proxy ND for the WAN-side addresses of the /64); every
# fault the modem injects dropped and counted; stall recovery; unplug and
# rmmod under traffic. Sourced by run_vm.sh.

QU_KO=$TOP/drivers/net/usb/qmap_usb/qmap_usb.ko
QU_QMAP_KO=$TOP/drivers/net/qmap/qmap.ko
QU=/tmp/qu
QMI_DEV=/dev/cdc-wdm0
mkdir -p $QU
rm -f $QU/*

qu_cleanup() {
	[ -n "${QU_TRAFFIC:-}" ] && kill $QU_TRAFFIC 2>/dev/null
	QU_TRAFFIC=
	pkill -f "radvd.*$QU" 2>/dev/null
	ip netns del lan 2>/dev/null
	nft delete table ip qu_nat 2>/dev/null
	qmim_stop
	rmmod qmap_usb 2>/dev/null
	rmmod qmap 2>/dev/null
}

. "$HERE/qmi_modem_lib.sh"
# ethstat DEV NAME: a counter of `ethtool -S DEV`.
ethstat() { ethtool -S "$1" 2>/dev/null | awk -v k="$2:" '$1 == k { print $2 }'; }
# qu_num JSON KEY: the number under "KEY" in flat JSON (cellctl's objects).
qu_num() { local re="\"$2\":([0-9]+)"; [[ $1 =~ $re ]] && echo "${BASH_REMATCH[1]}" || echo "?$2"; }
# portdrop REASON: a drop counter of the qmap port on wwan0.
portdrop() { qu_num "$("$CELLCTL" --json qmap port show wwan0)" "drop-$1"; }
# chanstat N NAME: a counter of channel wwan0.N as cellctl shows it.
chanstat() { qu_num "$("$CELLCTL" --json qmap show wwan0.$1)" "$2"; }
# set_format: QMAP with 32 datagrams / 31744 bytes downlink; sizes the
# receive buffers by what the modem granted. Prints the granted size.
set_format() {
	local out size
	out=$(qmim_qmi --wda-set-data-format="link-layer-protocol=raw-ip,ul-protocol=qmap,dl-protocol=qmap,dl-max-datagrams=32,dl-datagram-max-size=31744,ep-type=hsusb,ep-iface-number=4")
	size=$(qmim_field "$out" "Downlink data aggregation max size: '([0-9]+)'")
	[ -n "$size" ] && ethtool -G wwan0 rx-buf-len "$size" && echo "$size"
}
# bring_up: wwan0 up, channels wwan0.1 (0x81) and wwan0.2 (0x82) with the
# uplink aggregation the modem asked for, calls on both (IPv4 and IPv6), the
# addresses the modem reported.
bring_up() {
	ip link set wwan0 up
	"$CELLCTL" qmap add wwan0 0x81 >/dev/null || return 1
	"$CELLCTL" qmap add wwan0 0x82 >/dev/null || return 1
	"$CELLCTL" qmap port set wwan0 agg-datagrams 11 agg-bytes 8192 agg-time 1000 >/dev/null || return 1
	qmim_start_call c14 h14 129 4
	qmim_start_call c16 h16 129 6
	qmim_start_call c24 h24 130 4
	qmim_start_call c26 h26 130 6
	[ -n "$h14" ] && [ -n "$h16" ] && [ -n "$h24" ] && [ -n "$h26" ] || return 1
	local n
	for n in 1 2; do
		ip addr add 10.64.$n.2/30 dev wwan0.$n
		ip link set wwan0.$n up
	done
	# Channel 1 serves the LAN: the UE's address alone, the /64 goes to the
	# LAN; channel 2 keeps the /64 on-link.
	ip -6 addr add 2001:db8:1::2/128 dev wwan0.1 nodad
	ip -6 route add 2001:db8:1::1/128 dev wwan0.1
	ip -6 route add 2001:db8:ffff::/48 dev wwan0.1
	ip -6 addr add 2001:db8:2::2/64 dev wwan0.2 nodad
	ip route add 198.51.100.0/24 dev wwan0.1
}

qu_cleanup
rmmod qmi_wwan 2>/dev/null
insmod "$KSRC/drivers/usb/class/cdc-wdm.ko" 2>/dev/null
check "insmod qmap.ko" insmod "$QU_QMAP_KO"
check "insmod qmap_usb.ko" insmod "$QU_KO"
check_output "qmap_usb carries the aliases of Quectel's QMI functions" 0 \
	'usb:v2C7Cp0800d\*dc\*dsc\*dp\*icFFiscFFipFFin\*' modinfo -F alias "$QU_KO"
qmim_start --pdn "mux=0x81,ipv4=10.64.1.2/30,ipv6=2001:db8:1::2/64" \
	--pdn "mux=0x82,ipv4=10.64.2.2/30,ipv6=2001:db8:2::2/64"
check_eq "the simulated RM500Q enumerates" 0 $?
D=${QMIM_USB:-/none}
C=$(basename "${D:-/none}")
check "qmap_usb binds If4" qmim_wait 10 test -e "$D/$C:1.4/driver"
check_eq "If4's driver is qmap_usb" qmap_usb "$(basename "$(readlink "$D/$C:1.4/driver")")"
check_eq "the 2-endpoint DIAG If0 stays unbound" "" "$(readlink "$D/$C:1.0/driver")"
check_eq "wwan0 is a child of If4 (where libqmi looks)" wwan0 "$(ls "$D/$C:1.4/net" 2>/dev/null)"
check "cdc-wdm: /dev/cdc-wdm0" qmim_wait 10 test -c $QMI_DEV
check "cdc-wdm: the WWAN QMI port /dev/wwan0qmi0" test -c /dev/wwan0qmi0
check_eq "the WWAN port's type is QMI" QMI "$(cat /sys/class/wwan/wwan0qmi0/type 2>/dev/null)"
check "the control socket answers" qmim_wait 10 qmim_ctl stats
check_output "DTR (SET_CONTROL_LINE_STATE) reached the modem" 0 '^[1-9]' qmim_stat 'd["usb"]["dtr"]'
check_output "wwan0: raw IP, NOARP, MTU 16384" 0 'wwan0: <NOARP> mtu 16384.*\n\s+link/\[519\]' ip link show wwan0
check_output "ethtool: 16 receive buffers for 31744-byte aggregates by default" 0 \
	'Current hardware settings:\nRX:\s+16\n(.*\n)*RX Buf Len:\s+31744' ethtool -g wwan0

# --- QMI through cdc-wdm
check_output "qmicli --dms-get-revision" 0 "Revision: 'RM500QGL" qmim_qmi --dms-get-revision
check "ethtool -G: 8 buffers for 16384-byte aggregates" ethtool -G wwan0 rx 8 rx-buf-len 16384
check_output "ethtool -g reads them back" 0 'Current hardware settings:\nRX:\s+8\n(.*\n)*RX Buf Len:\s+16384' ethtool -g wwan0
ethtool -G wwan0 rx 16
size=$(set_format)
check_eq "WDA: QMAP, the modem grants 31744-byte downlink aggregates" 31744 "$size"
check_output "ethtool -G: the receive buffers follow the aggregate" 0 'RX Buf Len:\s+31744' ethtool -g wwan0
check_fail "ethtool -G refuses a 100-byte buffer" ethtool -G wwan0 rx-buf-len 100

# --- two mux channels, two calls each
c14= c16= c24= c26= h14= h16= h24= h26=
bring_up >$QU/bring_up.log 2>&1
check_eq "wwan0.1 and wwan0.2 up with calls (mux 0x81, 0x82; IPv4 and IPv6)" 0 $?
check_output "mux 0x81 settings: 10.64.1.2/30" 0 "IPv4 address: 10\.64\.1\.2" \
	qmim_qmi --client-cid="$c14" --client-no-release-cid --wds-get-current-settings
check_output "mux 0x81 settings: 2001:db8:1::2/64" 0 "IPv6 address: 2001:db8:1::2/64" \
	qmim_qmi --client-cid="$c16" --client-no-release-cid --wds-get-current-settings
ip -n pdn81 addr add 198.51.100.1/32 dev lo
ip -n pdn81 addr add 2001:db8:ffff::1/128 dev lo
# quiet_snapshot: the modem's counters (st) and the channels' (cr1 ct1 cr2
# ct2) at a moment when no packet is in flight: the modem's before and after
# reading the channels' agree (the channels send a stray MLD report or
# retransmission now and then).
quiet_snapshot() {
	local i a b
	for i in 1 2 3 4 5 6 7 8 9 10; do
		a=$(qmim_ctl stats)
		cr1=$(chanstat 1 rx-packets); ct1=$(chanstat 1 tx-packets)
		cr2=$(chanstat 2 rx-packets); ct2=$(chanstat 2 tx-packets)
		sleep 0.3
		b=$(qmim_ctl stats)
		[ "$(json_get "$a" "d['mux']")" = "$(json_get "$b" "d['mux']")" ] && break
	done
	st=$b
}
quiet_snapshot
st0=$st; cr10=$cr1; ct10=$ct1; cr20=$cr2; ct20=$ct2
for n in 1 2; do
	check "mux 0x8$n: ping 10.64.$n.1" ping -c 3 -i 0.2 -W 3 10.64.$n.1
	check "mux 0x8$n: the PDN pings 10.64.$n.2" ip netns exec pdn8$n ping -c 3 -i 0.2 -W 3 10.64.$n.2
	check "mux 0x8$n: ping 2001:db8:$n::1" ping -6 -c 3 -i 0.2 -W 3 2001:db8:$n::1
	check "mux 0x8$n: the PDN pings 2001:db8:$n::2" ip netns exec pdn8$n ping -6 -c 3 -i 0.2 -W 3 2001:db8:$n::2
done
check "a burst of 40 pings at once on each channel" \
	bash -c "ping -q -l 40 -c 40 -W 5 10.64.1.1 >/dev/null & ping -q -l 40 -c 40 -W 5 10.64.2.1"

# TCP both ways on both channels at once: 1 MiB each way, each stream.
for n in 1 2; do
	ip netns exec pdn8$n socat -u TCP-LISTEN:500$n,reuseaddr SYSTEM:"wc -c >$QU/up$n" &
	socat -u TCP6-LISTEN:600$n,reuseaddr SYSTEM:"wc -c >$QU/down$n" &
done
qmim_wait 10 sh -c "ip netns exec pdn81 ss -Hltn | grep -q :5001 && ip netns exec pdn82 ss -Hltn | grep -q :5002 &&
	ss -Hltn | grep -q :6001 && ss -Hltn | grep -q :6002"
check "TCP up and down on both channels at once, 1 MiB each" bash -c "
	pids=
	for n in 1 2; do
		head -c 1048576 /dev/urandom | socat -u STDIN TCP:10.64.\$n.1:500\$n & pids=\"\$pids \$!\"
		head -c 1048576 /dev/urandom | ip netns exec pdn8\$n socat -u STDIN TCP6:[2001:db8:\$n::2]:600\$n & pids=\"\$pids \$!\"
	done
	for p in \$pids; do wait \$p || exit 1; done"
qmim_wait 10 sh -c "test -s $QU/up1 && test -s $QU/up2 && test -s $QU/down1 && test -s $QU/down2"
check_eq "TCP: every byte arrived (up 1, up 2, down 1, down 2)" "1048576 1048576 1048576 1048576" \
	"$(cat $QU/up1 $QU/up2 $QU/down1 $QU/down2 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"

# The receive poll (NAPI) under floods of full aggregates, in softirq and in
# a thread of its own: the counters below compare every packet with the
# modem's. Small packets are copied out, so their pages are recycled; large
# ones keep references on the pages.
check_output "flood: 1 s of 64-byte packets in full aggregates (poll in softirq)" 0 \
	"^ok flood [1-9][0-9]* transfers.* 0 failed" qmim_ctl flood 1 64 0x81 8
check "wwan0's poll in a thread (/sys/class/net/wwan0/threaded)" \
	sh -c 'echo 1 >/sys/class/net/wwan0/threaded'
check "the NAPI thread napi/wwan0-N exists" pgrep '^napi/wwan0-'
check_output "flood: 1 s of 1400-byte packets (poll in a thread)" 0 \
	"^ok flood [1-9][0-9]* transfers.* 0 failed" qmim_ctl flood 1 1400 0x82 8
check_output "flood: 1 s of 64-byte packets (poll in a thread)" 0 \
	"^ok flood [1-9][0-9]* transfers.* 0 failed" qmim_ctl flood 1 64 0x81 8
check "wwan0's poll back in softirq" sh -c 'echo 0 >/sys/class/net/wwan0/threaded'
check "mux 0x81 still carries traffic" ping -c 2 -i 0.2 -W 3 10.64.1.1

# Counters: the channels' against the modem's, once nothing is in flight
# (an aggregate waits up to agg-time, a transfer in its URB).
sleep 1
quiet_snapshot
for n in 1 2; do
	r0=cr${n}0; t0=ct${n}0; r1=cr$n; t1=ct$n
	m="d['mux']['$((0x80 + n))']"
	dl=$(($(json_get "$st" "$m['dl-packets']") - $(json_get "$st0" "$m['dl-packets']")))
	ul=$(($(json_get "$st" "$m['ul-packets']") - $(json_get "$st0" "$m['ul-packets']")))
	check_eq "cellctl: wwan0.$n rx-packets = the modem's downlink packets ($dl)" \
		"$dl" "$((${!r1} - ${!r0}))"
	check_eq "cellctl: wwan0.$n tx-packets = the modem's uplink packets ($ul)" \
		"$ul" "$((${!t1} - ${!t0}))"
done
check_eq "no QMAP error in the uplink, within the modem's limits" "0 0 0" \
	"$(json_get "$st" "'%d %d %d' % (sum(d['ul-drops'].values()), d['ul-over-size'], d['ul-over-datagrams'])")"
check_output "the uplink was aggregated (fewer transfers than packets)" 0 True \
	json_get "$st" "d['ul-transfers'] < sum(m['ul-packets'] for m in d['mux'].values())"
check_output "the downlink was aggregated (fewer transfers than packets)" 0 True \
	json_get "$st" "d['dl-transfers'] < sum(m['dl-packets'] for m in d['mux'].values())"
check_eq "wwan0 received every downlink transfer" "$(json_get "$st" "d['dl-transfers']")" \
	"$(ethstat wwan0 rx_buffers)"
check_eq "no receive buffer lost or dropped" "0 0 0 0" \
	"$(ethstat wwan0 rx_nomem) $(ethstat wwan0 rx_urbs_lost) $(ethstat wwan0 rx_errors) $(ethstat wwan0 rx_overflow)"
echo "# modem: $st"

# --- the LAN behind the router: IPv4 by NAT, IPv6 from the modem's /64
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip netns add lan
ip link add lan0 type veth peer name eth0 netns lan
ip addr add 192.168.1.1/24 dev lan0
ip link set lan0 up
ip -n lan link set lo up
ip -n lan addr add 192.168.1.2/24 dev eth0
ip -n lan link set eth0 up
ip -n lan route add default via 192.168.1.1
nft -f - <<EOF
table ip qu_nat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "wwan0.1" counter masquerade
	}
}
EOF
# The /64 the modem gave wwan0.1 is advertised on the LAN; the router routes
# it there and answers neighbour solicitations on the LAN for the addresses
# of the /64 that are on the WAN side (its own, the gateway's): what odhcpd's
# relay mode does. The raw-IP PDN has no neighbour discovery, so nothing is
# proxied the other way: the network routes the whole /64 to the UE.
ip -6 route add 2001:db8:1::/64 dev lan0
sysctl -qw net.ipv6.conf.lan0.proxy_ndp=1
ip -6 neigh add proxy 2001:db8:1::2 dev lan0
ip -6 neigh add proxy 2001:db8:1::1 dev lan0
cat >$QU/radvd.conf <<EOF
interface lan0 {
	AdvSendAdvert on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 10;
	prefix 2001:db8:1::/64 {
		AdvOnLink on;
		AdvAutonomous on;
	};
	RDNSS 2001:db8:1::1 { };
};
EOF
check "radvd advertises the modem's /64 on the LAN" \
	radvd -C $QU/radvd.conf -p $QU/radvd.pid -u root -m logfile -l $QU/radvd.log
check "the LAN host takes an address of the modem's /64 (SLAAC)" \
	qmim_wait 20 sh -c "ip -n lan -6 addr show dev eth0 scope global | grep -q 'inet6 2001:db8:1:'"
lan6=$(ip -n lan -6 addr show dev eth0 scope global | sed -n 's/.*inet6 \(2001:db8:1:[^/]*\).*/\1/p' | head -1)
echo "# LAN host: $lan6"
check "the LAN host has a default route from the RA" \
	qmim_wait 10 sh -c "ip -n lan -6 route show default | grep -q 'via fe80'"
check "LAN: ping the PDN's server over IPv4 (NAT)" ip netns exec lan ping -c 3 -i 0.2 -W 3 198.51.100.1
check "LAN: ping the PDN's server over IPv6 (the modem's /64)" \
	ip netns exec lan ping -6 -c 3 -i 0.2 -W 3 2001:db8:ffff::1
check "LAN: ping the modem's gateway (proxy ND on the LAN)" \
	ip netns exec lan ping -6 -c 3 -i 0.2 -W 3 2001:db8:1::1
check "LAN: ping the router's WAN address" ip netns exec lan ping -6 -c 2 -i 0.2 -W 3 2001:db8:1::2
check "the PDN reaches the LAN host's address (the /64 routed to the UE)" \
	ip netns exec pdn81 ping -6 -c 3 -i 0.2 -W 3 "$lan6"
check_output "the LAN's IPv4 traffic went out masqueraded" 0 'counter packets [1-9]' \
	nft list table ip qu_nat
ip netns exec pdn81 socat -u TCP6-LISTEN:7001,reuseaddr SYSTEM:"wc -c >$QU/lan-up" &
qmim_wait 10 sh -c "ip netns exec pdn81 ss -Hltn | grep -q :7001"
check "LAN: TCP over IPv6 to the PDN, 256 KiB" bash -c \
	"head -c 262144 /dev/urandom | ip netns exec lan socat -u STDIN TCP6:[2001:db8:ffff::1]:7001"
qmim_wait 10 test -s $QU/lan-up
check_eq "LAN: every byte arrived" 262144 "$(cat $QU/lan-up 2>/dev/null)"

# --- faults from the modem: each dropped and counted on the host
d0=$(portdrop truncated-header); p0=$(portdrop past-buffer); n0=$(portdrop not-ip)
e0=$(ethstat wwan0 rx_empty); o0=$(ethstat wwan0 rx_overflow); s0=$(ethstat wwan0 rx_stalls)
r0=$(qmim_devstat wwan0.1 rx_packets)
check_output "fault: 3 short transfers (3 bytes)" 0 "^ok" qmim_ctl short 3 0x81
check_output "fault: 2 truncated transfers (length past the end)" 0 "^ok" qmim_ctl truncated 2 0x81
check_output "fault: 4 garbage frames (not IP)" 0 "^ok" qmim_ctl garbage 4 0x81
check_output "fault: 2 zero-length transfers" 0 "^ok" qmim_ctl zlp 2
check_output "fault: 2 transfers 1 KiB over the negotiated size" 0 "^ok" qmim_ctl oversize 2 0x81
sleep 0.5
check_eq "qmap: the 3 short transfers counted as truncated-header" "$((d0 + 3))" "$(portdrop truncated-header)"
check_eq "qmap: the 2 truncated transfers counted as past-buffer" "$((p0 + 2))" "$(portdrop past-buffer)"
check_eq "qmap: the 4 garbage frames counted as not-ip" "$((n0 + 4))" "$(portdrop not-ip)"
check_eq "qmap_usb: the 2 zero-length transfers counted (rx_empty)" "$((e0 + 2))" "$(ethstat wwan0 rx_empty)"
check_eq "qmap_usb: the 2 oversized transfers counted (rx_overflow)" "$((o0 + 2))" "$(ethstat wwan0 rx_overflow)"
check_eq "none of them reached wwan0.1" "$r0" "$(qmim_devstat wwan0.1 rx_packets)"
# Legal: a transfer of exactly the size agreed, a multiple of the packet
# size, ended by a ZLP.
o0=$(ethstat wwan0 rx_overflow)
check_output "2 transfers of exactly the 31744 bytes negotiated (each ended by a ZLP)" 0 \
	"^ok sent 2 full transfers of 31744 bytes, 22 packets each" qmim_ctl full 2 0x81
sleep 0.5
check_eq "qmap_usb took them whole (no rx_overflow), wwan0.1 their 44 packets" \
	"$o0 $((r0 + 44))" "$(ethstat wwan0 rx_overflow) $(qmim_devstat wwan0.1 rx_packets)"
check_output "fault: stall bulk IN" 0 "^ok" qmim_ctl stall
check "traffic resumes after the stall (cleared by qmap_usb)" qmim_wait 10 ping -c 1 -W 2 10.64.1.1
check_eq "qmap_usb: the stall counted (rx_stalls)" "$((s0 + 1))" "$(ethstat wwan0 rx_stalls)"
check_eq "the receive buffers are all back in flight after the stall" "0" "$(ethstat wwan0 rx_urbs_lost)"

# --- data call down, and up again
check "stop network on mux 0x82 (both clients)" bash -c "
	qmicli -d $QMI_DEV --device-open-qmi --client-cid=$c24 --wds-stop-network=$h24 &&
	qmicli -d $QMI_DEV --device-open-qmi --client-cid=$c26 --wds-stop-network=$h26"
nc0=$(qmim_stat 'd["mux"]["130"]["ul-not-connected"]')
check_fail "mux 0x82 carries nothing without a call" ping -c 2 -i 0.2 -W 1 10.64.2.1
check_output "the modem dropped what came without a call" 0 True \
	qmim_stat "d['mux']['130']['ul-not-connected'] >= $nc0 + 2"
check "mux 0x81 still carries traffic" ping -c 2 -i 0.2 -W 3 10.64.1.1
qmim_start_call c24 h24 130 4
check "start network on mux 0x82 again" test -n "$h24"
check "mux 0x82 carries traffic again" ping -c 2 -i 0.2 -W 3 10.64.2.1

# --- unplug under traffic, then plug back
ip netns exec pdn81 ping -q -f -W 1 10.64.1.2 >/dev/null 2>&1 &
QU_TRAFFIC=$!
ping -q -f -W 1 10.64.2.1 >/dev/null 2>&1 &
QU_TRAFFIC="$QU_TRAFFIC $!"
sleep 1
check_output "unplug (UDC unbind) under traffic" 0 "^ok" qmim_ctl disconnect
check "wwan0 and its channels are gone" qmim_wait 10 sh -c '! ip link show wwan0 && ! ip link show wwan0.1 && ! ip link show wwan0.2' 
check "/dev/cdc-wdm0 is gone" qmim_wait 10 test ! -e $QMI_DEV
kill $QU_TRAFFIC 2>/dev/null; wait $QU_TRAFFIC 2>/dev/null; QU_TRAFFIC=
check_output "plug back in" 0 "^ok" qmim_ctl connect
check "wwan0 and /dev/cdc-wdm0 come back" qmim_wait 20 sh -c "ip link show wwan0 && test -c $QMI_DEV"
size=$(set_format)
check_eq "after the replug: QMAP negotiated again" 31744 "$size"
bring_up >$QU/bring_up.log 2>&1
check_eq "after the replug: channels and calls again" 0 $?
check "after the replug: ping on both channels" \
	bash -c "ping -c 2 -i 0.2 -W 3 10.64.1.1 && ping -c 2 -i 0.2 -W 3 10.64.2.1"

# --- rmmod under traffic, insmod again
ip netns exec pdn82 ping -q -f -W 1 10.64.2.2 >/dev/null 2>&1 &
QU_TRAFFIC=$!
sleep 1
check "rmmod qmap_usb under traffic" rmmod qmap_usb
check "wwan0 and its channels are gone" sh -c '! ip link show wwan0 && ! ip link show wwan0.1'
kill $QU_TRAFFIC 2>/dev/null; wait $QU_TRAFFIC 2>/dev/null; QU_TRAFFIC=
check "insmod qmap_usb again" insmod "$QU_KO"
check "it binds the modem again" qmim_wait 20 sh -c "ip link show wwan0 && test -c $QMI_DEV"
check "rmmod qmap with channels on wwan0" bash -c "\"$CELLCTL\" qmap add wwan0 0x81 >/dev/null && rmmod qmap"
check "rmmod qmap_usb" rmmod qmap_usb

qu_cleanup
check "the simulator removed its gadget" test ! -e /sys/kernel/config/usb_gadget/qmimodem
