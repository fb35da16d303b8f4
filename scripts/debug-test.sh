#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-test.sh - the debug tier: kbufmap in a kernel with every detector.
#
# usage: debug-test.sh [--quick] [--fuzz SEED STEPS] [--stages "STAGE..."]
#                      [-t SECONDS]
#
# Builds (once, cached) the debug kernel of scripts/debug-kernel.sh, builds
# kbufmap with W=1 against it in the 7.2 chroot, boots it under QEMU (2 GiB,
# 2 vCPUs) and runs selftests/debug-guest.sh: the whole guest-run.sh suite,
# kbufmap_fuzz over fixed seeds and one new seed, fault-injection sweeps and
# 500 load/unload cycles, each followed by a kmemleak scan.  Any KASAN,
# KFENCE, lockdep, UBSAN, WARNING, BUG or kmemleak report fails the run
# (debug-guest.sh reads the kernel log, vm-run.sh the console).
#
# --quick is make test's share of the tier: the whole suite, two fuzzer
# seeds of 500 steps and the sweeps over one device per allocation path,
# each followed by a kmemleak scan (the full tier's load sweep alone takes
# 8 minutes; its 500 load/unload cycles 6).
# --fuzz SEED STEPS replays one fuzzer run (make fuzz SEED=... STEPS=...).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"

FUZZ_SEEDS=${FUZZ_SEEDS:-1,2,3,4,random}
FUZZ_STEPS=${FUZZ_STEPS:-1000}
LEAK_CYCLES=${LEAK_CYCLES:-500}
stages="suite fuzz:$FUZZ_SEEDS:$FUZZ_STEPS sweeps leak:$LEAK_CYCLES"
timeout=3600
while (($#)); do
	case $1 in
	--fuzz)
		stages="fuzz:${2:?--fuzz SEED STEPS}:${3:?--fuzz SEED STEPS}"
		shift 2 ;;
	--stages) stages=${2:?--stages needs a list} && shift ;;
	--quick) stages="suite fuzz:1,2:500 sweeps:short" ;;
	-t) timeout=${2:?-t needs SECONDS} && shift ;;
	-h | --help) sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}"; exit 0 ;;
	*) kbm_die "debug-test: unknown argument '$1'" ;;
	esac
	shift
done

say() { printf '\n=== debug-test: %s\n' "$*" >&2; }
t0=$SECONDS

say "debug kernel (built once per source and scripts/debug.config)"
eval "$("$here/debug-kernel.sh" --env)"
tk=$SECONDS

say "selftests: harness from linux-source 7.2"
selftests=$KBM_CACHE/kernels/7.2/src/tools/testing/selftests
kbm_host_need gcc:gcc make:make
mkdir -p "$top/selftests/out"
make -s -C "$top/selftests" SELFTESTS="$selftests" OUTPUT="$top/selftests/out" >&2

say "build kbufmap (W=1) against the debug kernel, in the 7.2 chroot"
build=$top/build/debug-7.2
log=$build.log
mkdir -p "$top/build"
if ! "$here/kchroot.sh" 7.2 make -C "$top" KDIR="$DEBUG_KDIR" O="$build" W=1 \
	CC="$DEBUG_CC" > "$log" 2>&1; then
	tail -n 30 "$log" >&2
	kbm_die "debug: build failed (log: $log)"
fi
warnings=$(grep -c 'warning:' "$log" || true)
grep 'warning:' "$log" >&2 || true
echo "debug-test: build: $warnings warning(s)" >&2
tb=$SECONDS

say "boot the debug kernel and run: $stages"
out=$build/vm-debug
rm -rf "$out"
guest=$(mktemp)
trap 'rm -f "$guest"' EXIT
printf 'exec sh ./debug-guest.sh %s\n' "$stages" > "$guest"
status=0
# slub_debug: red zones, poisoning and sanity checks on every cache;
# page_poison: freed pages are poisoned and checked.
"$here/vm-run.sh" --vmlinux "$DEBUG_IMAGE" -m 2G --smp 2 -t "$timeout" \
	-o "$out" -s "$guest" --append "slub_debug=FZP page_poison=1" \
	-a "$top/selftests/debug-guest.sh" -a "$top/selftests/guest-run.sh" \
	-a "$top/selftests/tap.sh" \
	-a "$build/kbufmap_core.ko" -a "$build/kbufmap.ko" -a "$DEBUG_BRD" \
	-a "$top/selftests/out/kbufmap_test" -a "$top/selftests/out/kbufmap_demo" \
	-a "$top/selftests/out/kbufmap_hold" -a "$top/selftests/out/kbufmap_fuzz" \
	-a "$top/selftests/out/kbufmap_failnth" > "$out.tap" || status=1
grep -E '^(not )?ok |^# (kbufmap_fuzz|[a-z].*: [0-9]+ allocations|[0-9]+ cycles)' "$out.tap" |
	grep -v '^# # ' || true
((warnings == 0)) || status=1
printf '\ndebug-test: %s: kernel %d s, build %d s, VM %d s, total %d s (results: %s)\n' \
	"$( ((status == 0)) && echo PASS || echo FAIL)" $((tk - t0)) $((tb - tk)) \
	$((SECONDS - tb)) $((SECONDS - t0)) "$out.tap"
exit $status
