#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 6bed4 (softwire.ko, link kind 6bed4), first steps: a router serving
# 2001:db8:9:10::/64 and a peer on the same IPv4 link, driven through the
# kernel's YNL CLI (cellctl has no 6bed4 verbs yet). The peer solicits,
# gets the /114 of its UDP endpoint, puts lanip 1 of it on its device and
# pings the router's native address; a spoofed source is dropped and
# counted.
#
#   b6pe 192.0.2.2 (6bed4 peer) --- b6rt 192.0.2.1 (6bed4 router), 2001:db8:9:10::11 on lo
#
# Sourced by run_vm.sh.

B6_KO=$TOP/drivers/net/softwire/softwire.ko
B6_NS="b6rt b6pe"
b6_cleanup() {
	for ns in $B6_NS; do ip netns del $ns 2>/dev/null; done
	rmmod softwire 2>/dev/null
	rm -rf /tmp/b6
}
b6_cleanup
for ns in $B6_NS; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add eth0 netns b6rt type veth peer name eth0 netns b6pe
ip -n b6rt addr add 192.0.2.1/24 dev eth0
ip -n b6pe addr add 192.0.2.2/24 dev eth0
ip -n b6rt link set eth0 up; ip -n b6pe link set eth0 up
ip -n b6rt addr add 2001:db8:9:10::11/128 dev lo
ip netns exec b6rt sysctl -qw net.ipv6.conf.all.forwarding=1
b6() { local ns=$1; shift; ip netns exec "$ns" python3 "$KSRC/tools/net/ynl/cli.py" \
	--spec "$TOP/Documentation/netlink/specs/sixbed4.yaml" --schema "$(ynl_schema sixbed4)" "$@"; }
b6get() { # b6get NS DEV KEY
	b6 "$1" --do dev-get --json "{\"ifname\": \"$2\"}" --output-json |
		python3 -c "import json,sys; print(json.load(sys.stdin).get('$3'))"
}

# softwire.ko needs tunnel6.ko (MAP-E's IPv4-in-IPv6 chain).
insmod "$KSRC/net/ipv6/tunnel6.ko" 2>/dev/null
check "insmod softwire.ko (MAP-E and 6bed4)" insmod "$B6_KO"
check "router: dev-new role router prefix 2001:db8:9:10::/64" \
	b6 b6rt --do dev-new --json '{"ifname": "b6r", "role": "router", "prefix": "20010db8000900100000000000000000"}'
ip -n b6rt -6 route add 2001:db8:9:10::/64 dev b6r
check_output "the router's socket listens on UDP 25790" 0 ":25790 " ip netns exec b6rt ss -uln
check "peer: dev-new role peer router-addr 192.0.2.1 local-port 50000" \
	b6 b6pe --do dev-new --json '{"ifname": "b6p", "role": "peer", "router-addr": "c0000201", "local-port": 50000}'
# 192.0.2.2 port 50000 (0xc350): 2001:db8:9:10:c000:202:c350:1 (lanip 1)
B6_ADDR=2001:db8:9:10:c000:202:c350:1
for _ in $(seq 50); do ip -n b6pe -6 addr show dev b6p | grep -q "$B6_ADDR" && break; sleep 0.1; done
check_output "the peer solicited and put lanip 1 of its /114 on its device" 0 "inet6 $B6_ADDR/114" \
	ip -n b6pe -6 addr show dev b6p
check_eq "the router answered a solicitation" 1 "$(b6get b6rt b6r rs-rcvd)"
ip -n b6pe -6 route add default dev b6p
check_output "the peer pings the router's native address through 6bed4" 0 " 0% packet loss" \
	ip netns exec b6pe ping -c 2 -W 3 2001:db8:9:10::11
# A datagram from the peer's namespace, from UDP port 50002, whose source
# claims port 50000.
spoof0=$(b6get b6rt b6r drop-spoof-port)
ip netns exec b6pe python3 -c '
import socket, struct
def a6(s): return socket.inet_pton(socket.AF_INET6, s)
pkt = struct.pack("!IHBB16s16s", 6 << 28, 8, 17, 64, a6("2001:db8:9:10:c000:202:c350:1"), a6("2001:db8:9:10::11"))
pkt += struct.pack("!HHHH", 1, 2, 8, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 50002))
s.sendto(pkt, ("192.0.2.1", 25790))
'
sleep 0.5
check_eq "a source whose port word is not the UDP port is dropped (drop-spoof-port)" \
	$((spoof0 + 1)) "$(b6get b6rt b6r drop-spoof-port)"
# The YNL CLI where an unprivileged user can read it.
rm -rf /tmp/b6; mkdir -p /tmp/b6
cp -r "$KSRC/tools/net/ynl" /tmp/b6/ynl
cp "$TOP/Documentation/netlink/specs/sixbed4.yaml" "$(ynl_schema sixbed4)" /tmp/b6/
chmod -R a+rX /tmp/b6
check_output "unprivileged: dev-del is refused" 1 "Operation not permitted|error: -1" \
	ip netns exec b6pe setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	python3 /tmp/b6/ynl/cli.py --spec /tmp/b6/sixbed4.yaml --schema /tmp/b6/genetlink-legacy.yaml \
	--do dev-del --json '{"ifname": "b6p"}'
check "... and the device is still there" ip -n b6pe link show b6p
check "rmmod softwire with a router and a peer in place" rmmod softwire
check_output "no 6bed4 device left" 1 "b6p" ip -n b6pe link show b6p
b6_cleanup
