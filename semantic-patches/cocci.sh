#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# cocci.sh - run kbufmap's semantic patches, or test them.
#
# usage: cocci.sh report|context|org [-s SET] [--strict] [PATH...]
#        cocci.sh patch [-s SET] [PATH...]
#        cocci.sh apply [-s SET] PATH...
#        cocci.sh test [-v] [-k] [SET[/RULE]...]
#        cocci.sh mutate [SET[/RULE]...]
#        cocci.sh list
#
#   report, context, org  every rule of SET in that mode, one after the other,
#                         over PATH (files or directories; default: kbufmap's
#                         own core/ driver/ compat/ include/).  --strict
#                         exits 1 when anything was reported.
#   patch                 SET's rules applied in order to a scratch copy of
#                         PATH; prints one unified diff of the result.
#   apply                 the same, written back into PATH (a port in place).
#   test                  the fixture suite under tests/ (see README.md); the
#                         last line is "cocci: N passed, M failed".  -v shows
#                         every case, -k keeps the scratch directory.
#   mutate                breaks each rule in turn in a scratch copy (drops
#                         its first added or removed line, or for a finder
#                         without one, its first filter) and runs that
#                         rule's tests, which must fail; prints one line per
#                         rule and fails if any mutant survived.
#   list                  the rules of every set with their descriptions.
#
# SET is modern (legacy -> current kernel API), kbufmap (legacy -> kbufmap's
# compat API), checks (bug finders) or all.  Default: checks for report,
# context and org, modern for patch and apply.  SPATCH and SPFLAGS are taken
# from the environment, as kbuild's coccicheck does.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
SPATCH=${SPATCH:-spatch}
SPFLAGS=${SPFLAGS:-}
SETS=(modern kbufmap checks)

die() {
	echo "cocci: $*" >&2
	exit 2
}

usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        cocci/       cocci/p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

# rules SET: the rule files of a set, in the order they apply.
rules() {
	local s
	if [[ $1 == all ]]; then
		for s in "${SETS[@]}"; do rules "$s"; done
		return
	fi
	[[ -d $here/$1 ]] || die "no rule set '$1' (${SETS[*]} or all)"
	find "$here/$1" -maxdepth 1 -name '*.cocci' | LC_ALL=C sort
}

# options RULE: the spatch options named on the rule's "// Options:" line.
options() {
	sed -n 's|^// Options:||p' "$1" | head -n 1
}

# spatch_run RULE MODE ARGS...: one spatch run of one rule, quietly.
spatch_run() {
	local rule=$1 mode=$2
	shift 2
	# shellcheck disable=SC2046 # the option lists are word lists
	"$SPATCH" --very-quiet --sp-file "$rule" -D "$mode" \
		$(options "$rule") $SPFLAGS "$@"
}

# targets PATH...: turn each path into spatch arguments.
targets() {
	local p
	for p in "$@"; do
		if [[ -d $p ]]; then
			printf '%s\n' --dir "$p"
		else
			printf '%s\n' "$p"
		fi
	done
}

default_paths() {
	printf '%s\n' "$top/core" "$top/driver" "$top/compat" "$top/include"
}

# ------------------------------------------------------------ find modes --

cmd_find() {
	local mode=$1 set=checks strict=0 rule out p found=0
	local -a paths=() args=()
	shift
	while (($#)); do
		case $1 in
		-s) set=${2:?-s needs a set}; shift 2 ;;
		--strict) strict=1; shift ;;
		-*) usage ;;
		*) paths+=("$1"); shift ;;
		esac
	done
	((${#paths[@]})) || mapfile -t paths < <(default_paths)
	# spatch takes one --dir per run, so one run per path and rule.
	while read -r rule; do
		for p in "${paths[@]}"; do
			mapfile -t args < <(targets "$p")
			out=$(spatch_run "$rule" "$mode" "${args[@]}" 2>&1) ||
				die "spatch failed on ${rule#"$here"/}: $out"
			[[ -n $out ]] || continue
			found=$((found + $(grep -c . <<<"$out")))
			[[ $mode == report ]] || echo "=== ${rule#"$here"/} $p"
			echo "$out"
		done
	done < <(rules "$set")
	echo "cocci: $mode, set $set: $found line(s) reported" >&2
	((strict == 0 || found == 0))
}

# ----------------------------------------------------------- patch/apply --

# chain SET DIR: apply SET's rules one after the other to every .c/.h in DIR.
chain() {
	local set=$1 dir=$2 rule out
	while read -r rule; do
		out=$(spatch_run "$rule" patch --in-place --dir "$dir" 2>&1) ||
			die "spatch failed on ${rule#"$here"/}: $out"
		if grep -q 'EXN\|Fatal error\|parse error' <<<"$out"; then
			echo "cocci: ${rule#"$here"/}: $out" >&2
		fi
	done < <(rules "$set")
}

cmd_patch() {
	local mode=$1 set=modern p work rc=0
	local -a paths=()
	shift
	while (($#)); do
		case $1 in
		-s) set=${2:?-s needs a set}; shift 2 ;;
		-*) usage ;;
		*) paths+=("$1"); shift ;;
		esac
	done
	if ((${#paths[@]} == 0)); then
		[[ $mode == patch ]] || die "apply needs the paths to rewrite"
		mapfile -t paths < <(default_paths)
	fi
	for p in "${paths[@]}"; do
		[[ -e $p ]] || die "no such file or directory: $p"
		p=$(cd "$(dirname "$p")" && pwd)/$(basename "$p")
		if [[ $mode == apply ]]; then
			if [[ -d $p ]]; then
				chain "$set" "$p"
			else
				work=$(mktemp -d)
				cp "$p" "$work/"
				chain "$set" "$work"
				cp "$work/$(basename "$p")" "$p"
				rm -rf "$work"
			fi
			continue
		fi
		work=$(mktemp -d)
		mkdir -p "$work/a" "$work/b"
		cp -r "$p" "$work/a/"
		cp -r "$p" "$work/b/"
		chain "$set" "$work/b"
		(cd "$work" && diff -ruN "a/$(basename "$p")" "b/$(basename "$p")") ||
			rc=0
		rm -rf "$work"
	done
	return "$rc"
}

# ------------------------------------------------------------------ test --

# A rule's cases live in tests/SET/RULE/ (RULE = the file name without
# .cocci); tests/SET/_chain/ holds cases for the whole set applied in order.
#   CASE.c        input
#   CASE.res      expected result in the set's default mode: the rewritten
#                 file for modern and kbufmap (the input itself for code a
#                 rule must leave alone), spatch's report for checks (empty
#                 when nothing may be reported)
#   CASE.MODE.res optional: the expected output of another mode (report,
#                 context, org, patch) for the same input
cmd_test() {
	local verbose=0 keep=0 sel rule set name dir c base res mode
	local pass=0 fail=0 scratch ncases
	local -a selected=() failed=()
	while (($#)); do
		case $1 in
		-v) verbose=1; shift ;;
		-k) keep=1; shift ;;
		-*) usage ;;
		*) selected+=("$1"); shift ;;
		esac
	done
	((${#selected[@]})) || selected=("${SETS[@]}")
	command -v "$SPATCH" >/dev/null || die "$SPATCH not found (apt install coccinelle)"
	scratch=$(mktemp -d "${TMPDIR:-/tmp}/cocci-test.XXXXXX")
	# shellcheck disable=SC2064 # expand now
	((keep)) || trap "rm -rf '$scratch'" EXIT

	note() {
		if [[ $1 == PASS ]]; then
			pass=$((pass + 1))
			((verbose == 0)) || echo "PASS $2"
		else
			fail=$((fail + 1))
			failed+=("$2")
			echo "FAIL $2${3:+: $3}"
		fi
	}

	for sel in "${selected[@]}"; do
		set=${sel%%/*}
		name=
		[[ $sel == */* ]] && name=${sel#*/}
		[[ -d $here/$set ]] || die "no rule set '$set'"
		while read -r rule; do
			base=$(basename "$rule" .cocci)
			[[ -z $name || $name == "$base" ]] || continue
			dir=$here/tests/$set/$base
			ncases=$(find "$dir" -maxdepth 1 -name '*.c' 2>/dev/null | wc -l)
			if ((ncases < 2)); then
				note FAIL "$set/$base" "$ncases test case(s), at least 2 needed"
				continue
			fi
			for c in "$dir"/*.c; do
				for res in "${c%.c}".*res; do
					[[ -e $res ]] || continue
					mode=${res#"${c%.c}".}
					mode=${mode%res}
					mode=${mode%.}
					[[ -n $mode ]] || mode=$(default_mode "$set")
					run_case "$rule" "$mode" "$c" "$res" "$scratch"
				done
				[[ -e ${c%.c}.res ]] ||
					note FAIL "$set/$base/$(basename "$c")" "no .res file"
			done
		done < <(rules "$set")
		if [[ (-z $name || $name == _chain) && -d $here/tests/$set/_chain ]]; then
			for c in "$here/tests/$set/_chain"/*.c; do
				run_case "chain:$set" "$(default_mode "$set")" "$c" \
					"${c%.c}.res" "$scratch"
			done
		fi
		# The finders must stay quiet on kbufmap's own code.
		if [[ $set == checks && (-z $name || $name == _self) ]]; then
			self_check "$scratch"
		fi
	done
	((keep == 0)) || echo "cocci: scratch files kept in $scratch"
	echo "cocci: $pass passed, $fail failed"
	((fail == 0))
}

default_mode() {
	case $1 in
	checks) echo report ;;
	*) echo patch ;;
	esac
}

# run_case RULE|chain:SET MODE CASE.c EXPECTED SCRATCH
run_case() {
	local rule=$1 mode=$2 c=$3 res=$4 scratch=$5 id work out err
	id=${c#"$here"/tests/}
	[[ $mode == patch ]] || id="$id ($mode)"
	work=$scratch/${id//[\/ ().]/_}
	mkdir -p "$work"
	cp "$c" "$work/"
	err=$work/stderr
	if [[ $rule == chain:* && $mode != patch ]]; then
		# a set of finders: every rule's findings, in rule order
		out=$work/out
		: >"$out"
		while read -r r; do
			(cd "$work" && spatch_run "$r" "$mode" "$(basename "$c")") \
				>>"$out" 2>>"$err" || true
		done < <(rules "${rule#chain:}")
	elif [[ $rule == chain:* ]]; then
		(chain "${rule#chain:}" "$work") 2>"$err" || true
		out=$work/$(basename "$c")
	elif [[ $mode == patch ]]; then
		(cd "$work" && spatch_run "$rule" patch --in-place \
			"$(basename "$c")") >/dev/null 2>"$err" || true
		out=$work/$(basename "$c")
	else
		out=$work/out
		(cd "$work" && spatch_run "$rule" "$mode" "$(basename "$c")") \
			>"$out.raw" 2>"$err" || true
		# context and org name spatch's scratch files; keep what is stable
		sed -e 's|/tmp/cocci-output-[^ ]*|OUT|' \
			-e 's|^\(+++ \)[^ ]*|\1OUT|' "$out.raw" >"$out"
	fi
	if grep -q 'EXN\|Fatal error\|parse error\|not found\|Error' "$err" 2>/dev/null; then
		note FAIL "$id" "spatch: $(head -n 3 "$err" | tr '\n' ' ')"
	elif diff -u --label "expected/$id" --label "actual/$id" "$res" "$out" \
		>"$work/diff"; then
		note PASS "$id"
	else
		note FAIL "$id"
		cat "$work/diff"
	fi
}

# self_check SCRATCH: the checks report nothing on kbufmap's own code.
self_check() {
	local out=$1/self.out err=$1/self.err p rule
	: >"$out"
	while read -r rule; do
		while read -r p; do
			spatch_run "$rule" report --dir "$p" >>"$out" 2>>"$err" || true
		done < <(default_paths)
	done < <(rules checks)
	if grep -q 'EXN\|Fatal error\|parse error\|Error' "$err"; then
		note FAIL "checks/_self" "spatch: $(head -n 3 "$err" | tr '\n' ' ')"
	elif [[ -s $out ]]; then
		note FAIL "checks/_self" "findings on kbufmap's own code"
		cat "$out"
	else
		note PASS "checks/_self"
	fi
}

# --------------------------------------------------------------- mutate --

# mutate_rule RULE OUT: write RULE with one change that must break it.
mutate_rule() {
	awk '
		done { print; next }
		/^@/ { inrule = 1 }
		# the first line a transformation adds or removes, in a rule body
		inrule && /^[-+][^-+]/ && !/^--/ { done = 1; what = $0; next }
		{ print }
		END { if (!done) exit 3 }
	' "$1" >"$2" && return 0
	# a finder: let everything through its first filter
	sed '0,/cocci\.include_match(False)/s//pass/' "$1" >"$2"
	! cmp -s "$1" "$2"
}

cmd_mutate() {
	local sel set name rule base copy killed=0 survived=0
	local -a selected=("$@")
	((${#selected[@]})) || selected=("${SETS[@]}")
	copy=$(mktemp -d "${TMPDIR:-/tmp}/cocci-mutate.XXXXXX")
	# shellcheck disable=SC2064 # expand now
	trap "rm -rf '$copy'" EXIT
	for sel in "${selected[@]}"; do
		set=${sel%%/*}
		name=
		[[ $sel == */* ]] && name=${sel#*/}
		while read -r rule; do
			base=$(basename "$rule" .cocci)
			[[ -z $name || $name == "$base" ]] || continue
			rm -rf "$copy/sp"
			cp -r "$here" "$copy/sp"
			if ! mutate_rule "$rule" "$copy/sp/$set/$base.cocci"; then
				echo "mutate: $set/$base: nothing to mutate"
				survived=$((survived + 1))
				continue
			fi
			if "$copy/sp/cocci.sh" test "$set/$base" >"$copy/log" 2>&1; then
				echo "mutate: $set/$base: SURVIVED (the tests did not notice)"
				survived=$((survived + 1))
			else
				echo "mutate: $set/$base: killed ($(tail -n 1 "$copy/log"))"
				killed=$((killed + 1))
			fi
		done < <(rules "$set")
	done
	echo "cocci: mutate: $killed killed, $survived survived"
	((survived == 0))
}

# ------------------------------------------------------------------ list --

cmd_list() {
	local rule
	for rule in $(rules all); do
		echo "${rule#"$here"/}"
		sed -n 's|^/// \{0,1\}|    |p' "$rule" | head -n 1
	done
}

(($#)) || usage
cmd=$1
shift
case $cmd in
report | context | org) cmd_find "$cmd" "$@" ;;
patch | apply) cmd_patch "$cmd" "$@" ;;
test) cmd_test "$@" ;;
mutate) cmd_mutate "$@" ;;
list) cmd_list ;;
-h | --help) usage ;;
*) usage ;;
esac
