#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-show.sh - the demo as a person reads it, and README's sample of it.
#
# usage: demo-show.sh format TITLE < results.tap > demo.txt
#        demo-show.sh check [demo.txt]
#        demo-show.sh write demo.txt
#
#   format  turns the guest's TAP (selftests/guest-run.sh demo, which wraps
#           selftests/kbufmap_demo.c's own TAP in "# ") into text: every
#           device a paragraph, explanations indented under the check they
#           support, the summary table at the end.  TITLE is its first line.
#   check   every line of README's sample block must have a shape format
#           prints, taken from kbufmap_demo.c's own printf formats and check
#           names; with demo.txt, every sample line (addresses and frame
#           numbers aside) must also be a line of that run, when the run
#           is of the same kernel series.
#   write   replace README's sample block with demo.txt's first device and
#           its summary.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readme=$top/README.md
demo_c=$top/selftests/kbufmap_demo.c
begin='<!-- kbufmap-demo:begin -->'
end='<!-- kbufmap-demo:end -->'

usage() {
	sed -n 's/^# usage: /usage: /p; s/^#        demo/       demo/p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

# One demo line: "# X" from the demo program (wrapped once more by
# guest-run.sh), "ok N - X" its checks; top-level lines are guest-run.sh's.
cmd_format() {
	printf '%s\n' "${1:?format needs a TITLE}"
	tr -d '\r' | awk '
		# a blank line where the demo program starts and where it ends
		/^# / { if (!indemo) print ""; indemo = 1 }
		/^(not )?ok / { if (indemo) print ""; indemo = 0 }
		/^TAP version|^[0-9]+\.\.[0-9]+$|^# TAP version|^# [0-9]+\.\.[0-9]+$/ { next }
		/^# # demo: / { print "" }
		/^# # == / { sub(/^# # == /, ""); print ""; print; next }
		/^# #   / { sub(/^# #   /, "    "); print; next }
		/^# #$/ { print ""; next }
		/^# # / { sub(/^# # /, ""); print; next }
		/^# ok [0-9]+ - / { sub(/^# ok [0-9]+ - /, "  ok    "); print; next }
		/^# not ok [0-9]+ - / { sub(/^# not ok [0-9]+ - /, "  FAIL  "); print; next }
		/^ok [0-9]+ / { sub(/^ok [0-9]+ /, "  ok    "); print; next }
		/^not ok [0-9]+ / { sub(/^not ok [0-9]+ /, "  FAIL  "); print; next }
		/^# / { sub(/^# /, "    "); print; next }
		{ print }
	'
}

# The sample block of README (without the fence lines).
readme_block() {
	awk -v b="$begin" -v e="$end" '
		$0 == e { inside = 0 }
		inside && !/^```/ { print }
		$0 == b { inside = 1 }
	' "$readme"
}

# Regular expressions for every line format can print: the demo's own
# printf formats ("# " -> how format indents them, conversions -> .*),
# its check names, and the title, device and summary lines.
# shellcheck disable=SC2016 # '$' in the programs is a regex character
shapes() {
	local fmt
	echo '^kbufmap demo on [0-9]+\.[0-9]+ \(.*\)$'
	echo '^$'
	echo '^\[\.\.\.\]$'
	echo '^  ok    (insmod|rmmod) .*$|^  ok    kbufmap_demo$'
	echo '^    [a-z0-9/]+ +(contig|vmalloc|pages) +(cached|wc|uncached) +(prealloc|ondemand|sparse) +(eager|fault|remap) +(mmap|mmap_prepare) +[a-z -]+$'
	# printf("# ...") formats, one line of output per "\n"
	perl -0777 -ne 'while (/printf\("(#(?:[^"\\]|\\.)*)"/g) {
			my $f = $1; $f =~ s/\\"/"/g; $f =~ s/\\n$//;
			print "$_\n" for split /\\n/, $f }' "$demo_c" |
		while IFS= read -r fmt; do
			case $fmt in
			'#   %s') continue ;;	# summary rows: their own shape above
			'# == '*) fmt=${fmt#'# == '} ;;
			'#   '*) fmt="    ${fmt#'#   '}" ;;
			'#') fmt="" ;;
			'# '*) fmt=${fmt#'# '} ;;
			esac
			# a conversion that starts a line is one word (a path)
			printf '^%s$\n' "$(sed -e 's/[][\\.*^$()+?{}|]/\\&/g' \
				-e 's/^%[-0-9.]*l*[a-z]/[^ #][^ ]*/' \
				-e 's/%%/%/g; s/%[-0-9.]*l*[a-z]/.*/g' <<<"$fmt")"
		done
	# check names: check(COND, "name") and check_shown(COND, "name", "token")
	perl -0777 -ne 'while (/\bcheck(_shown)?\(((?:[^;])*?)\);/g) {
			my ($shown, $args) = ($1, $2);
			my @s = $args =~ /"((?:[^"\\]|\\.)*)"/g;
			next if $args =~ /\bint ok\b/ || @s < ($shown ? 2 : 1);
			print $shown ? $s[-2] : $s[-1], "\n" }' "$demo_c" |
		sed 's/[][\\.*^$()+?{}|]/\\&/g; s/^/^  ok    /; s/$/$/'
}

cmd_check() {
	local run=${1:-} bad=0 line shapes_file n=0 sample_ver run_ver
	shapes_file=$(mktemp)
	trap 'rm -f "$shapes_file"' RETURN
	shapes >"$shapes_file"
	grep -qxF "$begin" "$readme" || { echo "demo-show: README has no $begin block" >&2; return 1; }
	while IFS= read -r line; do
		n=$((n + 1))
		if ! grep -qEf "$shapes_file" <<<"$line"; then
			printf 'demo-show: README sample line %d is nothing the demo prints: %s\n' \
				"$n" "$line" >&2
			bad=1
		fi
	done < <(readme_block)
	((n > 0)) || { echo "demo-show: README's sample block is empty" >&2; return 1; }
	if [[ -n $run ]]; then
		sample_ver=$(readme_block | sed -n 's/^kbufmap demo on \([0-9.]*\) .*/\1/p')
		run_ver=$(sed -n 's/^kbufmap demo on \([0-9.]*\) .*/\1/p' "$run")
		if [[ $sample_ver == "$run_ver" ]]; then
			while IFS= read -r line; do
				[[ $line == '[...]' ]] && continue
				grep -qxF -- "$line" < <(normalize <"$run") || {
					printf 'demo-show: README sample line is not in this run: %s\n' "$line" >&2
					bad=1
				}
			done < <(readme_block | normalize)
			((bad)) && echo "demo-show: README's sample is stale: make demo-readme DEMO_KVER=$run_ver" >&2
		fi
	fi
	((bad == 0)) && echo "demo-show: README's demo sample: $n lines, each one the demo prints"
	return "$bad"
}

# Addresses, frame numbers and releases differ from boot to boot.
normalize() {
	sed -E 's/0x[0-9a-f]+/0x?/g; s/^(kbufmap demo on [0-9.]+) \(.*\)$/\1/'
}

cmd_write() {
	local run=${1:?write needs demo.txt} tmp
	[[ -f $run ]] || { echo "demo-show: no $run (run make demo first)" >&2; return 1; }
	tmp=$(mktemp)
	{
		# the title, the first device, then the summary to the end
		sed -n 1p "$run"
		awk '/^\/dev\/kbufmap/ { n++ } /^Summary:/ || n == 2 { exit } n == 1' "$run"
		echo '[...]'
		awk '/^Summary:/ { on = 1 } /^demo: / { print; exit } on' "$run"
	} >"$tmp.block"
	awk -v b="$begin" -v e="$end" -v f="$tmp.block" '
		$0 == b { print; print "```"; while ((getline l < f) > 0) print l; print "```"; skip = 1; next }
		$0 == e { skip = 0 }
		!skip { print }
	' "$readme" >"$tmp"
	cat "$tmp" >"$readme"
	rm -f "$tmp" "$tmp.block"
	echo "demo-show: README's sample block written from $run"
}

case ${1:-} in
format) shift && cmd_format "$@" ;;
check) shift && cmd_check "$@" ;;
write) shift && cmd_write "$@" ;;
*) usage ;;
esac
