#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kchroot.sh - run a command inside a cached Debian kernel's own chroot.
#
# usage: kchroot.sh VER CMD [ARGS...]
#   e.g. scripts/kchroot.sh 7.2 make -C "$PWD" KDIR=@KDIR@ O=build/7.2 W=1
#
# Every "@KDIR@" in the arguments becomes the kernel's header tree inside
# the chroot.  The repository, $KBM_CACHE and the working directory are
# bind-mounted at their own paths, so the top-level Makefile, the probes and
# the build directory work unchanged inside.  Holds the machine-wide build
# lock, as kmake.sh does.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

(($# >= 2)) || { sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}" >&2; exit 2; }
ver=$1
shift
kbm_load_env "$ver"
# another architecture's headers read these to pick the cross compiler
if [[ -n ${DEB_HOST_ARCH:-} ]]; then
	export DEB_HOST_ARCH DEB_HOST_GNU_TYPE
fi
[[ -f $CHROOT$KDIR/Makefile ]] ||
	kbm_die "kernel $ver is not in the cache; run scripts/kcache.sh fetch $ver"
kbm_need_root "kchroot.sh"

args=()
for a in "$@"; do
	args+=("${a//@KDIR@/$KDIR}")
done

mapfile -t binds < <(kbm_bind_dirs "$CHROOT" "$(cd "$here/.." && pwd -P)" \
	"$(pwd -P)" "$KBM_CACHE")

# shellcheck disable=SC2016 # expanded by the inner bash
run=(bash -c '. "$0"; kbm_chroot "$@"' "$here/kbm-lib.sh"
	"$CHROOT" "${binds[@]}" -- "${args[@]}")
if kbm_lock_held_by_ancestor; then
	exec "${run[@]}"
fi
exec flock "$KBM_BUILD_LOCK" "${run[@]}"
