#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kmake.sh - run kbuild for a cached Debian kernel inside that kernel's own
# suite chroot, so its exact gcc, kbuild tools and sparse are used.
#
# usage: kmake.sh VER [make args...]
#   e.g. scripts/kmake.sh 7.2 M=$PWD/build/7.2 W=1 C=2 modules
#
# Runs `make -C $KDIR <args>` in the current directory.  The repository this
# script lives in, the one around the working directory, the working
# directory itself, $KBM_CACHE, every existing M=/MO= directory and the
# colon-separated paths in $KBM_BINDS are bind-mounted at the same absolute
# paths inside a private mount namespace (gone when make ends).  The exit
# status is make's.  Takes the machine-wide build lock unless an ancestor
# process already holds it.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

if (($# < 1)) || [[ $1 == -h || $1 == --help ]]; then
	sed -n 's/^# usage: /usage: /p; s/^#   e\.g\./  e.g./p' "${BASH_SOURCE[0]}" >&2
	exit 2
fi
ver=$1
shift
kbm_load_env "$ver"
# another architecture's headers read these to pick the cross compiler
if [[ -n ${DEB_HOST_ARCH:-} ]]; then
	export DEB_HOST_ARCH DEB_HOST_GNU_TYPE
fi
[[ -f $CHROOT$KDIR/Makefile ]] ||
	kbm_die "kernel $ver: $CHROOT$KDIR is missing; run scripts/kcache.sh fetch $ver"
kbm_need_root "kmake.sh"

# Directories to make visible inside, deduplicated: a path below another
# one is already there.
cands=("$(cd "$here/.." && pwd -P)" "$(pwd -P)" "$KBM_CACHE")
top=$(git rev-parse --show-toplevel 2>/dev/null || true)
[[ -n $top ]] && cands+=("$top")
for a in "$@"; do
	case $a in
	M=* | MO=*)
		d=${a#*=}
		if [[ -d $d ]]; then
			cands+=("$(cd "$d" && pwd -P)")
		elif [[ $d == /* ]] && [[ -d $(dirname "$d") ]]; then
			# MO= may not exist yet; its parent must be reachable
			cands+=("$(cd "$(dirname "$d")" && pwd -P)")
		fi
		;;
	esac
done
IFS=: read -r -a extra <<<"${KBM_BINDS:-}"
cands+=("${extra[@]}")

mapfile -t binds < <(kbm_bind_dirs "$CHROOT" "${cands[@]}")

# $KBM_CACHE holds the chroot itself: a plain (non-recursive) bind of it
# inside the chroot is fine, it does not nest further.
# shellcheck disable=SC2016 # expanded by the inner bash
run=(bash -c '. "$0"; kbm_chroot "$@"' "$here/kbm-lib.sh"
	"$CHROOT" "${binds[@]}" -- make -C "$KDIR" "$@")
if kbm_lock_held_by_ancestor; then
	exec "${run[@]}"
fi
exec flock "$KBM_BUILD_LOCK" "${run[@]}"
