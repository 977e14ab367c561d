#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 6bed4 (softwire.ko, link kind 6bed4) in the seed-004 layout, driven
# through the kernel's YNL CLI and cellctl:
#
#            b6nh 2001:db8:ffff::2 (native IPv6 host)
#              |
#   b6up: upstream router, 2001:db8:9:10::1/64 on-link on br0 (it does not
#         route the /64: the 6bed4 router answers ND for its peers),
#         ::30 routed via ::11; IPv4 198.51.100.254 on br0
#              | br0 (one segment: IPv4 "internet" and the /64)
#   +----------+--------------------------+--------------------------+
#   b6rt 198.51.100.1, .3         b6n1 198.51.100.11            b6n2 198.51.100.12
#   6bed4 router b6r,             masquerade to a port range    masquerade
#   2001:db8:9:10::/64,           (40000-49999),                (port kept)
#   ::11/128 on eth0,             drops unsolicited input       drops unsolicited input
#   ::30/112 on dum0                |                             |
#                                 b6p1 10.1.0.2 peer b6p        b6p2 10.2.0.2 peer b6p
#
# Peers reach the native host, the router's own servers and each other
# (straight through the NATs once both have sent: hole punching), over
# ping and TCP both ways; a NAT mapping change is followed; spoofed and
# malformed input is dropped and counted; proxy ND answers for peers and
# not for port-word-0 addresses.
#
# Sourced by run_vm.sh.

B6_KO=$TOP/drivers/net/softwire/softwire.ko
B6_NS="b6up b6rt b6nh b6n1 b6n2 b6p1 b6p2"
B6_SPEC=$TOP/Documentation/netlink/specs/sixbed4.yaml
B6_DIR=/tmp/b6
b6_cleanup() {
	for ns in $B6_NS; do ip netns del $ns 2>/dev/null; done
	rmmod softwire 2>/dev/null
	rm -rf $B6_DIR
}
b6_cleanup
mkdir -p $B6_DIR
for ns in $B6_NS; do ip netns add $ns; ip -n $ns link set lo up; done
b6() { local ns=$1; shift; ip netns exec "$ns" python3 "$YNL_CLI" \
	--spec "$B6_SPEC" --schema "$(ynl_schema sixbed4)" "$@"; }
b6get() { # b6get NS DEV KEY: one attribute of dev-get (cellctl: quicker than
	# the YNL CLI under TCG, which creates, lists and checks the rest)
	ip netns exec "$1" "$CELLCTL" --json 6bed4 show "$2" |
		python3 -c "import json,sys; d=json.load(sys.stdin); print((d[0] if isinstance(d, list) else d).get('$3'))"
}
b6addr() { # b6addr NS: the peer's address (lanip 1), or None
	b6get "$1" b6p address | python3 -c '
import ipaddress, sys
s = sys.stdin.read().strip()
print(s if s == "None" else ipaddress.ip_address(s if ":" in s else bytes.fromhex(s)))'
}
# The endpoint a 6bed4 address embeds ("IPv4:port").
b6ep() { python3 -c '
import ipaddress, sys
a = ipaddress.ip_address(sys.argv[1]).packed
print("%d.%d.%d.%d:%d" % ((a[8] & 0xfc) | (a[14] >> 6), a[9], a[10], a[11], a[12] << 8 | a[13]))' "$1"; }
b6wait() { # b6wait SECONDS CMD...: retries CMD every 0.1 s
	local end=$(($(date +%s%N) + $1 * 1000000000)); shift
	until "$@" >/dev/null 2>&1; do [ "$(date +%s%N)" -lt $end ] || return 1; sleep 0.1; done
}
ctr6() { ip -n "$1" -j -s link show "$2" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']$3)"; }

# The public segment and the upstream router.
ip -n b6up link add br0 type bridge mcast_snooping 0
for l in "b6rt eth0 rt" "b6n1 wan n1" "b6n2 wan n2"; do
	set -- $l
	ip link add "$2" netns "$1" type veth peer name "$3" netns b6up
	ip -n b6up link set "$3" master br0 up
	ip -n "$1" link set "$2" up
done
ip link add eth0 netns b6nh type veth peer name nh netns b6up
ip -n b6up link set br0 up; ip -n b6up link set nh up; ip -n b6nh link set eth0 up
ip netns exec b6up sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv4.ip_forward=1
ip -n b6up addr add 198.51.100.254/24 dev br0
ip -n b6up addr add 2001:db8:9:10::1/64 dev br0 nodad
ip -n b6up addr add 2001:db8:ffff::1/64 dev nh nodad
ip -n b6nh addr add 2001:db8:ffff::2/64 dev eth0 nodad
ip -n b6nh -6 route add default via 2001:db8:ffff::1

# The 6bed4 router's host (seed 004): ::11/128 on the uplink, ::30 on a
# dummy /112, the rest of the /64 to 6bed4.
ip -n b6rt addr add 198.51.100.1/24 dev eth0
# A second address, which peer 2 uses: the router answers each peer from
# the address it sends to, not from the one its route would pick (.1).
ip -n b6rt addr add 198.51.100.3/24 dev eth0
ip -n b6rt addr add 2001:db8:9:10::11/128 dev eth0 nodad
ip -n b6rt -6 route add default via 2001:db8:9:10::1 dev eth0 onlink
ip -n b6rt link add dum0 type dummy
ip -n b6rt addr add 2001:db8:9:10::30/112 dev dum0 nodad
ip -n b6rt link set dum0 up
ip netns exec b6rt sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n b6up -6 route add 2001:db8:9:10::30/128 via 2001:db8:9:10::11 dev br0

# Home routers: nft masquerade (into a port range on n1, as CGNATs and
# some home routers do: the mapping changes when its state goes; keeping
# the port on n2), and no unsolicited input from the internet, as home
# routers do.
b6_nat() { # b6_nat NS LANNET SNAT-STATEMENT
	ip -n "$1" addr add "$2.1/24" dev lan 2>/dev/null
	ip netns exec "$1" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$1" nft -f - <<NFT
table ip home {
	chain post {
		type nat hook postrouting priority srcnat; policy accept;
		$3
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		ct state established,related accept
		iifname "wan" drop
	}
	chain input {
		type filter hook input priority filter; policy accept;
		ct state established,related accept
		iifname "wan" drop
	}
}
NFT
}
for i in 1 2; do
	ip link add lan netns b6n$i type veth peer name eth0 netns b6p$i
	ip -n b6n$i link set lan up; ip -n b6p$i link set eth0 up
	ip -n b6n$i addr add 198.51.100.1$i/24 dev wan
	ip -n b6p$i addr add 10.$i.0.2/24 dev eth0
	ip -n b6p$i route add default via 10.$i.0.1
done
b6_nat b6n1 10.1.0 'oifname "wan" meta l4proto { tcp, udp } masquerade to :40000-49999
		oifname "wan" masquerade'
b6_nat b6n2 10.2.0 'oifname "wan" masquerade'

# softwire.ko needs tunnel6.ko (MAP-E's IPv4-in-IPv6 chain).
insmod "$KSRC/net/ipv6/tunnel6.ko" 2>/dev/null
check "insmod softwire.ko (MAP-E and 6bed4)" insmod "$B6_KO"
# Events of the router's namespace: 2 new peers, 1 change, 1 gone.
ip netns exec b6rt python3 "$HERE/ynl_listen.py" "$KSRC" "$B6_SPEC" events 4 900 \
	>$B6_DIR/events.txt 2>&1 &
b6lst=$!
b6wait 10 grep -q ready $B6_DIR/events.txt
check "router: dev-new role router prefix 2001:db8:9:10::/64 uplink eth0 keepalive 3" \
	b6 b6rt --do dev-new --json '{"ifname": "b6r", "role": "router",
		"prefix": "'"$(ynl_ip 2001:db8:9:10::)"'", "uplink-name": "eth0", "keepalive": 3}'
ip -n b6rt -6 route add 2001:db8:9:10::/64 dev b6r
check_output "the router's socket listens on UDP 25790" 0 ":25790 " ip netns exec b6rt ss -uln
check "peer 1 (YNL CLI): dev-new role peer router-addr 198.51.100.1 local-port 50000 keepalive 2" \
	b6 b6p1 --do dev-new --json '{"ifname": "b6p", "role": "peer",
		"router-addr": "'"$(ynl_ip 198.51.100.1)"'", "local-port": 50000, "keepalive": 2}'
ip -n b6p1 -6 route add default dev b6p
check "peer 2 (cellctl): 6bed4 peer add b6p router 198.51.100.3 port 50002 keepalive 2" \
	ip netns exec b6p2 "$CELLCTL" 6bed4 peer add b6p router 198.51.100.3 port 50002 keepalive 2
check_output "... which also put the default route on the device" 0 "^default dev b6p .*metric 1042" \
	ip -n b6p2 -6 route show default
b6wait 10 sh -c "[ \"\$(ip -n b6p1 -6 -o addr show dev b6p scope global)\" ] &&
	[ \"\$(ip -n b6p2 -6 -o addr show dev b6p scope global)\" ]"
P1=$(b6addr b6p1); P2=$(b6addr b6p2)
echo "# peer addresses: $P1 ($(b6ep "$P1")), $P2 ($(b6ep "$P2"))"
check_output "peer 1 took lanip 1 of the /114 of its NAT's public endpoint (198.51.100.11, port 40000-49999)" \
	0 "^198\.51\.100\.11:4[0-9]{4}$" b6ep "$P1"
check_output "... and has it on its device as a /114" 0 "inet6 $P1/114" ip -n b6p1 -6 addr show dev b6p
check_eq "peer 2's address embeds 198.51.100.12:50002 (masquerade kept the port)" \
	"198.51.100.12:50002" "$(b6ep "$P2")"
b6peers() { # the router's peers as "N peers IPv4:port ..." (peer-get dump)
	b6 b6rt --dump peer-get --output-json | python3 -c '
import ipaddress, json, sys
d = json.load(sys.stdin)
ip = lambda v: str(v) if "." in str(v) else str(ipaddress.ip_address(bytes.fromhex(v)))
print(len(d), "peers", *sorted("%s:%d" % (ip(p["ipv4"]), p["port"]) for p in d))'
}
check_output "the router lists both peers with their endpoints (peer-get dump)" 0 \
	"^2 peers 198\.51\.100\.11:4[0-9]{4} 198\.51\.100\.12:50002$" b6peers
check_eq "router: dev-get counts 2 peers" 2 "$(b6get b6rt b6r peers)"
check "YNL CLI dev-get: the router answered both peers' solicitations (rs-rcvd >= 2)" \
	test "$(b6 b6rt --do dev-get --json '{"ifname": "b6r"}' --output-json |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["rs-rcvd"])')" -ge 2
check_output "cellctl 6bed4 peers lists them with their /114s" 0 \
	"^b6r +2001:db8:9:10:c433:640c:c352:8000/114 +198\.51\.100\.12:50002 " \
	ip netns exec b6rt "$CELLCTL" 6bed4 peers
check_output "cellctl --json 6bed4 show b6p: peer 2's address" 0 "\"address\": ?\"$P2\"" \
	ip netns exec b6p2 "$CELLCTL" --json 6bed4 show b6p
check_output "cellctl 6bed4 decode: the endpoint and lanip of peer 2's address" 0 \
	"198\.51\.100\.12(.|\n)*50002(.|\n)*lanip 1" "$CELLCTL" 6bed4 decode "$P2"

# Native IPv6 both ways. The upstream treats the /64 as on-link: it
# resolves the peers' addresses by ND on br0, which the router answers.
check_output "peer 1 pings the native host 2001:db8:ffff::2" 0 " 0% packet loss" \
	ip netns exec b6p1 ping -c 3 -W 3 2001:db8:ffff::2
check_output "the native host pings peer 1 (through its NAT's mapping)" 0 " 0% packet loss" \
	ip netns exec b6nh ping -c 3 -W 3 "$P1"
check_output "proxy ND: the upstream resolved peer 1 to the router's uplink address" 0 \
	"lladdr $(mac_of b6rt eth0)" ip -n b6up -6 neigh show "$P1"
na0=$(b6get b6rt b6r proxy-na)
check "proxy ND: the router answered (proxy-na > 0)" test "$na0" -gt 0
check_output "peer 2 pings the router's own ::11 (/128 on the uplink)" 0 " 0% packet loss" \
	ip netns exec b6p2 ping -c 2 -W 3 2001:db8:9:10::11
check_output "peer 2 pings the router's ::30 (/112 on a dummy device)" 0 " 0% packet loss" \
	ip netns exec b6p2 ping -c 2 -W 3 2001:db8:9:10::30
check_output "the native host reaches ::30 (routed by the upstream via ::11)" 0 " 0% packet loss" \
	ip netns exec b6nh ping -c 2 -W 3 2001:db8:9:10::30
ip netns exec b6up ping -c 2 -W 1 2001:db8:9:10::99 >/dev/null 2>&1
check_eq "proxy ND does not answer for a port-word-0 address (::99: no answer, proxy-na unchanged)" \
	"$na0" "$(b6get b6rt b6r proxy-na)"
check_fail "... and the upstream has no link-layer address for it" \
	sh -c "ip -n b6up -6 neigh show 2001:db8:9:10::99 | grep -q lladdr"

# TCP both ways (tcp_stream.py: 1 KiB every 20 ms).
b6_tcp() { # b6_tcp SERVER-NS ADDR CLIENT-NS PORT
	ip netns exec "$1" timeout 20 python3 "$HERE/tcp_stream.py" serve "$2" "$4" >$B6_DIR/rx.txt 2>&1 &
	local srv=$!
	b6wait 5 sh -c "ip netns exec $1 ss -tln | grep -q ':$4 '"
	ip netns exec "$3" python3 "$HERE/tcp_stream.py" send "$2" "$4" 2 >$B6_DIR/tx.txt 2>&1
	local rc=$?
	wait $srv
	[ $rc = 0 ] && [ -s $B6_DIR/tx.txt ] && [ "$(cat $B6_DIR/tx.txt)" = "$(cat $B6_DIR/rx.txt)" ] &&
		[ "$(cat $B6_DIR/rx.txt)" -gt 50000 ]
}
check "TCP from peer 1 to the native host: every byte arrives" b6_tcp b6nh 2001:db8:ffff::2 b6p1 5001
check "TCP from the native host to peer 1: every byte arrives" b6_tcp b6p1 "$P1" b6nh 5002

# Peer to peer. The first packets go through the router; each side then
# probes the other straight, and once both have sent, the NATs let the
# answers in and the traffic goes straight.
check_output "peer 1 pings peer 2" 0 " 0% packet loss" ip netns exec b6p1 ping -c 3 -W 3 "$P2"
check_output "peer 2 pings peer 1" 0 " 0% packet loss" ip netns exec b6p2 ping -c 3 -W 3 "$P1"
check "both peers probed each other straight (probes-sent)" \
	test "$(b6get b6p1 b6p probes-sent)" -gt 0 -a "$(b6get b6p2 b6p probes-sent)" -gt 0
# (A path not heard from for DIRECT_TIMEOUT, 15 s, is probed again: the
# counter reads above take that long under TCG, so first a warm-up.)
ip netns exec b6p1 ping -c 2 -i 0.5 -W 3 "$P2" >/dev/null
rx0=$(ctr6 b6rt b6r "['rx']['packets']")
d0=$(b6get b6p1 b6p tx-direct)
e0=$(b6get b6p2 b6p rx-direct)
check_output "peer 1 pings peer 2 again" 0 " 0% packet loss" ip netns exec b6p1 ping -c 10 -i 0.2 -W 3 "$P2"
check "... straight, not through the router (tx-direct +10 on peer 1, rx-direct +10 on peer 2)" \
	test "$(b6get b6p1 b6p tx-direct)" -ge $((d0 + 10)) -a "$(b6get b6p2 b6p rx-direct)" -ge $((e0 + 10))
check_eq "... and the router's device received none of it" "$rx0" "$(ctr6 b6rt b6r "['rx']['packets']")"
check "TCP from peer 1 to peer 2: every byte arrives" b6_tcp b6p2 "$P2" b6p1 5003
check "TCP from peer 2 to peer 1: every byte arrives" b6_tcp b6p1 "$P1" b6p2 5004

# A NAT mapping change: n1 loses its state and maps peer 1 to another
# port. The next packet peer 1 sends carries its old address from the new
# endpoint: the router drops it and advertises the new /114, the peer
# takes it, and traffic resumes.
ip netns exec b6p1 ping -i 0.2 -W 1 2001:db8:ffff::2 >/dev/null 2>&1 &
b6ping=$!
sleep 1
t0=$(date +%s%N)
ip netns exec b6n1 conntrack -F >/dev/null 2>&1
b6wait 20 sh -c "[ \"\$(ip -n b6p1 -6 -o addr show dev b6p scope global | grep -v '$P1/')\" ]"
t1=$(date +%s%N)
kill $b6ping 2>/dev/null; wait $b6ping 2>/dev/null
P1B=$(b6addr b6p1)
# One echo request every 0.2 s until the first reply.
ip netns exec b6p1 ping -c 1 -i 0.2 -w 20 2001:db8:ffff::2 >/dev/null
t2=$(date +%s%N)
echo "# mapping change: new address $P1B ($(b6ep "$P1B")) after $(((t1 - t0) / 1000000)) ms, traffic back after $(((t2 - t0) / 1000000)) ms"
check "peer 1 took a new address after the mapping change" test "$P1B" != "$P1" -a "$P1B" != None
check_output "... embedding the new endpoint (198.51.100.11, another port)" 0 "^198\.51\.100\.11:" b6ep "$P1B"
check_fail "... and only that one on its device (the old one went)" \
	sh -c "ip -n b6p1 -6 addr show dev b6p | grep -q '$P1/'"
check_eq "... address-changes 2 (the first address, the new one)" 2 "$(b6get b6p1 b6p address-changes)"
check "the router sent an unsolicited RA (ra-unsolicited > 0)" test "$(b6get b6rt b6r ra-unsolicited)" -gt 0
check_output "peer 1 pings the native host from its new address" 0 " 0% packet loss" \
	ip netns exec b6p1 ping -c 2 -W 3 2001:db8:ffff::2
check_output "... and peer 2 reaches it at its new address" 0 " 0% packet loss" \
	ip netns exec b6p2 ping -c 2 -W 3 "$P1B"

# The old endpoint ages out (3 x keepalive 3 s).
wait $b6lst
ev=$B6_DIR/events.txt
evq() { python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print(" ".join(e["name"] for e in d))' "$ev"; }
check_output "events: two peers appeared, one changed mapping, one went" 0 \
	"^peer-new-ntf peer-new-ntf peer-change-ntf peer-del-ntf$" evq
check_output "... the change event names the old endpoint" 0 "old-port" grep -o "old-port" "$ev"
check_eq "... and the router lists peer 1's new endpoint and peer 2 (2 peers)" 2 "$(b6get b6rt b6r peers)"

# Bad input, from the upstream's public address (no NAT): each dropped
# and counted by its own counter. (A spoofed source of the /64 looks like
# a changed mapping to the router, which says so in an event: after the
# event check above.)
b6send() { # b6send HEX-PAYLOAD [SPORT]: one datagram to the router
	ip netns exec b6up python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("198.51.100.254", int(sys.argv[2])))
s.sendto(bytes.fromhex(sys.argv[1]), ("198.51.100.1", 25790))' "$1" "${2:-50010}"
	sleep 0.3
}
# b6pkt SRC DST [HOPLIMIT [NEXTHDR [PAYLOAD-HEX]]]: an IPv6 packet, hex.
b6pkt() { python3 -c '
import ipaddress, struct, sys
src, dst = (ipaddress.ip_address(a).packed for a in sys.argv[1:3])
hl = int(sys.argv[3]) if len(sys.argv) > 3 else 64
nh = int(sys.argv[4]) if len(sys.argv) > 4 else 17
pl = bytes.fromhex(sys.argv[5]) if len(sys.argv) > 5 else struct.pack("!HHHH", 1, 9, 8, 0)
print((struct.pack("!IHBB", 6 << 28, len(pl), nh, hl) + src + dst + pl).hex())' "$@"; }
# 198.51.100.254 port 50010 (0xc35a): c6 & fc = c4, 33 64 fe, c35a, (c6 & 3) << 6 = 80.
UP=2001:db8:9:10:c433:64fe:c35a:8001
for t in "drop-spoof-port|a source whose port word is not the UDP source port|$(b6pkt $UP 2001:db8:ffff::2)|50012" \
	"drop-spoof-ipv4|a source whose embedded IPv4 is not the UDP source address|$(b6pkt 2001:db8:9:10:c433:64fd:c35a:8001 2001:db8:ffff::2)|50010" \
	"drop-spoof-prefix|a source outside the router's /64|$(b6pkt 2001:db8:9:11:c433:64fe:c35a:8001 2001:db8:ffff::2)|50010" \
	"drop-malformed|a datagram of 10 bytes|00112233445566778899|50010" \
	"drop-malformed|40 bytes that are not IPv6 (version 4)|$(b6pkt $UP 2001:db8:ffff::2 | sed 's/^6/4/')|50010" \
	"drop-malformed|an IPv6 payload length that does not match the datagram|$(b6pkt $UP 2001:db8:ffff::2)00|50010" \
	"drop-multicast|a multicast destination|$(b6pkt $UP ff02::1)|50010" \
	"drop-nd|a neighbour solicitation with hop limit 64|$(b6pkt $UP 2001:db8:9:10::11 64 58 870000000000000020010db8000900100000000000000011)|50010"; do
	IFS='|' read -r key what hex port <<<"$t"
	v0=$(b6get b6rt b6r $key)
	b6send "$hex" "$port"
	check_eq "$what: dropped and counted ($key +1)" $((v0 + 1)) "$(b6get b6rt b6r $key)"
done
n0=$(b6get b6rt b6r peers)
check_eq "keepalives from an unknown endpoint do not make a peer" "$n0" \
	"$(b6send '' 50020; b6get b6rt b6r peers)"
# Too big for the native side (1500): the router answers Packet Too Big;
# hop limit 1: Time Exceeded (the reference stays silent on both).
ptb0=$(ip netns exec b6rt nstat -az Icmp6OutPktTooBigs | awk '/Icmp6/ {print $2}')
b6send "$(b6pkt $UP 2001:db8:ffff::2 64 17 "$(python3 -c 'import struct; print((struct.pack("!HHHH", 1, 9, 1608, 0) + bytes(1600)).hex())')")"
check "a 1648-byte packet for the native side is answered with Packet Too Big" \
	test "$(ip netns exec b6rt nstat -az Icmp6OutPktTooBigs | awk '/Icmp6/ {print $2}')" -gt "${ptb0:-0}"
te0=$(ip netns exec b6rt nstat -az Icmp6OutTimeExcds | awk '/Icmp6/ {print $2}')
b6send "$(b6pkt $UP 2001:db8:ffff::2 1)"
check "hop limit 1 is answered with Time Exceeded" \
	test "$(ip netns exec b6rt nstat -az Icmp6OutTimeExcds | awk '/Icmp6/ {print $2}')" -gt "${te0:-0}"
check_output "the router still forwards after all that" 0 " 0% packet loss" \
	ip netns exec b6p1 ping -c 1 -W 3 2001:db8:ffff::2

# The YNL CLI where an unprivileged user can read it.
mkdir -p $B6_DIR/ro
cp -r "$(dirname "$YNL_CLI")" $B6_DIR/ro/ynl
cp "$B6_SPEC" "$(ynl_schema sixbed4)" $B6_DIR/ro/
chmod -R a+rX $B6_DIR
check_output "unprivileged: dev-del is refused" 1 "Operation not permitted|error: -1" \
	ip netns exec b6p1 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	python3 $B6_DIR/ro/ynl/cli.py --spec $B6_DIR/ro/sixbed4.yaml --schema $B6_DIR/ro/genetlink-legacy.yaml \
	--do dev-del --json '{"ifname": "b6p"}'
check "... and the device is still there" ip -n b6p1 link show b6p
check "rmmod softwire with a router and two peers active" rmmod softwire
check_output "no 6bed4 device left" 1 "b6p" ip -n b6p1 link show b6p
b6_cleanup
