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
#        kbundle.sh build [--cc CC] [--origin REPO@COMMIT] [--name NAME]
#                         [--rev REV] [--suite SUITE] [--enable SYM]...
#                         [--set SYM=VALUE]... [--fragment FILE]...
#                         [--base-config FILE] TREE [OUT]
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
#   build      configure, build and package a bundle from the kernel
#              source tree TREE (a git repository, bare or not, is read at
#              HEAD with git archive; a plain tree is copied as found) into
#              OUT/NAME.tar.xz (OUT: $KBM_CACHE/bundles-built; NAME: the
#              tree's kernel version; --rev REV: that commit, branch or
#              tag of a git TREE instead of HEAD, e.g. one release of a
#              repository holding many; --suite SUITE: build inside
#              that Debian suite's chroot with its compiler (see
#              in_env); --enable SYM: CONFIG_SYM=y on top
#              of scripts/kbundle.config, for a tree that needs it, e.g.
#              RHEL 6's DYNAMIC_DEBUG, see oldtree.sh; --set SYM=VALUE
#              likewise for any value; --fragment FILE: FILE's lines on
#              top of it, e.g. scripts/kbundle-el6.config for RHEL 6's
#              2.6.32-*.el6; config_needs adds what a tree's headers are
#              known to assume; --base-config FILE: start from that
#              configuration instead of allnoconfig, see base_config).
#              See cmd_build.
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

# build --suite: the Debian suite whose chroot builds the kernel (in_env)
suite="" suite_root="" suite_binds=()

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

# bundle_make_args NAME [DIR]: arguments for kbufmap's W=1 build against a
# bundle (DIR: the unpacked bundle).  Each keeps out of the count a warning that comes from the
# bundle's own headers meeting the host's gcc-12 and that no kbufmap change
# can fix; kbufmap's files still get the warning on every other kernel.
bundle_make_args() {
	case $1 in
	*.el7 | *.el7.*)
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
	*.el6 | *.el6.*)
		# RHEL 6.8 (2.6.32-642): the compile matrix's exceptions for
		# the same tree (scripts/matrix.mk, matrix-args-2.6.32-642.el6):
		# log2.h declares ____ilog2_NaN() both const and noreturn
		# (-Wattributes); module_init()'s alias lacks 'cold'
		# (-Wmissing-attributes); its Makefile adds -I
		# arch/include/generated, which does not exist
		# (-Wmissing-include-dirs).
		echo "KBM_EXTRA_CFLAGS=-Wno-attributes -Wno-missing-attributes -Wno-missing-include-dirs"
		;;
	*-el8 | *.el8 | *.el8.*)
		# RHEL 8.10 (4.18.0-553): module.h's init_module and
		# cleanup_module aliases lack the 'cold' of their __init/__exit
		# targets (-Wmissing-attributes): upstream copies the
		# attributes with __copy() since 4.19 (and 4.9.y/4.14.y
		# stable), RHEL 8 never took it.
		echo "KBM_EXTRA_CFLAGS=-Wno-missing-attributes"
		;;
	*)
		# Any other bundle (e.g. one kbundle.sh build made), by what
		# its headers say: module.h's init_module/cleanup_module
		# aliases without __copy() (before 4.19; 4.4.y never took it)
		# lack the 'cold' of their targets, which gcc 9+ reports.
		if [[ -n ${2:-} ]] &&
			grep -qs 'int init_module(void) __attribute__((alias' \
				"$2/build/include/linux/module.h"; then
			echo "KBM_EXTRA_CFLAGS=-Wno-missing-attributes"
		fi
		;;
	esac
}

cmd_make_args() {
	local dir=${1:?make-args needs DIR}
	bundle_make_args "$(basename "$dir")" "$dir"
}

# The first README line reads "kbundle NAME (what, owner/repo@commit), ...".
cmd_origin() {
	local dir=${1:?origin needs DIR} line
	line=$(head -n1 "$dir/README" 2>/dev/null || true)
	line=${line#*(}
	line=${line%%)*}
	echo "${line:-unknown (no README)}"
}

# --- building a bundle from a kernel source tree --------------------------

bnote() { printf 'kbundle: %s: %s\n' "$bname" "$*" >&2; }

# tree_version DIR: VERSION.PATCHLEVEL.SUBLEVEL[EXTRAVERSION] from the top
# Makefile, read without make (a 2.6 Makefile does not parse with make 4
# before oldtree.sh's fixes).
tree_version() {
	awk -F'[[:space:]]*=[[:space:]]*' '
		$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 } $1 == "EXTRAVERSION" { e = $2 }
		/^$/ && v != "" { exit }
		END { printf "%s.%s.%s%s\n", v, p, s, e }' "$1/Makefile"
}

# git_dir TREE: the git directory of TREE (bare or not), or nothing.
git_dir() {
	if [[ -d $1/.git ]]; then
		echo "$1/.git"
	elif [[ -f $1/HEAD && -d $1/objects ]]; then
		echo "$1"
	fi
}

# absent_blobs GITDIR REV: the paths of REV whose blobs the repository does
# not hold, one a line: a mirror copied without its largest files (firmware
# images, generated GPU register headers) still has them in its trees.
absent_blobs() {
	git --git-dir="$1" ls-tree -r "$2" |
		awk '$2 == "blob" { print $3, $4 }' >"$work/blobs"
	cut -d' ' -f1 "$work/blobs" | git --git-dir="$1" cat-file --batch-check |
		awk '$2 == "missing" { print $1 }' |
		awk 'NR == FNR { gone[$1] = 1; next } ($1 in gone) { print $2 }' - "$work/blobs"
}

# git_tree_tar GITDIR REV [PATH]...: REV as a tar stream on stdout, without
# the PATHs.  git archive reads every blob, a pathspec's exclusions too, so
# the PATHs leave a tree written through a private index and object
# directory under $work (the repository's own objects stay untouched).
git_tree_tar() {
	local g=$1 rev=$2 tree objs
	shift 2
	if (($# == 0)); then
		git --git-dir="$g" archive --format=tar "$rev"
		return
	fi
	mkdir -p "$work/git-objects"
	objs=$(cd "$g" && pwd -P)/objects
	tree=$(
		export GIT_INDEX_FILE=$work/git-index GIT_OBJECT_DIRECTORY=$work/git-objects
		export GIT_ALTERNATE_OBJECT_DIRECTORIES=$objs
		git --git-dir="$g" read-tree "$rev" &&
			git --git-dir="$g" update-index --force-remove -- "$@" &&
			git --git-dir="$g" write-tree
	) || return
	GIT_OBJECT_DIRECTORY=$work/git-objects GIT_ALTERNATE_OBJECT_DIRECTORIES=$objs \
		git --git-dir="$g" archive --format=tar "$tree"
}

# tree_origin GITDIR REV: owner/name@commit: the remote's URL when it has one,
# else a mirror directory's name (owner+name, as fetched mirrors are laid
# out) or the directory's own name.
tree_origin() {
	local g=$1 url dir commit
	commit=$(git --git-dir="$g" rev-parse "$2^{commit}")
	url=$(git --git-dir="$g" config --get remote.origin.url || true)
	if [[ -n $url ]]; then
		url=${url%.git}
		url=${url#*github.com[:/]}
	else
		dir=$(cd "$g" && pwd -P)
		dir=${dir%/.git}
		dir=${dir%/repo}
		url=$(basename "$dir")
		url=${url/+//}
	fi
	echo "$url@${commit:0:8}"
}

# bundle_fixes SRC CC: the build fixes beyond oldtree.sh's, each applied
# only where the tree lacks it; one line each on stdout for the README.
# Generic toolchain fixes only: nothing that changes what the kernel does.
bundle_fixes() {
	local src=$1 cc=$2 xmk=$1/arch/x86/Makefile mod=$1/arch/x86/kernel/module.c
	local ldver f bmk cmk

	# binutils 2.31+ links x86-64 with 4 KiB max-page-size (-z
	# separate-code); the bzImage decompressor assumes 2 MiB-aligned
	# segments and overwrites itself.  Upstream passes the option from
	# v4.16 (e3d03598e8ae "x86/build/64: Force the linker to use 2MB page
	# size"), stable trees got it backported.
	if ! grep -q 'max-page-size' "$xmk"; then
		# KBUILD_LDFLAGS itself (4.19+), not KBUILD_LDFLAGS_MODULE,
		# which older Makefiles have beside a plain LDFLAGS
		if grep -q '^KBUILD_LDFLAGS[[:space:]]*[:+]\{0,1\}=' "$src/Makefile"; then
			echo 'KBUILD_LDFLAGS += -z max-page-size=0x200000 # kbundle.sh' >>"$xmk"
		else
			echo 'LDFLAGS += -z max-page-size=0x200000 # kbundle.sh' >>"$xmk"
		fi
		echo "arch/x86/Makefile: -z max-page-size=0x200000 (binutils 2.31+ defaults to 4 KiB; upstream e3d03598e8ae, v4.16)"
	fi

	# gcc 5+ compiles C as gnu11, where "extern inline" and a plain
	# "inline" in a header emit a definition in every object (multiple
	# definitions at link time); these kernels were written for gnu89
	# semantics, which kbuild asks for from v4.0 (-std=gnu89 in the top
	# Makefile, 51b97e354ba9).
	if ! grep -q 'std=gnu' "$src/Makefile" &&
		(($(in_env "$cc" -dumpversion | cut -d. -f1) >= 5)); then
		if grep -q '^KBUILD_CFLAGS[[:space:]]*[:+]\{0,1\}=' "$src/Makefile"; then
			echo 'KBUILD_CFLAGS += -std=gnu89 # kbundle.sh' >>"$xmk"
		else
			echo 'CFLAGS += -std=gnu89 # kbundle.sh' >>"$xmk"
		fi
		echo "arch/x86/Makefile: -std=gnu89 (gcc 5+ defaults to gnu11 inline semantics; upstream 51b97e354ba9, v4.0)"
	fi

	# gas 2.31+ emits R_X86_64_PLT32 for calls to external functions;
	# a module loader that does not know it refuses every module
	# ("Unknown rela relocation: 4").  Upstream b21ebf2fb4cd (v4.16,
	# backported to stable trees) treats it as R_X86_64_PC32, which it is
	# for a module linked without a PLT.
	ldver=$(in_env ld --version | sed -n '1s/.* \([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')
	if [[ -f $mod ]] && ! grep -q R_X86_64_PLT32 "$mod" &&
		grep -q 'case R_X86_64_PC32:' "$mod" &&
		kbm_version_ge "$ldver" 2.31; then
		sed -i 's/^\([[:space:]]*\)case R_X86_64_PC32:/&\n\1case R_X86_64_PLT32:/' "$mod"
		echo "arch/x86/kernel/module.c: R_X86_64_PLT32 relocated as R_X86_64_PC32 (binutils $ldver emits it; upstream b21ebf2fb4cd, v4.16)"
	fi
	# RHEL 7's backport of acpi_rev_dmi_table declares it __initdata
	# and defines it __initconst: gcc 8+ refuses the two sections for one
	# object ("section type conflict"); upstream (e.g. 5.4) declares it
	# __initconst as well.
	f=$src/drivers/acpi/blacklist.c
	if grep -qs '^static const struct dmi_system_id acpi_rev_dmi_table\[\] __initdata;' "$f"; then
		sed -i 's/^\(static const struct dmi_system_id acpi_rev_dmi_table\[\]\) __initdata;/\1 __initconst;/' "$f"
		echo "drivers/acpi/blacklist.c: acpi_rev_dmi_table declared __initconst as defined (gcc 8+: section type conflict)"
	fi

	# gas 2.36+ leaves out the section symbol of a section nobody
	# refers to by it: a .text holding only weak functions then has no
	# symbol recordmcount may use ("Cannot find symbol for section 1:
	# .text", e.g. kernel/elfcore.o) and the build stops.  Such a
	# section's mcount calls are left unrecorded instead: its weak
	# functions cannot be traced, and they still call the mcount stub,
	# which returns.
	f=$src/scripts/recordmcount.h
	if [[ -f $f ]] && kbm_version_ge "$ldver" 2.36 &&
		perl -0ne 'exit !/"Cannot find symbol for section %d: %s\.\\n",\s*txtndx, txtname\);\s*fail_file\(\);/' "$f"; then
		perl -0pi -e 's/("Cannot find symbol for section %d: %s\.\\n",\s*txtndx, txtname\);)\s*fail_file\(\);/$1\n\treturn ~0u;	\/* kbundle.sh: skipped by the caller *\//; s/(unsigned const recsym = find_secsym_ndx\([^;]*;\n)/$1\t\t\tif (recsym == ~0u)\t\/* kbundle.sh *\/\n\t\t\t\tcontinue;\n/' "$f"
		echo "scripts/recordmcount.h: a section without a symbol to refer to (weak functions only; gas $ldver) is left unrecorded instead of failing the build"
	fi

	# gcc 12 vectorizes at -O2: the decompressor, built with flags of
	# its own, then runs SSE instructions before anything enabled SSE
	# (a triple fault before the first console line).  Upstream passes
	# -mno-mmx -mno-sse there from v3.14 ("x86, build: Pass in
	# additional -mno-mmx, -mno-sse options", backported to stable).
	cmk=$src/arch/x86/boot/compressed/Makefile
	if [[ -f $cmk ]] && grep -q '^KBUILD_CFLAGS[[:space:]]*:=' "$cmk" &&
		! grep -q 'mno-sse' "$cmk"; then
		# shellcheck disable=SC2016 # make syntax, not shell
		echo 'KBUILD_CFLAGS += $(call cc-option,-mno-mmx) $(call cc-option,-mno-sse) # kbundle.sh' >>"$cmk"
		echo "arch/x86/boot/compressed/Makefile: -mno-mmx -mno-sse (gcc 12 vectorizes the decompressor; upstream v3.14)"
	fi

	# Debian's gcc builds position-independent code by default.  The
	# 16-bit setup code sets its own KBUILD_CFLAGS, so the top
	# Makefile's -fno-PIE (oldtree.sh) does not reach it, and gas
	# cannot fit the 32-bit GOT-relative addresses of PIC into its
	# 16-bit fields ("4-byte relocation cannot be applied to 2-byte
	# field", arch/x86/boot/video.c).  Later kernels pass -fno-pic
	# there themselves (3.10's arch/x86/boot/Makefile has it).
	bmk=$src/arch/x86/boot/Makefile
	if [[ -f $bmk ]] && grep -q '^KBUILD_CFLAGS[[:space:]]*:=' "$bmk" &&
		grep -q '^KBUILD_AFLAGS[[:space:]]*:=' "$bmk" &&
		! grep -qi 'fno-pi[ce]' "$bmk" &&
		[[ $(in_env "$cc" -v 2>&1) == *--enable-default-pie* ]]; then
		# shellcheck disable=SC2016 # make syntax, not shell
		sed -i '0,/^KBUILD_AFLAGS[[:space:]]*:=/s//KBUILD_CFLAGS\t+= $(call cc-option, -fno-pic) # kbundle.sh\n&/' "$bmk"
		echo "arch/x86/boot/Makefile: -fno-pic for the 16-bit setup code ($cc builds PIE by default)"
	fi
	: "$cc"
}

# config_needs SRC: "CONFIG_SYM=VALUE<TAB>why" for each setting the tree's
# own headers assume, found in the headers: vendor trees are only ever
# built in their vendor's configuration, and some of their headers fail to
# compile in any other.
config_needs() {
	local src=$1 f
	# RHEL 6 and 7 are built with DYNAMIC_DEBUG only: without it their
	# dynamic_debug.h calls printk() (RHEL 6, see oldtree.sh) or strstr()
	# (RHEL 7, from scripts/mod/devicetable-offsets.c) undeclared.
	f=$(sed -n 's/^RHEL_MAJOR[[:space:]]*=[[:space:]]*\([0-9]*\)$/\1/p' "$src/Makefile")
	if [[ -n $f ]] && ((f <= 7)); then
		printf 'CONFIG_DYNAMIC_DEBUG=y\tRHEL %s headers call printk()/strstr() undeclared without it\n' "$f"
	fi
	# RHEL 7's x86 spinlock_types.h makes __ticket_t a u8 below 256 CPUs,
	# which its qspinlock_types.h then redefines as a u16.
	if grep -qs 'CONFIG_NR_CPUS < (\{0,1\}256' "$src/arch/x86/include/asm/spinlock_types.h" &&
		grep -qs 'typedef u16 __ticket_t' "$src/include/asm-generic/qspinlock_types.h"; then
		printf 'CONFIG_NR_CPUS=256\tasm-generic/qspinlock_types.h redefines __ticket_t as u16, which x86 makes u8 below 256 CPUs\n'
	fi
}

# base_config SRC FILE FRAG: .config from FILE (a vendor's own, e.g. RHEL's
# /boot/config-<release>) for a tree whose headers only build in it: its
# modules dropped (brd excepted), then the trim below and FRAG, each line
# replacing the symbol's own, completed by olddefconfig (3.7+; oldconfig
# with default answers before).  The trim leaves out what the guest does
# not need and what would only cost time or need more toolchain fixes:
# debug info and module signing.  The rest stays as the vendor has it:
# RHEL 7's headers, for one, need ACPI (irq_remapping.h defines a function
# when IRQ_REMAP is off), event tracing (trace_do_page_fault() twice) and
# the function graph tracer (kaiser_init() uses the irqentry section).
base_config() {
	local src=$1 file=$2 frag=$3 trim=$work/trim.config
	[[ -f $file ]] || kbm_die "--base-config $file: no such file"
	printf '%s\n' '# CONFIG_DEBUG_INFO is not set' '# CONFIG_MODULE_SIG is not set' >"$trim"
	awk '
		function sym(l) {
			if (l ~ /^CONFIG_[A-Za-z0-9_]+=/) { sub(/=.*/, "", l); return l }
			if (l ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) { split(l, w, " "); return w[2] }
			return ""
		}
		FILENAME != ARGV[ARGC - 1] { s = sym($0); if (s != "") { over[s] = $0; order[++n] = s }; next }
		/^CONFIG_[A-Za-z0-9_]+=m$/ && $0 !~ /^CONFIG_BLK_DEV_RAM=/ {
			s = sym($0); if (!(s in over)) print "# " s " is not set"; next
		}
		{ s = sym($0); if (s == "" || !(s in over)) print }
		END { for (i = 1; i <= n; i++) if (!done[order[i]]++) print over[order[i]] }
	' "$trim" "$frag" "$file" >"$src/.config"
	if grep -qw 'olddefconfig' "$src/scripts/kconfig/Makefile"; then
		in_env make -C "$src" "${margs[@]}" olddefconfig
	else
		# yes ends on SIGPIPE when oldconfig has read its answers
		{ yes '' || true; } | in_env make -C "$src" "${margs[@]}" oldconfig
	fi
}

# config_check SRC FRAG: every symbol of the fragment FRAG (kbundle.config
# and what was added to it; the last line for a symbol counts, as for
# kconfig) that the tree knows must have its value in .config; the ones the
# suite cannot do without are fatal.
config_check() {
	local src=$1 line sym want have missing=() order=()
	local -A wants=()
	while read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*} want=${line#*=} ;;
		'# CONFIG_'*' is not set') sym=${line#\# } sym=${sym%% *} want=n ;;
		*) continue ;;
		esac
		[[ -n ${wants[$sym]:-} ]] || order+=("$sym")
		wants[$sym]=$want
	done <"$2"
	for sym in "${order[@]}"; do
		want=${wants[$sym]}
		grep -rqs --include='Kconfig*' -E "^[[:space:]]*(menu)?config ${sym#CONFIG_}\$" \
			"$src/arch/x86" "$src/init" "$src/mm" "$src/fs" "$src/drivers/block" \
			"$src/drivers/tty" "$src/drivers/base" "$src/drivers/char" \
			"$src/lib" "$src/kernel" "$src/Kconfig"* 2>/dev/null || continue
		have=$(sed -n "s/^$sym=//p" "$src/.config")
		[[ -n $have ]] || have=n
		[[ $have == "$want" ]] || missing+=("$sym=$want (got $have)")
	done
	((${#missing[@]} == 0)) && return 0
	bnote "config: not as asked: ${missing[*]}"
	for sym in CONFIG_MODULES CONFIG_BLK_DEV_RAM CONFIG_SERIAL_8250_CONSOLE \
		CONFIG_DEVTMPFS CONFIG_BLK_DEV_INITRD CONFIG_PROC_PAGE_MONITOR \
		CONFIG_64BIT CONFIG_TMPFS; do
		grep -qE "^$sym=[ym]" "$src/.config" ||
			kbm_die "$bname: $sym did not take; the suite needs it"
	done
}

# in_env CMD...: CMD where the kernel is built: on the host, or with
# --suite inside $KBM_CACHE/chroot/SUITE, the chroot scripts/kcache.sh
# makes for that suite's kernels (bullseye for 5.10: gcc-10, binutils
# 2.35), with the repository and the cache bind-mounted at their own paths.
# An older compiler for an older kernel: fewer of today's warnings and
# code-generation changes to meet, the same build fixes where still needed.
in_env() {
	if [[ -z $suite ]]; then
		"$@"
		return
	fi
	kbm_chroot "$suite_root" "${suite_binds[@]}" -- "$@"
}

# suite_setup: the chroot for --suite, with what a kernel build needs
# beyond the kernel headers' chroot (installed once, recorded in it).
suite_setup() {
	local pkgs=(make gcc libc6-dev bc flex bison libelf-dev perl cpio kmod)
	suite_root=$KBM_CACHE/chroot/$suite
	[[ -f $suite_root/.kbm-bootstrap ]] ||
		kbm_die "--suite $suite: no chroot $suite_root; scripts/kcache.sh fetch makes one with a kernel of that suite (e.g. 5.10 for bullseye)"
	mapfile -t suite_binds < <(kbm_bind_dirs "$suite_root" "$top" "$KBM_CACHE")
	if ! grep -qxF "${pkgs[*]}" "$suite_root/.kbm-kbundle-pkgs" 2>/dev/null; then
		echo "kbundle: installing ${pkgs[*]} in chroot/$suite…" >&2
		kbm_locked kbm_retry kbm_chroot "$suite_root" -- sh -c \
			'apt-get -q update && apt-get install -y -q --no-install-recommends "$@" && apt-get clean' \
			sh "${pkgs[@]}" >"$KBM_CACHE/chroot/$suite.kbundle.log" 2>&1 ||
			kbm_die "--suite $suite: installing ${pkgs[*]} failed (log: $KBM_CACHE/chroot/$suite.kbundle.log)"
		echo "${pkgs[*]}" >"$suite_root/.kbm-kbundle-pkgs"
	fi
}

# kmake SRC LOG ARGS...: make in SRC, niced, output to LOG; a line of
# progress every 30 s.
kmake() {
	local src=$1 log=$2 pid n t0=$SECONDS last=$SECONDS rc=0
	shift 2
	in_env nice -n 10 make -C "$src" "$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 5
		if ((SECONDS - last >= 30)); then
			last=$SECONDS
			n=$(grep -cE '^  (CC|AS|LD)' "$log" || true)
			bnote "make $*: $((SECONDS - t0)) s, $n objects"
		fi
	done
	wait "$pid" || rc=$?
	return "$rc"
}

# build_kernel: the kernel and its modules; build_s is make's own time,
# without the wait for the build lock.
build_kernel() {
	local t0=$SECONDS rc=0
	kmake "$src" "$work/build.log" "${margs[@]}" -j"$(nproc)" bzImage modules || rc=$?
	build_s=$((SECONDS - t0))
	return "$rc"
}

cmd_build() {
	local cc=gcc origin="" name="" rev=HEAD tree out g src work stage ver rel t0
	local base="" cfgdesc fixes=() line why build_s ccver ldver osname enable=() frag absent=()
	local frags=() f cfgs=()
	while (($#)); do
		case $1 in
		--cc) cc=${2:?--cc needs a compiler}; shift 2 ;;
		--origin) origin=${2:?--origin needs REPO@COMMIT}; shift 2 ;;
		--name) name=${2:?--name needs NAME}; shift 2 ;;
		--rev) rev=${2:?--rev needs a commit}; shift 2 ;;
		--suite) suite=${2:?--suite needs a Debian suite}; shift 2 ;;
		--enable) enable+=("CONFIG_${2#CONFIG_}=y"); shift 2 ;;
		--base-config) base=${2:?--base-config needs FILE}; shift 2 ;;
		--set)
			[[ ${2:-} == *=* ]] || kbm_die "--set needs SYM=VALUE"
			enable+=("CONFIG_${2#CONFIG_}")
			shift 2
			;;
		--fragment)
			f=${2:?--fragment needs FILE}
			[[ -f $f ]] || kbm_die "--fragment $f: no such file"
			frags+=("$(cd "$(dirname "$f")" && pwd -P)/$(basename "$f")")
			shift 2
			;;
		-*) kbm_die "kbundle build: unknown option $1" ;;
		*) break ;;
		esac
	done
	tree=${1:?build needs TREE}
	out=${2:-$KBM_CACHE/bundles-built}
	if [[ -n $suite ]]; then
		suite_setup
		# shellcheck disable=SC2016 # the inner sh expands it
		in_env sh -c 'command -v "$1"' sh "$cc" >/dev/null ||
			kbm_die "kbundle build: no compiler $cc in chroot/$suite"
	else
		# what a kernel build needs besides the compiler: flex and bison
		# from 4.16, libelf for objtool (x86-64 from 4.6) and resolve_btfids
		kbm_host_need make:make bc:bc flex:flex bison:bison perl:perl \
			/usr/include/libelf.h:libelf-dev xz:xz-utils
		command -v "$cc" >/dev/null || kbm_die "kbundle build: no compiler $cc"
	fi
	g=$(git_dir "$tree")
	if [[ -n $g ]]; then
		git --git-dir="$g" rev-parse -q --verify "$rev^{commit}" >/dev/null ||
			kbm_die "$tree: no commit $rev"
		[[ -n $origin ]] || origin=$(tree_origin "$g" "$rev")
	else
		[[ $rev == HEAD ]] || kbm_die "--rev $rev: $tree is not a git repository"
		[[ -f $tree/Makefile && -d $tree/arch/x86 ]] ||
			kbm_die "$tree: neither a git repository nor a kernel tree"
		[[ -n $origin ]] || origin="$(cd "$tree" && pwd -P) (no git)"
	fi
	mkdir -p "$out"
	out=$(cd "$out" && pwd -P)
	work=$KBM_CACHE/kbundle-work/${name:-$(basename "$tree")}
	src=$work/src
	rm -rf "$work"
	mkdir -p "$src"
	bname=${name:-$(basename "$tree")}

	# 1. a private copy of the sources: the tree given stays untouched
	t0=$SECONDS
	if [[ -n $g ]]; then
		bnote "sources: git archive $rev of $g"
		mapfile -t absent < <(absent_blobs "$g" "$rev")
		git_tree_tar "$g" "$rev" ${absent[@]+"${absent[@]}"} | tar -x -C "$src"
	else
		bnote "sources: copy of $tree (without objects and .git)"
		tar -C "$tree" --exclude=.git --exclude='*.o' --exclude='*.ko' \
			--exclude='.*.cmd' --exclude='*.a' -cf - . | tar -x -C "$src"
	fi
	ver=$(tree_version "$src")
	name=${name:-$ver}
	bname=$name
	if [[ $work != "$KBM_CACHE/kbundle-work/$name" ]]; then
		rm -rf "$KBM_CACHE/kbundle-work/$name"
		mv "$work" "$KBM_CACHE/kbundle-work/$name"
		work=$KBM_CACHE/kbundle-work/$name
		src=$work/src
	fi
	bnote "linux $ver from $origin, unpacked in $((SECONDS - t0)) s into $src"

	# 2. build fixes for today's toolchain, each only where needed
	margs=(CC="$cc" HOSTCC=gcc)
	# Before 4.14, "make modules" ends by building the firmware images
	# firmware/Makefile lists for the configured drivers (RHEL 6 lists
	# its iwlwifi images unconditionally), from .ihex sources a mirror
	# may lack.  A bundle ships no firmware: mod-fw, the list of
	# scripts/Makefile.fwinst, is emptied.
	if grep -qs '^mod-fw :=' "$src/scripts/Makefile.fwinst"; then
		margs+=(mod-fw=)
		fixes+=("make mod-fw= (no firmware images are built: a bundle ships none)")
	fi
	while read -r line; do
		fixes+=("${line#oldtree: *: }")
	done < <(in_env "$here/oldtree.sh" --fix-only "$src" "${margs[@]}" 2>&1)
	while read -r line; do
		fixes+=("$line")
	done < <(bundle_fixes "$src" "$cc")
	if ((${#absent[@]})); then
		fixes+=("left out of the sources, absent from the repository's objects: ${absent[*]}")
	fi
	if [[ -z $g ]]; then
		fixes+=("(the tree was copied as found: changes already in it, e.g. an earlier scripts/oldtree.sh run's, are not listed)")
	fi
	while IFS=$'\t' read -r line why; do
		[[ " ${enable[*]} " == *" ${line%%=*}="* ]] && continue
		enable+=("$line")
		fixes+=("config: $line ($why)")
	done < <(config_needs "$src")
	for line in "${fixes[@]}"; do bnote "fix: $line"; done

	# 3. configuration: allnoconfig (or --base-config) plus kbundle.config
	in_env make -C "$src" "${margs[@]}" mrproper >/dev/null
	frag=$work/kbundle.config
	cat "$here/kbundle.config" ${frags[@]+"${frags[@]}"} >"$frag"
	if ((${#enable[@]})); then printf '%s\n' "${enable[@]}" >>"$frag"; fi
	cfgs=(scripts/kbundle.config ${frags[@]+"${frags[@]##*/}"} ${enable[@]+"${enable[@]}"})
	if [[ -n $base ]]; then
		base_config "$src" "$base" "$frag" >"$work/config.log" 2>&1 ||
			{ tail -n 20 "$work/config.log" >&2; kbm_die "$name: configuration from $base failed"; }
		cfgdesc="$(basename "$base") (modules but brd dropped, trimmed) + ${cfgs[*]}"
	else
		in_env make -C "$src" "${margs[@]}" KCONFIG_ALLCONFIG="$frag" allnoconfig \
			>"$work/config.log" 2>&1 ||
			{ tail -n 20 "$work/config.log" >&2; kbm_die "$name: allnoconfig failed"; }
		cfgdesc="allnoconfig + ${cfgs[*]}"
	fi
	config_check "$src" "$frag"
	bnote "config: $cfgdesc, $(grep -c '=[ym]$' "$src/.config") symbols on"

	# 4. the kernel and its modules, one kernel build at a time
	if ! kbm_locked build_kernel; then
		grep -E 'error|Error' "$work/build.log" | head -n 20 >&2 || true
		tail -n 15 "$work/build.log" >&2
		kbm_die "$name: build failed (log: $work/build.log)"
	fi
	rel=$(in_env make -s -C "$src" "${margs[@]}" kernelrelease 2>/dev/null | tail -n 1)
	ccver=$(in_env "$cc" --version | head -n 1)
	ldver=$(in_env ld --version | head -n 1)
	if [[ -n $suite ]]; then
		osname="a Debian $suite chroot ($(sed -n 's/^PRETTY_NAME="\(.*\)"$/\1/p' "$suite_root/etc/os-release"))"
	else
		osname=$(. /etc/os-release && echo "$PRETTY_NAME")
	fi
	bnote "built $rel in $build_s s"

	# 5. the bundle
	stage=$work/stage/$name
	mkdir -p "$stage/modules"
	cp "$src/arch/x86/boot/bzImage" "$stage/vmlinuz"
	find "$src" -name brd.ko -exec cp {} "$stage/modules/brd.ko" \;
	[[ -f $stage/modules/brd.ko ]] || kbm_die "$name: no brd.ko was built"
	strip --strip-debug "$stage/modules/brd.ko"
	cp "$src/.config" "$stage/config"
	echo "$rel" >"$stage/release"
	bundle_tree "$src" "$stage/build"
	{
		printf 'kbundle %s (linux %s, %s), release %s.\n' "$name" "$ver" "$origin" "$rel"
		printf 'Built by kbufmap'\''s scripts/kbundle.sh build on %s with %s / %s\n' \
			"$osname" "$ccver" "$ldver"
		printf '(make -j%s bzImage modules, %s s on %s cores, %s).\n' "$(nproc)" "$build_s" "$(nproc)" "$(date -u +%F)"
		if [[ -n $base ]]; then
			printf 'Config: %s (%s): its modules dropped except brd, no debug info,\n' "$cfgdesc" "$base"
			printf 'or module signing, then olddefconfig; brd (=m) is the only module.\n'
		else
			printf 'Config: KCONFIG_ALLCONFIG=kbundle.config %s%smake allnoconfig (a small QEMU guest:\n' \
				"${frags[*]:+(+ ${frags[*]##*/}) }" "${enable[*]:+(+ ${enable[*]}) }"
			printf 'SMP, modules, devtmpfs, tmpfs, pagemap, THP, PAT, 8250 console, frame pointers;\n'
			if ((${#frags[@]})); then
				printf 'no network/DRM/sound/debug info; what %s adds); brd (=m) is the\n' "${frags[*]##*/}"
				printf 'only module.\n'
			else
				printf 'no PCI/ACPI/network/DRM/sound/debug info); brd (=m) is the only module.\n'
			fi
		fi
		if ((${#fixes[@]})); then
			echo "Build fixes for a modern toolchain (scripts/oldtree.sh, scripts/kbundle.sh):"
			printf -- '- %s\n' "${fixes[@]}"
		else
			echo "Build fixes: none."
		fi
		echo "Boot: qemu-system-x86_64 -accel tcg -m 1G -smp 2 -kernel vmlinuz -initrd <cpio> -append console=ttyS0 -nographic"
		if ! grep -q '^CONFIG_ACPI=y' "$src/.config"; then
			echo "(no ACPI: the guest ends with reboot -f under -no-reboot, or panic)."
		fi
		echo "External modules: make -C build M=\$PWD modules   (kbufmap: make KDIR=<this>/build)"
		echo "modules/brd.ko: the RAM disk the kbufmap selftests use for O_DIRECT."
	} >"$stage/README"
	bnote "packing $out/$name.tar.xz"
	XZ_OPT=-T0 nice -n 10 tar -C "$work/stage" -cJf "$out/.$name.tar.xz.part" "$name"
	mv "$out/.$name.tar.xz.part" "$out/$name.tar.xz"
	rm -rf "$work/stage"
	bnote "bundle $out/$name.tar.xz ($(du -h "$out/$name.tar.xz" | cut -f1)); build tree kept in $src"
	echo "$out/$name.tar.xz"
}

# bundle_tree SRC DST: what an external module build reads from a built
# tree, as a distribution's kernel headers package has it: Makefiles,
# Kconfig and Kbuild files, .config, Module.symvers, System.map, include/,
# the x86 headers (generated ones too), scripts/ with its host tools, and
# objtool if the kernel uses it.  No .c sources, no objects.
bundle_tree() {
	local src=$1 dst=$2
	mkdir -p "$dst"
	(
		cd "$src"
		{
			find . \( -path ./Documentation -o -path ./tools -o -path ./include \
				-o -path ./scripts \) -prune -o -type f \
				\( -name 'Makefile*' -o -name 'Kconfig*' -o -name 'Kbuild*' \
				-o -name '*.lds' \) -print
			find include arch/x86/include scripts -type f ! -name '*.o' \
				! -name '*.c' ! -name '.*.cmd' ! -name '.*.d' ! -name '*.a' \
				! -name '*.ko' -print
			# recordmcount.c: with FTRACE_MCOUNT_RECORD, Makefile.build
			# lists the tool's source among every object's prerequisites
			for f in .config Module.symvers System.map modules.order \
				modules.builtin tools/objtool/objtool scripts/recordmcount.c; do
				if [[ -f $f ]]; then echo "$f"; fi
			done
		} | sort -u | tar -cf - -T - | tar -x -C "$dst"
	)
}

case ${1:-} in
build) shift && cmd_build "$@" ;;
list) shift && cmd_list "$@" ;;
unpack) shift && cmd_unpack "$@" ;;
make-args) shift && cmd_make_args "$@" ;;
origin) shift && cmd_origin "$@" ;;
*) usage ;;
esac
