#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-test.sh - build kbufmap for Debian kernels and run it inside them.
#
# usage: vm-test.sh [--demo] [--no-w1] [--modules DIR] [VER...]
#                                                    (default: 5.10 6.1 6.12 7.2)
#
# For every kernel: fetch it into the cache (once), build the modules with
# W=1 in the kernel's own chroot, boot it under QEMU with the modules, the
# static selftests and Debian's brd module, and run selftests/guest-run.sh
# (--demo: the demo instead, shown as text by scripts/demo-show.sh).  Then
# print a table of kernel x buffer kind x pass/fail/skip.  Exits non-zero
# if anything failed.  --modules DIR: boot the kbufmap_core.ko and
# kbufmap.ko found in DIR (built elsewhere, e.g. by DKMS: one VER) instead
# of building them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

mode=all
w1=W=1
prebuilt=""
vers=()
while (($#)); do
	case $1 in
	--demo) mode=demo ;;
	--no-w1) w1= ;;
	--modules) prebuilt=$(cd "${2:?--modules needs DIR}" && pwd) && shift ;;
	-h | --help) sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) vers+=("$1") ;;
	esac
	shift
done
((${#vers[@]})) || vers=(5.10 6.1 6.12 7.2)
[[ -z $prebuilt ]] || ((${#vers[@]} == 1)) ||
	kbm_die "--modules: modules are built for one kernel; name one VER"

say() { printf '\n=== vm-test: %s\n' "$*" >&2; }

# The selftests are static binaries: built once, with the host's compiler,
# against the kselftest harness of the newest cached kernel source.
say "selftests: harness from linux-source 7.2"
"$here/kcache.sh" fetch --source 7.2 >&2
selftests=$KBM_CACHE/kernels/7.2/src/tools/testing/selftests
[[ -f $selftests/kselftest_harness.h ]] ||
	kbm_die "no kselftest_harness.h under $selftests"
kbm_host_need gcc:gcc make:make
mkdir -p "$top/selftests/out"	# lib.mk expects OUTPUT to exist
make -s -C "$top/selftests" SELFTESTS="$selftests" OUTPUT="$top/selftests/out" >&2

results=()
status=0
for ver in "${vers[@]}"; do
	say "$ver: fetch (cached after the first run)"
	"$here/kcache.sh" fetch --image "$ver" >&2
	if [[ -n $prebuilt ]]; then
		build=$prebuilt
		warnings=0
		echo "vm-test: $ver: modules built elsewhere: $build" >&2
	else
		say "$ver: build kbufmap ($w1) in the kernel's own chroot"
		build=$top/build/$ver
		log=$build.log
		mkdir -p "$(dirname "$log")"
		if ! make -C "$top" KVER="$ver" $w1 > "$log" 2>&1; then
			tail -n 30 "$log" >&2
			kbm_die "$ver: build failed (log: $log)"
		fi
		warnings=$(grep -c 'warning:' "$log" || true)
		echo "vm-test: $ver: build: $warnings warning(s)" >&2
		grep 'warning:' "$log" >&2 || true
	fi
	brd=$("$here/kmodules.sh" "$ver" brd)

	out=$build/vm-$mode
	rm -rf "$out"
	guest=$(mktemp)
	printf 'exec sh ./guest-run.sh %s\n' "$mode" > "$guest"
	say "$ver: boot and run ($mode)"
	if "$here/vm-run.sh" -k "$ver" -m 1G --smp 2 -o "$out" -s "$guest" \
		-a "$top/selftests/guest-run.sh" -a "$build/kbufmap_core.ko" \
		-a "$build/kbufmap.ko" -a "$top/selftests/out/kbufmap_test" \
		-a "$top/selftests/out/kbufmap_demo" \
		-a "$top/selftests/out/kbufmap_hold" -a "$brd" > "$out.tap"; then
		verdict=PASS
	else
		verdict=FAIL
		status=1
		grep -E '^(# )?not ok|^# # .*(Expected|terminated)' "$out.tap" >&2 || true
	fi
	if [[ $mode == demo ]]; then
		rel=$(kbm_load_env "$ver" && echo "$RELEASE")
		"$here/demo-show.sh" format "kbufmap demo on $ver ($rel)" \
			<"$out.tap" >"$out.txt"
		cat "$out.txt"
		# README's sample must still be what the demo prints.
		"$here/demo-show.sh" check "$out.txt" >&2 || true
	fi
	rm -f "$guest"
	# 7.1+ kernels must map through f_op->mmap_prepare, older ones .mmap.
	case $ver in
	5.* | 6.*) hook=mmap ;;
	*) hook=mmap_prepare ;;
	esac
	if [[ $mode == all ]]; then
		if grep -q "device(s), mapping through $hook\$" "$out.tap"; then
			echo "vm-test: $ver: maps through f_op->$hook, as expected" >&2
		else
			echo "vm-test: $ver: does not map through f_op->$hook" >&2
			verdict=FAIL
			status=1
		fi
	fi
	((warnings == 0)) || { verdict="$verdict (W=1: $warnings warnings)"; status=1; }
	results+=("$ver|$out/results.tap|$verdict")
done

# kernel x kind table, from the harness's "# ok N kbm.<kind>.<test>" lines
# and the runner's own top-level checks (the demo ends with its own
# summary: there only the counts).
if [[ $mode == demo ]]; then exec 3>/dev/null; else exec 3>&1; fi
printf '\n| kernel | buffer kind | pass | fail | skip |\n|---|---|---|---|---|\n' >&3
tp=0 tf=0 ts=0
for r in "${results[@]}"; do
	IFS='|' read -r ver tap verdict <<<"$r"
	[[ -f $tap ]] || { printf '| %s | (no results) | 0 | 1 | 0 |\n' "$ver" >&3; tf=$((tf + 1)); continue; }
	while read -r kind p f s; do
		printf '| %s | %s | %d | %d | %d |\n' "$ver" "$kind" "$p" "$f" "$s" >&3
		tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + s))
	done < <(awk '
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
	' "$tap" | sort)
	echo "vm-test: $ver: $verdict" >&2
done
printf '\nvm-test: %d passed, %d failed, %d skipped\n' "$tp" "$tf" "$ts"
exit $status
