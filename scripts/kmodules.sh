#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kmodules.sh - take in-tree modules of a cached Debian kernel out of its
# packages, for the VM's initramfs (e.g. brd, a RAM block device on which
# O_DIRECT really goes through get_user_pages).
#
# usage: kmodules.sh VER MODULE...
#
# Prints the path of each uncompressed .ko, cached in kernels/VER/modules/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

(($# >= 2)) || { sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}" >&2; exit 2; }
ver=$1
shift
kbm_load_env "$ver"
dir=$KBM_CACHE/kernels/$ver/modules
mkdir -p "$dir" "$KBM_CACHE/debs"

# The .deb holding /usr/lib/modules/<rel>/kernel: linux-image-<rel> up to
# trixie, linux-modules-<rel> on sid (where the image is split).
modules_deb() {
	local pkg v line file fam
	mapfile -t fam < <(kbm_suite_family "$SUITE")
	for pkg in "linux-modules-$RELEASE" "linux-image-$RELEASE" \
		"linux-image-$RELEASE-unsigned"; do
		# the kernel's own version first: its suite may be a -security one
		v=$VERSION
		kbm_apt_get download --print-uris "$pkg=$v" > /dev/null 2>&1 ||
			v=$(kbm_newest "$pkg" "${fam[@]}")
		[[ -n $v ]] || continue
		line=$(kbm_apt_get download --print-uris "$pkg=$v" 2>/dev/null | tail -n1)
		read -r _ file _ <<<"$line"
		[[ -n ${file:-} ]] || continue
		if ! dpkg-deb -c "$KBM_CACHE/debs/$file" > /dev/null 2>&1; then
			printf 'kmodules: %s: downloading %s (%s)…\n' "$ver" "$pkg" "$v" >&2
			(cd "$KBM_CACHE/debs" && kbm_apt_get -qq download "$pkg=$v") >&2 || continue
		fi
		# no grep -q: an early exit would kill dpkg-deb with SIGPIPE
		if dpkg-deb -c "$KBM_CACHE/debs/$file" | grep '/kernel/drivers/' > /dev/null; then
			echo "$KBM_CACHE/debs/$file"
			return 0
		fi
	done
	kbm_die "kernel $ver: no package with its modules found"
}

deb=""
for m in "$@"; do
	if [[ ! -f $dir/$m.ko ]]; then
		[[ -n $deb ]] || deb=$(modules_deb)
		member=$(dpkg-deb -c "$deb" | awk '{ print $6 }' |
			grep -E "/$m\.ko(\.xz|\.zst|\.gz)?$" | sed -n 1p)
		[[ -n $member ]] || kbm_die "kernel $ver has no module $m"
		tmp=$(mktemp -d)
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$tmp" "$member"
		case $member in
		*.xz) xz -dc "$tmp/$member" > "$dir/$m.ko" ;;
		*.zst) zstd -dcq "$tmp/$member" > "$dir/$m.ko" ;;
		*.gz) gzip -dc "$tmp/$member" > "$dir/$m.ko" ;;
		*) cp "$tmp/$member" "$dir/$m.ko" ;;
		esac
		rm -rf "$tmp"
	fi
	echo "$dir/$m.ko"
done
