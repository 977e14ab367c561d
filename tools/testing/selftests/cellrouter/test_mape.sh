#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MAP-E (softwire.ko, link kind mape): a CE with the v6plus parameters
# (a=4, k=8, legacy interface identifier, the shipped rules file) behind a
# BR built from upstream ip6tnl (an independent implementation), and an
# IPv4 server behind the BR.
#
#   ce  eth0 2001:db8:ffff::2/64 --- br eth0 2001:db8:ffff::1/64, BR address
#       CE address on eth0, map0          2404:9200:225:100::64 on lo
#                                     br eth1 203.0.113.254/24 --- srv 203.0.113.1
#
# End-user prefix 240b:10:af:9a00::/56: IPv4 106.72.0.175, PSID 0x9a,
# ports 6560-6575, 10656-10671, ..., 63904-63919 (240), CE address
# 240b:10:af:9a00:6a:4800:af00:9a00.
#
# Sourced by run_vm.sh.

MP_KO=$TOP/drivers/net/softwire/softwire.ko
MP_NS="mpce mpbr mpsrv"
MP_BR=2404:9200:225:100::64
MP_CE=240b:10:af:9a00:6a:4800:af00:9a00
MP_V4=106.72.0.175
MP_RULES=$TOP/tools/cellctl/examples/mape-v6plus.rules

mp_cleanup() {
	for ns in $MP_NS; do ip netns del $ns 2>/dev/null; done
	rmmod softwire 2>/dev/null
	rm -rf /tmp/mp
}
mp_cleanup
mkdir -p /tmp/mp
mp() { local ns=$1; shift; ip netns exec "$ns" "$CELLCTL" map "$@"; }
mpj() { local ns=$1; shift; ip netns exec "$ns" "$CELLCTL" --json map "$@"; }
# mp_ctr NAME: a counter of map0.
mp_ctr() { json_get "$(mpj mpce show map0)" "(d[0] if isinstance(d, list) else d)['$1']"; }

for ns in $MP_NS; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add eth0 netns mpce type veth peer name eth0 netns mpbr
ip link add eth1 netns mpbr type veth peer name eth0 netns mpsrv
ip -n mpce addr add 2001:db8:ffff::2/64 dev eth0 nodad
ip -n mpbr addr add 2001:db8:ffff::1/64 dev eth0 nodad
ip -n mpbr addr add $MP_BR/128 dev lo
ip -n mpbr addr add 203.0.113.254/24 dev eth1
ip -n mpsrv addr add 203.0.113.1/24 dev eth0
ip -n mpce link set eth0 up; ip -n mpbr link set eth0 up; ip -n mpbr link set eth1 up
ip -n mpsrv link set eth0 up
ip -n mpce -6 route add default via 2001:db8:ffff::1
ip -n mpbr -6 route add 240b:10::/32 via 2001:db8:ffff::2
ip -n mpsrv route add default via 203.0.113.254
ip netns exec mpbr sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
# The BR: upstream ip6tnl, as OpenWrt's map.sh sets one up (ipip6, no
# encapsulation limit).
insmod "$KSRC/net/ipv6/tunnel6.ko" 2>/dev/null
insmod "$KSRC/net/ipv6/ip6_tunnel.ko" 2>/dev/null
ip -n mpbr link add br0 type ip6tnl mode ipip6 local $MP_BR remote $MP_CE encaplimit none
ip -n mpbr link set br0 up
ip -n mpbr route add $MP_V4/32 dev br0

check "insmod softwire.ko" insmod "$MP_KO"
check_output "calc: the v6plus parameters of the end-user prefix (no kernel involved)" 0 \
	"ipv4-addr 106.72.0.175\npsid 154 \(0x9a\).*\nports 240 in 15 blocks of 16:\n +6560-6575 .*\n(.*\n)*ce-addr $MP_CE" \
	"$CELLCTL" map calc prefix 240b:10:af:9a00::/56 rules "$MP_RULES"
check "map add: one command with the shipped v6plus rules file" \
	mp mpce add eth0 name map0 prefix 240b:10:af:9a00::/56 iid legacy rules "$MP_RULES"
check_output "the CE address is on the WAN link" 0 "inet6 $MP_CE/128" ip -n mpce -6 addr show dev eth0
check_output "the IPv4 address is on the MAP device" 0 "inet $MP_V4/32" ip -n mpce addr show dev map0
check_output "the IPv4 default route goes through the MAP device" 0 "^default dev map0" ip -n mpce route show
check_output "map show: derived IPv4 address, PSID, ports, CE address" 0 \
	"\"ipv4-addr\":\"$MP_V4\".*\"psid\":154.*\"ports\":240" mpj mpce show map0
check_output "the kernel's YNL CLI dumps the 8 rules, one of them the BMR" 0 "^8 1$" \
	bash -c "ip netns exec mpce python3 $YNL_CLI --spec $TOP/Documentation/netlink/specs/mape.yaml \
		--schema $(ynl_schema mape) --dump rule-get --output-json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d), sum(r[\"bmr\"] for r in d))'"

# --- data path ------------------------------------------------------------
# mp_udp SPORT: from the CE's address and SPORT to the server's port 9000,
# which echoes; prints what came back (or "timeout").
ip netns exec mpsrv python3 -u -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9000))
while True:
    d, a = s.recvfrom(65535)
    print(a[1], len(d), flush=True)
    s.sendto(d, a)
' >/tmp/mp/srv.txt 2>&1 &
mp_srv=$!
mp_udp() {
	ip netns exec mpce python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("'$MP_V4'", int(sys.argv[1])))
s.settimeout(3)
s.sendto(b"x" * int(sys.argv[2]), ("203.0.113.1", 9000))
try:
    print("echo", len(s.recvfrom(4000)[0]))
except OSError:
    print("timeout")
' "$1" "${2:-100}"
}
sleep 1
check_output "UDP from a port of the set reaches the server through the BR and back" 0 "^echo 100$" mp_udp 6560
check_output "UDP from the last port of the set" 0 "^echo 100$" mp_udp 63919
# mp_in_set PORT...: whether every PORT is in the CE's set (a=4, k=8, PSID
# 0x9a: port = A(4) | 0x9a(8) | j(4), A >= 1).
mp_in_set() {
	local p
	[ $# -gt 0 ] || return 1
	for p in "$@"; do [ $(((p >> 4) & 0xff)) = $((0x9a)) ] && [ $((p >> 12)) -ge 1 ] || return 1; done
}
check_output "UDP from port 5002 (outside the set) goes out, mapped into the set" 0 "^echo 100$" mp_udp 5002
check "... the server saw it from a port of the set" mp_in_set "$(tail -n 1 /tmp/mp/srv.txt | cut -d' ' -f1)"
# What escapes conntrack (notrack) escapes the port mapping: the transmit
# check stops it.
ip netns exec mpce nft -f - <<'NFT'
table ip mpraw {
	chain out {
		type filter hook output priority raw;
		udp sport 5000 notrack
	}
}
NFT
drop0=$(mp_ctr drop-tx-port)
check_output "untracked UDP from a port outside the set does not leave" 0 "^timeout$" mp_udp 5000
check_eq "... and is counted (drop-tx-port)" $((drop0 + 1)) "$(mp_ctr drop-tx-port)"
check "the server saw no packet from port 5000" bash -c "! grep -q '^5000 ' /tmp/mp/srv.txt"
ip netns exec mpce nft delete table ip mpraw
check_output "a 1400-byte datagram goes through (MTU 1460)" 0 "^echo 1400$" mp_udp 6561 1400
check_output "ping from the CE's own address (ICMP identifier in the set)" 0 "1 received" \
	ip netns exec mpce python3 -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
s.bind(("'$MP_V4'", 0)); s.settimeout(3)
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b)); t = (t >> 16) + (t & 0xffff); t += t >> 16
    return ~t & 0xffff
m = struct.pack("!BBHHH", 8, 0, 0, 6562, 1) + b"ping"
m = m[:2] + struct.pack("!H", csum(m)) + m[4:]
s.sendto(m, ("203.0.113.1", 0))
try:
    while True:
        r = s.recv(100)
        if r[20] == 0 and struct.unpack("!H", r[24:26])[0] == 6562:
            print("1 received"); break
except OSError:
    print("0 received")
'

# --- RFC 7597 §8.1 on reception: IPv4 in IPv6 crafted in the BR's namespace
# from chosen outer sources (addresses added there), raw IPPROTO_IPIP.
# mp_inject OUTER_SRC INNER_SRC SPORT DPORT
ip -n mpbr addr add 240b:10:1:9a00:6a:4800:100:9a00/128 dev lo nodad  # the CE of 106.72.0.1 port 6560
ip -n mpbr addr add 2001:db8:dead::1/128 dev lo nodad
ip -n mpbr addr add 2404:9200:225:100::65/128 dev lo nodad
mp_inject() {
	ip netns exec mpbr python3 -c '
import socket, struct, sys
src6, src4, sport, dport = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b)); t = (t >> 16) + (t & 0xffff); t += t >> 16
    return ~t & 0xffff
udp = struct.pack("!HHHH", sport, dport, 12, 0) + b"spam"
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 socket.inet_aton(src4), socket.inet_aton("'$MP_V4'"))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 4)
s.bind((src6, 0))
s.sendto(ip + udp, ("'$MP_CE'", 0))
' "$@"
}
rx0=$(mp_ctr rx-decap) spoof0=$(mp_ctr drop-rx-spoof) port0=$(mp_ctr drop-rx-port)
mp_inject 240b:10:1:9a00:6a:4800:100:9a00 106.72.0.1 6560 6570
check_eq "from the CE an FMR maps the inner source and port to: received (mesh)" $((rx0 + 1)) "$(mp_ctr rx-decap)"
mp_inject 2001:db8:dead::1 106.72.0.1 6560 6570
check_eq "inner source of the domain from another outer source: dropped as spoofed" $((spoof0 + 1)) "$(mp_ctr drop-rx-spoof)"
mp_inject 240b:10:1:9a00:6a:4800:100:9a00 106.72.0.1 6576 6570
check_eq "an FMR peer using a port outside its own set: dropped as spoofed" $((spoof0 + 2)) "$(mp_ctr drop-rx-spoof)"
mp_inject 2404:9200:225:100::65 198.51.100.7 53 6570
check_eq "a source outside the domain from another BR address: received" $((rx0 + 2)) "$(mp_ctr rx-decap)"
mp_inject $MP_BR 198.51.100.7 53 5000
check_eq "to a port outside the set: dropped (drop-rx-port)" $((port0 + 1)) "$(mp_ctr drop-rx-port)"
check_output "the MAP device's counters show what it carried" 0 "RX: +bytes +packets.*\n +[0-9]+ +[1-9]" \
	ip -n mpce -s link show map0

# --- a LAN behind the CE: port mapping in the module -------------------------
#   mplan 192.168.1.2/24 --- lan0 192.168.1.1 mpce (CE, NAT) map0 ... BR ... mpsrv
ip netns add mplan; ip -n mplan link set lo up
MP_NS="$MP_NS mplan"
ip link add lan0 netns mpce type veth peer name eth0 netns mplan
ip -n mpce addr add 192.168.1.1/24 dev lan0; ip -n mpce link set lan0 up
ip -n mplan addr add 192.168.1.2/24 dev eth0; ip -n mplan link set eth0 up
ip -n mplan route add default via 192.168.1.1
ip netns exec mpce sysctl -qw net.ipv4.ip_forward=1
mkdir -p /tmp/mp/www; echo "hello from the IPv4 internet" >/tmp/mp/www/hello.txt
ip netns exec mpsrv python3 -m http.server --bind 203.0.113.1 --directory /tmp/mp/www 80 >/dev/null 2>&1 &
mp_http=$!
# TCP servers on 8080 and 8081 that keep every connection open and print
# each peer's port.
ip netns exec mpsrv python3 -u -c '
import socket, threading
def serve(port):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port)); s.listen(1024); conns = []
    while True:
        c, a = s.accept(); conns.append(c); print(port, a[1], flush=True)
threading.Thread(target=serve, args=(8081,), daemon=True).start()
serve(8080)
' >>/tmp/mp/tcp.txt 2>&1 &
mp_tcp=$!
# mp_conns N TIMEOUT PORT: N connections from the LAN to the server's PORT,
# all kept open; prints how many succeeded and why the others failed.
mp_conns() {
	ip netns exec mplan python3 -c '
import socket, sys, time
n, timeout, port = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
socks, ok, failed = [], 0, []
for i in range(n):
    s = socket.socket(); s.settimeout(timeout)
    try:
        s.connect(("203.0.113.1", port)); socks.append(s); ok += 1
    except socket.timeout:
        failed.append("timeout")
    except OSError as e:
        failed.append("errno %d" % e.errno)
print("ok", ok)
for f in failed:
    print("failed", f)
' "$@"
}
# mp_tcp_ports PORT FIRST COUNT: the source ports the server saw on PORT,
# lines FIRST.. of its log.
mp_tcp_ports() { awk -v p="$1" '$1 == p {print $2}' /tmp/mp/tcp.txt | tail -n +"$2" | head -n "$3"; }
sleep 1
check_output "a LAN host pings the server through the CE (identifier mapped)" 0 " 0% packet loss" \
	ip netns exec mplan ping -c 2 -W 3 203.0.113.1
check_output "a LAN host fetches a page from the server" 0 "^hello from the IPv4 internet$" \
	ip netns exec mplan curl -s -m 10 http://203.0.113.1/hello.txt
mp_lan_udp() { # mp_lan_udp SPORT SIZE: a datagram from the LAN host, its echo's size.
	ip netns exec mplan python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.1.2", int(sys.argv[1]))); s.settimeout(3)
s.sendto(b"y" * int(sys.argv[2]), ("203.0.113.1", 9000))
try:
    print("echo", len(s.recvfrom(5000)[0]))
except OSError:
    print("timeout")
' "$@"
}
check_output "UDP from the LAN and back" 0 "^echo 200$" mp_lan_udp 5003 200
mp_lan_port=$(tail -n 1 /tmp/mp/srv.txt | cut -d' ' -f1)
check "... from a port of the set" mp_in_set "$mp_lan_port"
# Fragmented UDP both ways: 3000 bytes leave the LAN in fragments, the CE
# reassembles them for conntrack and sends fragments again, their IPv4
# identifiers rewritten into its port set (RFC 7597 §8.3.3).
ip netns exec mpsrv python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(0x0800))
s.bind(("eth0", 0)); s.settimeout(8)
ids = set()
try:
    while len(ids) < 1:
        p = s.recv(4000)
        frag = struct.unpack("!H", p[6:8])[0]
        if p[9] == 17 and p[12:16] == socket.inet_aton("106.72.0.175") and (frag & 0x3fff):
            ids.add(struct.unpack("!H", p[4:6])[0])
except OSError:
    pass
print(" ".join(map(str, sorted(ids))))
' >/tmp/mp/fragids.txt 2>&1 &
mp_sniff=$!
sleep 1
check_output "fragmented UDP from the LAN, and a fragmented reply back" 0 "^echo 3000$" mp_lan_udp 5004 3000
wait $mp_sniff
check "... the fragments' IPv4 identifier is in the port set" mp_in_set $(cat /tmp/mp/fragids.txt)
# A user's masquerade rule on the MAP device changes nothing: the module
# binds first.
ip netns exec mpce nft -f - <<'NFT'
table ip usernat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "map0" masquerade
	}
}
NFT
new0=$(mp_ctr nat-new) ex0=$(mp_ctr nat-exhausted)
mp_first=$(($(awk '$1 == 8080' /tmp/mp/tcp.txt | wc -l) + 1))
check_output "240 concurrent TCP connections from the LAN to one server port; the 241st is refused at once" 0 \
	"^ok 240\nfailed errno 113$" mp_conns 241 10 8080
check_eq "... the refusal is counted (nat-exhausted)" $((ex0 + 1)) "$(mp_ctr nat-exhausted)"
check "... nat-new counted 240 connections" test "$(mp_ctr nat-new)" -ge $((new0 + 240))
check_eq "... the server saw 240 distinct source ports" 240 "$(mp_tcp_ports 8080 $mp_first 240 | sort -u | wc -l)"
check "... all of them in the port set" mp_in_set $(mp_tcp_ports 8080 $mp_first 240)
check_output "... the first 15 connections already spread over several of the 15 blocks" 0 "^([5-9]|1[0-5])$" \
	bash -c "for p in \$(awk '\$1 == 8080 {print \$2}' /tmp/mp/tcp.txt | tail -n +$mp_first | head -n 15); do echo \$((p >> 12)); done | sort -u | wc -l"
ip netns exec mpce nft delete table ip usernat
# Packet Too Big from inside the domain, about a packet the CE tunnelled for
# the LAN host's UDP flow: the path MTU to the BR drops, and the LAN host
# learns it through the CE's NAT (RFC 2473 §8.3).
# The LAN host's socket stays open for the error to reach it.
ip netns exec mplan python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.168.1.2", 5005)); s.settimeout(3)
s.sendto(b"y" * 200, ("203.0.113.1", 9000)); s.recvfrom(5000); time.sleep(8)
' &
mp_lan_sock=$!
sleep 2
mp_lan_port=$(tail -n 1 /tmp/mp/srv.txt | cut -d' ' -f1)
pmtu0=$(mp_ctr pmtu-updates) icmp0=$(mp_ctr icmp-errors)
ip netns exec mpbr python3 -c '
import socket, struct, sys
port = int(sys.argv[1])
def a6(s): return socket.inet_pton(socket.AF_INET6, s)
inner = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 1460, 7, 0x4000, 63, 17, 0,
                    socket.inet_aton("106.72.0.175"), socket.inet_aton("203.0.113.1"))
inner += struct.pack("!HHHH", port, 9000, 1440, 0) + b"z" * 1172
outer = struct.pack("!IHBB16s16s", 6 << 28, 1460, 4, 64, a6("'$MP_CE'"), a6("'$MP_BR'"))
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
s.bind(("2001:db8:ffff::1", 0))
s.sendto(struct.pack("!BBHI", 2, 0, 0, 1400) + outer + inner, ("'$MP_CE'", 0))
' "$mp_lan_port"
sleep 1
check_eq "Packet Too Big: the path MTU is learnt (pmtu-updates)" $((pmtu0 + 1)) "$(mp_ctr pmtu-updates)"
check_output "... the CE's route to the BR has MTU 1400" 0 "mtu 1400" ip -n mpce -6 route get $MP_BR
check_eq "... relayed to the IPv4 source as fragmentation needed (icmp-errors)" $((icmp0 + 1)) "$(mp_ctr icmp-errors)"
check_output "... which reached the LAN host through the NAT: its route to the server has MTU 1360" 0 "mtu 1360" \
	ip -n mplan route get 203.0.113.1
big0=$(mp_ctr drop-tx-too-big)
wait $mp_lan_sock
check "a 1400-byte ping with DF from the CE does not fit the path any more" \
	bash -c "! ip netns exec mpce ping -c 1 -W 2 -M do -s 1372 203.0.113.1"
check_eq "... refused at transmit (drop-tx-too-big)" $((big0 + 1)) "$(mp_ctr drop-tx-too-big)"
check_output "a 1300-byte ping with DF still goes" 0 " 0% packet loss" \
	ip netns exec mpce ping -c 1 -W 3 -M do -s 1272 203.0.113.1
ip -n mpce -6 route flush cache
# Deleting the device deletes the connections the module bound through it.
check "conntrack holds connections bound to the CE's address" \
	bash -c "ip netns exec mpce conntrack -L 2>/dev/null | grep -q 'dst=106.72.0.175'"
check "map del" mp mpce del map0
check_eq "... leaves no connection bound to the CE's address" 0 \
	"$(ip netns exec mpce conntrack -L 2>/dev/null | grep -c 'dst=106.72.0.175')"

# --- control: the OpenWrt way (ip6tnl, fw4 SNAT rules, one per port block) ------
# map.sh's rules with connlimit_ports, which fw4 drops: the first rule always
# matches, so one 16-port block serves every flow to a destination.
ip -n mpce -6 addr add $MP_CE/128 dev eth0 nodad
ip -n mpce link add map0 type ip6tnl mode ipip6 local $MP_CE remote $MP_BR encaplimit none dev eth0
ip -n mpce link set map0 mtu 1460 up
ip -n mpce addr add $MP_V4/32 dev map0
ip -n mpce route add default dev map0
{
	printf 'table ip fw4 {\n\tchain srcnat {\n\t\ttype nat hook postrouting priority srcnat;\n'
	for a in $(seq 1 15); do
		lo=$(((a << 12) | (0x9a << 4)))
		printf '\t\toifname "map0" meta l4proto tcp snat to %s:%d-%d\n' $MP_V4 $lo $((lo + 15))
	done
	printf '\t}\n}\n'
} | ip netns exec mpce nft -f -
check_output "control (OpenWrt fw4 rules): 16 connections to one server port, the 17th times out" 0 \
	"^ok 16\nfailed timeout$" mp_conns 17 3 8081
ip netns exec mpce nft delete table ip fw4
ip -n mpce link del map0
ip -n mpce -6 addr del $MP_CE/128 dev eth0
check "our CE again" mp mpce add eth0 name map0 prefix 240b:10:af:9a00::/56 iid legacy rules "$MP_RULES"
kill $mp_http $mp_tcp 2>/dev/null; wait $mp_http $mp_tcp 2>/dev/null

# --- our BR, two CEs sharing one IPv4 address, and an FMR peer -----------------
#   mpc1 240b:10:af:9a00::/56  106.72.0.175 PSID 0x9a  --eth1-+
#   mpc2 240b:10:af:9b00::/56  106.72.0.175 PSID 0x9b  --eth2-+- mpb (BR, IPv6 router) --eth4-- mps 203.0.113.1
#   mpc3 240b:10:1:9a00::/56   106.72.0.1   PSID 0x9a  --eth3-+
MP_NS2="mpb mpc1 mpc2 mpc3 mps"
for ns in $MP_NS2; do ip netns add $ns; ip -n $ns link set lo up; done
MP_NS="$MP_NS $MP_NS2"
ip -n mpb addr add $MP_BR/128 dev lo
ip netns exec mpb sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
i=1
for c in mpc1 mpc2 mpc3; do
	ip link add eth$i netns mpb type veth peer name eth0 netns $c
	ip -n mpb addr add 2001:db8:$i::1/64 dev eth$i nodad
	ip -n $c addr add 2001:db8:$i::2/64 dev eth0 nodad
	ip -n mpb link set eth$i up; ip -n $c link set eth0 up
	ip -n $c -6 route add default via 2001:db8:$i::1
	i=$((i + 1))
done
ip -n mpb -6 route add 240b:10:af:9a00::/56 via 2001:db8:1::2
ip -n mpb -6 route add 240b:10:af:9b00::/56 via 2001:db8:2::2
ip -n mpb -6 route add 240b:10:1:9a00::/56 via 2001:db8:3::2
ip link add eth4 netns mpb type veth peer name eth0 netns mps
ip -n mpb addr add 203.0.113.254/24 dev eth4
ip -n mps addr add 203.0.113.1/24 dev eth0
ip -n mpb link set eth4 up; ip -n mps link set eth0 up
ip -n mps route add default via 203.0.113.254
check "our BR: map add mode br with the same rules" \
	mp mpb add lo name mbr mode br br $MP_BR rules "$MP_RULES"
ip -n mpb route add 106.72.0.0/16 dev mbr
check "CE 1 (PSID 0x9a)" mp mpc1 add eth0 name map0 prefix 240b:10:af:9a00::/56 iid legacy rules "$MP_RULES"
check "CE 2 (PSID 0x9b, the same IPv4 address)" \
	mp mpc2 add eth0 name map0 prefix 240b:10:af:9b00::/56 iid legacy rules "$MP_RULES"
check "CE 3 (106.72.0.1, an FMR peer)" mp mpc3 add eth0 name map0 prefix 240b:10:1:9a00::/56 iid legacy rules "$MP_RULES"
check_output "CE 1 and CE 2 share 106.72.0.175" 0 "^106.72.0.175 106.72.0.175 154 155$" bash -c "
	a=\$(ip netns exec mpc1 $CELLCTL --json map show map0); b=\$(ip netns exec mpc2 $CELLCTL --json map show map0)
	python3 -c 'import json,sys; g=lambda s: (lambda d: d[0] if isinstance(d, list) else d)(json.loads(s)); a, b = g(sys.argv[1]), g(sys.argv[2]); print(a[\"ipv4-addr\"], b[\"ipv4-addr\"], a[\"psid\"], b[\"psid\"])' \"\$a\" \"\$b\""
ip netns exec mps python3 -u -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 9000))
while True:
    d, a = s.recvfrom(2000)
    s.sendto(d + b" for %d" % a[1], a)
' >/dev/null 2>&1 &
mp_srv2=$!
# mp_udp_from NS ADDR SPORT DST DPORT: a datagram and what comes back.
mp_udp_from() {
	ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(3)
s.sendto(b"hello", (sys.argv[3], int(sys.argv[4])))
try:
    print(s.recvfrom(100)[0].decode())
except OSError:
    print("timeout")
' "$2" "$3" "$4" "$5"
}
sleep 1
check_output "CE 1 -> server through our BR, the reply back to CE 1 (by port)" 0 "^hello for 6560$" \
	mp_udp_from mpc1 $MP_V4 6560 203.0.113.1 9000
check_output "CE 2 -> server from its own set, the reply back to CE 2" 0 "^hello for 6576$" \
	mp_udp_from mpc2 $MP_V4 6576 203.0.113.1 9000
mp_p=$(mp_udp_from mpc2 $MP_V4 6561 203.0.113.1 9000 | sed -n 's/^hello for //p')
check_eq "CE 2 sending from CE 1's port leaves from a port of its own set (PSID 0x9b)" 9b \
	"$(printf '%x' $(((${mp_p:-0} >> 4) & 0xff)))"
# CE 3 echoes on port 6565 (in its set); CE 1 reaches it straight, under
# the FMR, in the legacy format: not through the BR.
ip netns exec mpc3 python3 -u -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("106.72.0.1", 6565))
while True:
    d, a = s.recvfrom(2000)
    s.sendto(d + b" mesh", a)
' >/dev/null 2>&1 &
mp_ce3=$!
sleep 1
fmr0=$(json_get "$(mpj mpc1 show map0)" "(d[0] if isinstance(d, list) else d)['tx-fmr']")
brrx0=$(ip -n mpb -j -s link show mbr | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])')
check_output "CE 1 -> CE 3 directly (FMR mesh, legacy interface ids) and back" 0 "^hello mesh$" \
	mp_udp_from mpc1 $MP_V4 6562 106.72.0.1 6565
check_eq "... counted as sent under an FMR" $((fmr0 + 1)) \
	"$(json_get "$(mpj mpc1 show map0)" "(d[0] if isinstance(d, list) else d)['tx-fmr']")"
check_eq "... and the BR's device saw none of it" "$brrx0" \
	"$(ip -n mpb -j -s link show mbr | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])')"
spoof0=$(json_get "$(mpj mpb show mbr)" "(d[0] if isinstance(d, list) else d)['drop-rx-spoof']")
# CE 2's namespace sends, from its own CE address, a packet claiming CE 1's port.
ip netns exec mpc2 python3 -c '
import socket, struct
def csum(b):
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b)); t = (t >> 16) + (t & 0xffff); t += t >> 16
    return ~t & 0xffff
udp = struct.pack("!HHHH", 6561, 9000, 12, 0) + b"spam"
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                 socket.inet_aton("106.72.0.175"), socket.inet_aton("203.0.113.1"))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, 4)
s.bind(("240b:10:af:9b00:6a:4800:af00:9b00", 0))
s.sendto(ip + udp, ("'$MP_BR'", 0))
'
sleep 0.5
check_eq "our BR drops a CE's packet from another CE's port (drop-rx-spoof)" $((spoof0 + 1)) \
	"$(json_get "$(mpj mpb show mbr)" "(d[0] if isinstance(d, list) else d)['drop-rx-spoof']")"
kill $mp_srv2 $mp_ce3 2>/dev/null; wait $mp_srv2 $mp_ce3 2>/dev/null

# --- permissions and teardown -------------------------------------------------
cp "$CELLCTL" /tmp/mp/cellctl
mp_nobody() { ip netns exec mpce setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all /tmp/mp/cellctl map "$@"; }
check_output "unprivileged: map rule del is refused" 1 "operation not permitted" mp_nobody rule del map0 240b:10::/32
check_output "unprivileged: map del is refused" 1 "operation not permitted" mp_nobody del map0
check_output "unprivileged: map show is allowed" 0 "map0" mp_nobody show
check_output "the MAP device cannot move to another namespace" 2 "netns is immutable|Invalid argument" \
	ip -n mpce link set map0 netns mplan
check "map del: one command" mp mpce del map0
check_output "no MAP device left" 1 "map0" ip -n mpce link show map0
check "the CE address is gone from the WAN link" bash -c "! ip -n mpce -6 addr show dev eth0 | grep -q $MP_CE"
check "no IPv4 default route left" bash -c "! ip -n mpce route show | grep -q default"
kill $mp_srv 2>/dev/null; wait $mp_srv 2>/dev/null
mp mpce add eth0 name map0 prefix 240b:10:af:9a00::/56 iid legacy rules "$MP_RULES" >/dev/null
check "rmmod softwire with a device in place" rmmod softwire
mp_cleanup
