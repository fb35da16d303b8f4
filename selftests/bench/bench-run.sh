#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# bench-run.sh - runs inside the VM (busybox sh) from /kbm, where the runner
# put kbufmap_core.ko, kbufmap.ko and the static kbufmap_bench: waits for
# the clocksource to settle, describes the machine, runs the benchmark.
#
# usage: bench-run.sh [kbufmap_bench arguments]

# Timing only after the clocksource switch (6.1 moves to tsc ~2 s after boot).
i=0
while [ "$(cut -d. -f1 /proc/uptime)" -lt 3 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
cs=/sys/devices/system/clocksource/clocksource0/current_clocksource
echo "- kernel: $(uname -r); clocksource $(cat $cs); $(grep -c ^processor /proc/cpuinfo) vCPU;" \
	"$(awk '/MemTotal/ { printf "%d MiB", $2 / 1024 }' /proc/meminfo) RAM;" \
	"uptime at start $(cut -d' ' -f1 /proc/uptime) s"
echo "- THP: enabled $(cat /sys/kernel/mm/transparent_hugepage/enabled 2> /dev/null);" \
	"defrag $(cat /sys/kernel/mm/transparent_hugepage/defrag 2> /dev/null);" \
	"shmem $(cat /sys/kernel/mm/transparent_hugepage/shmem_enabled 2> /dev/null)"
echo "- udmabuf size_limit_mb: $(cat /sys/module/udmabuf/parameters/size_limit_mb 2> /dev/null || echo absent);" \
	"dma-heaps: $(cd /dev/dma_heap 2> /dev/null && echo *)"

insmod kbufmap_core.ko || exit 1
echo "- kbufmap_core: $(cat /sys/module/kbufmap_core/parameters/fault_around_pages 2> /dev/null ||
	echo no) fault_around_pages; $(dmesg | grep -c 'x86/PAT') x86/PAT notes in dmesg so far"
./kbufmap_bench -k . "$@"
rc=$?
pat=$(dmesg | grep -m1 'x86/PAT')
[ -n "$pat" ] && echo && echo "dmesg: ${pat#*] }"
rmmod kbufmap_core
exit $rc
