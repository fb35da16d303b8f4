#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh - a small QEMU x86-64 kernel with every memory and
# locking detector on, built from Debian's linux-source-7.2.
#
# usage: debug-kernel.sh [--env] [--rebuild]
#
# Configures the cached source (scripts/kcache.sh fetch --source 7.2) with
# `allnoconfig` plus scripts/debug.config, checks that every option of the
# fragment survived olddefconfig, and builds the bzImage and the modules
# (brd) inside the 7.2 chroot with sid's gcc, under the machine-wide build
# lock.  The bzImage, not vmlinux through its PVH entry: 7.2's PVH entry
# runs C code (xen_prepare_pvh -> memcmp) before KASAN's early shadow
# exists and triple-faults at once.  QEMU's -kernel takes either, so
# vm-run.sh --vmlinux boots it unchanged (a few seconds more, to unpack).  The build directory is
# also a KDIR for out-of-tree modules (`make KDIR=<dir> CC=<its compiler>`).
#
# Cached under $KBM_CACHE/debug/7.2/<key>, the key a hash of the source
# package version, the fragment and this script's recipe: a second call
# costs nothing, a changed fragment or a new source rebuilds.  Prints the
# build directory; --env prints DEBUG_KDIR, DEBUG_IMAGE, DEBUG_BRD,
# DEBUG_CC and DEBUG_BUILD_SECS (shell assignments) instead.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

ver=7.2
print_env=0 rebuild=0
while (($#)); do
	case $1 in
	--env) print_env=1 ;;
	--rebuild) rebuild=1 ;;
	-h | --help) sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) kbm_die "debug-kernel: unknown argument '$1'" ;;
	esac
	shift
done

fragment=$here/debug.config
say() { printf 'debug-kernel: %s\n' "$*" >&2; }

src=$KBM_CACHE/kernels/$ver/src
# Fetched once; the cache never moves a series to a newer release unasked.
if [[ ! -f $(kbm_env_file "$ver") || ! -f $src/.kbm-src ]]; then
	"$here/kcache.sh" fetch --source "$ver" >&2
fi
kbm_load_env "$ver"
[[ -f $src/Makefile && -f $src/.kbm-src ]] || kbm_die "no source for $ver in the cache"

# The recipe: what this script passes to make.  Part of the key.
targets=(bzImage modules)
recipe="allnoconfig+fragment olddefconfig ${targets[*]} CC=$CC HOSTCC=$CC"
key=$( {
	cat "$src/.kbm-src"
	echo "$recipe"
	cat "$fragment"
} | sha256sum | cut -c1-16)
top=$KBM_CACHE/debug/$ver
out=$top/$key

report() {
	if ((print_env)); then
		printf '%s=%q\n' DEBUG_KDIR "$out" DEBUG_IMAGE "$out/arch/x86/boot/bzImage" \
			DEBUG_BRD "$out/drivers/block/brd.ko" DEBUG_CC "$CC" \
			DEBUG_BUILD_SECS "$(cat "$out/.kbm-build-secs" 2>/dev/null || echo 0)"
	else
		echo "$out"
	fi
}

if ((!rebuild)) && [[ -f $out/.kbm-built ]]; then
	say "cached: $out (built in $(cat "$out/.kbm-build-secs") s)"
	report
	exit 0
fi

# make's output goes to the log; every 30 s one line says how far it got.
progress() {
	local log=$1 n=0 last=$SECONDS t0=$SECONDS line
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$log"
		case $line in
		"  CC "* | "  AS "* | "  LD "* | "  AR "*) n=$((n + 1)) ;;
		esac
		if ((SECONDS - last >= 30)); then
			last=$SECONDS
			say "$((SECONDS - t0)) s: $n objects, now ${line#  }"
		fi
	done
	say "$((SECONDS - t0)) s: $n objects"
}

# Runs under the build lock: configure, check, build.  An interrupted build
# resumes (make is incremental; the key says the configuration is this one).
build() {
	local t0=$SECONDS mk missing
	mk=(make -C "$src" O="$out" ARCH=x86_64 CC="$CC" HOSTCC="$CC")
	mkdir -p "$out"
	cp "$fragment" "$out/kbm-debug.config"
	say "configuring: allnoconfig + $(basename "$fragment")"
	kbm_chroot "$CHROOT" "$KBM_CACHE" -- "${mk[@]}" -s \
		KCONFIG_ALLCONFIG="$out/kbm-debug.config" allnoconfig >"$out/build.log" 2>&1 &&
		kbm_chroot "$CHROOT" "$KBM_CACHE" -- "${mk[@]}" -s olddefconfig \
			>>"$out/build.log" 2>&1 || {
		tail -n 20 "$out/build.log" >&2
		return 1
	}
	# Every value of the fragment must be in the result (Kconfig silently
	# drops a symbol whose dependencies are not met); an "is not set" line
	# holds when the symbol is not y or m (hidden symbols print nothing).
	missing=$(
		grep -E '^CONFIG_' "$fragment" | grep -vxFf "$out/.config"
		sed -n 's/^# \(CONFIG_[A-Za-z0-9_]*\) is not set$/\1/p' "$fragment" |
			while read -r sym; do
				grep -qE "^$sym=[ym]\$" "$out/.config" && echo "# $sym is not set"
			done
		true
	)
	if [[ -n $missing ]]; then
		say "the configuration lost these lines of $(basename "$fragment"):"
		printf '  %s\n' "$missing" >&2
		return 1
	fi
	say "config: $(grep -c '=y$' "$out/.config") built in, $(grep -c '=m$' "$out/.config") modules;" \
		"building ${targets[*]} with $CC on $(nproc) CPUs (log: $out/build.log)"
	kbm_chroot "$CHROOT" "$KBM_CACHE" -- "${mk[@]}" -j"$(nproc)" "${targets[@]}" 2>&1 |
		progress "$out/build.log" || {
		grep -E 'error|Error' "$out/build.log" | head -n 20 >&2
		return 1
	}
	[[ -f $out/arch/x86/boot/bzImage && -f $out/Module.symvers && -f $out/drivers/block/brd.ko ]] || {
		say "the build left no bzImage, Module.symvers or brd.ko"
		return 1
	}
	echo $((SECONDS - t0)) >"$out/.kbm-build-secs"
}

mkdir -p "$top"
((rebuild)) && rm -rf "$out"
rm -f "$out/.kbm-built"
say "building the debug kernel for $ver ($(cat "$src/.kbm-src"), key $key); once per source and fragment"
kbm_locked build || kbm_die "debug kernel build failed (log: $out/build.log)"
touch "$out/.kbm-built"
say "built in $(cat "$out/.kbm-build-secs") s (under the lock): $out/arch/x86/boot/bzImage"
# Older keys are dead weight (about a gigabyte each).
for d in "$top"/*/; do
	d=${d%/}
	[[ $d == "$out" ]] || rm -rf "$d"
done
report
