#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-test.sh - build kbufmap for real kernels and run it inside them.
#
# usage: vm-test.sh [--demo] [--no-w1] [--bundle PATH]... [--all-bundles]
#                   [--modules DIR]
#                   [--readme FILE] [VER...]
#
#   VER            a Debian kernel series (5.10, 6.1, 6.12, 7.2); the four
#                  are the default when no VER and no bundle is given.
#                  SERIES-ARCH for another architecture, cross-built and
#                  booted in that QEMU: 7.2-arm64, 6.12-armhf (armmp-lpae,
#                  HIGHMEM), 6.1-i386 (686-pae, HIGHMEM); kcache.sh
#   --bundle PATH  a prebuilt kernel bundle, NAME.tar.xz or an unpacked
#                  NAME/ (scripts/kbundle.sh); repeatable
#   --all-bundles  every bundle in $KBM_BUNDLES (default: ../shared/kernels
#                  next to the repository); says so when there is none
#   --readme FILE  write the runtime table between FILE's kbufmap-runtime
#                  markers (make runtime-readme)
#   --demo         the human-readable demo instead of the suite
#   --no-w1        build without W=1
#   --modules DIR  boot the kbufmap_core.ko and kbufmap.ko in DIR (built
#                  elsewhere, e.g. by DKMS) for one VER instead of building
#
# For every Debian kernel: fetch it into the cache (once), build the modules
# with W=1 in the kernel's own chroot, boot its vmlinux under QEMU with the
# modules, the static selftests and Debian's brd module.  For every bundle:
# unpack it into the cache (once per tarball), build with the host's gcc
# against its build/ tree, boot its bzImage with its brd module.  Both run
# selftests/guest-run.sh (--demo: the demo) and need zero W=1 warnings.
# Then print a table of kernel x buffer kind x pass/fail/skip, the runtime
# summary and the time each step took.  Exits non-zero if anything failed.
# shellcheck disable=SC2317 # build_all and its helpers run through kbm_locked
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

mode=all
w1=W=1
vers=()
bundles=()
all_bundles=0
readme=""
prebuilt=""
while (($#)); do
	case $1 in
	--demo) mode=demo ;;
	--no-w1) w1= ;;
	--bundle) bundles+=("${2:?--bundle needs PATH}") && shift ;;
	--all-bundles) all_bundles=1 ;;
	--readme) readme=${2:?--readme needs FILE} && shift ;;
	--modules) prebuilt=$(cd "${2:?--modules needs DIR}" && pwd) && shift ;;
	-h | --help) sed -n '/^# usage: /,/^# For every/{/^# For every/d; s/^# \{0,1\}//; p}' "${BASH_SOURCE[0]}"; exit 0 ;;
	-*) kbm_die "vm-test: unknown option $1 (see --help)" ;;
	*) vers+=("$1") ;;
	esac
	shift
done
if ((all_bundles)); then
	bdir=${KBM_BUNDLES:-$top/../shared/kernels}
	mapfile -t found < <(KBM_BUNDLES=$bdir "$here/kbundle.sh" list)
	if ((${#found[@]})); then
		bundles+=("${found[@]}")
	else
		echo "vm-test: no kernel bundles in $bdir"
	fi
fi
((${#vers[@]} || ${#bundles[@]} || all_bundles)) || vers=(5.10 6.1 6.12 7.2)
[[ -z $readme || -f $readme ]] || kbm_die "--readme $readme: no such file"
[[ -z $prebuilt ]] || { ((${#vers[@]} == 1 && ${#bundles[@]} == 0)) ||
	kbm_die "--modules: modules are built for one kernel; name one VER"; }

say() { printf '\n=== vm-test: %s\n' "$*" >&2; }

# now: seconds since the epoch, with tenths, for the step timings.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ticker LABEL FILE PATTERN WHAT: every 30 s, say how long a step has run
# and how many lines of FILE match PATTERN (no FILE yet: the step waits
# for the build lock).  Runs in the background; the caller kills it by its
# PID.
ticker() {
	local t0=$SECONDS n
	while sleep 30; do
		if [[ -e $2 ]]; then
			n=$(grep -caE "$3" "$2" 2>/dev/null || true)
			printf 'vm-test: %s: %d s, %d %s so far\n' "$1" $((SECONDS - t0)) "${n:-0}" "$4" >&2
		else
			printf 'vm-test: %s: %d s, waiting for the build lock\n' "$1" $((SECONDS - t0)) >&2
		fi
	done
}

# --- the selftests --------------------------------------------------------

# The selftests are static binaries built with the host's compiler against
# a kernel source's kselftest harness.  The newest harness (7.2) waits for
# every test through pidfd_open(), a 5.3 system call: below 5.3 each case
# fails with "unable to open pidfd" and the orphaned child keeps its
# mapping.  6.12's harness (also cached for KUnit) still waits with
# waitpid() and SIGALRM and has everything kbufmap_test.c and guest-run.sh
# use (fixture variants, the -t/-T filters that 6.1's lacks): kernels
# without pidfd_open get a second copy built against it.  Kernels older
# than static glibc accepts (3.2, scripts/musl-tools.sh needs-musl) get a
# copy built with musl-gcc against it, "6.12+musl"; vm-run.sh boots them
# with a musl busybox.
NEW_HARNESS=7.2
OLD_HARNESS=6.12
declare -A harness_src=()

# need_harness SERIES[-ARCH]: fetch that linux-source (once); its selftests
# are built with the kernels, for ARCH (default amd64) with the host's
# cross compiler (Debian 12's gcc-<triplet> and libc6-dev-<arch>-cross).
need_harness() {
	local series arch src
	series=$(kbm_series_of "${1%+musl}")
	arch=$(kbm_arch_of "${1%+musl}")
	src=$KBM_CACHE/kernels/$series/src/tools/testing/selftests
	[[ -z ${harness_src[$1]:-} ]] || return 0
	say "selftests: harness from linux-source $series, for $arch"
	"$here/kcache.sh" fetch --source "$series" >&2
	[[ -f $src/kselftest_harness.h ]] ||
		kbm_die "no kselftest_harness.h under $src"
	if [[ $arch != amd64 ]]; then
		local t
		t=$(kbm_triplet "$arch")
		kbm_host_need "$t-gcc:gcc-$t" "/usr/$t/lib/libc.a:libc6-dev-$arch-cross"
	fi
	harness_src[$1]=$src
}

# build_selftests SERIES[-ARCH][+musl]: the static selftests against that
# harness, in selftests/out/harness-SERIES[-ARCH][+musl].
build_selftests() {
	local out=$top/selftests/out/harness-$1 arch cross=()
	arch=$(kbm_arch_of "${1%+musl}")
	[[ $arch == amd64 ]] || cross=(CROSS_COMPILE="$(kbm_triplet "$arch")-")
	[[ $1 != *+musl ]] || cross=(CC="$("$here/musl-tools.sh" cc)")
	mkdir -p "$out"	# lib.mk expects OUTPUT to exist
	make -s -C "$top/selftests" SELFTESTS="${harness_src[$1]}" OUTPUT="$out" \
		${cross[@]+"${cross[@]}"} >&2
}

# has_pidfd_open RELEASE [SYSTEM.MAP]: the kernel has the system call.
# The symbol table answers for backports; without one, the version does.
has_pidfd_open() {
	if [[ -n ${2:-} && -f $2 ]]; then
		grep -qE ' (__x64_|__ia32_)?sys_pidfd_open$' "$2"
		return
	fi
	kbm_version_ge "$1" 5.3
}

# 7.1+ kernels must map through f_op->mmap_prepare, older ones .mmap.
expected_hook() {
	if kbm_version_ge "$1" 7.1; then echo mmap_prepare; else echo mmap; fi
}

# cc_text KCONFIG: "gcc 16.1.0" from the tree's CONFIG_CC_VERSION_TEXT
# ("x86_64-linux-gnu-gcc-16 (Debian 16.1.0-2) 16.1.0"; gcc 10 adds its date:
# "gcc-10 (Debian 10.2.1-6) 10.2.1 20210110"), "" before 5.8.
cc_text() {
	sed -n 's/^CONFIG_CC_VERSION_TEXT="[^ ]*gcc[^ ]* ([^)]*) \([0-9][0-9.]*\).*"$/gcc \1/p' "$1" 2>/dev/null
}

# --- the kernels ----------------------------------------------------------

# One entry per kernel, by index: name, row label, compiler, kbufmap build
# directory and log, make arguments (one a line), selftests harness, brd
# module, vm-run.sh's kernel arguments (one a line), expected hook, times.
k_name=() k_label=() k_cc=() k_build=() k_log=() k_make=() k_harness=()
k_brd=() k_boot=() k_hook=() k_fetch=() k_wait=() k_tbuild=() k_ok=() k_mem=() k_smp=()
bundle_origins=()

# add_kernel NAME LABEL CC BUILD MAKE-ARGS HARNESS BRD BOOT-ARGS HOOK FETCH
add_kernel() {
	local i=${#k_name[@]}
	k_name[i]=$1 k_label[i]=$2 k_cc[i]=$3 k_build[i]=$4 k_log[i]=$4.log
	k_make[i]=$5 k_harness[i]=$6 k_brd[i]=$7 k_boot[i]=$8 k_hook[i]=$9
	k_fetch[i]=${10} k_wait[i]=0 k_tbuild[i]=0 k_ok[i]=0 k_mem[i]=${11:-1G} k_smp[i]=${12:-2}
	need_harness "$6"
}

debian_kernel() {
	local ver=$1 t0 cc brd harness=$NEW_HARNESS mem=1G smp=2
	say "$ver: fetch (cached after the first run)"
	t0=$(now)
	"$here/kcache.sh" fetch --image "$ver" >&2
	brd=$("$here/kmodules.sh" "$ver" brd)
	kbm_load_env "$ver"
	cc=$(cc_text "$KDIR_HOST/.config")
	# Another architecture: its own selftests; 32-bit kernels with HIGHMEM
	# get 2 GiB, so that highmem is really there and really used.
	if [[ $KBM_ARCH != amd64 ]]; then
		harness=$NEW_HARNESS-$KBM_ARCH
		grep -q '^CONFIG_HIGHMEM=y' "$KDIR_HOST/.config" && mem=2G
		# armmp-lpae on QEMU 7.2's virt board with two vCPUs under TCG
		# hangs at the end of boot (one boots in 12 s)
		[[ $KBM_ARCH != armhf ]] || smp=1
	fi
	# shellcheck disable=SC2031 # set by kbm_load_env, in this shell
	add_kernel "$ver" "$RELEASE (Debian $VERSION)" "${cc:-$CC}" \
		"${prebuilt:-$top/build/$ver}" "KVER=$ver" "$harness" "$brd" "-k
$ver" "$(expected_hook "$ver")" "$(since "$t0")" "$mem" "$smp"
}

bundle_kernel() {
	local path=$1 dir name rel t0 cc margs harness brd="" userland=glibc
	name=$(basename "$path" .tar.xz)
	say "$name: unpack the bundle (cached after the first run)"
	t0=$(now)
	dir=$("$here/kbundle.sh" unpack "$path")
	rel=$(cat "$dir/release")
	cc=$(gcc --version | sed -n '1s/.* \([0-9][0-9.]*\)$/gcc \1/p')
	margs=$("$here/kbundle.sh" make-args "$dir")
	bundle_origins+=("$name|$rel|$("$here/kbundle.sh" origin "$dir")|$(paste -sd' ' <<<"$margs")")
	if has_pidfd_open "$rel" "$dir/build/System.map"; then
		harness=$NEW_HARNESS
	else
		harness=$OLD_HARNESS
		echo "vm-test: $name: no pidfd_open in $rel: selftests built against $OLD_HARNESS's harness" >&2
	fi
	if "$here/musl-tools.sh" needs-musl "$rel"; then
		harness+=+musl userland=musl
		echo "vm-test: $name: static glibc cannot run on $rel: selftests built with musl-gcc, musl busybox" >&2
	fi
	[[ -f $dir/modules/brd.ko ]] && brd=$dir/modules/brd.ko
	# the bundles' trees were built with Debian 12's gcc-12, the host's
	add_kernel "$name" "$name bundle" "$cc" "$top/build/bundle-$name" \
		"KDIR=$dir/build
O=$top/build/bundle-$name${margs:+
$margs}" "$harness" "$brd" "--kernel
$dir/vmlinuz
--userland
$userland" "$(expected_hook "$rel")" "$(since "$t0")"
}

# build_all: every selftests copy and every kernel's modules, in one hold
# of the build lock (kbm_locked runs it in this shell).  kchroot.sh, which
# builds for the Debian kernels, takes the lock itself and cannot see that
# an ancestor holds it when kbm_locked took it (/proc/locks names the
# flock(1) that took it, long gone): it gets a lock file of its own.
build_all() {
	local i series t0 margs held pid
	t_locked=$(now)
	held=$(mktemp)
	for series in "${!harness_src[@]}"; do
		say "selftests: build against linux-source $series's harness"
		build_selftests "$series" ||
			{ echo "vm-test: selftests: build against $series failed" >&2; rm -f "$held"; return 1; }
	done
	for i in "${!k_name[@]}"; do
		if [[ -n $prebuilt ]]; then
			echo "vm-test: ${k_name[i]}: modules built elsewhere: $prebuilt" >&2
			: > "${k_log[i]}"
			k_ok[i]=1
			continue
		fi
		mapfile -t margs <<<"${k_make[i]}"
		say "${k_name[i]}: build kbufmap ($w1 ${margs[*]}) with ${k_cc[i]}"
		mkdir -p "${k_build[i]%/*}"
		t0=$(now)
		KBM_BUILD_LOCK=$held make -C "$top" ${w1:+"$w1"} "${margs[@]}" \
			> "${k_log[i]}" 2>&1 &
		pid=$!
		# progress while it builds: objects compiled so far
		while ! wait_for "$pid" 30; do
			printf 'vm-test: %s: build: %.0f s, %d objects so far\n' "${k_name[i]}" \
				"$(since "$t0")" "$(grep -c 'CC \[M\]' "${k_log[i]}" || true)" >&2
		done
		wait "$pid" && k_ok[i]=1
		k_tbuild[i]=$(since "$t0")
	done
	rm -f "$held"
}

# wait_for PID SECONDS: true once PID has ended, false after SECONDS.
wait_for() {
	local n=0
	while kill -0 "$1" 2>/dev/null; do
		((n++ < $2 * 10)) || return 1
		sleep 0.1
	done
}

# boot I: boot kernel I with its modules and selftests, run guest-run.sh,
# check the hook; adds its row to results.
boot() {
	local i=$1 name=${k_name[$1]} out=${k_build[$1]}/vm-$mode stdir guest
	local verdict t0 tick seen warnings qargs tmo
	stdir=$top/selftests/out/harness-${k_harness[i]}
	warnings=$(grep -c 'warning:' "${k_log[i]}" || true)
	total_warnings=$((total_warnings + warnings))
	echo "vm-test: $name: build: $warnings warning(s)" >&2
	grep 'warning:' "${k_log[i]}" >&2 || true
	rm -rf "$out"
	mkdir -p "$out"
	guest=$(mktemp)
	printf 'exec sh ./guest-run.sh %s\n' "$mode" > "$guest"
	local files=(-a "$top/selftests/guest-run.sh" -a "$top/selftests/tap.sh" -a "${k_build[i]}/kbufmap_core.ko"
		-a "${k_build[i]}/kbufmap.ko" -a "$stdir/kbufmap_test"
		-a "$stdir/kbufmap_demo" -a "$stdir/kbufmap_hold")
	[[ -z ${k_brd[i]} ]] || files+=(-a "${k_brd[i]}")
	mapfile -t qargs <<<"${k_boot[i]}"
	say "$name: boot and run ($mode)"
	t0=$(now)
	ticker "$name: boot+suite" "$out/results.tap" '^(# )?(not )?ok ' results &
	tick=$!
	# emulating another architecture takes longer: 30 min at most
	tmo=600
	[[ $(kbm_arch_of "$name") == amd64 ]] || tmo=1800
	# Debian's kernels zero every page they hand out (init_on_alloc,
	# v5.3): a buffer kbufmap forgot to zero would read as zeroes all the
	# same.  Off, the suite's zero checks see kbufmap's own zeroing
	# (older kernels pass the word on to init, which ignores it).
	if "$here/vm-run.sh" "${qargs[@]}" -m "${k_mem[i]}" --smp "${k_smp[i]}" -t "$tmo" -o "$out" -s "$guest" \
		--append init_on_alloc=0 "${files[@]}" > "$out.tap"; then
		verdict=PASS
	else
		verdict=FAIL
		status=1
		grep -E '^(# )?not ok|^# # .*(Expected|terminated)' "$out.tap" >&2 || true
	fi
	kill "$tick" 2>/dev/null || true
	wait "$tick" 2>/dev/null || true
	if [[ $mode == demo ]]; then
		"$here/demo-show.sh" format "kbufmap demo on $name (${k_label[i]})" \
			<"$out.tap" >"$out.txt"
		cat "$out.txt"
		# README's sample must still be what the demo prints.
		"$here/demo-show.sh" check "$out.txt" >&2 || true
	fi
	rm -f "$guest"
	seen=$(grep -o 'device(s), mapping through [a-z_]*$' "$out.tap" | tail -n1 | awk '{ print $NF }' || true)
	if [[ $mode == all ]]; then
		if [[ $seen == "${k_hook[i]}" ]]; then
			echo "vm-test: $name: maps through f_op->${k_hook[i]}, as expected" >&2
		else
			echo "vm-test: $name: does not map through f_op->${k_hook[i]} (${seen:-no hook reported})" >&2
			verdict=FAIL
			status=1
		fi
	fi
	((warnings == 0)) || { verdict="$verdict (W=1: $warnings warnings)"; status=1; }
	results+=("$name|$out/results.tap|$verdict|${k_label[i]}|${k_cc[i]}|${seen:--}|${k_fetch[i]}|${k_wait[i]}|${k_tbuild[i]}|$(since "$t0")")
	# The compat branches of a module that went in and ran the suite.
	if grep -q '^ok [0-9]* insmod kbufmap_core.ko$' "$out/results.tap" 2>/dev/null; then
		ran_branches+=("$name|$(module_branches "${k_build[i]}/kbufmap_core.ko")")
	fi
}

# module_branches KO: the "area=choice" words of every compat decision the
# module was built with (modinfo kbm_compat and its DMA companions).
module_branches() {
	local field
	for field in kbm_compat kbm_dma_compat kbm_dma_alloc_compat; do
		modinfo -F "$field" "$1" 2>/dev/null || true
	done | tr ' ' '\n' | grep '=' || true
}

results=()
ran_branches=()
status=0
total_warnings=0
for ver in ${vers[@]+"${vers[@]}"}; do
	debian_kernel "$ver"
done
for b in ${bundles[@]+"${bundles[@]}"}; do
	bundle_kernel "$b"
done

if ((${#k_name[@]})); then
	kbm_host_need gcc:gcc make:make
	t0=$(now)
	t_locked=$t0
	kbm_locked build_all || kbm_die "selftests: build failed"
	# the wait for other builds, counted once, against the first kernel
	k_wait[0]=$(awk -v a="$t0" -v b="$t_locked" 'BEGIN { printf "%.1f", b - a }')
fi
for i in ${k_name[@]+"${!k_name[@]}"}; do
	if ((k_ok[i])); then
		boot "$i"
	else
		tail -n 30 "${k_log[i]}" >&2
		echo "vm-test: ${k_name[i]}: build failed (log: ${k_log[i]})" >&2
		status=1
		results+=("${k_name[i]}|-|FAIL (build failed)|${k_label[i]}|${k_cc[i]}|-|${k_fetch[i]}|${k_wait[i]}|${k_tbuild[i]}|0")
	fi
done

# --- tables ---------------------------------------------------------------

# counts TAP: "kind pass fail skip" lines, from the harness's
# "# ok N kbm.<kind>.<test>" lines and the runner's own top-level checks.
counts() {
	awk '
		/^# (not )?ok [0-9]+ / {
			kind = "plain-tests"
			for (i = 1; i <= NF; i++)
				if ($i ~ /^kbm\./) { split($i, a, "."); kind = a[2] }
			if ($0 ~ /# SKIP/) s[kind]++
			else if ($2 == "not") f[kind]++
			else p[kind]++
			seen[kind] = 1
		}
		/^(not )?ok [0-9]+ / {
			kind = "runner-checks"
			if ($1 == "not") f[kind]++; else p[kind]++
			seen[kind] = 1
		}
		END { for (k in seen) printf "%s %d %d %d\n", k, p[k], f[k], s[k] }
	' "$1" | sort
}

# The demo ends with its own summary: there only the counts.
if [[ $mode == demo ]]; then exec 3>/dev/null; else exec 3>&1; fi
tp=0 tf=0 ts=0
((${#results[@]} == 0)) ||
	printf '\n| kernel | buffer kind | pass | fail | skip |\n|---|---|---|---|---|\n' >&3
for r in ${results[@]+"${results[@]}"}; do
	IFS='|' read -r ver tap verdict _ <<<"$r"
	[[ -f $tap ]] || { printf '| %s | (no results) | 0 | 1 | 0 |\n' "$ver" >&3; tf=$((tf + 1)); continue; }
	while read -r kind p f s; do
		printf '| %s | %s | %d | %d | %d |\n' "$ver" "$kind" "$p" "$f" "$s" >&3
		tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
	done < <(counts "$tap")
	echo "vm-test: $ver: $verdict" >&2
done

# runtime_table: one row per kernel run, then the bundles' origins.
runtime_table() {
	local r name tap verdict label cc hook p f s booted loads n=0 i
	local -A note=()
	for i in ${bundle_origins[@]+"${!bundle_origins[@]}"}; do
		note[${bundle_origins[$i]%%|*}]=$((i + 1))
	done
	printf '| kernel | compiler | booted | loads | passed | failed | skipped | hook |\n'
	printf '|---|---|---|---|---|---|---|---|\n'
	for r in ${results[@]+"${results[@]}"}; do
		IFS='|' read -r name tap verdict label cc hook _ <<<"$r"
		[[ -n ${note[$name]:-} ]] && label="$label [${note[$name]}]"
		p=0 f=0 s=0
		if [[ -f $tap ]]; then
			read -r p f s < <(counts "$tap" | awk '{ p += $2; f += $3; s += $4 } END { print p + 0, f + 0, s + 0 }')
		fi
		# booted: the guest script ran; loads: both modules went in
		booted=no loads=no
		grep -q '^TAP version' "$tap" 2>/dev/null && booted=yes
		if grep -q '^ok [0-9]* insmod kbufmap_core.ko$' "$tap" 2>/dev/null &&
			grep -q '^ok [0-9]* insmod kbufmap.ko' "$tap" 2>/dev/null; then
			loads=yes
		fi
		[[ $hook == - ]] || hook="f_op->$hook"
		# shellcheck disable=SC2016 # markdown backquotes
		printf '| %s | %s | %s | %s | %d | %d | %d | `%s` |\n' \
			"$label" "$cc" "$booted" "$loads" "$p" "$f" "$s" "$hook"
		n=$((n + 1))
	done
	local w1_note="zero warnings"
	((total_warnings == 0)) || w1_note="$total_warnings warnings (a failure)"
	echo
	echo "One boot per kernel under QEMU (TCG, 1 GiB, 2 vCPUs; 32-bit kernels with HIGHMEM" \
		"2 GiB, armhf 1 vCPU): selftests/guest-run.sh's" \
		"checks and the kselftest cases of every buffer kind, counted together.  Modules" \
		"built with W=1, $w1_note.  Generated from one run of" \
		"\`scripts/vm-test.sh --readme\` on the kernels above (\`make runtime-readme\`:" \
		"every Debian kernel and bundle) at $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)$(
			git -C "$top" status --porcelain -- Kbuild Makefile core compat driver include selftests scripts 2>/dev/null |
				grep -q . && echo ' with uncommitted changes')."
	for r in ${bundle_origins[@]+"${bundle_origins[@]}"}; do
		IFS='|' read -r name rel origin margs <<<"$r"
		echo
		# shellcheck disable=SC2016 # markdown backquotes
		printf '[%s] bundle `%s` (uname -r %s): %s' "${note[$name]}" "$name" "$rel" "$origin"
		[[ -z $margs ]] || printf "; make args \`%s\` (why: scripts/kbundle.sh)" "$margs"
		echo
	done
}

# compat_table: every branch compat/ can compile (its KBM_BRANCH_*
# strings), by area, each area's choices in the order the headers give
# them, with the kernels whose
# module took it and ran the suite; "never ran" where none did.
compat_table() {
	local choice r name words kernels
	printf '| compat branch | kernels whose module took it and ran the suite |\n|---|---|\n'
	while read -r choice; do
		kernels=""
		for r in ${ran_branches[@]+"${ran_branches[@]}"}; do
			name=${r%%|*} words=${r#*|}
			if grep -qxF -- "$choice" <<<"$words"; then
				kernels+="${kernels:+, }$name"
			fi
		done
		# shellcheck disable=SC2016 # markdown backquotes
		printf '| `%s` | %s |\n' "$choice" "${kernels:-**never ran**}"
	done < <(sed -n 's/^#[[:space:]]*define[[:space:]]\{1,\}KBM_BRANCH_[A-Z_]*[[:space:]]\{1,\}"\([^"]*=[^"]*\)"$/\1/p' \
		"$top"/compat/*.h | awk '!seen[$0]++' | sort -t= -k1,1 -s)
}

if ((${#results[@]})); then
	echo
	runtime_table
	echo
	compat_table
	# wall time per step; "lock" is the wait for other builds
	printf '\n| kernel | unpack/fetch | lock | build | boot+suite |\n|---|---|---|---|---|\n'
	for r in "${results[@]}"; do
		IFS='|' read -r name _ _ _ _ _ t1 t2 t3 t4 <<<"$r"
		printf '| %s | %s s | %s s | %s s | %s s |\n' "$name" "$t1" "$t2" "$t3" "$t4"
	done
fi

if [[ -n $readme ]] && ((${#results[@]})); then
	if ! grep -q '^<!-- kbufmap-runtime:begin -->$' "$readme" ||
		! grep -q '^<!-- kbufmap-runtime:end -->$' "$readme"; then
		kbm_die "$readme has no kbufmap-runtime:begin/end markers"
	fi
	table=$(mktemp)
	{
		runtime_table
		echo
		echo "Compat branches: the word \`modinfo -F kbm_compat\` (and the DMA fields) gives for" \
			"each decision compat/ makes, and the kernels above whose module was built with it," \
			"loaded and ran the suite."
		echo
		compat_table
	} > "$table"
	awk -v t="$table" '
		/^<!-- kbufmap-runtime:end -->$/ { skip = 0 }
		!skip { print }
		/^<!-- kbufmap-runtime:begin -->$/ {
			while ((getline l < t) > 0) print l
			skip = 1
		}
	' "$readme" > "$readme.tmp"
	mv "$readme.tmp" "$readme"
	rm -f "$table"
	echo "vm-test: runtime table written to $readme" >&2
fi

printf '\nvm-test: %d passed, %d failed, %d skipped\n' "$tp" "$tf" "$ts"
exit $status
