#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# do.sh - the two commands of the README, on a Debian 12 machine with
# nothing installed: install what the host needs, then run the make target.
#
# usage: do.sh demo|check|test [make arguments...]
#
#   demo   build kbufmap for a Debian kernel (6.1 by default), boot it under
#          QEMU and show every buffer kind at work
#   check  the fast tier: style, one kernel, the whole VM suite
#   test   the full tier: every kernel, every suite (what CI runs)
#
# Kernels, chroots and builds are cached under $KBM_CACHE
# (default ~/.cache/kbufmap); a second run reuses them.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$top/scripts/kbm-lib.sh"

target=${1:-}
case $target in
demo | check | test) shift ;;
*) sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
esac

if [[ $(id -u) != 0 ]]; then
	echo "kbufmap: needs root (debootstrap chroots, mount namespaces, apt); run with sudo" >&2
	exit 1
fi

# Host tools, all from the machine's own Debian 12 suites.  Kernels and
# their compilers come later, into the cache, in chroots of their own suites.
pkgs=(make gcc libc6-dev python3 qemu-system-x86 debootstrap busybox-static
	cpio zstd xz-utils util-linux kmod flex bison bc coccinelle gnuplot-nox
	qemu-system-arm gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf
	gcc-i686-linux-gnu libc6-dev-arm64-cross libc6-dev-armhf-cross
	libc6-dev-i386-cross)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	echo "kbufmap: installing host packages: ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	# a mirror in mid-sync fails an update for a few minutes
	kbm_retry apt-get update -q >&2 || exit 1
	apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

exec make -C "$top" "$target" "$@"
