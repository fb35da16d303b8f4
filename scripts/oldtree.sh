#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# oldtree.sh - prepare an unpacked kernel source tree for building external
# modules with today's host toolchain (Debian 12: gcc-12, GNU make 4.3,
# binutils 2.40), so that scripts/matrix.sh can compile kbufmap against it.
#
# usage: scripts/oldtree.sh [--config TARGET] [--enable SYM]... [--fix-only]
#                           DIR [make args]
#   DIR          an unpacked kernel tree (v2.6.18 or later), edited in place
#   --config T   the configuration target (default: defconfig; a tree that
#                already has a .config keeps it)
#   --enable SYM set CONFIG_SYM=y after it (then "make oldconfig"), for
#                trees whose headers only build in their vendor's
#                configuration; RHEL 6 (2.6.32-*.el6) needs DYNAMIC_DEBUG:
#                without it, its dynamic_debug.h calls printk() before
#                anything declared it (an error in asm-offsets.c)
#   --fix-only   apply the fixes below and stop: no configuration, no
#                build (scripts/kbundle.sh build configures and builds
#                a copy of the tree itself)
#   make args    passed to every make, e.g. CC=gcc-12
#
# It applies the fixes below (each only where the tree needs it, so a
# rerun changes nothing), then runs "make defconfig" and "make
# modules_prepare" under the machine-wide build lock.  Put trees outside
# the repository, e.g. $KBM_CACHE/oldtrees/<version> (scripts/matrix.mk
# builds every tree there); never commit them.  The result has no
# Module.symvers: matrix.sh then checks kbufmap's undefined symbols against
# the EXPORT_SYMBOL lines of the tree's sources.
#
# Fixes, each for a tree older than the change named:
#  1. GNU make 3.82+ refuses a rule that mixes an implicit and a normal
#     target ("mixed implicit and normal rules": "config %config:",
#     "/ %/:").  The top-level Makefile gets the implicit half only, as
#     later kbuild has it.
#  2. gcc 5+ has no compiler-gcc<N>.h before v4.2 merged them into
#     compiler-gcc.h: the newest compiler-gcc<N>.h is copied under the
#     host compiler's major number (v2.6.18's compiler.h #errors for
#     __GNUC__ > 4: it gets the same include).
#  3. Debian's gcc builds position-independent code by default, which
#     -mcmodel=kernel rejects ("code model kernel does not support PIC
#     mode"); kbuild adds -fno-PIE from v4.9 (8ae94224c9d7).  The top-level
#     Makefile gets "-fno-PIE" before the arch Makefile, for C and asm, as
#     upstream moved it in v4.9 ("kbuild: Steal gcc's pie from the very
#     beginning"): after it, every cc-option test the arch Makefile makes
#     once it has added -mcmodel=kernel fails, and x86 silently loses
#     -mno-sse -mno-mmx -mno-sse2 (gcc 12 then vectorizes kernel code
#     with SSE: 2.6.32 dies writing its first IDT entry).  A tree an
#     earlier run fixed after the arch Makefile gets the lines moved.
#  4. v2.6.18's scripts/mod/sumversion.c uses PATH_MAX without including
#     <limits.h>, which glibc's headers no longer pull in.
#  5. kernel/timeconst.pl (v2.6.25..v3.8) uses defined(@array), a fatal
#     error from perl 5.22.
#  6. gcc 10+ defaults to -fno-common and the old dtc and genksyms lexers
#     define yylloc/yylval in two objects: HOSTCFLAGS gets -fcommon.
#  7. A vendor tree that fixed ARCH or CROSS_COMPILE in its Makefile (a
#     board's BSP: "ARCH ?= arm") gets kbuild's defaults back, the host's
#     architecture and no cross compiler; a .config made for the other
#     architecture is then set aside as .config.<arch>.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

config=defconfig enable=() fixonly=0
while (($#)); do
	case $1 in
	--fix-only) fixonly=1; shift ;;
	--config) config=${2:?--config needs a target}; shift 2 ;;
	--enable) enable+=("${2:?--enable needs a symbol}"); shift 2 ;;
	*) break ;;
	esac
done
dir=${1:?usage: oldtree.sh [--config TARGET] [--enable SYM]... [--fix-only] DIR [make args]}
shift
[[ -f $dir/Makefile && -d $dir/scripts ]] || kbm_die "$dir is not a kernel tree"
dir=$(cd "$dir" && pwd -P)
margs=("$@")

note() { printf 'oldtree: %s: %s\n' "$(basename "$dir")" "$*" >&2; }

# The compiler the build will use (CC= among the make args, else gcc).
cc=gcc
for a in "${margs[@]}"; do
	[[ $a == CC=* ]] && cc=${a#CC=}
done
gccmajor=$($cc -dumpversion | cut -d. -f1)

mk=$dir/Makefile

# 7. ARCH and CROSS_COMPILE fixed by a vendor
if grep -qE '^ARCH[[:space:]]*\??=[[:space:]]*[a-z]' "$mk"; then
	old=$(sed -nE 's/^ARCH[[:space:]]*\??=[[:space:]]*([a-z0-9_]+).*/\1/p' "$mk")
	sed -i -E 's/^ARCH([[:space:]]*)\??=.*/ARCH\1?= $(SUBARCH)/' "$mk"
	sed -i -E 's/^CROSS_COMPILE([[:space:]]*)\??=.*/CROSS_COMPILE\1?=/' "$mk"
	if [[ -f $dir/.config ]] && ! grep -q '^CONFIG_X86=y' "$dir/.config"; then
		mv "$dir/.config" "$dir/.config.$old"
	fi
	note "Makefile: ARCH ?= $old -> \$(SUBARCH), no CROSS_COMPILE"
fi

# 1. mixed implicit and normal rules
if grep -q '^config %config:' "$mk"; then
	sed -i 's/^config %config:/%config:/' "$mk"
	note "Makefile: 'config %config:' -> '%config:' (make 3.82+)"
fi
if grep -q '^/ %/:' "$mk"; then
	sed -i 's,^/ %/:,%/:,' "$mk"
	note "Makefile: '/ %/:' -> '%/:' (make 3.82+)"
fi

# 2. compiler-gcc<N>.h for this gcc
inc=$dir/include/linux
if grep -q '^#error no compiler-gcc.h file for this gcc version' "$inc/compiler.h"; then
	sed -i 's/^#if __GNUC__ > 4$/#if 0/' "$inc/compiler.h"
	sed -i 's/^#elif __GNUC__ == 4$/#elif __GNUC__ >= 4/' "$inc/compiler.h"
	note "compiler.h: gcc $gccmajor uses compiler-gcc4.h"
elif grep -q 'gcc_header(__GNUC__)' "$inc/compiler-gcc.h" 2>/dev/null &&
	[[ ! -f $inc/compiler-gcc$gccmajor.h ]]; then
	newest=$(ls "$inc"/compiler-gcc[0-9]*.h | sort -V | tail -n 1)
	cp "$newest" "$inc/compiler-gcc$gccmajor.h"
	note "compiler-gcc$gccmajor.h copied from $(basename "$newest")"
fi

# 3. -fno-PIE
archinc='^include \$(srctree)\/arch\/\$(S\{0,1\}R\{0,1\}C\{0,1\}ARCH)\/Makefile'
if grep -A1 "$archinc" "$mk" | grep -q '^# oldtree.sh: gcc builds PIE'; then
	sed -i '/^# oldtree.sh: gcc builds PIE/,+2d' "$mk"
	note "Makefile: -fno-PIE of an earlier run taken out from after the arch Makefile"
fi
if ! grep -q 'fno-PIE\|fno-pie' "$mk" "$dir/arch/x86/Makefile" 2>/dev/null; then
	if grep -q '^KBUILD_CFLAGS' "$mk"; then
		cflags=KBUILD_CFLAGS aflags=KBUILD_AFLAGS
	else
		cflags=CFLAGS aflags=AFLAGS
	fi
	sed -i "/$archinc/i\\
# oldtree.sh: gcc builds PIE by default, -mcmodel=kernel refuses it\\
$cflags += \$(call cc-option,-fno-PIE)\\
$aflags += \$(call cc-option,-fno-PIE)" "$mk"
	grep -q 'oldtree.sh: gcc builds PIE' "$mk" ||
		kbm_die "could not add -fno-PIE to $mk (no arch Makefile include)"
	note "Makefile: $cflags += -fno-PIE"
fi

# 4. PATH_MAX in sumversion.c
sv=$dir/scripts/mod/sumversion.c
if grep -q PATH_MAX "$sv" && ! grep -q '<limits.h>' "$sv"; then
	sed -i '0,/^#include/s//#include <limits.h>\n#include/' "$sv"
	note "sumversion.c: #include <limits.h>"
fi

# 5. defined(@array) in timeconst.pl
tc=$dir/kernel/timeconst.pl
if [[ -f $tc ]] && grep -q 'defined(@' "$tc"; then
	sed -i 's/defined(@\([a-z_]*\))/@\1/' "$tc"
	note "timeconst.pl: defined(@array) -> @array (perl 5.22+)"
fi

# 6. -fcommon for host programs
if ! grep -q '^HOSTCFLAGS.*-fcommon' "$mk"; then
	sed -i '0,/^HOSTCFLAGS[[:space:]]*[:]\{0,1\}=.*/s//& -fcommon/' "$mk"
	grep -q '^HOSTCFLAGS.*-fcommon' "$mk" && note "Makefile: HOSTCFLAGS += -fcommon"
fi

((fixonly)) && exit 0

prepare() {
	local sym
	if [[ ! -f $dir/.config ]]; then
		make -C "$dir" "${margs[@]}" "$config" || return
	fi
	if ((${#enable[@]})); then
		for sym in "${enable[@]}"; do
			sym=CONFIG_${sym#CONFIG_}
			sed -i "/^$sym=/d; /^# $sym is not set/d" "$dir/.config"
			echo "$sym=y" >>"$dir/.config"
		done
		{ yes '' || true; } | make -C "$dir" "${margs[@]}" oldconfig >/dev/null || return
	fi
	make -C "$dir" "${margs[@]}" -j"$(nproc)" modules_prepare
}

log=$dir/.oldtree.log
start=$SECONDS
if ! kbm_locked prepare >"$log" 2>&1; then
	tail -n 25 "$log" >&2
	kbm_die "preparing $dir failed (log: $log)"
fi
note "prepared ($config, modules_prepare) in $((SECONDS - start)) s; log: $log"
