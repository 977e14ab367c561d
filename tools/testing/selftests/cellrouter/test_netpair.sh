#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netpair sample module: load, create pairs over generic netlink, move
# packets between two network namespaces, read the counters with cellctl
# (text and JSON) and with the kernel's YNL CLI, permissions, bad input,
# deletion paths, unload with devices present. Sourced by run_vm.sh.

NP_KO=$TOP/samples/netpair/netpair.ko
A=npa B=npb

np_cleanup() {
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	rmmod netpair 2>/dev/null
}
np_cleanup

check_output "cellctl says when the module is not loaded" 2 \
	"family 'netpair' not found: is the netpair module loaded" "$CELLCTL" netpair show
check "insmod netpair.ko" insmod "$NP_KO"
check_output "dump with no device is empty" 0 "^$" "$CELLCTL" netpair show
check_output "create a pair" 0 '^created np0: ifindex [0-9]+ peer np1 \(ifindex [0-9]+\)$' \
	"$CELLCTL" netpair add np0 peer np1
check_output "ip -d link shows the netpair kind" 0 "netpair" ip -d link show np0
check_output "a taken name is refused with a clear message" 1 "File exists.*a device with that name exists" \
	"$CELLCTL" netpair add np0 peer np9
check_output "an invalid name is refused" 1 "invalid device name" "$CELLCTL" netpair add 'bad/name' peer np9
check_output "a too long name is a usage error" 2 "" "$CELLCTL" netpair add abcdefghijklmnopq
check_output "ip link add for the kind points to the family" 2 "generic netlink family" \
	ip link add npx type netpair
check_output "no stray device after refused requests" 0 '^$' \
	bash -c "ip -o link show | grep -E 'np9|npx'; true"

# Two namespaces, one end in each, static neighbours and no IPv6 so that the
# only traffic is what the test sends.
ip netns add $A; ip netns add $B
ip link set np0 netns $A; ip link set np1 netns $B
for ns in $A $B; do ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
ip -n $A addr add 10.99.0.1/24 dev np0; ip -n $B addr add 10.99.0.2/24 dev np1
ip -n $A neigh add 10.99.0.2 lladdr "$(mac_of $B np1)" dev np0 nud permanent
ip -n $B neigh add 10.99.0.1 lladdr "$(mac_of $A np0)" dev np1 nud permanent
ip -n $A link set np0 up; ip -n $B link set np1 up; ip -n $A link set lo up; ip -n $B link set lo up
check_output "the pair is gone from the creating namespace" 0 '^$' "$CELLCTL" netpair show
check_output "carrier is up on both ends" 0 "LOWER_UP" ip -n $A link show np0

check "ping crosses the pair between namespaces" ip netns exec $A ping -c 5 -i 0.2 -W 2 10.99.0.2
# 5 echo requests and 5 replies of 98 bytes (Ethernet 14 + IPv4 20 + ICMP 64).
check_output "cellctl shows the counters of the packets sent (text)" 0 \
	'^np0: ifindex [0-9]+ peer np1 \(ifindex [0-9]+\)
  rx: 5 packets, 490 bytes
  tx: 5 packets, 490 bytes, 0 dropped$' ip netns exec $A "$CELLCTL" netpair show np0
js=$(ip netns exec $B "$CELLCTL" --json netpair show)
check_eq "cellctl --json: one device in the peer namespace" 1 "$(json_get "$js" 'len(d)')"
check_eq "cellctl --json: counters of np1" "np1 5 490 5 490 0" \
	"$(json_get "$js" '" ".join(str(d[0][k]) for k in ["name","rx-packets","rx-bytes","tx-packets","tx-bytes","tx-dropped"])')"
st=$(ip -n $A -j -s link show np0)
check_eq "ip -s link (ndo_get_stats64) agrees" "5 490 5 490" \
	"$(json_get "$st" '" ".join(str(d[0]["stats64"][x][y]) for x in ["rx","tx"] for y in ["packets","bytes"])')"
y=$(ip netns exec $A python3 "$YNL_CLI" --output-json \
	--spec "$TOP/Documentation/netlink/specs/netpair.yaml" \
	--schema "$(ynl_schema netpair)" --dump dev-get 2>&1)
check_eq "the kernel's YNL CLI reads the same counters" "np0 np1 5 490 5 490" \
	"$(json_get "$y" '" ".join(str(d[0][k]) for k in ["name","peer-name","rx-packets","rx-bytes","tx-packets","tx-bytes"])' 2>&1)"

# TCP: 1 MiB one way through the pair.
ip netns exec $B socat -u TCP-LISTEN:5001,reuseaddr OPEN:/dev/null &
sleep 0.5
check "TCP: 1 MiB crosses the pair" ip netns exec $A bash -c \
	"head -c 1048576 /dev/zero | socat -u STDIN TCP:10.99.0.2:5001"
wait
js=$(ip netns exec $A "$CELLCTL" --json netpair show np0)
check "TCP: np0 counted more than 1 MiB sent" \
	python3 -c "import json,sys; d=json.loads(sys.argv[1])[0]; sys.exit(0 if d['tx-bytes'] > 1048576 else 1)" "$js"

# Permissions: reading is open to all, changing needs CAP_NET_ADMIN.
cp "$CELLCTL" /tmp/cellctl && chmod 755 /tmp/cellctl
asnobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
check_output "an unprivileged user gets a clear EPERM on add" 1 \
	"netpair dev-new: operation not permitted \(CAP_NET_ADMIN required\)" asnobody /tmp/cellctl netpair add
check_output "an unprivileged user gets a clear EPERM on del" 1 \
	"operation not permitted" ip netns exec $A setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all /tmp/cellctl netpair del np0
check_output "CAP_NET_ADMIN over one's own namespace is enough (user namespace)" 0 \
	'^created np0: ifindex [0-9]+ peer np1' asnobody unshare -Urn /tmp/cellctl netpair add
check_output "an unprivileged user may read counters" 0 "rx: [0-9]+ packets" \
	ip netns exec $A setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all /tmp/cellctl netpair show np0

# Errors from the kernel carry their reason.
check_output "unknown device: ENODEV with the reason" 1 "No such device.*no netpair device" \
	"$CELLCTL" netpair show np0
check_output "ynl: dev-del without a device names the missing attribute" 1 "ifindex or name required|Invalid argument" \
	ynl netpair --do dev-del --json '{}'
check_output "ynl: ifindex 0 fails the policy" 1 "Invalid argument|out of range|range" \
	ynl netpair --do dev-get --json '{"ifindex": 0}'

# Events on the multicast group, in the namespace of the device.
"$CELLCTL" --json netpair monitor --count 6 >/tmp/np-events.json 2>&1 &
mon=$!
sleep 1
"$CELLCTL" netpair add np2 peer np3 >/dev/null
"$CELLCTL" netpair add np4 peer np5 >/dev/null
"$CELLCTL" netpair del np5
timeout 10 tail --pid=$mon -f /dev/null
check_eq "monitor: dev-new and dev-del events" "new:np2 new:np3 new:np4 new:np5 del:np5 del:np4" \
	"$(python3 -c 'import json,sys; print(" ".join(e["event"]+":"+e["name"] for e in map(json.loads, open(sys.argv[1]))))' /tmp/np-events.json 2>&1)"
check_output "monitor (text): events of a pair's life" 0 '^new np6: ifindex [0-9]+ peer np7( \(ifindex [0-9]+\))?
new np7: ifindex [0-9]+ peer np6( \(ifindex [0-9]+\))?
del np7: ifindex [0-9]+.*
del np6: ifindex [0-9]+.*$' bash -c "
	'$CELLCTL' netpair monitor --count 4 & sleep 1; '$CELLCTL' netpair add np6 peer np7 >/dev/null
	'$CELLCTL' netpair del np7; wait"

# A dump larger than one message resumes where it stopped.
for i in $(seq 0 99); do "$CELLCTL" netpair add "d$i" peer "e$i" >/dev/null || break; done
check_eq "dump: 100 pairs list 200 ends (several messages)" 200 \
	"$("$CELLCTL" --json netpair show | python3 -c 'import json,sys; print(len([d for d in json.load(sys.stdin) if d["name"][0] in "de"]))')"
check_eq "dump: ynl sees the same 200 ends" 200 \
	"$(ynl netpair --output-json --dump dev-get | python3 -c 'import json,sys; print(len([d for d in json.load(sys.stdin) if d["name"][0] in "de"]))')"
check "deleting 100 pairs" bash -c "for i in \$(seq 0 99); do '$CELLCTL' netpair del d\$i || exit 1; done"

# Deletion paths: ip link del takes both ends; the CLI; namespace teardown.
check "ip link del of one end" ip -n $A link del np0
check_output "...removes the other end in the other namespace" 0 '^$' ip netns exec $B "$CELLCTL" netpair show
check "cellctl netpair del np2" "$CELLCTL" netpair del np2
check_output "...removes both ends" 0 '^$' bash -c "ip -o link show | grep -E 'np2|np3'; true"
"$CELLCTL" netpair add nx0 peer nx1 >/dev/null
ip link set nx1 netns $B
check "deleting a namespace with one end inside" ip netns del $B
check_output "...removes the other end too" 0 '^$' bash -c "ip -o link show | grep nx0; true"

# Unload with devices present in several namespaces.
ip netns add $B
for i in 0 1 2; do "$CELLCTL" netpair add "u$i" peer "v$i" >/dev/null; ip link set "v$i" netns $B; done
ip link set u0 up; ip -n $B link set v0 up
check "rmmod with 3 pairs across namespaces" rmmod netpair
check_output "...removes every device" 0 '^$' bash -c "{ ip -o link show; ip -n $B -o link show; } | grep -E '[uv][0-9]:'; true"
check "insmod again after rmmod" insmod "$NP_KO"
check "rmmod again" rmmod netpair
np_cleanup
