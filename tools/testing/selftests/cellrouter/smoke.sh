#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The smoke run for secondary targets (another kernel, another
# architecture, slow TCG): for each module, insmod, one data-path check
# with the minimal set-up of its suite (packets through the module's
# netdevs, to another network namespace or the simulated modem, and its
# counters), teardown and rmmod. A module whose .ko (or test fixture) was
# not built is skipped with a "# skip" line. Ends with a check that no
# namespace or device was left behind. Sourced by run_vm.sh: run_vm.sh OUT
# smoke.
#
#   netpair   cellctl netpair add, ping across the pair between namespaces
#   qmap      veth + qmap-modem run (TUN in namespace qmodem), ping on 0x81
#   qmap_usb  the simulated RM500Q (dummy_hcd, FunctionFS), QMAP and a call
#             on mux 0x81 over QMI (qmicli), ping to the PDN's namespace
#   qmap_mhi  mhi_sim: one UDP datagram up, one down through rmnet_mhi0.1
#   mip6      HA with one binding (BU frame), the MN end an upstream ip6tnl:
#             the CN pings the home address through the tunnel both ways
#   softwire  MAP-E CE pings its upstream ip6tnl BR; 6bed4 peer pings the
#             router's address

SM_FRAMES="python3 $HERE/mhi_frames.py"
SM_KMODS=
. "$HERE/qmi_modem_lib.sh"

sm_have() { # sm_have NAME FILE...: whether every FILE exists, else "# skip"
	local n=$1 f; shift
	for f; do [ -e "$f" ] || { echo "# skip $n: no $f"; return 1; }; done
}
sm_kmod() { # sm_kmod KO: an upstream module, loaded (and remembered) unless it is
	insmod "$1" 2>/dev/null && SM_KMODS="$(basename "$1" .ko | tr - _) $SM_KMODS"
	return 0
}
sm_kunload() { local m; for m in $SM_KMODS; do rmmod "$m"; done; SM_KMODS=; }
sm_stat() { cat "/sys/class/net/$1/statistics/$2" 2>/dev/null || echo "?"; } # DEV FIELD
sm_ctr() { echo "$(ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3" 2>/dev/null || echo "?")"; } # NS DEV FIELD
sm_links() { ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort | paste -sd' '; }
SM_BEFORE="netns: $(ip netns list | sort | paste -sd' '); links: $(sm_links)"

sm_netpair() {
	local ko=$TOP/samples/netpair/netpair.ko
	sm_have netpair "$ko" || return 0
	check "netpair: insmod" insmod "$ko"
	check_output "netpair: cellctl netpair add np0 peer np1" 0 '^created np0: ifindex [0-9]+ peer np1' \
		"$CELLCTL" netpair add np0 peer np1
	ip netns add npa; ip netns add npb
	ip link set np0 netns npa; ip link set np1 netns npb
	for ns in npa npb; do ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
	ip -n npa addr add 10.99.0.1/24 dev np0; ip -n npb addr add 10.99.0.2/24 dev np1
	ip -n npa neigh add 10.99.0.2 lladdr "$(mac_of npb np1)" dev np0 nud permanent
	ip -n npb neigh add 10.99.0.1 lladdr "$(mac_of npa np0)" dev np1 nud permanent
	ip -n npa link set np0 up; ip -n npb link set np1 up
	check "netpair: ping crosses the pair between namespaces" ip netns exec npa ping -c 2 -i 0.2 -W 2 10.99.0.2
	# 2 echo requests and 2 replies of 98 bytes (Ethernet 14 + IPv4 20 + ICMP 64).
	check_output "netpair: cellctl counts them (2 packets, 196 bytes each way)" 0 \
		'^  rx: 2 packets, 196 bytes\n  tx: 2 packets, 196 bytes, 0 dropped$' \
		ip netns exec npa "$CELLCTL" netpair show np0
	ip netns del npa; ip netns del npb
	check "netpair: rmmod" rmmod netpair
}

sm_qmap() {
	local ko=$TOP/drivers/net/qmap/qmap.ko st=/tmp/sm-qmap.json pid
	sm_have qmap "$ko" || return 0
	check "qmap: insmod" insmod "$ko"
	ip netns add qmodem
	ip link add veth0 mtu 9000 type veth peer name veth1 mtu 9000 netns qmodem
	sysctl -qw net.ipv6.conf.veth0.disable_ipv6=1
	ip netns exec qmodem sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip link set veth0 up; ip -n qmodem link set veth1 up
	check_output "qmap: cellctl qmap add veth0 0x81" 0 '^created veth0\.1: .* mux-id 0x81 ' \
		"$CELLCTL" qmap add veth0 0x81
	sysctl -qw net/ipv6/conf/veth0.1/disable_ipv6=1
	ip addr add 10.81.0.1/24 dev veth0.1; ip link set veth0.1 up
	rm -f $st
	ip netns exec qmodem "$MODEM" run --dev veth1 --chan 0x81=mdm1 --stats $st >/dev/null 2>&1 &
	pid=$!
	qmim_wait 10 ip -n qmodem link show mdm1 >/dev/null 2>&1
	ip -n qmodem addr add 10.81.0.2/24 dev mdm1
	check "qmap: ping through channel 0x81 to the emulator's namespace" ping -c 3 -i 0.2 -W 2 10.81.0.2
	kill $pid; wait $pid 2>/dev/null # it writes its counters at exit
	check_eq "qmap: veth0.1's tx/rx packets = the modem's uplink/downlink frames" \
		"$(json_get "$(cat $st 2>/dev/null)" '"%d %d" % (d["ul-frames"], d["dl-frames"])' 2>&1)" \
		"$(sm_stat veth0.1 tx_packets) $(sm_stat veth0.1 rx_packets)"
	ip link del veth0; ip netns del qmodem
	check "qmap: rmmod" rmmod qmap
}

sm_qmap_usb() {
	local ko=$TOP/drivers/net/usb/qmap_usb/qmap_usb.ko qko=$TOP/drivers/net/qmap/qmap.ko
	local out size cid= h= st0
	sm_have qmap_usb "$ko" "$qko" "$KSRC/drivers/usb/class/cdc-wdm.ko" || return 0
	command -v qmicli >/dev/null || { echo "# skip qmap_usb: no qmicli (QMAP and the call go over QMI)"; return 0; }
	rmmod qmi_wwan 2>/dev/null # it would claim If4
	sm_kmod "$KSRC/drivers/usb/class/cdc-wdm.ko"
	check "qmap_usb: insmod qmap.ko, qmap_usb.ko" sh -c "insmod $qko && insmod $ko"
	qmim_start --pdn "mux=0x81,ipv4=10.64.1.2/30"
	check "qmap_usb: the simulated modem enumerates: wwan0, /dev/cdc-wdm0" \
		qmim_wait 20 sh -c "test -e /sys/class/net/wwan0 && test -c $QMIM_QMI_DEV"
	out=$(qmim_qmi --wda-set-data-format="link-layer-protocol=raw-ip,ul-protocol=qmap,dl-protocol=qmap,dl-max-datagrams=32,dl-datagram-max-size=31744,ep-type=hsusb,ep-iface-number=4")
	size=$(qmim_field "$out" "Downlink data aggregation max size: '([0-9]+)'")
	check_eq "qmap_usb: WDA: QMAP, 31744-byte downlink aggregates" 31744 "$size"
	ethtool -G wwan0 rx-buf-len "${size:-31744}"
	sysctl -qw net.ipv6.conf.wwan0.disable_ipv6=1
	ip link set wwan0 up
	"$CELLCTL" qmap add wwan0 0x81 >/dev/null
	sysctl -qw net/ipv6/conf/wwan0.1/disable_ipv6=1
	qmim_start_call cid h 129 4
	check "qmap_usb: a call on mux 0x81 (qmicli, WDS)" test -n "$h"
	st0=$(qmim_ctl stats)
	ip addr add 10.64.1.2/30 dev wwan0.1; ip link set wwan0.1 up
	check "qmap_usb: ping through wwan0.1 to the PDN's namespace" ping -c 3 -i 0.2 -W 3 10.64.1.1
	check "qmap_usb: wwan0.1's tx/rx packets = the modem's mux 0x81 uplink/downlink" \
		qmim_wait 5 qmim_counts_match "$st0" 129 wwan0.1
	qmim_counts_match "$st0" 129 wwan0.1 || echo "#   got $QMIM_GOT, want $QMIM_WANT"
	qmim_stop
	check "qmap_usb: the modem unplugged: wwan0 and its channel are gone" \
		qmim_wait 10 sh -c '! test -e /sys/class/net/wwan0 && ! test -e /sys/class/net/wwan0.1'
	check "qmap_usb: rmmod qmap_usb, qmap" sh -c "rmmod qmap_usb && rmmod qmap"
	sm_kunload
}

sm_qmap_mhi() {
	local sim=$HERE/mhi_sim/mhi_sim.ko ko=$TOP/drivers/net/wwan/qmap_mhi/qmap_mhi.ko
	local qko=$TOP/drivers/net/qmap/qmap.ko ul rv
	sm_have qmap_mhi "$ko" "$sim" "$qko" || return 0
	check "qmap_mhi: insmod qmap.ko, qmap_mhi.ko, mhi_sim.ko (the modem)" \
		sh -c "insmod $qko && insmod $ko && insmod $sim"
	check "qmap_mhi: rmnet_mhi0 appears" qmim_wait 10 test -e /sys/class/net/rmnet_mhi0
	sysctl -qw net.ipv6.conf.rmnet_mhi0.disable_ipv6=1
	ip link set rmnet_mhi0 up
	check_output "qmap_mhi: cellctl qmap add rmnet_mhi0 0x81" 0 '^created rmnet_mhi0\.1: ' \
		"$CELLCTL" qmap add rmnet_mhi0 0x81
	sysctl -qw net.ipv6.conf.rmnet_mhi0/1.disable_ipv6=1
	ip addr add 10.64.0.2/24 dev rmnet_mhi0.1; ip link set rmnet_mhi0.1 up
	$SM_FRAMES ul --count 1 --timeout 30 --mux 129 >/tmp/sm-mhi-ul.json &
	ul=$!
	qmim_wait 10 grep -q '^readers [1-9]' /sys/module/mhi_sim/parameters/stats
	$SM_FRAMES send 10.64.0.1 --count 1 >/dev/null
	wait $ul
	check_eq "qmap_mhi: a datagram sent on rmnet_mhi0.1 leaves the modem as 1 QMAP frame of mux 0x81" "1 1 1" \
		"$(json_get "$(cat /tmp/sm-mhi-ul.json)" '"%d %d %d" % (d["transfers"], d["mux_frames"], d["ipv4"])' 2>&1)"
	$SM_FRAMES recv --count 1 --timeout 30 >/tmp/sm-mhi-recv 2>/tmp/sm-mhi-recv.err &
	rv=$!
	qmim_wait 10 grep -q ready /tmp/sm-mhi-recv.err
	$SM_FRAMES dl 10.64.0.1 10.64.0.2 --mux 129 --count 1 >/dev/null
	wait $rv
	check_eq "qmap_mhi: a frame of mux 0x81 from the modem reaches a UDP socket on rmnet_mhi0.1" 1 "$(cat /tmp/sm-mhi-recv)"
	check_eq "qmap_mhi: rmnet_mhi0.1 counts 1 packet each way (tx rx)" "1 1" \
		"$(sm_stat rmnet_mhi0.1 tx_packets) $(sm_stat rmnet_mhi0.1 rx_packets)"
	check "qmap_mhi: rmmod qmap_mhi, mhi_sim, qmap" sh -c "rmmod qmap_mhi && rmmod mhi_sim && rmmod qmap"
}

# mip6: CN --- HA (home link: dummy home0) --- MN. The HA's binding comes
# from one BU frame; the MN's end of the tunnel is an upstream ip6tnl.
sm_mip6() {
	local ko=$TOP/net/mip6/mipv6.ko ha=2001:db8:1::1 hoa=2001:db8:1::4 coa=2001:db8:3::2 ns c0 r0 t0
	sm_have mip6 "$ko" "$KSRC/net/ipv6/ip6_tunnel.ko" || return 0
	sm_kmod "$KSRC/net/ipv6/tunnel6.ko"; sm_kmod "$KSRC/net/ipv6/ip6_tunnel.ko"
	for ns in m6cn m6ha m6mn; do ip netns add $ns; ip -n $ns link set lo up; done
	ip link add eth1 netns m6ha type veth peer name eth0 netns m6cn
	ip link add eth2 netns m6ha type veth peer name eth0 netns m6mn
	ip -n m6ha link add home0 type dummy
	ip netns exec m6ha sysctl -qw net.ipv6.conf.all.forwarding=1
	ip -n m6ha addr add $ha/64 dev home0 nodad
	ip -n m6ha addr add 2001:db8:2::1/64 dev eth1 nodad
	ip -n m6ha addr add 2001:db8:3::1/64 dev eth2 nodad
	ip -n m6cn addr add 2001:db8:2::2/64 dev eth0 nodad
	ip -n m6mn addr add $coa/64 dev eth0 nodad
	for ns in m6ha:home0 m6ha:eth1 m6ha:eth2 m6cn:eth0 m6mn:eth0; do ip -n ${ns%:*} link set ${ns#*:} up; done
	ip -n m6cn route add 2001:db8:1::/64 via 2001:db8:2::1
	# No router solicitations through the MN's tunnel: only the pings.
	ip netns exec m6mn sysctl -qw net.ipv6.conf.default.accept_ra=0
	ip -n m6mn link add tnl0 type ip6tnl mode ip6ip6 local $coa remote $ha encaplimit none
	ip -n m6mn addr add $hoa/128 dev tnl0 nodad
	ip -n m6mn link set tnl0 up
	ip -n m6mn route add $ha/128 via 2001:db8:3::1
	ip -n m6mn route add 2001:db8:2::/64 dev tnl0
	check "mip6: insmod" insmod "$ko"
	check_output "mip6: HA: ha add (tunnel mip6tnl0)" 0 "mip6tnl0" ip netns exec m6ha \
		"$CELLCTL" mip6 ha add name mip6tnl0 dad-timeout 10 acl-default allow
	check "mip6: HA: serve 2001:db8:1::/64 on home0" ip netns exec m6ha \
		"$CELLCTL" mip6 prefix add home0 2001:db8:1::/64 ha $ha
	python3 "$HERE/mip6_frames.py" bu --src-mac "$(mac_of m6mn eth0)" --dst-mac "$(mac_of m6ha eth2)" \
		--ha $ha --hoa $hoa --coa $coa /tmp/sm-bu.bin
	ip netns exec m6mn "$MODEM" send --dev eth0 --frames /tmp/sm-bu.bin >/dev/null
	check "mip6: HA: a BU from the care-of address makes an active binding" qmim_wait 20 \
		sh -c "ip netns exec m6ha '$CELLCTL' mip6 binding show | grep -q 'coa $coa.*state active'"
	c0=$(sm_ctr m6ha mip6tnl0 tx_packets) r0=$(sm_ctr m6mn tnl0 rx_packets) t0=$(sm_ctr m6mn tnl0 tx_packets)
	check "mip6: the CN pings the home address through the tunnel both ways" \
		ip netns exec m6cn ping -6 -c 2 -i 0.3 -W 3 $hoa
	check_eq "mip6: HA mip6tnl0 tx, MN tnl0 rx and tx: +2 packets each" "2 2 2" \
		"$(($(sm_ctr m6ha mip6tnl0 tx_packets) - c0)) $(($(sm_ctr m6mn tnl0 rx_packets) - r0)) $(($(sm_ctr m6mn tnl0 tx_packets) - t0))"
	check "mip6: rmmod with a binding active" rmmod mipv6
	for ns in m6cn m6ha m6mn; do ip netns del $ns; done
	sm_kunload
}

# softwire: MAP-E (test_mape.sh's CE and upstream ip6tnl BR, the BR's own
# IPv4 address as the server), then 6bed4 (a router and one peer, no NAT).
sm_softwire() {
	local ko=$TOP/drivers/net/softwire/softwire.ko br=2404:9200:225:100::64 ce=240b:10:af:9a00:6a:4800:af00:9a00
	local t0 r0 ns p
	sm_have softwire "$ko" "$KSRC/net/ipv6/tunnel6.ko" "$KSRC/net/ipv6/ip6_tunnel.ko" || return 0
	sm_kmod "$KSRC/net/ipv6/tunnel6.ko"; sm_kmod "$KSRC/net/ipv6/ip6_tunnel.ko"
	check "softwire: insmod" insmod "$ko"
	for ns in mpce mpbr; do ip netns add $ns; ip -n $ns link set lo up; done
	ip link add eth0 netns mpce type veth peer name eth0 netns mpbr
	ip -n mpce addr add 2001:db8:ffff::2/64 dev eth0 nodad
	ip -n mpbr addr add 2001:db8:ffff::1/64 dev eth0 nodad
	ip -n mpbr addr add $br/128 dev lo
	ip -n mpbr addr add 203.0.113.254/32 dev lo
	ip -n mpce link set eth0 up; ip -n mpbr link set eth0 up
	ip -n mpce -6 route add default via 2001:db8:ffff::1
	ip -n mpbr -6 route add 240b:10::/32 via 2001:db8:ffff::2
	ip -n mpbr link add br0 type ip6tnl mode ipip6 local $br remote $ce encaplimit none
	ip -n mpbr link set br0 up
	ip -n mpbr route add 106.72.0.175/32 dev br0
	check "MAP-E: map add with the shipped v6plus rules" ip netns exec mpce "$CELLCTL" map add eth0 \
		name map0 prefix 240b:10:af:9a00::/56 iid legacy rules "$TOP/tools/cellctl/examples/mape-v6plus.rules"
	t0=$(sm_ctr mpce map0 tx_packets); r0=$(sm_ctr mpce map0 rx_packets)
	check "MAP-E: the CE pings the BR's IPv4 address" ip netns exec mpce ping -c 2 -i 0.3 -W 3 203.0.113.254
	check_eq "MAP-E: map0 counts 2 packets each way (tx rx)" "2 2" \
		"$(($(sm_ctr mpce map0 tx_packets) - t0)) $(($(sm_ctr mpce map0 rx_packets) - r0))"
	check_eq "MAP-E: the BR's ip6tnl got 2 from the CE's address" 2 "$(sm_ctr mpbr br0 rx_packets)"
	for ns in mpce mpbr; do ip netns del $ns; done

	for ns in b6rt b6p; do ip netns add $ns; ip -n $ns link set lo up; done
	ip link add eth0 netns b6rt type veth peer name eth0 netns b6p
	ip -n b6rt addr add 198.51.100.1/24 dev eth0
	ip -n b6rt addr add 2001:db8:9:10::11/128 dev eth0 nodad
	ip -n b6p addr add 198.51.100.11/24 dev eth0
	ip -n b6rt link set eth0 up; ip -n b6p link set eth0 up
	check "6bed4: router add b6r prefix 2001:db8:9:10::/64" ip netns exec b6rt "$CELLCTL" 6bed4 router add b6r \
		prefix 2001:db8:9:10::/64
	check "6bed4: peer add b6p router 198.51.100.1 port 50000" ip netns exec b6p "$CELLCTL" 6bed4 peer add b6p \
		router 198.51.100.1 port 50000 keepalive 2
	check_output "6bed4: the peer takes the address of its endpoint 198.51.100.11:50000" 0 \
		'^2001:db8:9:10:c433:640b:c350:8001$' qmim_wait 15 sh -c \
		"ip -n b6p -6 -o addr show dev b6p scope global | grep -o '2001:[0-9a-f:]*'"
	r0=$(sm_ctr b6rt b6r rx_packets); t0=$(sm_ctr b6rt b6r tx_packets)
	check "6bed4: the peer pings the router's 2001:db8:9:10::11" ip netns exec b6p ping -c 2 -i 0.3 -W 3 2001:db8:9:10::11
	check "6bed4: the router's b6r carried them (rx, tx +2 at least)" \
		test $(($(sm_ctr b6rt b6r rx_packets) - r0)) -ge 2 -a $(($(sm_ctr b6rt b6r tx_packets) - t0)) -ge 2
	check "softwire: rmmod with a 6bed4 router and peer in place" rmmod softwire
	for ns in b6rt b6p; do ip netns del $ns; done
	sm_kunload
}

for sm in netpair qmap qmap_usb qmap_mhi mip6 softwire; do
	echo "# $sm"
	sm_$sm
done
check_eq "no namespace or device left behind" "$SM_BEFORE" \
	"netns: $(ip netns list | sort | paste -sd' '); links: $(sm_links)"
