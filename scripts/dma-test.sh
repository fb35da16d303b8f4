#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dma-test.sh - kbufmap_edu.ko and its selftest in QEMU with edu devices,
# three ways per kernel: the device reaching memory directly, through an
# Intel IOMMU, and through swiotlb bounce buffers.
#
# usage: dma-test.sh [--modes "direct iommu swiotlb"] [VER...]
#
#   VER      Debian kernel series (default: 5.10 6.1 6.12 7.2)
#   --modes  which of the three runs (default: all)
#
# For each kernel: build the modules with W=1 in its chroot (scripts take
# the build lock), then boot it three times (1 GiB, 2 vCPUs) running
# selftests/edu-guest.sh, with a 320 MiB CMA area (cma=320M) for the
# big buffers of the DMA API's coherent memory:
#
#   direct   eight edu devices with a 32-bit DMA mask (dma_mask=0xffffffff,
#            the driver's dma_bits=32): the guest's RAM is below 4 GiB;
#            the eighth with 256 MiB of coherent memory from the CMA area
#   iommu    q35 with intel-iommu, intel_iommu=on iommu.passthrough=0, nine
#            edu devices with QEMU's default 28-bit mask, the sixth with a
#            96 MiB page array; memmap= reserves 128-256 MiB, so that buffer
#            must have pages above 256 MiB, which reach the device by IOVA
#   swiotlb  as direct, with swiotlb=force: every streaming transfer is
#            bounced, so a missing sync loses data
#
# Prints a table of kernel x mode x pass/fail/skip and the time taken.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

modes="direct iommu swiotlb"
vers=()
while (($#)); do
	case $1 in
	--modes) modes=${2:?--modes needs a list} && shift ;;
	-h | --help) sed -n '/^# usage: /,/^# Prints/{s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) kbm_die "dma-test: unknown option $1 (see --help)" ;;
	*) vers+=("$1") ;;
	esac
	shift
done
((${#vers[@]})) || vers=(5.10 6.1 6.12 7.2)

t_start=$SECONDS
say() { printf '\n=== dma-test: %s\n' "$*" >&2; }

# The selftest, static, against 7.2's kselftest harness (every kernel
# here has pidfd_open()).
harness=7.2
"$here/kcache.sh" fetch --source "$harness" >/dev/null
st_out=$top/selftests/out/harness-$harness
build_selftests() {
	mkdir -p "$st_out"
	make -s -C "$top/selftests" \
		SELFTESTS="$KBM_CACHE/kernels/$harness/src/tools/testing/selftests" \
		OUTPUT="$st_out" >&2
}
say "selftests: build against linux-source $harness's harness"
kbm_host_need gcc:gcc make:make
kbm_locked build_selftests

# qemu_args MODE: vm-run.sh's arguments for the edu devices of MODE.
qemu_args() {
	local i n=8 dev="edu,dma_mask=0xffffffff"
	printf '%s\n' --append cma=320M
	case $1 in
	iommu)
		n=9 dev=edu
		printf '%s\n' --qemu-arg -machine --qemu-arg q35 \
			--qemu-arg -device --qemu-arg intel-iommu \
			--append "intel_iommu=on iommu.passthrough=0 memmap=128M\$128M"
		;;
	swiotlb) printf '%s\n' --append swiotlb=force ;;
	direct) ;;
	*) kbm_die "dma-test: unknown mode $1" ;;
	esac
	for ((i = 0; i < n; i++)); do
		printf '%s\n' --qemu-arg -device --qemu-arg "$dev"
	done
}

rows=()
status=0
for ver in "${vers[@]}"; do
	say "$ver: fetch and build (W=1)"
	"$here/kcache.sh" fetch --image "$ver" >&2
	build=$top/build/$ver
	mkdir -p "$top/build"
	t0=$SECONDS
	if ! make -C "$top" KVER="$ver" W=1 > "$build.dma.log" 2>&1; then
		tail -n 30 "$build.dma.log" >&2
		rows+=("$ver|build|0|1|0|$((SECONDS - t0))")
		status=1
		continue
	fi
	if grep 'warning:' "$build.dma.log" >&2; then
		echo "dma-test: $ver: W=1 warnings above" >&2
		status=1
	fi
	for mode in $modes; do
		say "$ver: $mode"
		mapfile -t qa < <(qemu_args "$mode")
		out=$build/vm-dma-$mode
		rm -rf "$out"
		t0=$SECONDS
		verdict=PASS
		"$here/vm-run.sh" -k "$ver" -m 1G --smp 2 -o "$out" \
			-s "$top/selftests/edu-guest.sh" \
			-a "$top/selftests/tap.sh" \
			-a "$build/kbufmap_core.ko" -a "$build/kbufmap_edu.ko" \
			-a "$st_out/kbufmap_edu" "${qa[@]}" > "$out.tap" ||
			{ verdict=FAIL; status=1; }
		grep -E '^(# )?not ok|^# # .*(Expected|FAIL)' "$out.tap" >&2 || true
		p=$(grep -cE '^(# )?ok [0-9]+ ' "$out.tap" | grep -v SKIP || true)
		f=$(grep -cE '^(# )?not ok [0-9]+ ' "$out.tap" || true)
		s=$(grep -cE '^(# )?ok [0-9]+ .*# SKIP' "$out.tap" || true)
		rows+=("$ver|$mode|$((p - s))|$f|$s|$((SECONDS - t0))|$verdict")
	done
done

printf '\n| kernel | mode | pass | fail | skip | seconds | verdict |\n|---|---|---|---|---|---|---|\n'
for r in "${rows[@]}"; do
	IFS='|' read -r v m p f s t verdict <<<"$r"
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$v" "$m" "$p" "$f" "$s" "$t" "${verdict:-FAIL}"
done
printf '\ndma-test: %d s in all\n' $((SECONDS - t_start))
exit $status
