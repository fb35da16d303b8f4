#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# clang-tree.sh - a kernel tree configured and prepared for clang (LLVM=1).
#
# usage: clang-tree.sh VER
#
# Debian's headers are configured for gcc and reject clang, so this takes the
# cached Debian source of VER, configures it with LLVM=1 (defconfig) in a
# separate output directory and runs modules_prepare, all inside VER's own
# suite chroot with that suite's clang.  Prints the output directory, a KDIR
# for "make KDIR=... LLVM=1".  Cached: a second call costs nothing.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

(($# == 1)) || { sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}" >&2; exit 2; }
ver=$1
out=$KBM_CACHE/clang/$ver
# The output directory's Makefile includes the source by its absolute path:
# a cache moved or copied elsewhere prepares it again rather than point
# into the old place.
if [[ -f $out/.kbm-prepared ]] &&
	grep -qxF "include $KBM_CACHE/kernels/$ver/src/Makefile" "$out/Makefile"; then
	echo "$out"
	exit 0
fi
rm -rf "$out"

"$here/kcache.sh" fetch --source "$ver" >&2
kbm_load_env "$ver"
src=$KBM_CACHE/kernels/$ver/src
[[ -f $src/Makefile ]] || kbm_die "no source for $ver in the cache"

echo "clang-tree: $ver: installing clang, lld and the kernel build tools in chroot/$SUITE…" >&2
kbm_retry kbm_locked kbm_chroot "$CHROOT" -- sh -c 'apt-get -q update >/dev/null &&
	apt-get install -y -q --no-install-recommends clang lld llvm flex bison bc \
		libssl-dev libelf-dev perl python3 >/dev/null && apt-get clean' >&2

echo "clang-tree: $ver: defconfig + modules_prepare with LLVM=1 (a few minutes, once)…" >&2
mkdir -p "$out"
kbm_locked kbm_chroot "$CHROOT" "$KBM_CACHE" -- sh -c '
	make -s -C "$1" O="$2" LLVM=1 defconfig &&
	make -s -C "$1" O="$2" LLVM=1 -j"$(nproc)" modules_prepare' sh "$src" "$out" >&2
touch "$out/.kbm-prepared"
echo "$out"
