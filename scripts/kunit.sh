#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit.sh - run kbufmap's KUnit suites in User-Mode Linux.
#
# usage: kunit.sh [-k VER]... [-c plain|sanitize]... [-j N] [--raw] [FILTER]
#
#   -k VER      kernel series with cached sources (default: 6.12 7.2)
#   -c CONFIG   plain, or sanitize (KASAN, PROVE_LOCKING, DEBUG_VM, UBSAN)
#               (default: both)
#   -j N        make jobs (default: 2)
#   --raw       show the whole kernel log instead of kunit.py's summary
#   FILTER      kunit.py's filter_glob, e.g. 'kbufmap_core.*kref*'
#
# For each kernel and configuration, under $KBM_KUNIT_DIR/VER/ (default
# $KBM_CACHE/kunit; point it elsewhere for a run from cold):
#   tree/       a private copy of kernels/VER/src made of hard links (no
#               space; nothing writes to it, so the cache is never touched;
#               a plain copy when KBM_KUNIT_DIR is on another filesystem)
#               plus tree/kbufmap-CONFIG/, symlinks into this checkout with
#               kunit/Kbuild as its Kbuild
#   CONFIG/     the UML build directory (O=), kept between runs
# kunit.py configures it from kunit/.kunitconfig (and kunit/sanitize.config),
# scripts/probe.sh writes CONFIG/kbufmap-CONFIG/generated/kbm_config.h
# against it, kunit.py builds it with drivers-m=kbufmap-CONFIG/ (which links
# the overlay into vmlinux without a change to the kernel's Kconfig or
# Makefiles) and runs it.  A build whose inputs have not changed is not
# rebuilt.  Any kernel warning or sanitizer report in CONFIG/test.log fails
# the run, as does a failed case.  Compiling takes the machine-wide build
# lock; one run at a time uses a build directory.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd -P)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

usage() {
	sed -n 's/^# usage: /usage: /p; s/^#   \(.\)/  \1/p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

kernels=() configs=() jobs=2 raw=0 filter=""
while (($#)); do
	case $1 in
	-k) kernels+=("${2:?-k needs a kernel series}"); shift ;;
	-c) configs+=("${2:?-c needs plain or sanitize}"); shift ;;
	-j) jobs=${2:?-j needs a number}; shift ;;
	--raw) raw=1 ;;
	-h | --help) usage ;;
	-*) kbm_die "unknown option $1" ;;
	*) filter=$1 ;;
	esac
	shift
done
((${#kernels[@]})) || kernels=(6.12 7.2)
((${#configs[@]})) || configs=(plain sanitize)
for c in "${configs[@]}"; do
	[[ $c == plain || $c == sanitize ]] || kbm_die "unknown configuration $c"
done

KBM_KUNIT_DIR=${KBM_KUNIT_DIR:-$KBM_CACHE/kunit}
# kunit.py must not write __pycache__ into the kernel tree.
export PYTHONDONTWRITEBYTECODE=1

log() { printf 'kunit: %s\n' "$*" >&2; }

# Lines of a kernel log that fail a run: warnings, oopses, sanitizer and
# lockdep reports (7.2 prints "WARNING: file:line at ...", older kernels
# "WARNING: CPU: ...").
bad_log='^(\[ *[0-9.]+\] )?(WARNING:|BUG:|UBSAN:|Oops|Kernel panic|kernel BUG at|'
bad_log+='INFO: (possible|trying|task)|page dumped because|'
bad_log+='.*(circular locking|inconsistent lock state|lock held when returning|'
bad_log+='suspicious RCU usage|DEBUG_LOCKS_WARN_ON|Bad page|list_(add|del) corruption))'

# tree_setup VER: the private copy of the cached sources; prints its path.
tree_setup() {
	local ver=$1 cache=$KBM_CACHE/kernels/$1/src dir=$KBM_KUNIT_DIR/$1
	local tree=$dir/tree

	if [[ ! -f $cache/Makefile ]]; then
		log "$ver: no cached sources; fetching them"
		"$here/kcache.sh" fetch --source "$ver" >&2 || return 1
	fi
	if ! cmp -s "$cache/.kbm-src" "$tree/.kbm-src"; then
		log "$ver: linking a private copy of the sources into $tree…"
		rm -rf "$tree" "$tree.tmp" && mkdir -p "$dir" || return 1
		# Hard links need one filesystem; elsewhere, a real copy.
		cp -al "$cache" "$tree.tmp" 2>/dev/null ||
			{ rm -rf "$tree.tmp" && cp -a "$cache" "$tree.tmp"; } &&
			mv "$tree.tmp" "$tree" || return 1
	fi
	echo "$tree"
}

# overlay_setup OVL: the directory kbuild builds, symlinks into this
# checkout with kunit/Kbuild as its Kbuild.  One per configuration, so
# that runs of the other configuration keep theirs.
overlay_setup() {
	local ovl=$1 d

	rm -rf "$ovl" && mkdir "$ovl" &&
		ln -s "$src/kunit/Kbuild" "$ovl/Kbuild" || return 1
	for d in core compat include kunit; do
		ln -s "$src/$d" "$ovl/$d" || return 1
	done
}

# inputs_stamp BUILD: everything a rebuild depends on besides the tree.
inputs_stamp() {
	local build=$1
	{
		cat "$build/.config" "$build/$ovl/generated/kbm_config.h"
		gcc --version | head -n1
		echo "${make_opts[*]}"
		(cd "$src" && find core compat include kunit -type f \
			\( -name '*.c' -o -name '*.h' -o -name Kbuild \) -print0 |
			sort -z | xargs -0 sha1sum)
	} | sha1sum | cut -c1-40
}

# run_one VER CONFIG: one run at a time per build directory.
run_one() {
	local lock=$KBM_KUNIT_DIR/$1/$2.lock fd rc=0

	mkdir -p "$KBM_KUNIT_DIR/$1" || return 1
	exec {fd}>>"$lock"
	if ! flock -n "$fd"; then
		log "$1/$2: waiting for another run of it…"
		flock "$fd"
	fi
	run_locked "$@" || rc=$?
	exec {fd}>&-
	return "$rc"
}

# run_locked VER CONFIG: configure, probe, build, run; 0 when all passed.
run_locked() {
	local ver=$1 cfg=$2 tree build kpy stamp probed t0=$SECONDS rc=0
	local ovl=kbufmap-$2 kargs=() out summary

	# Called as "run_one || fail=1", where set -e does not hold: every
	# step checks its own status.
	tree=$(tree_setup "$ver") || return 1
	overlay_setup "$tree/$ovl" || return 1
	build=$KBM_KUNIT_DIR/$ver/$cfg
	kpy=$tree/tools/testing/kunit/kunit.py
	kargs=(--build_dir="$build" --arch=um --kunitconfig="$src/kunit/.kunitconfig")
	[[ $cfg == sanitize ]] && kargs+=(--kunitconfig="$src/kunit/sanitize.config")
	make_opts=(--make_options=drivers-m="$ovl/")

	# Only what compiles takes the build lock: a run with nothing to build
	# does not wait for other engineers' builds.
	log "$ver/$cfg: configuring $build…"
	python3 "$kpy" config "${kargs[@]}" >"$build.config.log" 2>&1 || {
		cat "$build.config.log" >&2
		return 1
	}
	# The probes need a prepared tree (generated headers, fixdep).
	if [[ ! $build/.kbm-prepared -nt $build/.config ]]; then
		log "$ver/$cfg: preparing the tree for the probes…"
		kbm_locked make -s -C "$tree" ARCH=um O="$build" -j"$jobs" \
			modules_prepare >&2 || return 1
		touch "$build/.kbm-prepared"
	fi
	# Probe again when the probes or the configuration changed (hashed
	# before probing: a probe added meanwhile is seen next time).
	probed=$(cat "$src"/compat/probes/*.c "$src/scripts/probe.sh" \
		"$build/include/generated/autoconf.h" | sha1sum | cut -c1-40)
	if [[ ! -f $build/$ovl/generated/kbm_config.h ||
	      $(cat "$build/.kbm-probed" 2>/dev/null) != "$probed" ]]; then
		kbm_locked "$src/scripts/probe.sh" "$build" \
			"$build/$ovl/generated/kbm_config.h" ARCH=um || return 1
		echo "$probed" >"$build/.kbm-probed"
	fi

	stamp=$(inputs_stamp "$build") || return 1
	if [[ -x $build/linux && $(cat "$build/.kbm-stamp" 2>/dev/null) == "$stamp" ]]; then
		log "$ver/$cfg: UML kernel up to date"
	else
		log "$ver/$cfg: building the UML kernel (first time: minutes)…"
		rm -f "$build/.kbm-stamp"
		if ! kbm_locked python3 "$kpy" build "${kargs[@]}" "${make_opts[@]}" \
			--jobs="$jobs" >"$build.build.log" 2>&1; then
			tail -n 40 "$build.build.log" >&2
			log "$ver/$cfg: build failed (log: $build.build.log)"
			return 1
		fi
		echo "$stamp" >"$build/.kbm-stamp"
		# olddefconfig rewrote .config; the build prepared the tree.
		touch "$build/.kbm-prepared"
	fi

	log "$ver/$cfg: running the suites…"
	out=$build.run.log
	if ((raw)); then
		# The whole log as it comes, then kunit.py's parse of it.
		python3 "$kpy" exec "${kargs[@]}" --timeout=600 --raw_output=all \
			${filter:+"$filter"} >&2 || true
		python3 "$kpy" parse "$build/test.log" >"$out" 2>&1 || rc=1
	else
		python3 "$kpy" exec "${kargs[@]}" --timeout=600 \
			${filter:+"$filter"} >"$out" 2>&1 || rc=1
		# The cases that failed and why; all of it with --raw.
		grep -E '\[(FAILED|CRASHED)\]|^\s+(#|Expected|Unexpected|but|which)' "$out" >&2 || true
	fi
	summary=$(grep -E 'Testing complete\.' "$out" | tail -n1 | sed 's/\x1b\[[0-9;]*m//g')
	[[ -n $summary ]] || { rc=1; summary="no summary (see $out)"; }
	if grep -En "$bad_log" "$build/test.log" >"$build.bad.log"; then
		log "$ver/$cfg: the kernel log has warnings or sanitizer reports:"
		head -n 20 "$build.bad.log" >&2
		rc=1
	fi
	results+=("$(printf '%-5s %-9s %s (%d s)' "$ver" "$cfg" "$summary" $((SECONDS - t0)))")
	return "$rc"
}

results=()
fail=0
for ver in "${kernels[@]}"; do
	case $ver in
	6.12 | 7.2) ;;
	*) log "$ver: not supported (the suites need kunit_vm_mmap() and static stubs)"; fail=1; continue ;;
	esac
	for cfg in "${configs[@]}"; do
		run_one "$ver" "$cfg" || fail=1
	done
done
printf '%s\n' "${results[@]}"
exit "$fail"
