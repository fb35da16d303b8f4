#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dma-test.sh - kbufmap_edu.ko and its selftest in QEMU with edu devices,
# three ways per kernel: the device reaching memory directly, through an
# Intel IOMMU, and through swiotlb bounce buffers.
#
# usage: dma-test.sh [--modes "direct iommu swiotlb"] [--bundle PATH]...
#                    [--all-bundles] [VER...]
#
#   VER      Debian kernel series (default: 5.10 6.1 6.12 7.2), or
#            SERIES-arm64 (e.g. 7.2-arm64): QEMU's virt board, whose PCIe
#            host is cache-coherent, direct and swiotlb only (intel-iommu
#            is x86's: that row says n/a)
#   --modes  which of the three runs (default: all)
#   --bundle PATH   also a kernel bundle (scripts/kbundle.sh; e.g. RHEL
#            7/8/9 from ../shared/kernels), built with its make arguments,
#            the selftest against 6.12's harness where the kernel has no
#            pidfd_open(); a mode its config cannot give (no CONFIG_PCI:
#            no edu device; no CONFIG_INTEL_IOMMU) is a row saying n/a
#   --all-bundles   every bundle in $KBM_BUNDLES (default ../shared/kernels)
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
bundles=()
while (($#)); do
	case $1 in
	--modes) modes=${2:?--modes needs a list} && shift ;;
	--bundle) bundles+=("${2:?--bundle needs PATH}") && shift ;;
	--all-bundles)
		shopt -s nullglob
		found=("${KBM_BUNDLES:-$top/../shared/kernels}"/*.tar.xz)
		shopt -u nullglob
		((${#found[@]})) ||
			echo "dma-test: no kernel bundles in ${KBM_BUNDLES:-$top/../shared/kernels}" >&2
		bundles+=(${found[@]+"${found[@]}"})
		;;
	-h | --help) sed -n '/^# usage: /,/^# Prints/{s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) kbm_die "dma-test: unknown option $1 (see --help)" ;;
	*) vers+=("$1") ;;
	esac
	shift
done
((${#vers[@]} || ${#bundles[@]})) || vers=(5.10 6.1 6.12 7.2)

t_start=$SECONDS
say() { printf '\n=== dma-test: %s\n' "$*" >&2; }

# The selftest, static, against 7.2's kselftest harness (it waits for
# its tests through pidfd_open(), 5.3), or 6.12's for bundles of older
# kernels; for each architecture asked for with the host's cross
# compiler (Debian 12's gcc-<triplet>).
# build_selftests HARNESS ARCH: into selftests/out/harness-HARNESS[-ARCH].
build_selftests() {
	local out=$top/selftests/out/harness-$1 cross=()
	if [[ $2 != amd64 ]]; then
		out+=-$2
		cross=(CROSS_COMPILE="$(kbm_triplet "$2")-")
	fi
	mkdir -p "$out"
	make -s -C "$top/selftests" \
		SELFTESTS="$KBM_CACHE/kernels/$1/src/tools/testing/selftests" \
		OUTPUT="$out" ${cross[@]+"${cross[@]}"} >&2
}
kbm_host_need gcc:gcc make:make
built_harness=" "
# need_selftests HARNESS ARCH: build them once.
need_selftests() {
	[[ $built_harness != *" $1-$2 "* ]] || return 0
	say "selftests: build against linux-source $1's harness, for $2"
	"$here/kcache.sh" fetch --source "$1" >/dev/null
	if [[ $2 != amd64 ]]; then
		local t
		t=$(kbm_triplet "$2")
		kbm_host_need "$t-gcc:gcc-$t" "/usr/$t/lib/libc.a:libc6-dev-$2-cross"
	fi
	kbm_locked build_selftests "$1" "$2"
	built_harness+="$1-$2 "
}

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
# run_kernel LABEL ARCH HARNESS BUILD_DIR CONFIG "MAKE ARGS" "VM-RUN ARGS":
# build with W=1, then one boot per mode.  The argument lists are one
# argument a line.
run_kernel() {
	local label=$1 arch=$2 harness=$3 build=$4 config=$5 margs vargs
	local mode qa out t0 verdict p f s st_out tmo=600 na
	mapfile -t margs <<<"$6"
	mapfile -t vargs <<<"$7"
	need_selftests "$harness" "$arch"
	st_out=$top/selftests/out/harness-$harness
	# emulating another architecture takes longer
	[[ $arch == amd64 ]] || { st_out+=-$arch; tmo=1800; }
	mkdir -p "$top/build"
	t0=$SECONDS
	if ! make -C "$top" "${margs[@]}" W=1 > "$build.dma.log" 2>&1; then
		tail -n 30 "$build.dma.log" >&2
		rows+=("$label|build|0|1|0|$((SECONDS - t0))|FAIL")
		status=1
		return
	fi
	# the compiler's "warning:" and the assembler's "Warning:"
	if grep -i 'warning:' "$build.dma.log" >&2; then
		echo "dma-test: $label: W=1 warnings above" >&2
		status=1
	fi
	for mode in $modes; do
		# What the machine or the kernel's config cannot give.
		na=
		if ! grep -q '^CONFIG_PCI=y' "$config"; then
			na="no CONFIG_PCI: no edu device"
		elif [[ $mode == iommu && $arch != amd64 ]]; then
			# the virt board's SMMU is not set up here
			na="intel-iommu is x86's"
		elif [[ $mode == iommu ]] && ! grep -q '^CONFIG_INTEL_IOMMU=y' "$config"; then
			na="no CONFIG_INTEL_IOMMU"
		fi
		if [[ -n $na ]]; then
			rows+=("$label|$mode|-|-|-|-|n/a: $na")
			continue
		fi
		say "$label: $mode"
		mapfile -t qa < <(qemu_args "$mode")
		out=$build/vm-dma-$mode
		rm -rf "$out"
		t0=$SECONDS
		verdict=PASS
		"$here/vm-run.sh" "${vargs[@]}" -m 1G --smp 2 -o "$out" -t "$tmo" \
			-s "$top/selftests/edu-guest.sh" \
			-a "$top/selftests/tap.sh" \
			-a "$build/kbufmap_core.ko" -a "$build/kbufmap_edu.ko" \
			-a "$st_out/kbufmap_edu" "${qa[@]}" > "$out.tap" ||
			{ verdict=FAIL; status=1; }
		grep -E '^(# )?not ok|^# # .*(Expected|FAIL)' "$out.tap" >&2 || true
		p=$(grep -cE '^(# )?ok [0-9]+ ' "$out.tap" | grep -v SKIP || true)
		f=$(grep -cE '^(# )?not ok [0-9]+ ' "$out.tap" || true)
		s=$(grep -cE '^(# )?ok [0-9]+ .*# SKIP' "$out.tap" || true)
		rows+=("$label|$mode|$((p - s))|$f|$s|$((SECONDS - t0))|$verdict")
	done
}

for ver in ${vers[@]+"${vers[@]}"}; do
	say "$ver: fetch and build (W=1)"
	"$here/kcache.sh" fetch --image "$ver" >&2
	kbm_load_env "$ver"
	run_kernel "$ver" "$(kbm_arch_of "$ver")" 7.2 "$top/build/$ver" \
		"$KDIR_HOST/.config" "KVER=$ver" "-k
$ver"
done

for b in ${bundles[@]+"${bundles[@]}"}; do
	name=$(basename "$b" .tar.xz)
	say "$name: unpack the bundle and build (W=1)"
	dir=$("$here/kbundle.sh" unpack "$b")
	harness=7.2
	grep -qE ' (__x64_)?sys_pidfd_open$' "$dir/build/System.map" 2>/dev/null ||
		harness=6.12
	margs=$("$here/kbundle.sh" make-args "$dir")
	run_kernel "$name" amd64 "$harness" "$top/build/dma-bundle-$name" \
		"$dir/config" "KDIR=$dir/build
O=$top/build/dma-bundle-$name${margs:+
$margs}" "--kernel
$dir/vmlinuz"
done

printf '\n| kernel | mode | pass | fail | skip | seconds | verdict |\n|---|---|---|---|---|---|---|\n'
for r in "${rows[@]}"; do
	IFS='|' read -r v m p f s t verdict <<<"$r"
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$v" "$m" "$p" "$f" "$s" "$t" "${verdict:-FAIL}"
done
printf '\ndma-test: %d s in all\n' $((SECONDS - t_start))
exit $status
