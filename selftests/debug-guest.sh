#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# debug-guest.sh - the debug tier, inside the debug kernel (KASAN, KFENCE,
# lockdep, DEBUG_VM, UBSAN, kmemleak, fault injection): runs from /kbm
# with guest-run.sh, the modules, brd.ko and the static test programs.
#
# usage: debug-guest.sh STAGE...
#   suite            the whole guest-run.sh suite (its TAP as comments)
#   fuzz:SEEDS:STEPS kbufmap_fuzz for each seed (comma-separated), the
#                    suite's layout loaded; "random" is a new seed each run
#   sweeps           fault injection: module load (every kind of buffer
#                    creation), mmap, on-demand fault and sparse write()
#                    fail at the 1st, 2nd, ... allocation until they
#                    succeed (sweeps:load: only the module load;
#                    sweeps:short: one device per allocation path)
#   leak:CYCLES      load, map, touch, unmap, unload CYCLES times; slab and
#                    free memory must not drift
#
# Every stage ends with a kmemleak scan that must find nothing, and a look
# at the kernel log: any KASAN, KFENCE, lockdep, UBSAN, WARNING, BUG or
# kmemleak report fails the stage.  Prints TAP.

n=0
failed=0
dbg=/sys/kernel/debug

# result, run: the TAP helpers every guest script shares.
# shellcheck source=selftests/tap.sh
. ./tap.sh
# The suite's layout, from guest-run.sh itself.
eval "$(sed -n '/^LAYOUT="/,/"$/p' guest-run.sh)"
[ -n "$LAYOUT" ] || { echo "Bail out! no LAYOUT in guest-run.sh"; exit 1; }

# What the detectors print.  Allocation failures the sweeps cause print
# stacks too ("page allocation failure"), so "Call Trace" alone is not one;
# nor is kmemleak saying it scans a whole object for want of memory.
BAD='BUG:|Oops|^WARNING:|KASAN|KFENCE|UBSAN|kmemleak|general protection|Kernel panic|possible recursive locking|possible circular locking|inconsistent lock state|lock held when returning|suspicious RCU usage|bad unlock balance|held lock freed|list_(add|del) corruption|Bad page|Poison overwritten|Redzone|Object padding|sleeping function called|scheduling while atomic'

# The kernel log without timestamps and without what is not a finding.
klog() {	# klog [-c]
	dmesg "$@" | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' |
		grep -v 'kmemleak: Cannot allocate a scan area'
}

# Judge the kernel log since the last call; the reports go to the TAP.
log_clean() {	# log_clean NAME
	klog -c > /tmp/klog
	if grep -qE "$BAD" /tmp/klog; then
		first=$(grep -nE "$BAD" /tmp/klog | head -n1 | cut -d: -f1)
		start=$((first > 3 ? first - 3 : 1))
		sed -n "${start},$((first + 40))p" /tmp/klog | sed 's/^/# /'
		result 1 "$1: kernel log clean"
		return 1
	fi
	result 0 "$1: kernel log clean"
}

# kmemleak: scan, report what it found, forget it.  Objects younger than
# 5 s are never reported, so wait that long first.
leaks_clean() {	# leaks_clean NAME
	[ -f $dbg/kmemleak ] || { result 1 "$1: kmemleak (no $dbg/kmemleak)"; return 1; }
	sleep 6
	echo scan > $dbg/kmemleak
	cat $dbg/kmemleak > /tmp/leaks
	echo clear > $dbg/kmemleak
	if [ -s /tmp/leaks ]; then
		echo "# kmemleak: $(grep -c 'unreferenced object' /tmp/leaks) object(s):"
		head -n 60 /tmp/leaks | sed 's/^/# /'
		result 1 "$1: kmemleak finds nothing"
		return 1
	fi
	result 0 "$1: kmemleak finds nothing"
}

stage_end() {	# stage_end NAME
	log_clean "$1"
	leaks_clean "$1"
}

load() {	# load PARAMS...: kbufmap.ko, quietly
	# shellcheck disable=SC2068 # word splitting is the point
	insmod kbufmap.ko $@
}

stage_suite() {
	sh ./guest-run.sh all > /tmp/suite.tap 2>&1
	rc=$?
	sed 's/^/# /' /tmp/suite.tap
	[ $rc = 0 ] && ! grep -q '^not ok' /tmp/suite.tap
	result $? "suite: guest-run.sh, $(grep -c '^ok' /tmp/suite.tap) checks passed"
	# It unloads what it loaded, brd apart (loaded once per boot).
	rmmod kbufmap 2> /dev/null
	stage_end suite
}

stage_fuzz() {	# stage_fuzz SEEDS STEPS
	seeds=$(echo "$1" | tr ',' ' ')
	steps=$2
	load "$LAYOUT"
	result $? "fuzz: insmod kbufmap.ko (suite layout)"
	for seed in $seeds; do
		if [ "$seed" = random ]; then
			seed=$(($(date +%s) % 1000000007))
		fi
		t0=$(date +%s)
		./kbufmap_fuzz -s "$seed" -n "$steps" > /tmp/out 2>&1
		rc=$?
		# The failing step's history, not every step's line.
		sed 's/^/# /' /tmp/out | tail -n 40
		result $rc "fuzz: seed $seed, $steps steps ($(($(date +%s) - t0)) s)"
	done
	rmmod kbufmap
	result $? "fuzz: rmmod kbufmap"
	stage_end fuzz
}

# --- fault injection ------------------------------------------------------

inject_setup() {
	for a in failslab fail_page_alloc; do
		[ -d $dbg/$a ] || return 1
		# GFP_KERNEL allocations are exempt unless told otherwise; no
		# stack dump per injected failure.
		echo N > $dbg/$a/ignore-gfp-wait
		echo 0 > $dbg/$a/verbose
	done
	echo 0 > $dbg/fail_page_alloc/min-order
	echo N > $dbg/fail_page_alloc/ignore-gfp-highmem
}

# sweep NAME AFTER CMD...: run "kbufmap_failnth N CMD..." for N = 1, 2, ...
# until the Nth allocation is never reached (the operation made fewer);
# AFTER is run after each (with $out, $rc set) and fails the sweep by
# returning non-zero.  Every outcome must be clean: success, or ENOMEM (a
# fault: SIGBUS), nothing in the kernel log.  CMD may use @PG@ and @OFF@
# (a page, and its offset, not used before in this boot).  A process
# costs a tenth of a second here: the loop starts only the helper, and the
# kernel log, marked with each N, is read every 100.
pg=0
sweep() {
	name=$1 after=$2
	shift 2
	i=1 failures=0 survived=0 bad=0 last=""
	t0=$(date +%s)
	dmesg -c > /dev/null
	: > /tmp/sweep.log
	args=$*
	while [ $i -le 20000 ]; do
		cmd=$args
		case $args in
		*@*)
			pg=$((pg + 1))
			cmd=$(echo "$args" | sed "s/@PG@/$pg/g; s/@OFF@/$((pg * 4096))/g") ;;
		esac
		echo "kbm-sweep: n=$i" > /dev/kmsg
		# shellcheck disable=SC2086 # the command's words
		out=$(./kbufmap_failnth $i $cmd)
		rc=$?
		if [ $rc = 2 ]; then
			echo "# $name: $out (not a clean failure)"
			bad=$((bad + 1))
		elif [ $rc = 1 ]; then
			failures=$((failures + 1))
		fi
		case $out in
		*injected=yes*result=ok*) survived=$((survived + 1)) ;;
		esac
		if ! $after; then
			echo "# $name: n=$i ($out): $why"
			bad=$((bad + 1))
		fi
		[ $bad -gt 3 ] && break
		case $out in
		*injected=no*) last=$out; break ;;
		esac
		if [ $((i % 100)) = 0 ]; then
			klog -c >> /tmp/sweep.log
			echo "# $name: n=$i ($(($(date +%s) - t0)) s)"
		fi
		i=$((i + 1))
	done
	klog -c >> /tmp/sweep.log
	# A report is attributed to the last N marked before it.
	if grep -qE "$BAD" /tmp/sweep.log; then
		echo "# $name: the kernel reported:"
		awk -v bad="$BAD" '/^kbm-sweep: / { mark = $2; next }
			$0 ~ bad && !first { first = NR }
			first && NR < first + 40 { print "#   " mark ": " $0 }' /tmp/sweep.log
		bad=$((bad + 1))
	fi
	echo "# $name: $((i - 1)) allocations failed one at a time: $failures clean failures, $survived survived the failure, last: $last ($(($(date +%s) - t0)) s)"
	[ $bad = 0 ] && case $last in *result=ok*) true ;; *) false ;; esac
	result $? "sweep: $name"
}

# AFTER hooks.
after_load() {	# a load that succeeded is unloaded again, without warnings
	why=""
	case $out in
	*result=ok*)
		rmmod kbufmap || { why="rmmod failed"; return 1; } ;;
	*)
		[ -d /sys/module/kbufmap ] && { why="failed load left the module"; return 1; }
		# a refusal by kbufmap's init says why; the module loader's own
		# failures may not
		;;
	esac
	return 0
}

after_nothing_new() {	# a failed operation allocated no page
	why=""
	case $out in
	*result=ok*) return 0 ;;
	esac
	p=${out##*present=}
	[ "${p%->*}" = "${p#*->}" ] || { why="pages_present moved: $p"; return 1; }
}

after_ok() { why=""; return 0; }

stage_sweeps() {
	if ! inject_setup; then
		result 1 "sweeps: no fault injection in debugfs"
		return
	fi
	# Allocation failures print stacks on the console: keep it quiet,
	# judge the log here instead.
	echo 1 > /proc/sys/kernel/printk
	# The suite's layout, at 16 KiB per device (1 MiB would be 5000
	# allocations to fail one at a time; the paths are the same).
	small=$(echo "$LAYOUT" | sed 's/^size=.*/size=16K,16K,16K,16K,16K,16K,16K,16K,16K,16K,16K,10000,16K,16K,16K,16K/')
	what="suite layout at 16 KiB"
	devs="0 1 2 3 4 5 6 7 8" mpages=16
	if [ "$1" = short ]; then
		# One device per allocation path (contiguous, vmalloc, page
		# array preallocated, on demand and sparse, write-combined
		# memory type): half the loads of the suite's layout.
		small="count=6 size=16K backend=contig,vmalloc,pages,pages,pages,pages
			cache=cached,cached,cached,cached,cached,wc
			fill=prealloc,prealloc,prealloc,ondemand,sparse,prealloc
			populate=eager,eager,eager,fault,fault,eager"
		what="one device per allocation path, 16 KiB"
		devs="0 1 2 3 4 5" mpages=4
	fi
	# shellcheck disable=SC2086
	sweep "module load, $what" after_load load kbufmap.ko $small
	if [ "$1" = load ]; then
		echo 5 > /proc/sys/kernel/printk
		stage_end sweeps
		return
	fi
	# Buffer creation of every kind is in that sweep: the layout has one
	# device of each (a sweep per kind, ~320 loads each, took 2 min each
	# and failed nothing the layout's did not).
	# mmap of each kind, the suite's layout loaded.
	# shellcheck disable=SC2086
	[ "$1" = short ] && load $small || load $LAYOUT
	for dev in $devs; do
		sweep "mmap /dev/kbufmap$dev, $mpages pages" after_ok mmap /dev/kbufmap$dev 0 $mpages
	done
	rmmod kbufmap
	# On-demand faults and sparse writes: a fresh page each time.
	load count=2 size=4M backend=pages fill=ondemand,sparse populate=fault
	sweep "on-demand fault (first touch)" after_nothing_new fault /dev/kbufmap0 @PG@
	sweep "sparse write() into a hole" after_nothing_new write /dev/kbufmap1 @OFF@ 4096
	rmmod kbufmap
	echo 5 > /proc/sys/kernel/printk
	stage_end sweeps
}

# --- leaks over load/unload cycles ------------------------------------------

# Free pages, counting those parked on per-CPU lists, in KiB.
free_kb() {
	pcp=$(awk '$1 == "count:" { s += $2 } END { print s + 0 }' /proc/zoneinfo)
	echo $(($(awk '/^MemFree:/ { print $2 }' /proc/meminfo) + pcp * 4))
}

slab_kb() {
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}

cycle() {	# one load, map, touch, unmap, unload
	insmod kbufmap.ko count=3 size=1M backend=contig,vmalloc,pages \
		fill=prealloc,prealloc,ondemand populate=eager,eager,fault &&
		./kbufmap_failnth 0 mmap /dev/kbufmap0 0 256 > /dev/null &&
		./kbufmap_failnth 0 mmap /dev/kbufmap1 0 256 > /dev/null &&
		./kbufmap_failnth 0 fault /dev/kbufmap2 "$(($1 % 256))" > /dev/null &&
		rmmod kbufmap
}

settle() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
}

stage_leak() {	# stage_leak CYCLES
	cycles=$1
	warm=$((cycles / 10))
	# Warm up: KASAN's quarantine of freed objects and the slab caches
	# reach their working size before measuring.
	i=0
	while [ $i -lt $warm ]; do
		cycle $i || break
		i=$((i + 1))
	done
	settle
	f0=$(free_kb) s0=$(slab_kb)
	t0=$(date +%s)
	i=0 ok=0
	while [ $i -lt "$cycles" ]; do
		cycle $i || { echo "# cycle $i failed"; break; }
		i=$((i + 1))
		ok=$i
	done
	settle
	f1=$(free_kb) s1=$(slab_kb)
	echo "# $ok cycles in $(($(date +%s) - t0)) s (+ $warm to warm up): free memory ${f0} -> ${f1} KiB ($((f1 - f0))), Slab ${s0} -> ${s1} KiB ($((s1 - s0)))"
	[ $ok = "$cycles" ]
	result $? "leak: $cycles load/map/unmap/unload cycles"
	# Each cycle maps 3 MiB of buffers: losing one page per cycle would
	# be $cycles * 4 KiB; allow a quarter of that for noise.
	bound=$((cycles))
	[ $((f0 - f1)) -le $bound ]
	result $? "leak: free memory drift $((f0 - f1)) KiB <= $bound KiB"
	[ $((s1 - s0)) -le $bound ]
	result $? "leak: Slab drift $((s1 - s0)) KiB <= $bound KiB"
	stage_end leak
}

# --- main -----------------------------------------------------------------

echo "TAP version 13"
echo "# $(uname -r), $(nproc) CPUs, $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) KiB, $(cat /proc/cmdline)"
# What the boot left (vm-run.sh judges the console) is not this run's.
[ -f $dbg/kmemleak ] && echo clear > $dbg/kmemleak
dmesg -c > /dev/null

for stage in "$@"; do
	# guest-run.sh loads brd and the core itself; every other stage
	# wants the core loaded.
	[ "$stage" = suite ] || lsmod | grep -q '^kbufmap_core' ||
		insmod kbufmap_core.ko
	case $stage in
	suite) stage_suite ;;
	fuzz:*)
		rest=${stage#fuzz:}
		stage_fuzz "${rest%%:*}" "${rest#*:}" ;;
	sweeps) stage_sweeps all ;;
	sweeps:load) stage_sweeps load ;;
	sweeps:short) stage_sweeps short ;;
	leak:*) stage_leak "${stage#leak:}" ;;
	*) echo "Bail out! unknown stage $stage"; exit 1 ;;
	esac
done
rmmod kbufmap 2> /dev/null
if lsmod | grep -q '^kbufmap_core'; then
	rmmod kbufmap_core
	result $? "rmmod kbufmap_core"
fi
stage_end final

echo "1..$n"
exit $failed
