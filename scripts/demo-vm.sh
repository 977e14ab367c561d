#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo, run inside the test VM by scripts/demo.sh: the seed's cellular
# router. A simulated Quectel RM500Q (tools/qmap-modem gadget, a FunctionFS
# gadget on dummy_hcd) is bound by qmap_usb; qmicli negotiates QMAP and
# brings a dual-stack data call up on mux id 0x81 through /dev/cdc-wdm0; the
# qmap channel gets the addresses the modem gave; a LAN host behind the router
# gets IPv4 through NAT and IPv6 from the modem's /64 (radvd, proxy ND) and
# reaches a server in the PDN over both. The LAN part is the README's recipe.
set -eu
cd "$(dirname "$0")/.."
cellctl=tools/target/release/cellctl
modem=tools/target/release/qmap-modem
KSRC=${KSRC:?}
run() { # prints the command (Q as the qmicli it stands for), runs it
	local shown="$*"
	[ "$1" = Q ] && shown="qmicli -d /dev/cdc-wdm0 --device-open-qmi ${*:2}"
	echo; echo "\$ $shown"; "$@"
}
say() { echo; echo "=== $*"; }
Q() { qmicli -d /dev/cdc-wdm0 --device-open-qmi "$@" 2>&1 | grep -v -- '-Warning \*\*'; }
wait_for() { local i; for ((i = 0; i < $1 * 5; i++)); do "${@:2}" && return 0; sleep 0.2; done; return 1; }

say "the modem: a simulated RM500Q-GL on USB, QMI on interface 4"
insmod "$KSRC/drivers/usb/class/cdc-wdm.ko"
run insmod drivers/net/usb/qmap_usb/qmap_usb.ko
run insmod drivers/net/qmap/qmap.ko
$modem gadget --control /tmp/modem.sock >/tmp/modem.log 2>&1 &
mpid=$!
wait_for 30 test -c /dev/cdc-wdm0
sleep 0.5
run ip -d link show wwan0
run ls -l /dev/cdc-wdm0 /dev/wwan0qmi0 /sys/class/net/wwan0/device/driver
run Q --dms-get-revision

say "QMAP over QMI: the modem grants its downlink aggregate; the buffers follow it"
out=$(Q --wda-set-data-format="link-layer-protocol=raw-ip,ul-protocol=qmap,dl-protocol=qmap,dl-max-datagrams=32,dl-datagram-max-size=31744,ep-type=hsusb,ep-iface-number=4")
echo "$out"
size=$(sed -n "s/.*Downlink data aggregation max size: '\([0-9]*\)'.*/\1/p" <<<"$out")
run ethtool -G wwan0 rx-buf-len "$size"
ip link set wwan0 up
run $cellctl qmap add wwan0 0x81
run $cellctl qmap port set wwan0 agg-datagrams 11 agg-bytes 8192 agg-time 1000

say "a dual-stack data call on mux id 0x81 (one WDS client per family, as quectel-CM)"
call() { # call FAMILY CID_VAR HANDLE_VAR
	local cid out
	cid=$(Q --wds-noop --client-no-release-cid | sed -n "s/.*CID: '\([0-9]*\)'.*/\1/p")
	Q --client-cid="$cid" --client-no-release-cid --wds-bind-mux-data-port="mux-id=129,ep-iface-number=4" >/dev/null
	echo; echo "\$ qmicli -d /dev/cdc-wdm0 --device-open-qmi --client-cid=$cid --client-no-release-cid --wds-start-network=\"apn=internet,ip-type=$1\""
	out=$(Q --client-cid="$cid" --client-no-release-cid --wds-start-network="apn=internet,ip-type=$1")
	echo "$out"
	printf -v "$2" %s "$cid"
	printf -v "$3" %s "$(sed -n "s/.*Packet data handle: '\([0-9]*\)'.*/\1/p" <<<"$out")"
}
call 4 cid4 h4
call 6 cid6 h6
set4=$(Q --client-cid="$cid4" --client-no-release-cid --wds-get-current-settings)
set6=$(Q --client-cid="$cid6" --client-no-release-cid --wds-get-current-settings)
echo "$set4"; echo "$set6"
addr4=$(sed -n 's/.*IPv4 address: \(.*\)/\1/p' <<<"$set4")
mask4=$(sed -n 's/.*IPv4 subnet mask: \(.*\)/\1/p' <<<"$set4")
addr6=$(sed -n 's/.*IPv6 address: \([^/]*\)\/.*/\1/p' <<<"$set6")
gw6=$(sed -n 's/.*IPv6 gateway address: \([^/]*\)\/.*/\1/p' <<<"$set6")
dns6=$(sed -n 's/.*IPv6 primary DNS: \(.*\)/\1/p' <<<"$set6")
prefix6=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_interface(sys.argv[1] + '/64').network)" "$addr6")
plen4=$(python3 -c "import ipaddress,sys; print(ipaddress.ip_network('0.0.0.0/' + sys.argv[1]).prefixlen)" "$mask4")

say "the router: the channel gets the modem's addresses; the /64 goes to the LAN"
run ip addr add "$addr4/$plen4" dev wwan0.1
run ip link set wwan0.1 up
run ip route add default dev wwan0.1
run ip -6 addr add "$addr6/128" dev wwan0.1 nodad
run ip -6 route add default dev wwan0.1
run ip -6 route add "$gw6/128" dev wwan0.1
ip netns add lan
ip link add lan0 type veth peer name eth0 netns lan
ip addr add 192.168.1.1/24 dev lan0
ip link set lan0 up
ip -n lan link set lo up
ip -n lan addr add 192.168.1.2/24 dev eth0
ip -n lan link set eth0 up
ip -n lan route add default via 192.168.1.1
sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
run nft add table ip nat
run nft add chain ip nat post '{ type nat hook postrouting priority srcnat; }'
run nft add rule ip nat post oifname wwan0.1 masquerade
run ip -6 route add "$prefix6" dev lan0
run sysctl -w net.ipv6.conf.lan0.proxy_ndp=1
run ip -6 neigh add proxy "$addr6" dev lan0
run ip -6 neigh add proxy "$gw6" dev lan0
cat >/tmp/radvd.conf <<EOF
interface lan0 {
	AdvSendAdvert on;
	MinRtrAdvInterval 3;
	MaxRtrAdvInterval 10;
	prefix $prefix6 { AdvOnLink on; AdvAutonomous on; };
	RDNSS ${dns6:-$gw6} { };
};
EOF
run cat /tmp/radvd.conf
radvd -C /tmp/radvd.conf -p /tmp/radvd.pid -u root -m logfile -l /tmp/radvd.log
wait_for 30 sh -c "ip -n lan -6 addr show dev eth0 scope global | grep inet6 | grep -qv tentative"
run ip -n lan addr show dev eth0

say "the LAN host reaches the PDN's server over IPv4 (NAT) and IPv6 (the modem's /64)"
ip -n pdn81 addr add 198.51.100.1/32 dev lo
ip -n pdn81 addr add 2001:db8:ffff::1/128 dev lo
run ip netns exec lan ping -c 3 -i 0.2 198.51.100.1
run ip netns exec lan ping -6 -c 3 -i 0.2 2001:db8:ffff::1
lan6=$(ip -n lan -6 addr show dev eth0 scope global | sed -n 's/.*inet6 \([^/]*\).*/\1/p' | head -1)
run ip netns exec pdn81 ping -6 -c 2 -i 0.2 "$lan6"

say "counters: the channel, the port, the USB transport, the modem"
run $cellctl qmap show
run $cellctl qmap port show
run ethtool -S wwan0
run $modem ctl /tmp/modem.sock stats

say "teardown"
run Q --client-cid="$cid4" --wds-stop-network="$h4"
run Q --client-cid="$cid6" --wds-stop-network="$h6"
kill $mpid; wait $mpid 2>/dev/null || true
run rmmod qmap_usb
run rmmod qmap
echo; echo "kernel log:"; dmesg | grep -E 'BUG|WARNING|Oops' || echo "(no BUG, WARNING or Oops)"
