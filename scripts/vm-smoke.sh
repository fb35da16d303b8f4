#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# vm-smoke.sh - end-to-end check of kcache.sh, kmake.sh and vm-run.sh.
#
# usage: vm-smoke.sh [VER...]        (default: 5.10 6.1 6.12 7.2)
#
# For each kernel: fetch it (--image), build a hello-world module and two
# deliberately broken ones with W=1 in a temp dir (no warning allowed), then
# boot four times: hello must pass; a script printing "not ok", a module
# calling BUG() and one calling WARN_ON(1) must each make vm-run.sh fail.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ ${1:-} == -* ]]; then
	sed -n 's/^# usage: /usage: /p' "${BASH_SOURCE[0]}" >&2
	exit 2
fi
vers=("$@")
((${#vers[@]})) || vers=(5.10 6.1 6.12 7.2)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kbm-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# --- the test modules and scripts (never in the repository) ---------------

mod() { # NAME BODY-OF-INIT
	cat >"$tmp/src/$1.c" <<-EOF
		// SPDX-License-Identifier: GPL-2.0
		#include <linux/module.h>
		#include <linux/init.h>
		#include <linux/bug.h>

		static int __init $1_init(void)
		{
			$2
			return 0;
		}

		static void __exit $1_exit(void)
		{
		}

		module_init($1_init);
		module_exit($1_exit);
		MODULE_LICENSE("GPL");
		MODULE_DESCRIPTION("kbufmap smoke test $1");
	EOF
}
mkdir -p "$tmp/src"
mod hello 'pr_info("hello: loaded\n");'
mod kbm_bug 'BUG();'
mod kbm_warn 'WARN_ON(1);'
echo 'obj-m += hello.o kbm_bug.o kbm_warn.o' >"$tmp/src/Kbuild"

cat >"$tmp/hello.sh" <<'EOF'
echo 1..1
insmod ./hello.ko || { echo "not ok 1 hello # insmod failed"; exit 1; }
if grep -q '^hello ' /proc/modules; then echo "ok 1 hello"; else echo "not ok 1 hello"; fi
grep hello /proc/modules
EOF
printf '%s\n' 'echo 1..2' 'echo ok 1 fine' 'echo not ok 2 broken' >"$tmp/notok.sh"
printf '%s\n' 'echo 1..1' 'insmod ./kbm_bug.ko' 'echo ok 1 survived' >"$tmp/bug.sh"
printf '%s\n' 'echo 1..1' 'insmod ./kbm_warn.ko' 'echo ok 1 survived' >"$tmp/warn.sh"

# --- the checks -----------------------------------------------------------

fails=0
report=()
check() { # WHAT CONDITION-RESULT
	if [[ $2 == ok ]]; then
		echo "ok - $1"
	else
		echo "not ok - $1: $2"
		fails=$((fails + 1))
	fi
}

# expect_fail NAME GREP-FOR-REASON vm-run args...
expect_fail() {
	local name=$1 why=$2 rc=0
	shift 2
	"$here/vm-run.sh" "$@" >"$tmp/run.out" 2>"$tmp/run.err" || rc=$?
	if ((rc == 0)); then
		check "$name makes vm-run fail" "vm-run passed"
	elif ! grep -q -- "$why" "$tmp/run.err"; then
		check "$name makes vm-run fail" "failed, but not for '$why': $(head -n3 "$tmp/run.err")"
	else
		check "$name makes vm-run fail ($(sed -n 2p "$tmp/run.err" | sed 's/^vm-run: *//'))" ok
	fi
}

for ver in "${vers[@]}"; do
	echo "# kernel $ver"
	t0=$SECONDS
	"$here/kcache.sh" fetch --image "$ver"
	t_fetch=$((SECONDS - t0))

	b=$tmp/build-$ver
	cp -r "$tmp/src" "$b"
	t0=$SECONDS
	rc=0
	(cd "$b" && "$here/kmake.sh" "$ver" M="$b" W=1 modules) >"$b.log" 2>&1 || rc=$?
	t_build=$((SECONDS - t0))
	nwarn=$(grep -c 'warning:' "$b.log" || true)
	if ((rc != 0)); then
		tail -n 20 "$b.log"
		check "$ver: W=1 build" "make failed ($rc)"
		continue
	fi
	if ((nwarn == 0)); then
		check "$ver: W=1 build without warnings" ok
	else
		check "$ver: W=1 build without warnings" "$(grep 'warning:' "$b.log" | head -n5)"
	fi

	t0=$(date +%s.%N)
	rc=0
	"$here/vm-run.sh" -k "$ver" -a "$b/hello.ko" -s "$tmp/hello.sh" \
		-o "$tmp/out-$ver" >"$tmp/run.out" 2>"$tmp/run.err" || rc=$?
	t_boot=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	sed 's/^/#   /' "$tmp/run.out"
	if ((rc == 0)) && grep -q '^ok 1 hello' "$tmp/run.out"; then
		check "$ver: hello boots and loads" ok
	else
		cat "$tmp/run.err"
		check "$ver: hello boots and loads" "vm-run exit $rc"
	fi

	expect_fail "$ver: 'not ok' in results" "'not ok' line" -k "$ver" -s "$tmp/notok.sh"
	expect_fail "$ver: BUG() in module init" "kernel console reports" \
		-k "$ver" -a "$b/kbm_bug.ko" -s "$tmp/bug.sh"
	expect_fail "$ver: WARN_ON(1) in module init" "WARNING:" \
		-k "$ver" -a "$b/kbm_warn.ko" -s "$tmp/warn.sh"

	"$here/kcache.sh" env "$ver" >"$tmp/env"
	# shellcheck disable=SC1091 # written just above
	rel=$(. "$tmp/env" && echo "$RELEASE, $CC")
	report+=("$(printf '%-5s fetch %4d s  build %3d s  boot+test %5s s  (%s)' \
		"$ver" "$t_fetch" "$t_build" "$t_boot" "$rel")")
done

echo "# timings (fetch is ~0 when cached)"
printf '#   %s\n' "${report[@]}"
if ((fails)); then
	echo "# $fails check(s) failed"
	exit 1
fi
echo "# all checks passed"
