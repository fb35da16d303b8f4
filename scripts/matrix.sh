#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# matrix.sh - build kbufmap against many kernels and tabulate the result.
#
# usage: matrix.sh [-j N] [--markdown FILE] [--readme FILE] [--out DIR] TREE...
#   TREE      KDIR[:make args]  a prepared kernel tree (defconfig +
#                               modules_prepare), e.g. /work/oldtrees/4.4
#             KVER[:make args]  a cached Debian kernel (5.10, 6.1, 6.12,
#                               7.2), built in its own chroot via make KVER=
#             The make args after ':' are split like a shell command line
#             (quotes group words), e.g.
#             /src/linux-3.10:"CC=gcc-12 KBM_EXTRA_CFLAGS='-Wno-undef'"
#             KBM_EXTRA_CFLAGS given there is added to the matrix's own.
#   -j N      builds at once (default 2)
#   --markdown FILE   also write the table as Markdown to FILE
#   --readme FILE     replace the block between the kbufmap-matrix markers
#                     in FILE with the Markdown table
#   --out DIR         logs and build directories (default build/matrix);
#                     must be inside the repository for KVER builds
#
# Each tree is built from scratch with W=1 and the -Werror flags below,
# then sparse runs (C=2) in a second pass if it is installed (on the host
# for KDIR trees, in the chroot for KVER kernels).  The probes cache their
# results per tree (scripts/probe.sh), so a rerun only pays for kbuild.
# The whole run holds the machine-wide build lock; KVER builds see it held
# by an ancestor and do not take it again (kbm_lock_held_by_ancestor).
#
# Columns: kernel | build | warnings | sparse | loads | branches.
# Warnings and sparse reports are counted once per distinct
# file:line:message, split by origin: kbufmap's own files, the kernel's
# headers, objtool, modpost.  modpost's note that the tree has no
# Module.symvers (a modules_prepare tree), and with it the '"sym" ...
# undefined!' lines newer modpost prints for every symbol it then cannot
# resolve, are a property of the tree, not warnings: they become a note.
# "loads" says whether the kernel would accept the modules: every
# undefined symbol of kbufmap_core.ko, kbufmap.ko and (where built)
# kbufmap_edu.ko (nm -u) must be exported by the tree or defined by one
# of them; otherwise "no: sym..." ("Unknown symbol" at insmod).  The tree's exports come from
# its Module.symvers when that is a full build's, else from the
# EXPORT_SYMBOL*() lines of its sources (scripts/kexports.sh; a note says
# so).  The branches are the "kbm_compat" modinfo of the kbufmap_core.ko
# that was built, i.e. what compat/ compiled, not what the version number
# implies.
#
# A tree's label is its kernel release; a RHEL tree (RHEL_* in its
# Makefile, or from RHEL 8 in Makefile.rhelver) is named by its version
# and RHEL_RELEASE with the RHEL release, e.g. "4.18.0-553.66.1 (RHEL 8.10)".
#
# Exit status: 0 when every tree built with no warnings and no sparse
# reports and loads, 1 otherwise, 2 for usage errors.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
# shellcheck source=scripts/kbm-lib.sh
. "$here/kbm-lib.sh"
# shellcheck source=scripts/kdir-check.sh
. "$here/kdir-check.sh"
# shellcheck source=scripts/kexports.sh
. "$here/kexports.sh"

usage() {
	sed -n '/^# usage:/,/^# Each tree/{/^# Each tree/d;s/^# \{0,1\}//;p}' \
		"${BASH_SOURCE[0]}" >&2
	exit 2
}

orig_args=("$@")
njobs=2 markdown='' readme='' out=$src/build/matrix
trees=()
while (($#)); do
	case $1 in
	-j) njobs=${2:?-j needs a number}; shift 2 ;;
	-j*) njobs=${1#-j}; shift ;;
	--markdown) markdown=${2:?--markdown needs a file}; shift 2 ;;
	--readme) readme=${2:?--readme needs a file}; shift 2 ;;
	--out) out=${2:?--out needs a directory}; shift 2 ;;
	-h|--help) usage ;;
	-*) echo "matrix.sh: unknown option $1" >&2; usage ;;
	*) trees+=("$1"); shift ;;
	esac
done
((${#trees[@]})) || usage
[[ $njobs =~ ^[1-9][0-9]*$ ]] || { echo "matrix.sh: -j wants a number" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd -P)
# kchroot.sh bind-mounts the repository into the chroot, not DIR.
if [[ $out != "$(cd "$src" && pwd -P)"/* ]]; then
	for t in "${trees[@]}"; do
		if [[ ! -d ${t%%:*} ]]; then
			echo "matrix.sh: --out must be inside $src for KVER builds" >&2
			exit 2
		fi
	done
fi

# Hold the build lock for the whole run: re-run under flock(1), which
# stays alive as our parent so that kchroot.sh finds the lock held by an
# ancestor.  (A lock taken with "flock FD" belongs to a process that has
# already exited, and the ancestor test could not see it.)
if ! kbm_lock_held_by_ancestor; then
	if ! flock -n "$KBM_BUILD_LOCK" true; then
		echo "matrix.sh: waiting for $KBM_BUILD_LOCK (another build runs)..." >&2
	fi
	exec flock "$KBM_BUILD_LOCK" "${BASH_SOURCE[0]}" "${orig_args[@]}"
fi

# What every build gets, on top of W=1.  Kbuild passes KBM_EXTRA_CFLAGS as
# ccflags-y and as EXTRA_CFLAGS, which is all 2.6.18 reads.  Each flag is
# kept only when the tree's compiler knows it (cc_flags), as probe.sh does
# with kbuild's cc-option: -Wdiscarded-qualifiers is gcc's name (clang's
# is -Wincompatible-pointer-types-discards-qualifiers), and clang-built
# trees turn an unknown warning option into an error.
werror="-Werror=incompatible-pointer-types -Werror=discarded-qualifiers"
werror="$werror -Werror=implicit-function-declaration"
werror="$werror -Werror=incompatible-pointer-types-discards-qualifiers"
# W=1 as kbuild defines it in v3.x (scripts/Makefile.build), for trees
# whose kbuild has no W=1 yet and would silently ignore it.
w1_flags="-Wextra -Wunused -Wno-unused-parameter -Wmissing-declarations"
w1_flags="$w1_flags -Wmissing-format-attribute -Wmissing-prototypes"
w1_flags="$w1_flags -Wold-style-definition -Wmissing-include-dirs"
w1_flags="$w1_flags -Wunused-but-set-variable -Wno-missing-field-initializers"

# tree_cc KDIR ARG...: the C compiler a build with these make args uses:
# CC=, else clang for LLVM= (or a tree configured with clang), else gcc.
tree_cc() {
	local kdir=$1 a cc=
	shift
	for a in "$@"; do
		case $a in
		CC=*) cc=${a#CC=} ;;
		LLVM=0) ;;
		LLVM=*/) [[ -n $cc ]] || cc=${a#LLVM=}clang ;;
		LLVM=-*) [[ -n $cc ]] || cc=clang${a#LLVM=} ;;
		LLVM=?*) [[ -n $cc ]] || cc=clang ;;
		esac
	done
	if [[ -z $cc ]] && grep -qs '^CONFIG_CC_IS_CLANG=y' "$kdir/.config"; then
		cc=clang
	fi
	echo "${cc:-gcc}"
}

# cc_flags CC FLAG...: the FLAGs that CC accepts (-Werror turns clang's
# unknown-warning-option warning into a failure).
cc_flags() {
	local cc=$1 f ok=()
	shift
	for f in "$@"; do
		# CC may carry options of its own ("gcc-12 -m64").
		# shellcheck disable=SC2086
		if $cc -Werror "$f" -c -x c -o /dev/null /dev/null 2>/dev/null; then
			ok+=("$f")
		fi
	done
	echo "${ok[*]}"
}

# loads_check BUILD_DIR KDIR: "yes", or "no: sym..." for the undefined
# symbols of the modules built (kbufmap_core, kbufmap, and kbufmap_edu
# where the kernel has DMA support) that neither the tree exports nor one
# of them defines; "unknown (...)" when the tree gives no export list.
loads_check() {
	local bdir=$1 kdir=$2 ko missing
	local -a kos=()
	[[ -f $bdir/kbufmap_core.ko && -f $bdir/kbufmap.ko ]] ||
		{ echo "- (no .ko)"; return; }
	if [[ $(kbm_exports_source "$kdir") == none ]]; then
		echo "unknown (no Module.symvers, no sources)"
		return
	fi
	for ko in kbufmap_core kbufmap kbufmap_edu; do
		[[ -f $bdir/$ko.ko ]] && kos+=("$bdir/$ko.ko")
	done
	kbm_exports "$kdir" >"$bdir/.kbm-exports"
	# nm names each file first ("x.ko:"): only "addr type sym" lines count.
	nm --defined-only -g "${kos[@]}" | awk 'NF == 3 { print $3 }' |
		sort -u >"$bdir/.kbm-defined"
	missing=$(for ko in "${kos[@]}"; do
		nm -u "$ko" | awk '{ print $NF }'
	done | sort -u | comm -23 - "$bdir/.kbm-exports" |
		comm -23 - "$bdir/.kbm-defined" | tr '\n' ' ')
	if [[ -n $missing ]]; then
		echo "no: ${missing% }"
	else
		echo yes
	fi
}

# split_args STRING: print STRING's words NUL-separated, quotes honoured
# (xargs does the splitting, so nothing is evaluated).
split_args() {
	[[ -n $1 ]] || return 0
	xargs printf '%s\0' <<<"$1"
}

# classify LOG BUILD_DIR KIND: print "class<TAB>diagnostic" for each
# distinct warning or error in LOG.  KIND=cc keeps compiler diagnostics
# (those gcc tags with [-W...]); KIND=sparse keeps the untagged ones.
#
# NOSYMVERS=1 (the tree has no full Module.symvers): modpost's per-symbol
# "undefined!" warnings say nothing about kbufmap, only that modpost had
# nothing to resolve against; they are left out (the caller notes them).
classify() {
	local log=$1 bdir=$2 kind=$3 nosymvers=${4:-0}
	awk -v bdir="$bdir/" -v src="$src/" -v kind="$kind" \
		-v nosymvers="$nosymvers" '
	function origin(path) {
		if (index(path, bdir) == 1 || index(path, src) == 1)
			return "kbufmap"
		return "kernel"
	}
	# The missing-Module.symvers note, one line or (before 5.x) two.
	skip && /is missing/ { skip = 0; next }
	{ skip = 0 }
	/WARNING: .*Symbol version dump/ ||
	/WARNING: .*Symbol info of vmlinux is missing/ {
		skip = ($0 !~ /is missing/)
		next
	}
	/^[^ :]+\.o: warning: objtool: / {
		if (kind == "cc") print "objtool\t" $0
		next
	}
	# From v5.x it is one line naming the file.
	/WARNING: .*\/Module\.symvers is missing/ { next }
	nosymvers && /(WARNING|ERROR): .*".*" .*undefined!/ { next }
	nosymvers && /WARNING: .*suppressed [0-9]+ unresolved symbol warnings/ { next }
	/WARNING: / {
		if (kind == "cc") print "modpost\t" $0
		next
	}
	match($0, /^[^ :]+:[0-9]+:([0-9]+:)? (warning|error): /) {
		path = $0; sub(/:.*/, "", path)
		tagged = ($0 ~ /\[-W[^]]*\]$/)
		if (kind == "sparse" && tagged) next
		print origin(path) "\t" $0
		next
	}
	/[Ww]arning:|[Ee]rror:/ && !/^make(\[[0-9]+\])?: \*\*\*/ {
		if (kind == "cc" || $0 !~ /\[-W[^]]*\]$/) print "other\t" $0
	}' "$log" | sort -u
}

# count CLASSIFIED: "N" or "N (a kbufmap, b kernel headers, ...)".
count() {
	awk -F'\t' '
	{ n++; c[$1]++ }
	END {
		if (!n) { print 0; exit }
		s = ""
		split("kbufmap kernel objtool modpost other", order, " ")
		name["kbufmap"] = "kbufmap"; name["kernel"] = "kernel headers"
		name["objtool"] = "objtool"; name["modpost"] = "modpost"
		name["other"] = "other"
		for (i = 1; i <= 5; i++)
			if (c[order[i]])
				s = s (s ? ", " : "") c[order[i]] " " name[order[i]]
		print n " (" s ")"
	}' "$1"
}

# join SEP WORD...: the words joined by SEP.
join() {
	local sep=$1 r=
	shift
	for w in "$@"; do r=${r:+$r$sep}$w; done
	printf '%s' "$r"
}

# rhel_label DIR: "V.P.S-RHEL_RELEASE (RHEL MAJOR.MINOR)" for a RHEL tree,
# nothing for others.  RHEL 8 and 9 keep RHEL_* in Makefile.rhelver.
rhel_label() {
	local f=("$1/Makefile")
	[[ -f $1/Makefile.rhelver ]] && f+=("$1/Makefile.rhelver")
	awk -F' *= *' '
	/^VERSION *=/ { v = $2 } /^PATCHLEVEL *=/ { p = $2 }
	/^SUBLEVEL *=/ { s = $2 }
	/^RHEL_MAJOR *=/ { ma = $2 } /^RHEL_MINOR *=/ { mi = $2 }
	/^RHEL_RELEASE *=/ { r = $2 }
	END {
		gsub(/[ \t"]/, "", r)
		if (ma != "")
			printf "%s.%s.%s%s (RHEL %s.%s)", v, p, s,
				(r != "" ? "-" r : ""), ma, mi
	}' "${f[@]}"
}

# md TEXT: TEXT safe inside a Markdown table cell.
md() { printf '%s' "${1//|/\\|}"; }

# build_tree IDX ENTRY: build one tree; write $out/<name>/result.tsv.
build_tree() {
	local idx=$1 entry=$2 spec targs kind dir name label bdir log rc
	local kdir_host sparse_ok w1 extra notes=() args=() margs=() a
	local start=$SECONDS

	spec=${entry%%:*}
	targs=
	[[ $entry == *:* ]] && targs=${entry#*:}
	while IFS= read -r -d '' a; do
		case $a in
		KBM_EXTRA_CFLAGS=*) extra="${extra:+$extra }${a#*=}" ;;
		*) args+=("$a") ;;
		esac
	done < <(split_args "$targs")

	if [[ -d $spec ]]; then
		kind=kdir
		dir=$(cd "$spec" && pwd -P)
		kdir_host=$dir
		label=$(rhel_label "$dir")
		[[ -n $label ]] || label=$(kbm_kernel_release "$dir")
		name=$(basename "$dir")
	else
		kind=kver
		if [[ ! -f $(kbm_env_file "$spec") ]]; then
			"$here/kcache.sh" fetch "$spec" >&2 || true
		fi
		if [[ ! -f $(kbm_env_file "$spec") ]]; then
			name=$spec
			mkdir -p "$out/$idx"
			printf '%s\t%s\tnot available\t-\t-\t-\t-\t%s\n' "$idx" "$spec" \
				"neither a directory nor a kernel scripts/kcache.sh can fetch" \
				>"$out/$idx/result.tsv"
			return 0
		fi
		local env
		# shellcheck disable=SC1090,SC2031,SC2153 # the env file sets them
		mapfile -t env < <(. "$(kbm_env_file "$spec")"
			printf '%s\n' "$KDIR_HOST" "$RELEASE (Debian $VERSION)" "$CHROOT")
		kdir_host=${env[0]} label=${env[1]}
		name=debian-$spec
	fi
	# Result files live under the index, so two trees never collide.
	mkdir -p "$out/$idx"
	bdir=$out/$idx/build
	log=$out/$idx/build.log
	rm -rf "$bdir"
	echo "$entry" >"$out/$idx/tree"

	w1=W=1
	ksrc=$(kbm_tree_source "$kdir_host")
	if ! grep -qs 'KBUILD_ENABLE_EXTRA_GCC_CHECKS\|KBUILD_EXTRA_WARN' \
		"$ksrc/Makefile" "$ksrc/scripts/Makefile.build" \
		"$ksrc/scripts/Makefile.extrawarn" "$ksrc/scripts/Makefile.warn"; then
		extra="$w1_flags${extra:+ $extra}"
		notes+=("W=1 emulated: this kbuild has no W=1, so kbuild's v3.x W=1 flags were passed in KBM_EXTRA_CFLAGS")
	fi
	[[ -n $targs ]] && notes+=("make args \`$targs\` (why: scripts/matrix.mk)")

	if [[ $kind == kdir ]]; then
		margs=(KDIR="$dir")
		sparse_ok=$(command -v sparse || true)
	else
		margs=(KVER="$spec")
		sparse_ok=
		[[ -x ${env[2]}/usr/bin/sparse ]] && sparse_ok=${env[2]}/usr/bin/sparse
	fi
	local flags
	# shellcheck disable=SC2086 # one word per flag
	flags=$(cc_flags "$(tree_cc "$kdir_host" "${args[@]}")" $werror)
	margs+=(O="$bdir" "$w1" "KBM_EXTRA_CFLAGS=$flags${extra:+ $extra}" "${args[@]}")
	echo "$flags" >"$out/$idx/werror"
	# Without a full Module.symvers (none, or an empty one), a newer
	# modpost calls every imported symbol "undefined!", and an error
	# rather than a warning would fail the build for the tree's sake:
	# KBUILD_MODPOST_WARN keeps them warnings (classify drops them), and
	# loads_check does the check against the tree's sources instead.
	local nosymvers=0
	if ! kbm_symvers_full "$kdir_host"; then
		nosymvers=1
		margs+=(KBUILD_MODPOST_WARN=1)
	fi

	rc=0
	make -C "$src" "${margs[@]}" >"$log" 2>&1 || rc=$?
	local build=ok warnings sparse=- branches=- loads=- undef
	if ((rc)); then
		build="FAIL: $(grep -m1 -E 'error:|Error|\*\*\*' "$log" | cut -c1-120 || true)"
	fi
	classify "$log" "$bdir" cc "$nosymvers" >"$out/$idx/warnings.txt"
	warnings=$(count "$out/$idx/warnings.txt")

	if ((rc == 0)); then
		if [[ -n $sparse_ok ]]; then
			# Second pass: newer kbuild recompiles (the command line
			# changed), older runs only the checker; either way the
			# untagged diagnostics are sparse's.
			local src_rc=0
			make -C "$src" "${margs[@]}" C=2 >"$out/$idx/sparse.log" 2>&1 ||
				src_rc=$?
			classify "$out/$idx/sparse.log" "$bdir" sparse "$nosymvers" \
				>"$out/$idx/sparse.txt"
			sparse=$(count "$out/$idx/sparse.txt")
			local checked
			checked=$(grep -c '^ *CHECK ' "$out/$idx/sparse.log" || true)
			sparse="$sparse in $checked files"
			if ((src_rc)); then
				sparse="failed ($checked files checked): $(grep -m1 -E 'error|Error' \
					"$out/$idx/sparse.log" | cut -c1-100 || true)"
			elif ((checked == 0)); then
				sparse="not run (no CHECK lines)"
			fi
		else
			sparse="n/a (sparse not installed)"
		fi
		if [[ -f $bdir/kbufmap_core.ko ]]; then
			branches=$(modinfo -F kbm_compat "$bdir/kbufmap_core.ko" 2>/dev/null ||
				strings -a "$bdir/kbufmap_core.ko" | sed -n 's/^kbm_compat=//p')
		fi
		loads=$(loads_check "$bdir" "$kdir_host")
	fi
	if ((nosymvers)); then
		undef=$(grep -cE '(WARNING|ERROR): .*".*" .*undefined!' "$log" || true)
		if ((undef)); then
			undef=" (its \"undefined!\" lines are not counted)"
		else
			undef=
		fi
		notes+=("the tree has no Module.symvers (modules_prepare only): modpost cannot check kbufmap's undefined symbols$undef, so \"loads\" checks them against the EXPORT_SYMBOL lines of the tree's sources")
	fi

	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$idx" "$label" "$build" \
		"$warnings" "$sparse" "$loads" "$branches" \
		"$(join '; ' "${notes[@]}")" >"$out/$idx/result.tsv"
	printf 'matrix: [%s] %s (%s): %s, warnings %s, sparse %s, loads %s, %d s\n' \
		"$idx" "$label" "$name" "${build%%:*}" "$warnings" "${sparse%%:*}" \
		"$loads" $((SECONDS - start)) >&2
}

# ---- run, at most $njobs at once ----------------------------------------
rm -f "$out"/*/result.tsv
n=0
for t in "${trees[@]}"; do
	n=$((n + 1))
	while (($(jobs -rp | wc -l) >= njobs)); do
		wait -n || true
	done
	build_tree "$n" "$t" &
done
wait

# ---- the table -----------------------------------------------------------
results=()
for ((i = 1; i <= n; i++)); do
	if [[ -f $out/$i/result.tsv ]]; then
		results+=("$(cat "$out/$i/result.tsv")")
	else
		results+=("$i	${trees[i - 1]}	FAIL: matrix job died	-	-	-	-	")
	fi
done

status=0
text=$out/table.txt md=$out/table.md
{
	printf 'kernel\tbuild\twarnings\tsparse\tloads\tbranches\n'
	for r in "${results[@]}"; do
		IFS=$'\t' read -r i label build warn sp ld br notes <<<"$r"
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$build" "$warn" "$sp" \
			"$ld" "$br"
	done
} | awk -F'\t' '	# column -t, which a minimal chroot may lack
	{ for (i = 1; i <= NF; i++) { c[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) }
	  if (NF > nf) nf = NF; n = NR }
	END { for (r = 1; r <= n; r++) { line = ""
		for (i = 1; i <= nf; i++)
			line = line (i < nf ? sprintf("%-" w[i] + 2 "s", c[r, i]) : c[r, i])
		print line } }' >"$text"
{
	echo "| kernel | build | warnings | sparse | loads | branches |"
	echo "|---|---|---|---|---|---|"
	# One footnote per distinct note; a row may point at several.
	foot=() nl=$'\n'
	declare -A footno=()
	for r in "${results[@]}"; do
		IFS=$'\t' read -r i label build warn sp ld br notes <<<"$r"
		marks=()
		while IFS= read -r note; do
			[[ -n $note ]] || continue
			if [[ -z ${footno[$note]:-} ]]; then
				foot+=("$note")
				footno[$note]=${#foot[@]}
			fi
			marks+=("${footno[$note]}")
		done <<<"${notes//; /$nl}"
		mark=
		((${#marks[@]})) && mark=" [$(join , "${marks[@]}")]"
		# shellcheck disable=SC2016 # Markdown code, not a shell expansion
		printf '| %s%s | %s | %s | %s | %s | `%s` |\n' "$(md "$label")" \
			"$mark" "$(md "$build")" "$(md "$warn")" "$(md "$sp")" \
			"$(md "$ld")" "$(md "$br")"
	done
	echo
	echo "W=1 plus those of $werror that the tree's compiler knows;" \
		"warnings and sparse reports are counted once per distinct" \
		"file:line:message.  Loads: every undefined symbol of the two" \
		"modules is exported by the tree (or defined by the other module)." \
		"Branches: modinfo kbm_compat of the kbufmap_core.ko built." \
		"Generated by \`make matrix-readme\`" \
		"(scripts/matrix.sh) at $(git -C "$src" describe --always --dirty 2>/dev/null || echo unknown)."
	for ((i = 0; i < ${#foot[@]}; i++)); do
		echo
		printf '[%d] %s\n' $((i + 1)) "$(md "${foot[i]}")"
	done
} >"$md"

cat "$text"
for r in "${results[@]}"; do
	IFS=$'\t' read -r i label build warn sp ld br notes <<<"$r"
	[[ -n $notes ]] && printf '  %s: %s\n' "$label" "$notes"
	if [[ $build != ok || $warn != 0 || $ld == no* ]] ||
		[[ ${sp%% *} != 0 && $sp != n/a* ]]; then
		status=1
	fi
done
echo "matrix: logs in $out/<n>/ (build.log, sparse.log, warnings.txt, sparse.txt)"

[[ -n $markdown ]] && cp "$md" "$markdown"
if [[ -n $readme ]]; then
	begin='<!-- kbufmap-matrix:begin -->' end='<!-- kbufmap-matrix:end -->'
	if ! grep -qF "$begin" "$readme" || ! grep -qF "$end" "$readme"; then
		echo "matrix.sh: $readme has no $begin / $end markers" >&2
		exit 1
	fi
	awk -v b="$begin" -v e="$end" -v md="$md" '
	$0 == b { print; while ((getline l < md) > 0) print l; skip = 1; next }
	$0 == e { skip = 0 }
	!skip' "$readme" >"$readme.tmp"
	mv "$readme.tmp" "$readme"
	echo "matrix: table written to $readme" >&2
fi
exit "$status"
