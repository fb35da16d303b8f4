# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# tap.sh - TAP helpers of the guest scripts (guest-run.sh, debug-guest.sh,
# edu-guest.sh), sourced from /kbm, where every runner copies this file.
# The sourcing script sets n=0 and failed=0.

result() {	# result STATUS NAME
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

run() {		# run NAME CMD...: the command's output as comments
	name=$1
	shift
	"$@" > /tmp/out 2>&1
	rc=$?
	sed 's/^/# /' /tmp/out
	result $rc "$name"
}

# refused KO PATTERN FAILNAME OKNAME PARAMS...: loading KO (e.g. kbufmap)
# with PARAMS must fail and leave a kernel message matching PATTERN; the
# message is printed as a comment.
refused() {
	ko=$1 pattern=$2 failname=$3 okname=$4
	shift 4
	dmesg -c > /dev/null
	if insmod "$ko.ko" "$@" 2> /dev/null; then
		rmmod "$ko"
		result 1 "$failname"
		return
	fi
	msg=$(dmesg | grep -m1 "$pattern")
	echo "# $* -> ${msg#*] }"
	[ -n "$msg" ]
	result $? "$okname"
}
