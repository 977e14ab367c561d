#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every operation of every family, driven by the kernel's own YNL CLI
# (tools/net/ynl/cli.py) from the specs alone: do, dump and subscribe to the
# events group. Each operation takes only the attributes its spec lists: one
# given another attribute fails with EINVAL and the extended ack names it
# (the per-operation policies generated from the specs); values outside the
# spec's checks fail the policy the same way. Sourced by run_vm.sh.

YN=ynlns
yn_cleanup() {
	ip netns del $YN 2>/dev/null
	rmmod qmap 2>/dev/null
	rmmod netpair 2>/dev/null
}
yn_cleanup
ip netns add $YN
# yn FAMILY ARGS...: cli.py in $YN. The first call of a family validates
# its spec against the kernel's schema; the others skip that (seconds under
# TCG).
declare -A YN_VALIDATED=()
yn() {
	local schema=(--no-schema)
	if [ -z "${YN_VALIDATED[$1]:-}" ]; then
		schema=(--schema "$(ynl_schema "$1")"); YN_VALIDATED[$1]=1
	fi
	ip netns exec $YN python3 "$YNL_CLI" --output-json \
		--spec "$TOP/Documentation/netlink/specs/$1.yaml" "${schema[@]}" "${@:2}"
}
# An attribute the operation's policy does not list: "Unsupported attribute"
# below the policy's highest attribute, "Unknown attribute type" above it.
# (6.12's CLI prints the extack as {'msg': .., 'bad-attr': ..}, 7.x's as
# "MSG: Invalid argument {'bad-attr': ..}").
NOT_TAKEN="(Invalid argument(.|\n)*'msg': '(Unsupported attribute|Unknown attribute type)', |(Unsupported attribute|Unknown attribute type): Invalid argument \\{)"

# listen FAMILY COUNT: ynl_listen.py in $YN in the background, writing to
# /tmp/ynl-ntf.txt; returns once it is subscribed. ntfs waits for it and
# prints the JSON list of what it got.
listen() {
	: >/tmp/ynl-ntf.txt
	ip netns exec $YN python3 "$HERE/ynl_listen.py" "$KSRC" \
		"$TOP/Documentation/netlink/specs/$1.yaml" events "$2" 60 >/tmp/ynl-ntf.txt 2>&1 &
	LISTENER=$!
	local i
	for i in $(seq 300); do
		grep -q '^ready' /tmp/ynl-ntf.txt && return
		sleep 0.2
	done
}
ntfs() { wait "$LISTENER"; tail -n 1 /tmp/ynl-ntf.txt; }

# yq JSON EXPR: a Python expression over `d` (the parsed JSON), or the error.
yq() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2" 2>&1; }

# --- netpair
insmod "$TOP/samples/netpair/netpair.ko"
listen netpair 2
reply=$(yn netpair --do dev-new --json '{"name": "yn0", "peer-name": "yn1"}' 2>&1)
check_eq "netpair dev-new (do): the reply names both ends" "yn0 yn1" \
	"$(yq "$reply" '" ".join([d["name"], d["peer-name"]])')"
check_eq "netpair subscribe: dev-new-ntf for both ends" "dev-new-ntf:yn0 dev-new-ntf:yn1" \
	"$(yq "$(ntfs)" '" ".join(sorted(n["name"] + ":" + n["msg"]["name"] for n in d))')"
idx=$(ip netns exec $YN cat /sys/class/net/yn0/ifindex)
check_eq "netpair dev-get (do) by ifindex" "yn0 yn1 0" \
	"$(yq "$(yn netpair --do dev-get --json "{\"ifindex\": $idx}" 2>&1)" '" ".join(str(d[k]) for k in ["name", "peer-name", "tx-packets"])')"
check_eq "netpair dev-get (dump)" "yn0 yn1" \
	"$(yq "$(yn netpair --dump dev-get 2>&1)" '" ".join(sorted(x["name"] for x in d))')"
check_output "netpair dev-del rejects peer-name, which it does not take (extack names it)" 1 \
	"$NOT_TAKEN'bad-attr': '\.peer-name'" \
	yn netpair --do dev-del --json '{"name": "yn0", "peer-name": "yn1"}'
check_output "netpair dev-get rejects a counter in a request (extack names it)" 1 \
	"$NOT_TAKEN'bad-attr': '\.rx-packets'" yn netpair --do dev-get --json '{"name": "yn0", "rx-packets": 1}'
check_output "netpair dev-new rejects a name over 15 bytes (the spec's max-len)" 1 \
	"'bad-attr': '\.name'" yn netpair --do dev-new --json '{"name": "abcdefghijklmnop"}'
listen netpair 2
yn netpair --do dev-del --json '{"name": "yn0"}' >/dev/null 2>&1
check_eq "netpair dev-del (do), subscribe: dev-del-ntf for both ends" "dev-del-ntf:yn0 dev-del-ntf:yn1" \
	"$(yq "$(ntfs)" '" ".join(sorted(n["name"] + ":" + n["msg"]["name"] for n in d))')"
check_eq "netpair: the pair is gone" "[]" "$(yn netpair --dump dev-get 2>&1)"
rmmod netpair

# --- qmap: a veth pair stands for the modem pipe; the far end sends commands.
insmod "$TOP/drivers/net/qmap/qmap.ko"
ip -n $YN link add ym0 type veth peer name ym1
ip -n $YN link set ym0 up
ip -n $YN link set ym1 up
listen qmap 1
reply=$(yn qmap --do chan-new --json '{"parent-name": "ym0", "mux-id": 129}' 2>&1)
check_eq "qmap chan-new (do): default name and mux id (display-hint hex)" "ym0.1 0x81 ym0" \
	"$(yq "$reply" '" ".join(str(d[k]) for k in ["name", "mux-id", "parent-name"])')"
check_eq "qmap subscribe: chan-new-ntf" "chan-new-ntf:ym0.1" \
	"$(yq "$(ntfs)" '" ".join(n["name"] + ":" + n["msg"]["name"] for n in d)')"
yn qmap --do chan-new --json '{"parent-name": "ym0", "mux-id": 130, "name": "ymx", "mtu": 1400}' >/dev/null 2>&1
check_eq "qmap chan-get (do) by name" "ymx 0x82 1400 0" \
	"$(yq "$(yn qmap --do chan-get --json '{"name": "ymx"}' 2>&1)" '" ".join(str(d[k]) for k in ["name", "mux-id", "mtu", "flow-off"])')"
check_eq "qmap chan-get (dump)" "ym0.1 ymx" \
	"$(yq "$(yn qmap --dump chan-get 2>&1)" '" ".join(sorted(x["name"] for x in d))')"
check_output "qmap chan-new: mux id 255 fails the spec's range (extack names it)" 1 \
	"'bad-attr': '\.mux-id'" yn qmap --do chan-new --json '{"parent-name": "ym0", "mux-id": 255}'
check_output "qmap chan-new: mtu 67 fails the spec's range" 1 \
	"'bad-attr': '\.mtu'" yn qmap --do chan-new --json '{"parent-name": "ym0", "mux-id": 131, "mtu": 67}'
check_output "qmap chan-del rejects mtu, which it does not take (extack names it)" 1 \
	"$NOT_TAKEN'bad-attr': '\.mtu'" \
	yn qmap --do chan-del --json '{"name": "ymx", "mtu": 1500}'
check_output "qmap chan-del rejects mux-id too" 1 "$NOT_TAKEN'bad-attr': '\.mux-id'" \
	yn qmap --do chan-del --json '{"name": "ymx", "mux-id": 130}'
check_eq "qmap: the rejected chan-del deleted nothing" "ymx" \
	"$(yq "$(yn qmap --do chan-get --json '{"name": "ymx"}' 2>&1)" 'd["name"]')"

yn qmap --do port-set --json '{"name": "ym0", "csum": "v5", "ul-agg-max-datagrams": 16, "ul-agg-max-bytes": 4096}' >/dev/null 2>&1
check_eq "qmap port-set (do), port-get (do): csum by enum name, aggregation" "v5 16 4096 2" \
	"$(yq "$(yn qmap --do port-get --json '{"name": "ym0"}' 2>&1)" '" ".join(str(d[k]) for k in ["csum", "ul-agg-max-datagrams", "ul-agg-max-bytes", "channels"])')"
check_eq "qmap port-get (dump)" "ym0 0" \
	"$(yq "$(yn qmap --dump port-get 2>&1)" '" ".join(str(x[k]) for x in d for k in ["name", "drop-unknown-mux-id"])')"
check_output "qmap port-set: deaggregation 2 fails the spec's range" 1 "'bad-attr': '\.deaggregation'" \
	yn qmap --do port-set --json '{"name": "ym0", "deaggregation": 2}'
check_output "qmap port-set rejects channels, a read-only attribute" 1 "$NOT_TAKEN'bad-attr': '\.channels'" \
	yn qmap --do port-set --json '{"name": "ym0", "channels": 3}'
# The unprivileged user may not read the kernel tree or the checkout: copies.
rm -rf /tmp/ynl-tools && cp -r "$(dirname "$YNL_CLI")" /tmp/ynl-tools &&
	cp "$TOP/Documentation/netlink/specs/qmap.yaml" /tmp/ynl-tools/ && chmod -R a+rX /tmp/ynl-tools
check_output "qmap port-set without CAP_NET_ADMIN: EPERM (uns-admin-perm)" 1 "Operation not permitted" \
	ip netns exec $YN setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	python3 /tmp/ynl-tools/cli.py --spec /tmp/ynl-tools/qmap.yaml \
	--no-schema --do port-set --json '{"name": "ym0", "deaggregation": 0}'

# Flow control from the modem: chan-flow-ntf off then on.
listen qmap 2
ip netns exec $YN "$MODEM" cmd --dev ym1 --mux 0x81 flow-disable --txn 1 >/dev/null 2>&1
ip netns exec $YN "$MODEM" cmd --dev ym1 --mux 0x81 flow-enable --txn 2 >/dev/null 2>&1
check_eq "qmap subscribe: chan-flow-ntf off then on" "chan-flow-ntf:ym0.1:1 chan-flow-ntf:ym0.1:0" \
	"$(yq "$(ntfs)" '" ".join(n["name"] + ":" + n["msg"]["name"] + ":" + str(n["msg"]["flow-off"]) for n in d)')"

listen qmap 1
yn qmap --do chan-del --json '{"name": "ymx"}' >/dev/null 2>&1
check_eq "qmap chan-del (do), subscribe: chan-del-ntf" "chan-del-ntf:ymx" \
	"$(yq "$(ntfs)" '" ".join(n["name"] + ":" + n["msg"]["name"] for n in d)')"
yn qmap --do chan-del --json '{"name": "ym0.1"}' >/dev/null 2>&1
check_eq "qmap: the last chan-del detached the port" "[]" "$(yn qmap --dump port-get 2>&1)"
yn_cleanup
