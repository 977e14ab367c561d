#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for VM tests that drive the simulated RM500Q (qmap-modem gadget)
# with qmicli: source it from a test_*.sh after lib.sh. Everything is
# prefixed qmim_ (all test files share one shell).
#
#   qmim_start [GADGET-OPTION...]   start the simulator (default PDNs
#                                   mux 1 and 2), wait for the host to
#                                   enumerate it; sets QMIM_PID, QMIM_USB
#                                   (its sysfs device) and QMIM_IF4 (If4's)
#   qmim_stop                       SIGTERM it (it removes its gadget)
#   qmim_ctl COMMAND [ARG...]       a control-socket command (faults, stats)
#   qmim_stat EXPR                  a Python expression over its counters d
#   qmim_qmi ARG...                 qmicli --device-open-qmi on $QMIM_QMI_DEV
#   qmim_start_call CIDVAR HVAR MUX FAMILY
#                                   a WDS client bound to MUX, a call of
#                                   FAMILY (4|6) on it: CID and handle

: "${MODEM:?lib.sh first}"
QMIM_CTL=${QMIM_CTL:-/tmp/qmi-modem.sock}
QMIM_STATS=${QMIM_STATS:-/tmp/qmi-modem-stats.json}
QMIM_LOG=${QMIM_LOG:-${OUT:-/tmp}/qmi-modem.log}
QMIM_QMI_DEV=${QMIM_QMI_DEV:-/dev/cdc-wdm0}
QMIM_PDN1=${QMIM_PDN1:-"mux=1,ipv4=10.64.1.2/30,ipv6=2001:db8:1::2/64"}
QMIM_PDN2=${QMIM_PDN2:-"mux=2,ipv4=10.64.2.2/30,ipv6=2001:db8:2::2/64"}

# qmim_wait SECONDS CMD...: polls CMD every 0.2 s until it succeeds.
qmim_wait() {
	local i n=$(($1 * 5)); shift
	for ((i = 0; i < n; i++)); do "$@" && return 0; sleep 0.2; done
	return 1
}

# qmim_usb_dev: the sysfs USB device of the gadget (e.g. .../devices/1-1).
qmim_usb_dev() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat "$d/idVendor" 2>/dev/null)" = 2c7c ] &&
			[ "$(cat "$d/idProduct" 2>/dev/null)" = 0800 ] && { echo "$d"; return 0; }
	done
	return 1
}

qmim_start() {
	rm -f "$QMIM_STATS" "$QMIM_CTL"
	if [ $# -eq 0 ]; then set -- --pdn "$QMIM_PDN1" --pdn "$QMIM_PDN2"; fi
	"$MODEM" gadget "$@" --stats "$QMIM_STATS" --control "$QMIM_CTL" >"$QMIM_LOG" 2>&1 &
	QMIM_PID=$!
	# For run_vm.sh's kmemleak check: f_fs leaks this process's mm (AIO).
	[ -z "${GADGET_PIDS:-}" ] || echo "$QMIM_PID" >>"$GADGET_PIDS"
	qmim_wait 20 qmim_usb_dev >/dev/null || return 1
	QMIM_USB=$(qmim_usb_dev)
	QMIM_IF4=$QMIM_USB/$(basename "$QMIM_USB"):1.4
	qmim_wait 10 qmim_ctl stats >/dev/null
}

qmim_stop() {
	if [ -n "${QMIM_PID:-}" ]; then
		kill "$QMIM_PID" 2>/dev/null
		wait "$QMIM_PID" 2>/dev/null
	fi
	QMIM_PID=
}

qmim_ctl() { "$MODEM" ctl "$QMIM_CTL" "$@"; }
qmim_stat() { json_get "$(qmim_ctl stats)" "$1"; }

# qmim_qmi ARGS...: qmicli on the modem; its status, its output without
# libqmi's warnings (the port's driver is not always qmi_wwan).
qmim_qmi() {
	local out rc
	out=$(timeout 30 qmicli -d "$QMIM_QMI_DEV" --device-open-qmi "$@" 2>&1)
	rc=$?
	grep -v -- '-Warning \*\*' <<<"$out"
	return $rc
}

# qmim_field OUTPUT REGEX: the first group of REGEX in OUTPUT.
qmim_field() { [[ $1 =~ $2 ]] && echo "${BASH_REMATCH[1]}"; }

qmim_start_call() {
	local out cid handle
	out=$(qmim_qmi --wds-noop --client-no-release-cid)
	cid=$(qmim_field "$out" "CID: '([0-9]+)'")
	qmim_qmi --client-cid="$cid" --client-no-release-cid \
		--wds-bind-mux-data-port="mux-id=$3,ep-iface-number=4" >/dev/null
	out=$(qmim_qmi --client-cid="$cid" --client-no-release-cid \
		--wds-start-network="apn=internet,ip-type=$4")
	handle=$(qmim_field "$out" "Packet data handle: '([0-9]+)'")
	printf -v "$1" %s "$cid"
	printf -v "$2" %s "$handle"
}

# qmim_devstat DEV FIELD: a counter of /sys/class/net/DEV/statistics.
qmim_devstat() { cat "/sys/class/net/$1/statistics/$2" 2>/dev/null || echo "?"; }

# qmim_mcount JSON N: uplink and downlink packets of mux N in the modem's
# counters JSON (uplink ones refused for want of a call included).
qmim_mcount() {
	json_get "$1" "'%d %d' % (d['mux']['$2']['ul-packets'] + d['mux']['$2']['ul-not-connected'], d['mux']['$2']['dl-packets'])"
}

# qmim_counts_match SNAPSHOT N DEV: DEV's tx/rx packets equal the modem's
# uplink/downlink packets of mux N since SNAPSHOT (its counters JSON then);
# sets QMIM_GOT and QMIM_WANT. Retry it with qmim_wait: packets in flight.
qmim_counts_match() {
	local ul1 dl1 ul0 dl0
	read -r ul1 dl1 <<<"$(qmim_mcount "$(qmim_ctl stats)" "$2")"
	read -r ul0 dl0 <<<"$(qmim_mcount "$1" "$2")"
	QMIM_GOT="$(qmim_devstat "$3" tx_packets)/$(qmim_devstat "$3" rx_packets)"
	QMIM_WANT="$((ul1 - ul0))/$((dl1 - dl0))"
	[ "$QMIM_GOT" = "$QMIM_WANT" ]
}
