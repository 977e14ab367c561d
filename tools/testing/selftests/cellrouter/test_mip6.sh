#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mip6: the testbed of MIPL's HOWTO (seed 001) in network namespaces, with
# the seed's addresses. Links are bridges in a switch namespace; "moving"
# re-enslaves the mobile node's cable to another bridge, so the MN only
# learns of it from router advertisements (radvd on the access routers and
# on the home agent).
#
#   home  fec0:106:2700::/64  HA ::2, R ::1, MN home address ::4
#   net   fec0:106:2300::/64  R ::2, AR ::1, AR2 ::3, CN ::10
#   visit fec0:106:1100::/64  AR ::1      visit2 fec0:106:1000::/64  AR2 ::1
#
# Sourced by run_vm.sh.

M6_KO=$TOP/net/mip6/mipv6.ko
M6_NS="m6sw m6ha m6r m6ar m6ar2 m6cn m6mn m6sc"
HOA=fec0:106:2700::4
HA=fec0:106:2700::2
m6_hex() { python3 -c 'import ipaddress,sys; print(ipaddress.IPv6Address(sys.argv[1]).packed.hex())' "$1"; }

m6_cleanup() {
	pkill -f 'radvd.*m6' 2>/dev/null
	pkill -f 'mip6_bu.py --serve' 2>/dev/null
	for ns in $M6_NS; do ip netns del $ns 2>/dev/null; done
	rmmod mipv6 2>/dev/null
	rm -rf /tmp/m6
}
m6_cleanup
mkdir -p /tmp/m6

# --- the testbed ---------------------------------------------------------
for ns in ${M6_NS% m6sc}; do
	ip netns add $ns
	ip -n $ns link set lo up
done
for br in brhome brnet brvisit brvisit2; do
	ip -n m6sw link add $br type bridge
	ip -n m6sw link set $br up
done
# m6_plug NS IF BRIDGE: a cable from NS (interface IF) to a bridge.
m6_plug() {
	ip -n "$1" link add "$2" type veth peer name "p-$1-$2" netns m6sw
	ip -n m6sw link set "p-$1-$2" master "$3" up
	ip -n "$1" link set "$2" up
}
m6_plug m6ha eth0 brhome
m6_plug m6r eth1 brhome
m6_plug m6r eth0 brnet
m6_plug m6ar eth0 brnet
m6_plug m6ar eth1 brvisit
m6_plug m6ar2 eth0 brnet
m6_plug m6ar2 eth1 brvisit2
m6_plug m6cn eth0 brnet
m6_plug m6mn eth0 brhome

for ns in m6ha m6r m6ar m6ar2; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.all.accept_ra=0 \
		net.ipv6.conf.default.accept_ra=0 net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
done
# The HA proxies for home addresses: it answers solicitations itself.
ip netns exec m6ha sysctl -qw net.ipv6.conf.eth0.accept_dad=0
ip -n m6ha addr add $HA/64 dev eth0 nodad
ip -n m6ha route add default via fec0:106:2700::1
ip -n m6r addr add fec0:106:2700::1/64 dev eth1 nodad
ip -n m6r addr add fec0:106:2300::2/64 dev eth0 nodad
ip -n m6r route add fec0:106:1100::/64 via fec0:106:2300::1
ip -n m6r route add fec0:106:1000::/64 via fec0:106:2300::3
ip -n m6ar addr add fec0:106:2300::1/64 dev eth0 nodad
ip -n m6ar addr add fec0:106:1100::1/64 dev eth1 nodad
ip -n m6ar route add default via fec0:106:2300::2
ip -n m6ar2 addr add fec0:106:2300::3/64 dev eth0 nodad
ip -n m6ar2 addr add fec0:106:1000::1/64 dev eth1 nodad
ip -n m6ar2 route add default via fec0:106:2300::2
ip netns exec m6cn sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.eth0.accept_dad=0
ip -n m6cn addr add fec0:106:2300::10/64 dev eth0 nodad
ip -n m6cn route add fec0:106:2700::/64 via fec0:106:2300::2
ip -n m6cn route add fec0:106:1100::/64 via fec0:106:2300::1
ip -n m6cn route add fec0:106:1000::/64 via fec0:106:2300::3
# The MN: autoconfiguration from router advertisements, no forwarding; its
# home address as a /128 of its own (the module keeps it through moves).
ip netns exec m6mn sysctl -qw net.ipv6.conf.eth0.accept_ra=1 net.ipv6.conf.eth0.autoconf=1 \
	net.ipv6.conf.eth0.forwarding=0 net.ipv6.conf.eth0.dad_transmits=0
ip -n m6mn addr add $HOA/128 dev eth0 nodad

# radvd: the HA advertises the home prefix with the H flag and home agent
# information, the ARs their visited prefixes (seed 4.2.3 and 4.2.4). The
# MN learns of a move from the next RA: RAs every 0.5-1.5 s, and without
# radvd's default 3 s between RAs (MinDelayBetweenRAs, which Mobile IPv6
# allows down to 0.03 s).
cat >/tmp/m6/radvd-ha.conf <<EOC
interface eth0 {
	AdvSendAdvert on; MinRtrAdvInterval 0.5; MaxRtrAdvInterval 1.5; AdvIntervalOpt off;
	MinDelayBetweenRAs 0.05;
	AdvHomeAgentFlag on; HomeAgentLifetime 10000; HomeAgentPreference 20; AdvHomeAgentInfo on;
	prefix fec0:106:2700::2/64 { AdvRouterAddr on; AdvOnLink on; AdvAutonomous on;
		AdvPreferredLifetime 10000; AdvValidLifetime 12000; };
};
EOC
for ar in m6ar:fec0:106:1100 m6ar2:fec0:106:1000; do
	cat >/tmp/m6/radvd-${ar%%:*}.conf <<EOC
interface eth1 {
	AdvSendAdvert on; AdvIntervalOpt on; MinRtrAdvInterval 0.5; MaxRtrAdvInterval 1.5;
	MinDelayBetweenRAs 0.05;
	AdvHomeAgentFlag off; AdvMobRtrSupportFlag off;
	prefix ${ar#*:}::/64 { AdvOnLink on; AdvAutonomous on; AdvRouterAddr on; };
};
EOC
done
m6_radvd() { # m6_radvd NS CONF
	ip netns exec "$1" radvd -C "$2" -p "/tmp/m6/$1.pid" -u root -m logfile -l "/tmp/m6/$1.log" ||
		{ echo "# radvd $1 failed:"; sed 's/^/#   /' "/tmp/m6/$1.log"; }
}
m6_radvd m6ha /tmp/m6/radvd-ha.conf
m6_radvd m6ar /tmp/m6/radvd-m6ar.conf
m6_radvd m6ar2 /tmp/m6/radvd-m6ar2.conf

check "the testbed: CN reaches the HA through R" ip netns exec m6cn ping -6 -c1 -W2 $HA
check "the testbed: CN reaches the visited link's AR" ip netns exec m6cn ping -6 -c1 -W2 fec0:106:1100::1

# --- the module ----------------------------------------------------------
m6() { local ns=$1; shift; ip netns exec "$ns" "$CELLCTL" mip6 "$@"; }
m6j() { local ns=$1; shift; ip netns exec "$ns" "$CELLCTL" --json mip6 "$@"; }
m6ynl() { local ns=$1; shift; ip netns exec "$ns" python3 "$YNL_CLI" \
	--spec "$TOP/Documentation/netlink/specs/mip6.yaml" --schema "$(ynl_schema mip6)" "$@"; }
m6_wait() { # m6_wait SECONDS CMD...: until CMD succeeds
	local end=$((SECONDS + $1)); shift
	until "$@" >/dev/null 2>&1; do [ $SECONDS -lt $end ] || return 1; sleep 0.2; done
}
m6_ha_has() { m6 m6ha binding show 2>/dev/null | grep -q "$1"; }
m6_mn_has() { m6 m6mn show 2>/dev/null | grep -q "$1"; }
m6_move() { ip -n m6sw link set p-m6mn-eth0 master "$1"; }
ln -sf "$CELLCTL" /tmp/m6/mipdiag

check "insmod mipv6.ko" insmod "$M6_KO"
check_output "HA: ha add creates the instance and its tunnel" 0 "ip6tnl1" \
	m6 m6ha ha add name ip6tnl1 dad-timeout 300
check_output "HA: a second instance is refused" 1 "already has a mip6 instance" m6 m6ha ha add
check "HA: serve the home prefix on eth0" m6 m6ha prefix add eth0 fec0:106:2700::/64 ha $HA
# The MN signs its BUs (RFC 4285) with the key its access list entry has.
MNKEY=f0e1d2c3b4a5968778695a4b3c2d1e0f
check "HA: accept the MN's home address, with an MN-HA key" m6 m6ha acl add $HOA spi 400 key $MNKEY
check_output "HA: the kernel's YNL CLI lists the prefix" 0 "fec0:106:2700::2" m6ynl m6ha --dump prefix-get
# The HA is given as :: : the MN finds it with DHAAD once away.
check_output "MN: mn add creates the instance (home agent to discover)" 0 "ip6tnl1" \
	m6 m6mn mn add eth0 home $HOA/64 ha :: name ip6tnl1 spi 400 key $MNKEY
check_output "MN: authenticates (key set, not shown)" 0 "auth 1" m6 m6mn show
check_output "the tunnel netdev is up" 0 "UP" ip -n m6ha link show ip6tnl1
check "MN at home: at-home" m6_wait 10 m6_mn_has "at-home 1"

# --- move to visitnet -----------------------------------------------------
m6_move brvisit
t0=$(date +%s.%N)
check "MN moves to visitnet: the HA binds a care-of address in fec0:106:1100::/64" \
	m6_wait 20 m6_ha_has "coa fec0:106:1100:"
echo "# binding after $(echo "$(date +%s.%N) - $t0" | bc) s"
check_output "MN: found its home agent by DHAAD" 0 "ha-addr fec0:106:2700::2" m6 m6mn show
check_output "DHAAD: the MN sent a request, the HA answered it" 0 "^[1-9][0-9]* [1-9][0-9]*$" \
	bash -c "echo \$(ip netns exec m6mn $CELLCTL --json mip6 show | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d[\"dhaad-sent\"])') \$(ip netns exec m6ha $CELLCTL --json mip6 show | python3 -c 'import json,sys; d=json.load(sys.stdin); d=d[0] if isinstance(d,list) else d; print(d[\"dhaad-rcvd\"])')"
m6 m6ha binding show | sed 's/^/#   /'
m6 m6mn binding show | sed 's/^/#   /'
check "MN: binding acknowledged" m6_wait 10 bash -c "ip netns exec m6mn $CELLCTL mip6 binding show | grep -q 'state active'"
check_output "HA: the MN's binding was authenticated with its SPI" 0 "spi 400" m6 m6ha binding show $HOA
check "CN pings the home address through the HA's tunnel" ip netns exec m6cn ping -6 -c3 -i0.3 -W2 $HOA
check_output "HA tunnel counters moved" 0 "TX: +bytes +packets.*\n +[0-9]+ +[1-9]" ip -n m6ha -s link show ip6tnl1
check_output "MN reverse tunnel counters moved" 0 "TX: +bytes +packets.*\n +[0-9]+ +[1-9]" ip -n m6mn -s link show ip6tnl1
check_output "mipdiag -c on the HA" 0 "^Mobile IPv6 Binding cache\nHome Address +Care-of Address +Lifetime +Type\nfec0:106:2700::4  fec0:106:1100:[0-9a-f:]+  [0-9]+ +2$" \
	ip netns exec m6ha /tmp/m6/mipdiag -c
check_output "mipdiag -l on the MN" 0 "^Mobile IPv6 Binding update list\nRecipient CN: fec0:106:2700::2\nBINDING home address: fec0:106:2700::4 care-of address: fec0:106:1100:[0-9a-f:]+\nexpires: [0-9]+ sequence: [0-9]+ state: 1\ndelay: 1 max delay 32 callback time: [0-9]+$" \
	ip netns exec m6mn /tmp/m6/mipdiag -l
check_output "mipdiag -s on the HA counts BUs and BAs" 0 "NBindUpdatesRcvd +: [1-9]" ip netns exec m6ha /tmp/m6/mipdiag -s
ip netns exec m6ha /tmp/m6/mipdiag -s | sed 's/^/#   /'

# --- move to visitnet2 ----------------------------------------------------
m6_move brvisit2
check "MN moves to visitnet2: new care-of address in fec0:106:1000::/64" \
	m6_wait 20 m6_ha_has "coa fec0:106:1000:"
m6 m6ha binding show | sed 's/^/#   /'
check "CN pings the home address in visitnet2" m6_wait 10 ip netns exec m6cn ping -6 -c1 -W1 $HOA

# --- back home ------------------------------------------------------------
m6_move brhome
check "MN returns home: the HA's binding cache empties" m6_wait 20 bash -c "! ip netns exec m6ha $CELLCTL mip6 binding show | grep -q coa"
check "MN at home again" m6_wait 10 m6_mn_has "at-home 1"
check "CN pings the home address at home" m6_wait 10 ip netns exec m6cn ping -6 -c1 -W1 $HOA
m6 m6ha show | sed 's/^/#   /'
m6 m6mn show | sed 's/^/#   /'

# --- a TCP stream from the CN to the home address across the moves -------
# m6_gap NET: seconds from now (the re-attachment) to the first tunnelled
# packet reaching the MN at its care-of address in NET.
m6_gap_start() {
	ip netns exec m6mn timeout 30 tcpdump -tt -n -i eth0 -c 1 \
		"ip6 and ip6[6] == 41 and dst net $1" >/tmp/m6/gap.txt 2>/dev/null &
	m6gap=$!
	sleep 1
}
m6_gap_end() { # T0: sets $gap (not in a subshell: it waits for tcpdump)
	wait $m6gap
	gap=$(python3 -c 'import sys; t=open("/tmp/m6/gap.txt").read().split(); print(f"{float(t[0]) - float(sys.argv[1]):.2f}" if t else "none")' "$1")
}
ip netns exec m6mn python3 "$HERE/tcp_stream.py" serve $HOA 5001 >/tmp/m6/tcp-rx.txt 2>&1 & m6srv=$!
sleep 1
ip netns exec m6cn python3 "$HERE/tcp_stream.py" send $HOA 5001 24 >/tmp/m6/tcp-tx.txt 2>&1 & m6cli=$!
# Steady traffic to time the handovers by (TCP backs off while cut off).
ip netns exec m6cn ping -6 -q -i 0.1 -w 30 $HOA >/dev/null 2>&1 & m6ping=$!
sleep 3
m6_gap_start fec0:106:1100::/64
t0=$(date +%s.%N); m6_move brvisit
m6_gap_end "$t0"; gap1=$gap
sleep 4
m6_gap_start fec0:106:1000::/64
t0=$(date +%s.%N); m6_move brvisit2
m6_gap_end "$t0"; gap2=$gap
sleep 4
t0=$(date +%s.%N); m6_move brhome
m6_wait 20 bash -c "! ip netns exec m6ha $CELLCTL mip6 binding show | grep -q coa"
gap3=$(python3 -c 'import sys,time; print(f"{time.time() - float(sys.argv[1]):.2f}")' "$t0")
echo "# handover gap (re-attachment to the first tunnelled packet at the new care-of address): visitnet ${gap1} s, visitnet2 ${gap2} s; back home, binding removed after ${gap3} s"
kill $m6ping 2>/dev/null; wait $m6ping 2>/dev/null
wait $m6cli; clirc=$?
wait $m6srv; srvrc=$?
check_eq "TCP: the sender finished without error across visitnet, visitnet2 and home" 0 "$clirc"
check_eq "TCP: the receiver got every byte sent, no reset" "$(cat /tmp/m6/tcp-tx.txt)" "$(cat /tmp/m6/tcp-rx.txt)"
echo "# TCP bytes sent $(cat /tmp/m6/tcp-tx.txt), received $(cat /tmp/m6/tcp-rx.txt) (server exit $srvrc)"
check "handover gaps measured" test "$gap1" != none -a "$gap2" != none

# --- status codes, with BUs crafted by scapy (an independent codec) ------
# A client on the visited link registers home addresses of its own.
ip netns add m6sc
ip -n m6sc link set lo up
m6_plug m6sc eth0 brvisit
ip netns exec m6sc sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.eth0.accept_dad=0 \
	net.ipv6.conf.eth0.accept_ra=0
ip -n m6sc addr add fec0:106:1100::99/64 dev eth0 nodad
ip -n m6sc route add default via fec0:106:1100::1
SC_COA=fec0:106:1100::99
AR_MAC=$(mac_of m6ar eth1)
KEY=000102030405060708090a0b0c0d0e0f10111213
# One scapy helper (mip6_bu.py --serve) answers every request: starting
# scapy takes ~20 s under TCG. m6bu ARGS...: one request, its answer.
mkfifo /tmp/m6/bu.in /tmp/m6/bu.out
ip netns exec m6sc /usr/bin/python3 "$HERE/mip6_bu.py" --serve --coa $SC_COA --ha $HA --iface eth0 \
	--gw-mac $AR_MAC <>/tmp/m6/bu.in >/tmp/m6/bu.out 2>/tmp/m6/bu.err & m6bu_pid=$!
exec 7>/tmp/m6/bu.in 8</tmp/m6/bu.out
m6bu() {
	local line
	printf '%s\n' "$*" >&7
	while IFS= read -r -t 300 line <&8; do
		[ "$line" = . ] && return 0
		printf '%s\n' "$line"
	done
	echo "no answer from mip6_bu.py:"; cat /tmp/m6/bu.err
	return 1
}
m6bu_capped() { m6 m6ha set max-lifetime 100 && m6bu --hoa fec0:106:2700::50 --seq 12 --lifetime 1000; }
m6 m6ha acl add fec0:106:2700::50
m6 m6ha acl add fec0:106:2700::52 spi 300 key $KEY
m6 m6ha acl add fec0:106:2700::53
m6 m6ha acl add fec0:106:2700::54
ip -n m6r addr add fec0:106:2700::53/64 dev eth1 nodad
ip netns exec m6ha tcpdump -ni eth0 -w /tmp/m6/ha.pcap ip6 >/dev/null 2>&1 & m6dump=$!
m6 m6ha stats reset
check_output "scapy BU: accepted (0), BA with a type 2 routing header to the home address" 0 \
	"^BA status=0 seq=10 lifetime=100 rh2=fec0:106:2700::50 auth=none$" m6bu --hoa fec0:106:2700::50 --seq 10
check_output "the scapy binding is in the cache" 0 "coa fec0:106:1100::99" m6 m6ha binding show fec0:106:2700::50
check_output "stale sequence number: 135 with the last accepted one" 0 "^BA status=135 seq=10 " \
	m6bu --hoa fec0:106:2700::50 --seq 9
check_output "sequence numbers compare modulo 2^16: 42000 is older than 10" 0 "^BA status=135 seq=10 " \
	m6bu --hoa fec0:106:2700::50 --seq 42000
check_output "refresh with a newer number: accepted at once" 0 "^BA status=0 seq=11 " m6bu --hoa fec0:106:2700::50 --seq 11
check_output "lifetime capped by max-lifetime" 0 "^BA status=0 seq=12 lifetime=25 " \
	m6bu_capped
m6 m6ha set max-lifetime 262140
check_output "deregistration (lifetime 0): accepted, binding gone" 0 "^BA status=0 seq=13 lifetime=0 " \
	m6bu --hoa fec0:106:2700::50 --seq 13 --lifetime 0
check_output "no binding left for the deregistered address" 1 "no binding" m6 m6ha binding show fec0:106:2700::50
check_output "deregistration without a binding: 133" 0 "^BA status=133 " m6bu --hoa fec0:106:2700::50 --seq 14 --lifetime 0
check_output "unknown home address: 129" 0 "^BA status=129 " m6bu --hoa fec0:106:2700::51
check_output "foreign prefix: 132" 0 "^BA status=132 " m6bu --hoa fec0:106:9900::1
check "acl-default allow" m6 m6ha set acl-default allow
check_output "acl-default allow: a home address without an entry registers" 0 "^BA status=0 .*auth=none$" \
	m6bu --hoa fec0:106:2700::55 --seq 1
check_output "acl-default allow: a foreign prefix is still refused (132)" 0 "^BA status=132 " m6bu --hoa fec0:106:9900::2
check_output "acl-default allow: an entry's key is still required (146)" 0 "^BA status=146 " \
	m6bu --hoa fec0:106:2700::52 --seq 5 --spi 300 --key $KEY --no-auth
m6 m6ha set acl-default deny
check_output "acl-default deny again: the bound address without an entry is refused (129)" 0 "^BA status=129 " \
	m6bu --hoa fec0:106:2700::55 --seq 2
m6 m6ha binding del fec0:106:2700::55
check_output "DAD finds the home address in use: 134" 0 "^BA status=134 " m6bu --hoa fec0:106:2700::53
check_output "no binding after a DAD failure" 1 "no binding" m6 m6ha binding show fec0:106:2700::53
check_output "RFC 4285: authenticated BU accepted, BA signed" 0 "^BA status=0 seq=1 lifetime=100 rh2=fec0:106:2700::52 auth=ok$" \
	m6bu --hoa fec0:106:2700::52 --seq 1 --spi 300 --key $KEY
check_output "RFC 4285: wrong key: 146" 0 "^BA status=146 " m6bu --hoa fec0:106:2700::52 --seq 2 --spi 300 --key $KEY --bad-key
check_output "RFC 4285: wrong SPI: 146" 0 "^BA status=146 " m6bu --hoa fec0:106:2700::52 --seq 2 --spi 301 --key $KEY
check_output "RFC 4285: missing authentication option: 146" 0 "^BA status=146 " \
	m6bu --hoa fec0:106:2700::52 --seq 2 --spi 300 --key $KEY --no-auth
check_output "RFC 4285: missing MESG-ID: 145" 0 "^BA status=145 " m6bu --hoa fec0:106:2700::52 --seq 2 --spi 300 --key $KEY --mesg-id none
check_output "RFC 4285: stale timestamp (replay): 145" 0 "^BA status=145 " m6bu --hoa fec0:106:2700::52 --seq 2 --spi 300 --key $KEY --mesg-id stale
check_output "RFC 4285: a replayed MESG-ID (the same timestamp again, within the window): 145" 0 \
	"^BA status=0 seq=3 .*auth=ok\nBA status=145 seq=4 " m6bu --hoa fec0:106:2700::52 --seq 3 --spi 300 --key $KEY --replay
check_output "RFC 4285: a key is never read back" 0 "^home-addr fec0:106:2700::52 spi 300 auth 1" m6 m6ha acl show
check_output "bad checksum: no answer" 0 "^none$" m6bu --hoa fec0:106:2700::50 --seq 20 --bad-csum --timeout 1.5
check_output "unknown MH type: binding error, status 2" 0 "^BE status=2 hoa=fec0:106:2700::50$" \
	m6bu --hoa fec0:106:2700::50 --mh-type 42
check_output "home address option without a BU: binding error, status 1" 0 "^BE status=1 hoa=fec0:106:2700::54$" \
	m6bu --hoa fec0:106:2700::54 --hao-echo
check_output "lifetime expiry: a 4 s binding expires" 0 "^BA status=0 " m6bu --hoa fec0:106:2700::54 --seq 1 --lifetime 1
check "the expired binding is gone" m6_wait 10 bash -c "! ip netns exec m6ha $CELLCTL mip6 binding show fec0:106:2700::54"
sleep 0.5; kill $m6dump; wait $m6dump 2>/dev/null

# A flood of forged BUs (unknown home address): every one counted, refusals
# rate limited (at most 100 a second), the HA still serving.
m6bu --hoa fec0:106:2700::51 --seq 1 --frames-out /tmp/m6/flood.bin
m6j m6ha show >/tmp/m6/flood0.json
t0=$SECONDS
check_output "flood: 5000 forged BUs sent from the visited link" 0 "^sent 5000 frames" \
	ip netns exec m6sc "$MODEM" send --dev eth0 --frames /tmp/m6/flood.bin --count 5000
sleep 1
m6j m6ha show >/tmp/m6/flood1.json
flood_secs=$((SECONDS - t0 + 1))
m6d() { # m6d FIELD: its increase over the flood
	python3 -c "import json,sys; g=lambda f: (lambda d: d[0] if isinstance(d, list) else d)(json.load(open(f)))['$1']; print(g('/tmp/m6/flood1.json') - g('/tmp/m6/flood0.json'))"
}
bus=$(m6d bu-rcvd) nacks=$(m6d ba-nack-sent) limited=$(m6d ratelimited)
echo "flood: $bus BUs received, $nacks refusals sent, $limited rate limited in ${flood_secs}s"
check "flood: the HA saw most of them (veth and routers may drop some)" test "$bus" -ge 4000
check_eq "flood: every BU is either refused or counted as rate limited" "$bus" "$((nacks + limited))"
check "flood: at most 100 refusals a second" test "$nacks" -le $((100 * (flood_secs + 1)))
check_output "flood: the HA still registers a good BU at once" 0 "^BA status=0 " m6bu --hoa fec0:106:2700::50 --seq 30
exec 7>&- 8<&-
kill $m6bu_pid 2>/dev/null; wait $m6bu_pid 2>/dev/null
m6j m6ha show >/tmp/m6/ha.json
check_eq "counters: BUs dropped for authentication" 7 "$(json_get "$(cat /tmp/m6/ha.json)" '(d[0] if isinstance(d, list) else d)["bu-drop-auth"]')"
check_eq "counters: MH dropped for the checksum" 1 "$(json_get "$(cat /tmp/m6/ha.json)" '(d[0] if isinstance(d, list) else d)["mh-drop-checksum"]')"
check_eq "counters: unknown MH types" 1 "$(json_get "$(cat /tmp/m6/ha.json)" '(d[0] if isinstance(d, list) else d)["mh-unknown-type"]')"
check_eq "counters: DAD failures" 1 "$(json_get "$(cat /tmp/m6/ha.json)" '(d[0] if isinstance(d, list) else d)["dad-failures"]')"
check_eq "counters: HAO without BU" 1 "$(json_get "$(cat /tmp/m6/ha.json)" '(d[0] if isinstance(d, list) else d)["hao-drop"]')"
check_output "tshark decodes the HA's BAs (status 0, 135, 129, 132, 134, 145, 146 seen)" 0 \
	"^0,129,132,133,134,135,145,146$" bash -c "tshark -r /tmp/m6/ha.pcap -Y 'mip6.mhtype == 6' -T fields -e mip6.ba.status 2>/dev/null | sort -un | paste -sd,"
check_output "tshark: no malformed packet" 0 "^0$" bash -c "tshark -r /tmp/m6/ha.pcap -Y _ws.malformed 2>/dev/null | wc -l"
check_output "tshark: the BA's type 2 routing header names the home address" 0 "fec0:106:2700::52" \
	tshark -r /tmp/m6/ha.pcap -Y "mip6.mhtype == 6" -T fields -e ipv6.routing.mipv6.home_address

# --- permissions --------------------------------------------------------------
cp "$CELLCTL" /tmp/m6/cellctl
asnobody() { ip netns exec "$1" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all /tmp/m6/cellctl mip6 "${@:2}"; }
for verb in "acl add fec0:106:2700::60" "acl del fec0:106:2700::50" "prefix del fec0:106:2700::/64" \
	"binding del fec0:106:2700::4" "set max-lifetime 100" "stats reset" "del"; do
	# shellcheck disable=SC2086
	check_output "unprivileged: mip6 $verb is refused" 1 "operation not permitted" asnobody m6ha $verb
done
check_output "unprivileged: mip6 show is allowed" 0 "mode ha" asnobody m6ha show

# --- teardown with bindings active ------------------------------------------
m6_move brvisit
m6_wait 20 m6_ha_has "state active"
pkill -f 'radvd.*m6'
check "rmmod mipv6 with bindings active" rmmod mipv6
m6_cleanup
