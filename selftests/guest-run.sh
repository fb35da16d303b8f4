#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-run.sh - runs inside the VM (busybox sh) from /kbm, where the runner
# put kbufmap_core.ko, kbufmap.ko and the static test programs.  Prints one
# top-level TAP line per check, each program's own output as "# " lines,
# as the kselftest runner does.
#
# usage: guest-run.sh [all|demo]

mode=${1:-all}
n=0
failed=0

# result, run: the TAP helpers every guest script shares.
# shellcheck source=selftests/tap.sh
. ./tap.sh

# One device per buffer kind the selftests know (kbufmap_test.c variants),
# then the hole (64K sparse), on-demand (128K), odd-size (10000) and
# on-demand write-combined (128K) devices, and the PMD-mapped kinds (4M:
# two 2 MiB runs), page-backed (pmd) and by PFN (remap: a page array and a
# contiguous block).
LAYOUT="count=16
size=1M,1M,1M,1M,1M,1M,1M,1M,1M,64K,128K,10000,128K,4M,4M,4M
backend=contig,contig,vmalloc,pages,pages,pages,pages,contig,pages,pages,pages,pages,pages,pages,pages,contig
cache=cached,cached,cached,cached,cached,cached,cached,wc,uncached,cached,cached,cached,wc,cached,cached,cached
fill=prealloc,prealloc,prealloc,prealloc,prealloc,ondemand,sparse,prealloc,prealloc,sparse,ondemand,prealloc,ondemand,prealloc,prealloc,prealloc
populate=eager,remap,eager,eager,fault,fault,fault,eager,eager,fault,fault,eager,fault,pmd,remap,remap"

# Write-combined and uncached buffers exist only on x86: elsewhere the
# driver must refuse them with a message, and the layout goes without them.
case $(uname -m) in
x86_64 | i?86) memtype=1 ;;
*)
	memtype=0
	LAYOUT="count=13
size=1M,1M,1M,1M,1M,1M,1M,64K,128K,10000,4M,4M,4M
backend=contig,contig,vmalloc,pages,pages,pages,pages,pages,pages,pages,pages,pages,contig
fill=prealloc,prealloc,prealloc,prealloc,prealloc,ondemand,sparse,sparse,ondemand,prealloc,prealloc,prealloc,prealloc
populate=eager,remap,eager,eager,fault,fault,fault,fault,fault,eager,pmd,remap,remap"
	;;
esac
ndevs=$(echo "$LAYOUT" | sed -n 's/^count=//p')

DEMO="count=5 size=64K backend=contig,contig,vmalloc,pages,pages
fill=prealloc,prealloc,prealloc,prealloc,sparse populate=eager,remap,eager,eager,fault"

echo "TAP version 13"
# A RAM block device, for O_DIRECT through the mappings.
if [ -f brd.ko ]; then
	insmod brd.ko rd_nr=1 rd_size=4096
	result $? "insmod brd.ko (/dev/ram0 for O_DIRECT)"
fi
insmod kbufmap_core.ko
result $? "insmod kbufmap_core.ko"

if [ "$mode" = demo ]; then
	# shellcheck disable=SC2086 # word splitting is the point
	insmod kbufmap.ko $DEMO
	result $? "insmod kbufmap.ko (demo layout)"
	run "kbufmap_demo" ./kbufmap_demo
	rmmod kbufmap
	result $? "rmmod kbufmap"
	echo "1..$n"
	exit $failed
fi

# Every bad parameter is refused at load, with a message naming it: sizes
# that overflow 64 bits (2^64 + 1, 2^44 + 1 MiB) or any size_t, contiguous
# blocks beyond the allocator's largest order, and memory the machine does
# not have: a sixteenth more than MemAvailable preallocated (a fixed share
# of MemTotal is not enough: a small kernel leaves 96 % of it available),
# and 32 x 64 GiB, 4 GiB of page arrays, in any guest smaller than that.
memavail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
# twice the largest block: /proc/buddyinfo has a column per order (x86: 4 MiB
# blocks, so 8 MiB; 32-bit ARM kernels may have larger ones).  Doubled in a
# loop: busybox's awk may be built without pow() ("^" then fails).
toobig=$(awk 'NR == 1 { s = 4; for (i = 4; i < NF; i++) s *= 2; print s; exit }' \
	/proc/buddyinfo)
case $toobig in
'' | *[!0-9]*) echo "Bail out! the largest block from /proc/buddyinfo: '$toobig'"; exit 1 ;;
esac
# ...except where the module finds runs longer than that block: its modinfo
# says so (compat/kbm_mem.h), and such devices are loaded and checked below.
contig_runs=0
if tr '\0' '\n' < kbufmap_core.ko | grep '^kbm_compat=' |
	grep -q ' contig=alloc_contig_pages'; then
	contig_runs=1
fi
for bad in "count=0" "count=33" "size=0" "size=12Q" "size=65G" "size=" \
	"size=18446744073709551617" "size=17592186044417M" \
	"size=99999999999999999999999" "size=1T" "size=4KK" \
	"backend=disk" "cache=coherent" "fill=lazy" "populate=never" \
	"fill=sparse backend=vmalloc" "populate=remap backend=vmalloc" \
	"populate=remap backend=pages fill=ondemand" \
	"populate=pmd backend=contig" "populate=pmd fill=ondemand" \
	"backend=contig size=1G" "backend=contig size=${toobig}K" \
	"backend=vmalloc cache=wc" "count=2 size=4M,-1" \
	"size=$((memavail + memavail / 16))K" "count=32 size=64G fill=ondemand"; do
	[ "$contig_runs $bad" = "1 backend=contig size=${toobig}K" ] && continue
	# shellcheck disable=SC2086 # the words are the parameters
	refused kbufmap 'kbufmap: ' "bad parameter refused: $bad" \
		"bad parameter refused with a message: $bad" $bad
done
# Not x86: write-combined and uncached buffers of every backend that could
# have them are refused, saying why.
if [ $memtype = 0 ]; then
	for bad in "cache=wc backend=pages" "cache=uncached backend=contig" \
		"cache=wc backend=pages fill=ondemand"; do
		# shellcheck disable=SC2086 # the words are the parameters
		refused kbufmap 'kbufmap: .*refused: only x86' \
			"$(uname -m): $bad refused" \
			"$(uname -m): $bad refused: only x86 changes the memory type of RAM" $bad
	done
fi
# Refusing is all: nothing was killed to make room.
dmesg | grep -i 'oom-killer\|out of memory' > /tmp/oom
[ ! -s /tmp/oom ]
result $? "no OOM kill while refusing oversized buffers"

# shellcheck disable=SC2086
insmod kbufmap.ko $LAYOUT
result $? "insmod kbufmap.ko (test layout)"
# The status file lists every device, with its live mappings.
# shellcheck disable=SC2016 # expanded by the inner sh
run "/proc/driver/kbufmap lists $ndevs devices" sh -c \
	'cat /proc/driver/kbufmap && [ "$(grep -c "^kbufmap" /proc/driver/kbufmap)" = "$0" ]' "$ndevs"
# Which hook the kernel maps through (vm-test.sh checks it per kernel).
echo "# $(dmesg | grep -o 'kbufmap: .* device(s), mapping through .*' | tail -n1)"
rm -f /tmp/kbm-memtype-pfns
run "kbufmap_test" ./kbufmap_test -T large_buffer_every_page \
	-T memtype_restored_after_unload -T contig_beyond_largest_block \
	-T junk_in_free_memory

# The module stays while a mapping exists, even with every fd closed.
./kbufmap_hold /dev/kbufmap0 > /tmp/hold 2>&1 &
holder=$!
i=0
while ! grep -q holding /tmp/hold && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
grep -q holding /tmp/hold
result $? "a process maps /dev/kbufmap0 and closes the fd"
rmmod kbufmap 2> /tmp/rmmod
rc=$?
echo "# rmmod while mapped: $(cat /tmp/rmmod)"
[ $rc -ne 0 ] && grep -q kbufmap /proc/modules
result $? "rmmod refused while a mapping exists"
kill $holder
wait $holder 2> /dev/null
rmmod kbufmap
result $? "rmmod succeeds after the last mapping is gone"
# The write-combined and uncached pages went back write-back.
run "kbufmap_test memtype_restored_after_unload" \
	./kbufmap_test -t memtype_restored_after_unload
# Large buffers: 256 MiB of single pages in a 1 GiB guest; where the
# kernel has highmem (32-bit), 1 GiB, more than its lowmem, in a 2 GiB
# guest, mapped on faults: every page is faulted in, stored to, read() and
# write()n, and the buffer must hold highmem pages.
large="size=256M backend=pages"
if [ "$(awk '/^HighTotal:/ { print $2 }' /proc/meminfo)" -gt 0 ] 2> /dev/null; then
	large="size=1G backend=pages populate=fault"
fi
# shellcheck disable=SC2086
insmod kbufmap.ko $large
result $? "insmod kbufmap.ko $large"
run "large buffer: /proc/driver/kbufmap" cat /proc/driver/kbufmap
run "kbufmap_test large_buffer_every_page" ./kbufmap_test -t large_buffer_every_page
rmmod kbufmap
result $? "rmmod kbufmap (large buffer freed)"
# Contiguous buffers of twice the size refused above, where the module
# finds such runs: mapped eagerly, by PFN remap and (x86) write-combined.
if [ $contig_runs = 1 ]; then
	# Free memory holds junk first: the runs must come zeroed all the same.
	run "junk in free memory" ./kbufmap_test -t junk_in_free_memory
	big="count=2 size=$((toobig * 2))K backend=contig populate=eager,remap"
	[ $memtype = 1 ] && big="count=3 size=$((toobig * 2))K backend=contig populate=eager,remap,eager cache=cached,cached,wc"
	# shellcheck disable=SC2086
	insmod kbufmap.ko $big
	result $? "insmod kbufmap.ko $big"
	run "kbufmap_test contig_beyond_largest_block" \
		./kbufmap_test -t contig_beyond_largest_block
	rmmod kbufmap
	result $? "rmmod kbufmap (contiguous runs freed)"
else
	echo "# contiguous runs beyond the largest block: not on this kernel (refused above)"
fi
rmmod kbufmap_core
result $? "rmmod kbufmap_core"

echo "1..$n"
exit $failed
