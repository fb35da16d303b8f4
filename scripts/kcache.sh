#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kcache.sh - a cache of Debian kernels to build modules for and to boot.
#
# usage: kcache.sh fetch [--image] [--source] [--refresh] VER...
#        kcache.sh env VER
#        kcache.sh list
#        kcache.sh rc [--refresh]
#
# VER is a kernel series: 5.10 (bullseye), 6.1 (bookworm), 6.12 (trixie),
# 7.2 (sid); other series are looked up in those suites, oldest first, then
# in experimental (sid plus Debian's release candidates, e.g. 7.3-rc),
# which also wins over sid for a series it carries newer.  "rc" prints the
# series experimental carries when it is newer than sid's, else nothing.
# The newest amd64 release of the series is resolved at run time from the
# project's own apt lists (never from the host's, never hard-coded).
#
# VER-ARCH names the same series for another architecture, one Debian
# flavour each: 7.2-arm64 (arm64), 6.12-armhf (armmp-lpae: 32-bit ARM with
# LPAE and HIGHMEM), 6.1-i386 (686-pae: 32-bit x86 with PAE and HIGHMEM).
# Their modules are cross-built in the same amd64 chroot of the suite: the
# headers of that architecture are unpacked into it (Debian's .kernelvariables
# there name the cross compiler, gcc-N-<triplet>, which is installed with
# the suite's amd64 linux-kbuild); --image keeps the image QEMU boots
# (arm64 Image, armhf zImage, i386 bzImage) as kernels/VER/kernel.
#
# Everything lands under ${KBM_CACHE:-~/.cache/kbufmap}:
#   apt/             sources.list (derived from the host's), sources.list.d/
#                    overlays.list (experimental), lists, pkgcache
#   apt/arch/<arch>/ the same for arm64, armhf and i386
#   debs/            downloaded .debs (images, linux-source)
#   chroot/<suite>/  debootstrap minbase + make, sparse, linux-headers-<rel>
#                    (chroot/experimental: sid, kernel packages pinned to
#                    experimental)
#   kernels/<ver>/   env, config, vmlinuz, vmlinux (--image), src/ (--source)
# Each step is skipped when its marker says it is done; the apt lists are
# only updated on first use or with --refresh (which may move a series to a
# newer release).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        /       /p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

log() {
	local v=$1
	shift
	printf 'kcache: %s: %s\n' "$v" "$*" >&2
}

# Run CMD with its output in LOG; on failure show the log's tail and stop.
logged() {
	local logf=$1
	shift
	if ! "$@" >"$logf" 2>&1; then
		tail -n 25 "$logf" >&2
		kbm_die "failed: $* (full log: $logf)"
	fi
}

# --- apt lists ------------------------------------------------------------

# apt-get update, its output in update.log.  A mirror caught in mid-sync
# (or one left inconsistent) serves some index files that do not match
# its Release file ("File has unexpected size ... Mirror sync in
# progress?"): apt then fetches every other list and fails.  Such a
# partial failure is tried once more after 30 s, then reported as a
# warning naming the lists it lacks, and the lists it has are used (a
# package only those lists have is then "not found", by name).  A total
# failure (nothing fetched) is tried four times, 30, 60 and 90 s apart.
apt_update() {
	local try logf=$KBM_APT/update.log
	for try in 1 2 3 4; do
		kbm_apt_get -q update >"$logf" 2>&1 && return 0
		if ((try >= 2)) && grep -q '^\(Get\|Hit\):' "$logf" &&
			grep -q '^E: Some index files failed to download' "$logf"; then
			log apt "warning: going on without the index files the mirror serves inconsistently:"
			sed -n 's/^E: Failed to fetch \([^ ]*\).*/  \1/p' "$logf" >&2
			return 0
		fi
		((try < 4)) || break
		log apt "update failed (mirror in mid-sync?): attempt $try of 4, again in $((try * 30)) s…"
		sleep $((try * 30))
	done
	tail -n 25 "$logf" >&2
	kbm_die "failed: apt-get update, 4 attempts (full log: $logf)"
}

apt_setup() {
	local refresh=$1 want list s
	mkdir -p "$KBM_APT/lists/partial" "$KBM_APT/cache/archives/partial" \
		"$KBM_APT/sources.list.d" "$KBM_CACHE/debs"
	kbm_archive_uris
	for list in sources.list sources.list.d/overlays.list; do
		if [[ $list == sources.list ]]; then
			want=$(kbm_sources_list)
		else
			want=$(kbm_overlay_sources_list)
		fi
		if [[ ! -f $KBM_APT/$list ]] || [[ $want != "$(cat "$KBM_APT/$list")" ]]; then
			printf '%s\n' "$want" >"$KBM_APT/$list"
			rm -f "$KBM_APT/.updated"
		fi
	done
	# An update that did not know the overlays' list dropped their files.
	for s in "${KBM_OVERLAY_SUITES[@]}"; do
		compgen -G "$KBM_APT/lists/*_dists_${s}_*Packages*" >/dev/null ||
			rm -f "$KBM_APT/.updated"
	done
	if [[ $refresh == 1 || ! -f $KBM_APT/.updated ]]; then
		log apt "updating the project's lists (${KBM_SUITES[*]} ${KBM_OVERLAY_SUITES[*]})…"
		apt_update
		touch "$KBM_APT/.updated"
	fi
}

# --- resolving a series to a release --------------------------------------

# resolve VER: sets SUITE, REL (e.g. 6.1.0-56-amd64) and PKGVER.  The
# first suite (oldest first) that has the series wins, except that sid's
# overlay, experimental, wins over sid with a newer upload of the series.
resolve() {
	local ver=$1 s fam name v pat suites names series flavour
	series=$(kbm_series_of "$ver")
	flavour=$(kbm_flavour "$KBM_ARCH")
	s=$(kbm_suite_of "$ver")
	if [[ -n $s ]]; then
		suites=("$s")
	else
		suites=("${KBM_SUITES[@]}" "${KBM_OVERLAY_SUITES[@]}")
	fi
	[[ $s == sid ]] && suites+=(experimental)
	# 5.10.0-32-amd64, 6.12.107+deb13-amd64, 7.2.13+deb14-amd64, 7.3-amd64
	# (experimental's release candidates); not the -cloud/-rt flavours, not
	# the unversioned meta packages.
	pat="^linux-headers-${series//./\\.}(\\.[0-9]+)?(-[0-9]+)?(\\+deb[0-9.]+)?-$flavour\$"
	names=$(kbm_apt_cache search --names-only "$pat" | cut -d' ' -f1)
	SUITE="" REL="" PKGVER=""
	for s in "${suites[@]}"; do
		mapfile -t fam < <(kbm_suite_family "$s")
		for name in $names; do
			v=$(kbm_newest "$name" "${fam[@]}")
			[[ -n $v ]] || continue
			if [[ -z $PKGVER ]] || dpkg --compare-versions "$v" gt "$PKGVER"; then
				PKGVER=$v REL=${name#linux-headers-} SUITE=$s
			fi
		done
		[[ -z $REL || $s == sid ]] || return 0
	done
	[[ -z $REL ]] || return 0
	kbm_die "no $flavour kernel of series $series in ${suites[*]} (lists of $(date -r "$KBM_APT/.updated" +%F); try: kcache.sh fetch --refresh $ver)"
}

# series_of SUITE: the kernel series of SUITE's linux-headers-amd64 (7.2 for
# 7.2.13-1, 7.3 for 7.3~rc7-1~exp1), or "".
series_of() {
	kbm_newest linux-headers-amd64 "$1" | sed -n 's/^\([0-9]\+\.[0-9]\+\).*/\1/p'
}

# --- chroot of the kernel's own suite -------------------------------------

chroot_setup() {
	local ver=$1 suite=$2 root=$KBM_CACHE/chroot/$2 inc=() fam s base
	[[ -f $root/.kbm-bootstrap ]] && return 0
	if findmnt -rno TARGET | grep -qF -- "$root/"; then
		kbm_die "something is mounted under $root; unmount it first"
	fi
	base=$(kbm_suite_base "$suite")
	rm -rf "$root"
	mkdir -p "$root"
	# http needs nothing more; https needs the CA bundle inside.
	[[ $KBM_MAIN_URI == https:* ]] && inc=(--include=ca-certificates)
	log "$ver" "debootstrap $base for chroot/$suite (first time, ~2 min)…"
	# unshare: mounts debootstrap leaves behind on failure die with it.
	logged "$KBM_CACHE/chroot/$suite.log" kbm_locked \
		unshare -m --propagation private -- \
		debootstrap --variant=minbase "${inc[@]}" \
		--keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
		"$base" "$root" "$KBM_MAIN_URI"
	mapfile -t fam < <(kbm_suite_family "$base"
		[[ $suite == "$base" ]] || kbm_suite_family "$suite")
	for s in "${fam[@]}"; do
		if [[ $s == *-security ]]; then
			echo "deb $KBM_SECURITY_URI $s main"
		else
			echo "deb $KBM_MAIN_URI $s main"
		fi
	done >"$root/etc/apt/sources.list"
	if [[ $suite != "$base" ]]; then
		# Only the kernel's packages (headers, kbuild, base) come from the
		# overlay; the compiler and everything else stay $base's.
		cat >"$root/etc/apt/preferences.d/kbufmap-$suite" <<-EOF
			Package: linux-*
			Pin: release a=$suite
			Pin-Priority: 500

			Package: *
			Pin: release a=$suite
			Pin-Priority: 1
		EOF
	fi
	# No docs, man pages or translations: nothing here reads them.
	cat >"$root/etc/dpkg/dpkg.cfg.d/01-kbufmap-nodoc" <<-'EOF'
		path-exclude=/usr/share/doc/*
		path-exclude=/usr/share/man/*
		path-exclude=/usr/share/locale/*
		path-exclude=/usr/share/info/*
	EOF
	touch "$root/.kbm-bootstrap"
}

# The headers bring kbuild and the exact gcc as dependencies; sparse is
# for C=1/C=2, libelf-dev for objtool/resolve_btfids users.
CHROOT_PKGS=(make sparse libelf-dev)

headers_setup() {
	local ver=$1 root=$KBM_CACHE/chroot/$SUITE want
	if [[ $KBM_ARCH != amd64 ]]; then
		foreign_headers_setup "$ver"
		return
	fi
	want="linux-headers-$REL=$PKGVER"
	grep -qxF "$want" "$root/.kbm-pkgs" 2>/dev/null && return 0
	# The chroot's apt fetches like the host's: same proxies and the same
	# date checks (a frozen archive snapshot has an expired sid Release).
	apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|(https?|ftp)::Proxy)( |::)' \
		>"$root/etc/apt/apt.conf.d/99kbufmap-host" || true
	log "$ver" "installing linux-headers-$REL and ${CHROOT_PKGS[*]} in chroot/$SUITE…"
	logged "$KBM_CACHE/chroot/$SUITE.apt.log" kbm_locked kbm_chroot "$root" -- \
		sh -c 'apt-get -q update && apt-get install -y -q --no-install-recommends "$@" && apt-get clean' \
		sh "${CHROOT_PKGS[@]}" "$want"
	echo "$want" >>"$root/.kbm-pkgs"
}

# The headers of another architecture in the suite's amd64 chroot: its
# linux-headers-<rel> unpacked (it is that architecture's package: apt
# would want its whole dependency tree for that architecture), and with
# apt the suite's amd64 linux-kbuild and -common package it points to (the
# same upload) and the cross compiler its .kernelvariables name.
foreign_headers_setup() {
	local ver=$1 root=$KBM_CACHE/chroot/$SUITE want deb stage kdir common kbuild gccv
	want="linux-headers-$REL:$KBM_ARCH=$PKGVER"
	grep -qxF "$want" "$root/.kbm-pkgs" 2>/dev/null && return 0
	log "$ver" "downloading linux-headers-$REL ($PKGVER, $KBM_ARCH)…"
	deb=$(download "linux-headers-$REL" "$PKGVER")
	kdir=/usr/src/linux-headers-$REL
	stage=$(mktemp -d)
	dpkg-deb -x "$deb" "$stage"
	common=$(sed -n 's|^include /usr/src/\(linux-headers-[^/]*-common\)/Makefile$|\1|p' \
		"$stage$kdir/Makefile")
	kbuild=$(readlink "$stage$kdir/scripts" | sed -n 's|.*/lib/\(linux-kbuild-[^/]*\)/scripts$|\1|p')
	gccv=$(sed -n 's/^CC = .*gcc-\([0-9][0-9]*\)$/\1/p' "$stage$kdir/.kernelvariables")
	rm -rf "$stage"
	[[ -n $common && -n $kbuild && -n $gccv ]] ||
		kbm_die "linux-headers-$REL: cannot tell its -common package, kbuild or gcc"
	apt-config dump | grep -E '^Acquire::(Check-Valid-Until|Check-Date|(https?|ftp)::Proxy)( |::)' \
		>"$root/etc/apt/apt.conf.d/99kbufmap-host" || true
	log "$ver" "installing $common, $kbuild and gcc-$gccv-$(kbm_triplet "$KBM_ARCH") in chroot/$SUITE…"
	logged "$KBM_CACHE/chroot/$SUITE.apt.log" kbm_locked kbm_chroot "$root" -- \
		sh -c 'apt-get -q update && apt-get install -y -q --no-install-recommends "$@" && apt-get clean' \
		sh "${CHROOT_PKGS[@]}" "$common=$PKGVER" "$kbuild" "gcc-$gccv-$(kbm_triplet "$KBM_ARCH")"
	# Only the header tree goes in: unpacking the whole .deb over the root
	# would replace a merged-/usr chroot's /lib symlink with the package's
	# lib/modules/ directory (bookworm's packages still ship ./lib).
	log "$ver" "unpacking linux-headers-$REL into chroot/$SUITE$kdir"
	stage=$(mktemp -d)
	dpkg-deb -x "$deb" "$stage"
	[[ -f $stage$kdir/Makefile ]] || kbm_die "linux-headers-$REL has no $kdir"
	rm -rf "$root$kdir"
	mv "$stage$kdir" "$root$kdir"
	rm -rf "$stage"
	echo "$want" >>"$root/.kbm-pkgs"
}

# Debian's kbuild packages can lag behind the kernel's Makefile: 7.2's
# calls scripts/checker-valid.sh, which linux-kbuild-7.2 lacks, and then
# silently turns C=1/C=2 off.  Supply an equivalent where it is missing.
headers_fixups() {
	local ver=$1 root=$2 kdir=$3 mk src
	for mk in "$root$kdir/Makefile" $(sed -n 's|^include \(/usr/src/.*/Makefile\)$|\1|p' \
		"$root$kdir/Makefile" | sed "s|^|$root|"); do
		src=$(dirname "$mk")
		if grep -q 'scripts/checker-valid.sh' "$mk" && [[ ! -e $src/scripts/checker-valid.sh ]]; then
			log "$ver" "adding the missing scripts/checker-valid.sh to ${src#"$root"} (for C=1/C=2)"
			cat >"$src/scripts/checker-valid.sh" <<-'EOF'
				#!/bin/sh
				# SPDX-License-Identifier: GPL-2.0
				# Added by kbufmap's kcache.sh: the kernel Makefile needs it and
				# Debian's linux-kbuild lacks it.  Prints 1 when the checker ($1,
				# flags follow) runs and understands __typeof_unqual__.
				command -v "$1" >/dev/null 2>&1 || exit 1
				t=$(mktemp) || exit 1
				trap 'rm -f "$t"' EXIT
				printf 'static inline int u(const int *q)\n{\n\t__typeof_unqual__(*q) v = *q;\n\treturn v;\n}\n' >"$t"
				"$@" "$t" 2>&1 | awk -v c=1 '/error/ { c = 0 } END { print c }'
			EOF
			chmod 755 "$src/scripts/checker-valid.sh"
		fi
	done
}

# The compiler the kernel was built with, as the headers' config records it
# ("x86_64-linux-gnu-gcc-16 (Debian 16.1.0-2) 16.1.0" -> first word).
kernel_cc() {
	local root=$1 kdir=$2 cc
	cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\([^ "]*\).*/\1/p' "$root$kdir/.config" 2>/dev/null)
	if [[ -z $cc ]]; then
		# before 5.8: only compile.h names it
		cc=$(sed -n 's/.*LINUX_COMPILER "\([^ "]*\).*/\1/p' \
			"$root$kdir/include/generated/compile.h" 2>/dev/null)
	fi
	local triplet
	triplet=$(kbm_triplet "$KBM_ARCH")
	# another architecture's compiler is always the cross one
	if [[ -n $cc ]] && [[ ! -x $root/usr/bin/$cc || $KBM_ARCH != amd64 ]] &&
		[[ -x $root/usr/bin/$triplet-$cc ]]; then
		cc=$triplet-$cc
	fi
	echo "${cc:-gcc}"
}

# --- downloads ------------------------------------------------------------

# download PKG VERSION: fetch the .deb into debs/ (once); print its path.
download() {
	local pkg=$1 v=$2 line file size
	line=$(kbm_apt_get download --print-uris "$pkg=$v" 2>/dev/null | tail -n1)
	read -r _ file size _ <<<"$line"
	[[ -n ${file:-} ]] || kbm_die "apt cannot locate $pkg=$v (try: kcache.sh fetch --refresh)"
	if [[ ! -f $KBM_CACHE/debs/$file ]] || [[ $(stat -c %s "$KBM_CACHE/debs/$file") != "$size" ]]; then
		(cd "$KBM_CACHE/debs" && kbm_apt_get -qq download "$pkg=$v") >&2 ||
			kbm_die "download of $pkg=$v failed (try: kcache.sh fetch --refresh)"
	fi
	echo "$KBM_CACHE/debs/$file"
}

# extract_vmlinux VMLINUZ OUT: find the compressed payload of a bzImage (also
# inside a signed PE) and unpack it; the kernel's own extract-vmlinux does the
# same.  Tries every offset where a zstd/xz/gzip/lz4/bzip2 magic appears.
extract_vmlinux() {
	local in=$1 out=$2 spec magic cmd off
	for spec in \
		'\x28\xb5\x2f\xfd|zstd -dcq' \
		'\xfd\x37\x7a\x58\x5a\x00|xz -dcq' \
		'\x1f\x8b\x08|gzip -dcq' \
		'\x02\x21\x4c\x18|lz4 -dcq' \
		'BZh[1-9]\x31\x41\x59\x26\x53\x59|bzip2 -dcq'; do
		magic=${spec%%|*} cmd=${spec#*|}
		command -v "${cmd%% *}" >/dev/null || continue
		# shellcheck disable=SC2013 # numbers only
		for off in $(LC_ALL=C grep -obUaP "$magic" "$in" | cut -d: -f1); do
			# trailing data after the stream makes the tool complain: ignore
			tail -c +"$((off + 1))" "$in" | $cmd >"$out" 2>/dev/null || true
			if [[ $(head -c4 "$out" | od -An -tx1 | tr -d ' \n') == 7f454c46 ]]; then
				return 0
			fi
		done
	done
	rm -f "$out"
	return 1
}

# image VER: vmlinux + config (+ the vmlinuz they came from) in kernels/VER.
image_setup() {
	local ver=$1 dir=$KBM_CACHE/kernels/$1 stage pkg v deb m vmlinuz="" config=""
	local fam members
	[[ $(cat "$dir/.image" 2>/dev/null) == "$REL" ]] &&
		[[ -f $dir/vmlinux || -f $dir/kernel ]] && return 0
	mapfile -t fam < <(kbm_suite_family "$SUITE")
	rm -rf "$dir"/.stage.*
	stage=$(mktemp -d "$dir/.stage.XXXXXX")
	# sid splits the image: linux-image-<rel> is a meta package and the
	# kernel is in linux-binary-<rel>, the config in linux-base-<rel>.
	for pkg in "linux-image-$REL" "linux-binary-$REL" "linux-base-$REL" \
		"linux-image-$REL-unsigned"; do
		[[ -n $vmlinuz && -n $config ]] && break
		v=$(kbm_newest "$pkg" "${fam[@]}")
		[[ -n $v ]] || continue
		log "$ver" "downloading $pkg ($v)…"
		deb=$(download "$pkg" "$v")
		mapfile -t members < <(dpkg-deb -c "$deb" | awk '$1 ~ /^-/ { print $6 }' |
			grep -E '^\./(boot/(vmlinuz|config)-[^/]+|usr/lib/modules/[^/]+/(vmlinuz|config))$' || true)
		((${#members[@]})) || continue
		dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$stage" "${members[@]}"
		for m in "${members[@]}"; do
			case ${m##*/} in
			vmlinuz*) [[ -n $vmlinuz ]] || vmlinuz=$stage/$m ;;
			config*) [[ -n $config ]] || config=$stage/$m ;;
			esac
		done
	done
	[[ -n $vmlinuz ]] || kbm_die "no vmlinuz found in the image packages of $REL"
	[[ -n $config ]] || kbm_die "no config found in the image packages of $REL"
	if [[ $KBM_ARCH != amd64 ]]; then
		boot_image "$vmlinuz" "$stage/kernel"
		mv "$stage/kernel" "$dir/kernel"
		mv "$config" "$dir/config"
		rm -rf "$stage"
		echo "$REL" >"$dir/.image"
		return 0
	fi
	log "$ver" "extracting vmlinux from $(basename "$vmlinuz")…"
	extract_vmlinux "$vmlinuz" "$stage/vmlinux" ||
		kbm_die "no compressed ELF kernel found inside $vmlinuz"
	mv "$stage/vmlinux" "$dir/vmlinux"
	mv "$vmlinuz" "$dir/vmlinuz"
	mv "$config" "$dir/config"
	rm -rf "$stage"
	echo "$REL" >"$dir/.image"
}

# boot_image VMLINUZ OUT: the image QEMU boots for $KBM_ARCH.  arm64: the
# uncompressed Image ("ARMd" at 0x38; Debian ships it plain or gzipped);
# armhf: the zImage; i386: the bzImage ("HdrS" at 0x202).
boot_image() {
	local in=$1 out=$2 want off
	case $KBM_ARCH in
	arm64)
		if [[ $(head -c2 "$in" | od -An -tx1 | tr -d ' ') == 1f8b ]]; then
			gzip -dc "$in" >"$out"
		else
			cp "$in" "$out"
		fi
		want=ARMd off=56
		;;
	armhf) cp "$in" "$out" && want=$'\x18\x28\x6f\x01' off=36 ;;
	i386) cp "$in" "$out" && want=HdrS off=514 ;;
	esac
	[[ $(tail -c +$((off + 1)) "$out" | head -c4) == "$want" ]] ||
		kbm_die "$in: not a bootable $KBM_ARCH kernel image"
}

# source VER: linux-source-<series>, same upload as the headers, unpacked.
source_setup() {
	local ver=$1 dir=$KBM_CACHE/kernels/$1 pkg v deb fam
	pkg=linux-source-$(kbm_series_of "$ver")
	mapfile -t fam < <(kbm_suite_family "$SUITE")
	# the same upload as the headers when it is there, else the newest
	v=$(kbm_apt_cache madison "$pkg" 2>/dev/null | awk -F' *[|] *' -v v="$PKGVER" '$2 == v { print v; exit }')
	[[ -n $v ]] || v=$(kbm_newest "$pkg" "${fam[@]}")
	[[ -n $v ]] || kbm_die "no $pkg in ${fam[*]}"
	[[ $(cat "$dir/src/.kbm-src" 2>/dev/null) == "$pkg=$v" ]] && return 0
	log "$ver" "downloading $pkg ($v, ~150 MB)…"
	deb=$(download "$pkg" "$v")
	log "$ver" "unpacking $pkg to kernels/$ver/src (~1.5 GB, ~1 min)…"
	rm -rf "$dir/src.tmp"
	mkdir -p "$dir/src.tmp"
	kbm_locked unpack_source "$deb" "$dir/src.tmp"
	rm -rf "$dir/src"
	mv "$dir/src.tmp" "$dir/src"
	echo "$pkg=$v" >"$dir/src/.kbm-src"
	# the unpacked tree is the cache; the 150 MB .deb is not needed again
	rm -f "$deb"
}

unpack_source() {
	dpkg-deb --fsys-tarfile "$1" |
		tar -xO --wildcards './usr/src/linux-source-*.tar.*' |
		tar -xJ --strip-components=1 -C "$2"
}

write_env() {
	local ver=$1 dir=$KBM_CACHE/kernels/$1 root=$KBM_CACHE/chroot/$SUITE kdir
	kdir=/usr/src/linux-headers-$REL
	[[ -f $root$kdir/Makefile ]] || kbm_die "$root$kdir is missing: the chroot lost the headers?"
	{
		printf '%s=%q\n' RELEASE "$REL" SUITE "$SUITE" CHROOT "$root" \
			KDIR "$kdir" CC "$(kernel_cc "$root" "$kdir")" VERSION "$PKGVER" \
			KDIR_HOST "$root$kdir" KARCH "$KBM_ARCH"
		if [[ $KBM_ARCH != amd64 ]]; then
			# what Debian's .kernelvariables read to pick the cross
			# compiler (kmake.sh and kchroot.sh export them)
			printf '%s=%q\n' DEB_HOST_ARCH "$KBM_ARCH" \
				DEB_HOST_GNU_TYPE "$(kbm_triplet "$KBM_ARCH")"
		fi
		if [[ -f $dir/vmlinux ]]; then
			printf '%s=%q\n' VMLINUX "$dir/vmlinux" CONFIG "$dir/config"
		elif [[ -f $dir/kernel ]]; then
			printf '%s=%q\n' KERNEL "$dir/kernel" CONFIG "$dir/config"
		fi
		if [[ -f $dir/src/.kbm-src ]]; then
			printf '%s=%q\n' SRC "$dir/src"
		fi
	} >"$dir/env.tmp"
	mv "$dir/env.tmp" "$dir/env"
}

cmd_fetch() {
	local image=0 source=0 refresh=0 vers=() ver t0
	while (($#)); do
		case $1 in
		--image) image=1 ;;
		--source) source=1 ;;
		--refresh) refresh=1 ;;
		-h | --help) usage ;;
		-*) kbm_die "unknown option $1" ;;
		*) vers+=("$1") ;;
		esac
		shift
	done
	((${#vers[@]})) || usage
	kbm_need_root "kcache.sh fetch"
	kbm_host_need debootstrap:debootstrap dpkg-deb:dpkg zstd:zstd xz:xz-utils \
		gzip:gzip unshare:util-linux flock:util-linux findmnt:util-linux \
		od:coreutils /usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring
	mkdir -p "$KBM_CACHE/kernels" "$KBM_CACHE/chroot"
	# one fetch at a time per cache
	exec {cache_fd}>>"$KBM_CACHE/.kcache.lock"
	flock "$cache_fd"
	local -A apt_done=()
	for ver in "${vers[@]}"; do
		t0=$SECONDS
		kbm_use_arch "$(kbm_arch_of "$ver")"
		if [[ -z ${apt_done[$KBM_ARCH]:-} ]]; then
			apt_setup "$refresh"
			apt_done[$KBM_ARCH]=1
		fi
		SUITE="" REL="" PKGVER=""
		if [[ $refresh == 0 && -f $(kbm_env_file "$ver") ]]; then
			# what is cached stays what it is until --refresh
			# shellcheck disable=SC2031 # read from the file, in a subshell
			read -r SUITE REL PKGVER < <(kbm_load_env "$ver" && echo "$SUITE $RELEASE $VERSION")
			# an env file from before KARCH: amd64
			kbm_use_arch "$(kbm_arch_of "$ver")"
		else
			resolve "$ver"
		fi
		mkdir -p "$KBM_CACHE/kernels/$ver"
		chroot_setup "$ver" "$SUITE"
		headers_setup "$ver"
		headers_fixups "$ver" "$KBM_CACHE/chroot/$SUITE" "/usr/src/linux-headers-$REL"
		if ((image)); then image_setup "$ver"; fi
		if ((source)); then source_setup "$ver"; fi
		write_env "$ver"
		log "$ver" "ready: $REL from $SUITE ($((SECONDS - t0)) s)"
	done
}

# The kernel series experimental carries when it is newer than sid's (its
# release candidate), on stdout; nothing when there is none.
cmd_rc() {
	local refresh=0 rc sid
	case ${1:-} in
	--refresh) refresh=1 ;;
	"") ;;
	*) usage ;;
	esac
	kbm_need_root "kcache.sh rc"
	mkdir -p "$KBM_CACHE"
	exec {cache_fd}>>"$KBM_CACHE/.kcache.lock"
	flock "$cache_fd"
	apt_setup "$refresh"
	rc=$(series_of experimental)
	sid=$(series_of sid)
	if [[ -n $rc ]] && { [[ -z $sid ]] || dpkg --compare-versions "$rc" gt "$sid"; }; then
		log experimental "$rc ($(kbm_newest linux-headers-amd64 experimental)), newer than sid's ${sid:-(none)}"
		echo "$rc"
	else
		log experimental "no kernel series newer than sid's ${sid:-(none)} (experimental has: ${rc:-none})"
	fi
}

cmd_env() {
	(($# == 1)) || usage
	local f
	f=$(kbm_env_file "$1")
	[[ -f $f ]] || kbm_die "kernel $1 not in cache; run scripts/kcache.sh fetch $1"
	cat "$f"
}

cmd_list() {
	local f ver
	printf '%-6s %-24s %-12s %-6s %-4s %s\n' VER RELEASE SUITE IMAGE SRC CC
	for f in "$KBM_CACHE"/kernels/*/env; do
		[[ -f $f ]] || continue
		ver=$(basename "$(dirname "$f")")
		(
			# shellcheck disable=SC1090
			. "$f"
			img=no src=no
			[[ -n ${VMLINUX:-} ]] && img=yes
			[[ -n ${SRC:-} ]] && src=yes
			printf '%-6s %-24s %-12s %-6s %-4s %s\n' "$ver" "$RELEASE" "$SUITE" "$img" "$src" "$CC"
		)
	done
}

case ${1:-} in
fetch) shift && cmd_fetch "$@" ;;
env) shift && cmd_env "$@" ;;
list) shift && cmd_list "$@" ;;
rc) shift && cmd_rc "$@" ;;
*) usage ;;
esac
