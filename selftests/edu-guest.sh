#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# edu-guest.sh - runs inside the VM (busybox sh) from /kbm, where
# scripts/dma-test.sh put kbufmap_core.ko, kbufmap_edu.ko and kbufmap_edu.
# QEMU gives the guest one edu device per buffer kind; the kernel's
# command line says how they reach memory (intel_iommu=on, swiotlb=force
# or neither).  One top-level TAP line per check, the selftest's own
# output as "# " lines.

n=0
failed=0

# result, run: the TAP helpers every guest script shares.
# shellcheck source=selftests/tap.sh
. ./tap.sh

# edu devices QEMU gave us (vendor 0x1234, device 0x11e8).
edus=0
for d in /sys/bus/pci/devices/*; do
	if [ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ]; then
		edus=$((edus + 1))
	fi
done

# The device's own 28-bit mask behind the IOMMU, which remaps whatever
# lies above it; QEMU was told 32 bits elsewhere (see dma-test.sh).  One
# device per kind: the page-backed kinds of the streaming DMA API, then
# the DMA API's coherent memory (backend=dma), cached and write-combined,
# and a big one from the CMA area (cma= on the command line): 256 MiB,
# or 32 MiB under the IOMMU, whose 28-bit address space also holds the
# 96 MiB page array that must have pages above it.  A kernel without CMA
# for DMA (no CmaTotal in /proc/meminfo) gets a 4 MiB one, the page
# allocator's largest block, and the refusal of more.  The big one is
# populate=remap: mapped by PFN, its 2 MiB runs by PMDs where the kernel
# can; the small ones through the DMA API's own mapping.
case " $(cat /proc/cmdline) " in
*" intel_iommu=on "*) mode=iommu bits=28 ;;
*" swiotlb=force "*) mode=swiotlb bits=32 ;;
*) mode=direct bits=32 ;;
esac
cma_kb=$(sed -n 's/^CmaTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)
if [ "${cma_kb:-0}" = 0 ]; then
	big=4096
elif [ $mode = iommu ]; then
	big=32768
else
	big=262144
fi
if [ $mode = iommu ]; then
	KINDS="size_kb=256,256,256,256,256,98304,256,256,$big
backend=contig,vmalloc,pages,pages,pages,pages,dma,dma,dma
fill=prealloc,prealloc,prealloc,ondemand,prealloc,prealloc,prealloc,prealloc,prealloc
cache=cached,cached,cached,cached,wc,cached,cached,wc,cached
populate=eager,eager,eager,fault,eager,eager,eager,eager,remap"
	kinds=9
else
	KINDS="size_kb=256,256,256,256,256,256,256,$big
backend=contig,vmalloc,pages,pages,pages,dma,dma,dma
fill=prealloc,prealloc,prealloc,ondemand,prealloc,prealloc,prealloc,prealloc
cache=cached,cached,cached,cached,wc,cached,wc,cached
populate=eager,eager,eager,fault,eager,eager,eager,remap"
	kinds=8
fi

echo "TAP version 13"
echo "# $(uname -r), $mode, $edus edu device(s), $bits-bit DMA"
[ "$edus" -ge $kinds ]
result $? "QEMU gave the guest one edu device per kind ($kinds)"
insmod kbufmap_core.ko
result $? "insmod kbufmap_core.ko"

# Bad parameters are refused at load, with a message.
refused kbufmap_edu 'kbufmap_edu: ' "dma_bits=64 refused" \
	"dma_bits=64 refused with a message" dma_bits=64

# What the DMA API cannot give is refused at load, with a message.
refused kbufmap_edu 'kbufmap_edu: ' "backend=dma fill=ondemand refused" \
	"backend=dma fill=ondemand refused with a message" \
	dma_bits=$bits backend=dma fill=ondemand
refused kbufmap_edu 'kbufmap_edu: ' "backend=dma cache=uncached refused" \
	"backend=dma cache=uncached refused with a message" \
	dma_bits=$bits backend=contig,dma cache=cached,uncached
refused kbufmap_edu 'kbufmap_edu: ' "backend=bogus refused" \
	"backend=bogus refused with a message" dma_bits=$bits backend=pages,bogus
refused kbufmap_edu 'kbufmap_edu: ' "backend=dma populate=fault refused" \
	"backend=dma populate=fault refused with a message" \
	dma_bits=$bits backend=dma populate=fault
refused kbufmap_edu 'kbufmap_edu: ' "populate=bogus refused" \
	"populate=bogus refused with a message" dma_bits=$bits populate=eager,bogus

# A sparse buffer with holes cannot be given to a device.
dmesg -c > /dev/null
insmod kbufmap_edu.ko dma_bits=$bits backend=pages fill=sparse
result $? "insmod kbufmap_edu.ko fill=sparse"
msg=$(dmesg | grep -m1 'sparse buffer with holes')
echo "# ${msg#*] }"
[ -n "$msg" ] && [ ! -e /dev/kbufmap-edu0 ]
result $? "a sparse buffer with holes is refused for DMA, with a message"
rmmod kbufmap_edu
result $? "rmmod kbufmap_edu (sparse)"

# DMA memory beyond the CMA area (and the page allocator's largest block)
# cannot be had: refused, the message naming what would give it, or
# that this kernel has nothing that would.
echo "# CMA: ${cma_kb:-no} kB; the big DMA buffer: $big KiB"
if [ "${cma_kb:-0}" = 0 ]; then want='CONFIG_DMA_CMA'; else want='cma='; fi
dmesg -c > /dev/null
insmod kbufmap_edu.ko dma_bits=$bits backend=dma size_kb=524288
result $? "insmod kbufmap_edu.ko backend=dma size_kb=524288"
msg=$(dmesg | grep -m1 'contiguous DMA memory')
echo "# ${msg#*] }"
case $msg in *"$want"*) named=yes ;; *) named=no ;; esac
[ $named = yes ] && [ ! -e /dev/kbufmap-edu0 ]
result $? "512 MiB of DMA memory is refused, with a message naming $want"
rmmod kbufmap_edu
result $? "rmmod kbufmap_edu (512 MiB DMA)"

dmesg -c > /dev/null
# shellcheck disable=SC2086 # word splitting is the point
insmod kbufmap_edu.ko dma_bits=$bits $KINDS
result $? "insmod kbufmap_edu.ko ($mode)"
dmesg | grep 'kbufmap_edu' | sed 's/^/# /'
# Only x86 can give page-backed memory another memory type (the fifth
# kind, pages wc): elsewhere that device is refused, the others not.
case $(uname -m) in
x86_64 | i?86) want=$edus ;;
*)
	want=$((edus - 1))
	dmesg | grep -q 'kbufmap_edu .*cannot create a 262144-byte buffer: -95'
	result $? "a write-combined page array is refused on $(uname -m)"
	;;
esac
[ "$(ls /dev/kbufmap-edu* | wc -l)" = "$want" ]
result $? "one /dev/kbufmap-edu<N> per edu device it can serve ($want)"
run "kbufmap_edu ($mode)" ./kbufmap_edu
rmmod kbufmap_edu
result $? "rmmod kbufmap_edu"
rmmod kbufmap_core
result $? "rmmod kbufmap_core"

echo "1..$n"
exit $failed
