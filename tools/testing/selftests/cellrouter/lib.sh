#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of the in-VM tests. A test file is sourced by run_vm.sh and
# calls `check` and friends; each check appends one TAP-style line to
# $RESULTS ("ok N - name" / "not ok N - name") and prints why it failed.

: "${RESULTS:?}"
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)}
CELLCTL=${CELLCTL:-$TOP/tools/target/release/cellctl}
MODEM=${MODEM:-$TOP/tools/target/release/qmap-modem}
NTEST=${NTEST:-0}

_record() { # status name
	NTEST=$((NTEST + 1))
	if [ "$1" = ok ]; then
		echo "ok $NTEST - $2" | tee -a "$RESULTS"
	else
		echo "not ok $NTEST - $2" | tee -a "$RESULTS"
	fi
}

# check NAME CMD...: passes when CMD exits 0.
check() {
	local name=$1; shift
	local out
	if out=$("$@" 2>&1); then
		_record ok "$name"
	else
		_record fail "$name"
		echo "#   command: $*"; echo "$out" | sed 's/^/#   /' | head -20
	fi
}

# check_fail NAME CMD...: passes when CMD exits non-zero.
check_fail() {
	local name=$1; shift
	local out
	if out=$("$@" 2>&1); then
		_record fail "$name"
		echo "#   command unexpectedly succeeded: $*"; echo "$out" | sed 's/^/#   /' | head -20
	else
		_record ok "$name"
	fi
}

# check_output NAME EXPECTED_EXIT PATTERN CMD...: passes when CMD exits with
# EXPECTED_EXIT and its combined output matches PATTERN (a Perl regex, ^ and $
# at line boundaries; a pattern of several lines must match them in a row).
check_output() {
	local name=$1 want=$2 pattern=$3; shift 3
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	# The whole output is one record (-z); (?m): ^ and $ at its lines. A
	# newline would split the pattern in two for grep: \n instead.
	if [ "$rc" = "$want" ] && grep -Pzq -- "(?m)${pattern//$'\n'/\\n}" <<<"$out"; then
		_record ok "$name"
	else
		_record fail "$name"
		echo "#   command: $*"; echo "#   exit $rc (want $want), want /$pattern/ in:"
		echo "$out" | sed 's/^/#   /' | head -20
	fi
}

# check_eq NAME EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		_record ok "$1"
	else
		_record fail "$1"
		echo "#   want '$2', got '$3'"
	fi
}

# json_get JSON EXPR: evaluates a Python expression over `d` (the parsed JSON).
json_get() {
	python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(eval(sys.argv[2]))' "$1" "$2"
}

ynl_schema() { # ynl_schema SPEC: the kernel's schema the spec's protocol names
	local proto
	proto=$(sed -n 's/^protocol: *//p' "$TOP/Documentation/netlink/specs/$1.yaml")
	echo "$KSRC/Documentation/netlink/${proto:-genetlink}.yaml"
}

ynl() { # ynl SPEC ARGS...: the kernel's YNL CLI, an independent client.
	local spec=$1; shift
	python3 "$YNL_CLI" --spec "$TOP/Documentation/netlink/specs/$spec.yaml" \
		--schema "$(ynl_schema "$spec")" "$@"
}

ynl_ip() { # ynl_ip ADDR: an address attribute's value for the YNL CLI's --json
	# (binary, display-hint ipv4/ipv6): 6.12's CLI takes hex, 7.x's the address.
	case "$YNL_CLI" in
	*/pyynl/*) echo "$1" ;;
	*) python3 -c 'import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]).packed.hex())' "$1" ;;
	esac
}

mac_of() { # mac_of NETNS DEV
	ip -n "$1" -j link show "$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])'
}
