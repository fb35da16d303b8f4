#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kbundle.sh - prebuilt kernel bundles: kernels QEMU can boot and kbufmap
# can build against, for kernels no Debian archive carries (RHEL 7/8/9,
# old mainline).
#
# usage: kbundle.sh list [DIR]
#        kbundle.sh unpack PATH
#        kbundle.sh make-args DIR
#        kbundle.sh origin DIR
#
#   list       every bundle in DIR (default $KBM_BUNDLES, else ../shared/
#              kernels next to the repository), one path a line, sorted by
#              version; nothing when there are none
#   unpack     PATH is NAME.tar.xz or an unpacked NAME/: print the unpacked
#              directory (tarballs go to $KBM_CACHE/bundles/NAME, once per
#              tarball content)
#   make-args  the extra make arguments kbufmap's W=1 build needs against
#              that bundle, one a line (see bundle_make_args)
#   origin     the tree and commit the bundle was built from (its README)
#
# A bundle NAME/ holds vmlinuz (bzImage), build/ (a tree for external
# modules with a full Module.symvers), modules/brd.ko, config, release
# (uname -r) and README.  Bundles are test fixtures: they and anything
# built from them stay out of the repository.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        kbundle/       kbundle/p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

bundles_dir() { echo "${KBM_BUNDLES:-$top/../shared/kernels}"; }

# is_bundle DIR: the parts the VM suite needs are there.
is_bundle() {
	[[ -f $1/vmlinuz && -f $1/build/Makefile && -f $1/release ]]
}

cmd_list() {
	local dir=${1:-$(bundles_dir)} p name
	[[ -d $dir ]] || return 0
	{
		for p in "$dir"/*.tar.xz; do
			if [[ -f $p ]]; then echo "$p"; fi
		done
		# unpacked bundles, unless their tarball is listed already
		for p in "$dir"/*/; do
			p=${p%/}
			name=$(basename "$p")
			if is_bundle "$p" && [[ ! -f $dir/$name.tar.xz ]]; then echo "$p"; fi
		done
	} | while read -r p; do
		name=$(basename "$p" .tar.xz)
		printf '%s\t%s\n' "$name" "$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"
	done | sort -V | cut -f2
}

# The cache holds one unpacked copy per bundle name, stamped with the
# tarball's checksum: a bundle rebuilt under the same name is unpacked again.
cmd_unpack() {
	local path=${1:?unpack needs PATH} name dst sum stage lockfd
	if [[ -d $path ]]; then
		is_bundle "$path" || kbm_die "$path: not a kernel bundle (needs vmlinuz, build/, release)"
		(cd "$path" && pwd)
		return
	fi
	[[ -f $path && $path == *.tar.xz ]] || kbm_die "$path: neither NAME.tar.xz nor a bundle directory"
	name=$(basename "$path" .tar.xz)
	dst=$KBM_CACHE/bundles/$name
	mkdir -p "$KBM_CACHE/bundles"
	sum=$(sha256sum "$path" | cut -d' ' -f1)
	# two runs unpacking the same bundle would trip over each other
	exec {lockfd}>>"$KBM_CACHE/bundles/.lock"
	flock "$lockfd"
	if [[ $(cat "$dst/.kbm-bundle" 2>/dev/null) != "$sum" ]] || ! is_bundle "$dst"; then
		printf 'kbundle: %s: unpacking %s into %s…\n' "$name" "$path" "$dst" >&2
		stage=$(mktemp -d "$KBM_CACHE/bundles/.$name.XXXXXX")
		tar -xJf "$path" -C "$stage"
		if ! is_bundle "$stage/$name"; then
			rm -rf "$stage"
			kbm_die "$path does not unpack to a bundle $name/ (vmlinuz, build/, release)"
		fi
		rm -rf "$dst"
		mv "$stage/$name" "$dst"
		rm -rf "$stage"
		echo "$sum" >"$dst/.kbm-bundle"
	fi
	flock -u "$lockfd"
	echo "$dst"
}

# bundle_make_args NAME: arguments for kbufmap's W=1 build against a
# bundle.  Each keeps out of the count a warning that comes from the
# bundle's own headers meeting the host's gcc-12 and that no kbufmap change
# can fix; kbufmap's files still get the warning on every other kernel.
bundle_make_args() {
	case $1 in
	*.el7)
		# RHEL 7.9: the compile matrix's exceptions for the same tree
		# (scripts/matrix.mk, matrix-args-3.10.0-1160.el7): timer.h's
		# timer_setup() backport casts between function types
		# (-Wcast-function-type); module_init()'s init_module alias
		# lacks the 'cold' of its __init target (-Wmissing-attributes).
		# -Wundef (pgtable_types.h tests _PAGE_BIT_SWP_SOFT_DIRTY where
		# it is undefined) is not hit with this bundle's config today;
		# kept so that both builds of the tree check the same things.
		echo "KBM_EXTRA_CFLAGS=-Wno-undef -Wno-cast-function-type -Wno-missing-attributes"
		;;
	*-el8)
		# RHEL 8.10 (4.18.0-553): module.h's init_module and
		# cleanup_module aliases lack the 'cold' of their __init/__exit
		# targets (-Wmissing-attributes): upstream copies the
		# attributes with __copy() since 4.19 (and 4.9.y/4.14.y
		# stable), RHEL 8 never took it.
		echo "KBM_EXTRA_CFLAGS=-Wno-missing-attributes"
		;;
	esac
}

cmd_make_args() {
	local dir=${1:?make-args needs DIR}
	bundle_make_args "$(basename "$dir")"
}

# The first README line reads "kbundle NAME (what, owner/repo@commit), ...".
cmd_origin() {
	local dir=${1:?origin needs DIR} line
	line=$(head -n1 "$dir/README" 2>/dev/null || true)
	line=${line#*(}
	line=${line%%)*}
	echo "${line:-unknown (no README)}"
}

case ${1:-} in
list) shift && cmd_list "$@" ;;
unpack) shift && cmd_unpack "$@" ;;
make-args) shift && cmd_make_args "$@" ;;
origin) shift && cmd_origin "$@" ;;
*) usage ;;
esac
