#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kexports.sh - the symbols a kernel tree exports to modules.
#
# usage: scripts/kexports.sh KDIR       print them, one a line, sorted
#        scripts/kexports.sh -s KDIR    print where they come from:
#                                       symvers, sources or none
# Sourced (probe.sh, matrix.sh), it defines kbm_exports_source and
# kbm_exports with the same meaning.
#
# Where the list comes from, best first:
#  symvers  the tree's Module.symvers, when it is a full build's (it
#           lists vmlinux's exports, e.g. kfree): exactly what modpost and
#           the module loader will accept.
#  sources  every EXPORT_SYMBOL*() in the tree's .c, .S and .h files,
#           leaving out the arch/ directories of other architectures than
#           x86: a modules_prepare tree has no Module.symvers.  Code that
#           the .config does not build is counted too, so a symbol found
#           here may still be missing from a kernel configured without it.
#  none     neither (a headers-only tree without Module.symvers): the list
#           is empty and every export-dependent branch takes its fallback.
# The sources list is cached under $KBM_CACHE/exports per tree.

# kbm_symvers_full KDIR: true when KDIR/Module.symvers lists vmlinux.
kbm_symvers_full() {
	[[ -s $1/Module.symvers ]] &&
		awk '$2 == "kfree" { f = 1; exit } END { exit !f }' "$1/Module.symvers"
}

# kbm_tree_source KDIR: the source tree of KDIR.  A tree configured with
# O= holds a generated Makefile that includes the source's (and from 5.x a
# "source" symlink to it); its .c files, and kbuild's own makefiles, are
# only there.
kbm_tree_source() {
	local kdir=$1 inc
	if [[ -d $kdir/source/scripts ]]; then
		echo "$kdir/source"
		return
	fi
	inc=$(sed -n 's/^include \(.*\)\/Makefile$/\1/p' "$kdir/Makefile" 2>/dev/null | head -n 1)
	if [[ -n $inc && -d $inc/scripts ]]; then
		echo "$inc"
	else
		echo "$kdir"
	fi
}

# kbm_has_sources DIR: true when DIR holds a kernel's C sources.
kbm_has_sources() {
	[[ -f $1/kernel/module.c || -f $1/kernel/module/main.c ]]
}

# kbm_exports_source KDIR: symvers, sources or none.
kbm_exports_source() {
	if kbm_symvers_full "$1"; then
		echo symvers
	elif kbm_has_sources "$1" || kbm_has_sources "$(kbm_tree_source "$1")"; then
		echo sources
	else
		echo none
	fi
}

# kbm_exports_names: "EXPORT_...(name" lines in, the symbols they export
# out.  Per-CPU variables are per_cpu__<name> until v2.6.34 (dd17c8f72993)
# and <name> after; a tracepoint exports __tracepoint_<name>, and from
# v5.10 __traceiter_<name> and its static call; a static call __SCK__ and
# __SCT__<name> (v5.10).
kbm_exports_names() {
	sed -E 's/^[[:space:]]*(EXPORT_[A-Z_]*)\([[:space:]]*/\1 /' |
	awk '
	$1 ~ /^EXPORT_PER_CPU_SYMBOL/ { print $2; print "per_cpu__" $2; next }
	$1 ~ /^EXPORT_TRACEPOINT_SYMBOL/ {
		print "__tracepoint_" $2; print "__traceiter_" $2
		print "__SCK__tp_func_" $2; print "__SCT__tp_func_" $2; next
	}
	$1 ~ /^EXPORT_STATIC_CALL/ { print "__SCK__" $2; print "__SCT__" $2; next }
	{ print $2 }'
}

# kbm_macro_exports: exports that a macro builds from its arguments
# ("#define STANDARD_PARAM_DEF(name, ...) ... EXPORT_SYMBOL(param_ops_##name)"
# and then "STANDARD_PARAM_DEF(uint, ...)" in kernel/params.c;
# "define_dev_printk_level(func, ...) ... EXPORT_SYMBOL(func);" and then
# "define_dev_printk_level(dev_err, KERN_ERR);" in drivers/base/core.c),
# expanded for each call of the macro at the start of a line in the same
# file; and the retpoline thunks arch/x86/lib/retpoline.S makes, one per
# register, with an assembler macro.  Run in the tree's top directory.
kbm_macro_exports() {
	local f r
	if [[ -f arch/x86/lib/retpoline.S ]]; then
		for r in ax bx cx dx si di bp 8 9 10 11 12 13 14 15; do
			case $r in [0-9]*) echo "__x86_indirect_thunk_r$r" ;;
			*) echo "__x86_indirect_thunk_e$r"; echo "__x86_indirect_thunk_r$r" ;;
			esac
		done
	fi
	{ grep -rlE --include='*.c' \
		'EXPORT_[A-Z_]*SYMBOL[A-Z_]*\([^)]*##|define[ \t]+define_dev_printk_level' \
		kernel mm lib fs drivers/base 2>/dev/null ||
		true; } |
	while read -r f; do
		awk '
		/^[ \t]*#[ \t]*define[ \t]+[A-Za-z0-9_]+\(/ {
			m = $0
			sub(/^[ \t]*#[ \t]*define[ \t]+/, "", m)
			cur = m; sub(/\(.*/, "", cur)
			sub(/^[^(]*\(/, "", m); sub(/\).*/, "", m)
			gsub(/[ \t]/, "", m)
			params[cur] = m
			indef = 1
		}
		indef && /EXPORT_[A-Z_]*SYMBOL[A-Z_]*\(/ {
			t = $0
			sub(/.*EXPORT_[A-Z_]*SYMBOL[A-Z_]*\([ \t]*/, "", t)
			sub(/[ \t]*[,)].*/, "", t)
			tmpl[cur] = tmpl[cur] " " t
		}
		indef && !/\\[ \t]*$/ { indef = 0 }
		{ line[NR] = $0 }
		END {
			for (mac in tmpl) {
				np = split(params[mac], p, ",")
				nt = split(tmpl[mac], T, " ")
				for (i = 1; i <= NR; i++) {
					if (index(line[i], mac "(") != 1)
						continue
					c = substr(line[i], length(mac) + 2)
					gsub(/[ \t]/, "", c)
					split(c, v, ",")
					for (k = 1; k <= nt; k++) {
						n = split(T[k], tok, "##")
						out = ""
						for (j = 1; j <= n; j++) {
							w = tok[j]
							for (q = 1; q <= np; q++)
								if (w == p[q])
									w = v[q]
							out = out w
						}
						print out
					}
				}
			}
		}' "$f"
	done
}

# kbm_exports KDIR: the exported symbols, sorted, one a line.
kbm_exports() {
	local kdir=$1 cache key
	case $(kbm_exports_source "$kdir") in
	symvers)
		awk '{ print $2 }' "$kdir/Module.symvers" | sort -u
		;;
	sources)
		kbm_has_sources "$kdir" || kdir=$(kbm_tree_source "$kdir")
		cache=${KBM_CACHE:-$HOME/.cache/kbufmap}/exports
		# v2: the scan learnt define_dev_printk_level() and the thunks
		key=$(printf 'v2 %s %s' "$(cd "$kdir" && pwd -P)" \
			"$(stat -c %Y "$kdir/Makefile")" | sha1sum | cut -c1-16)
		if [[ ! -s $cache/$key ]]; then
			mkdir -p "$cache"
			(cd "$kdir" && find . \( -path './arch/*' ! -path './arch/x86*' \
				-prune \) -o \( -path './.git' -prune \) -o \
				-type f \( -name '*.c' -o -name '*.S' -o -name '*.h' \) \
				-print0 |
				{ xargs -0 grep -ohE \
				'^[[:space:]]*EXPORT_[A-Z_]*(SYMBOL|STATIC_CALL)[A-Z_]*\([[:space:]]*[A-Za-z0-9_]+' ||
				true; } | kbm_exports_names
				kbm_macro_exports) | sort -u >"$cache/$key.tmp"
			mv "$cache/$key.tmp" "$cache/$key"
		fi
		cat "$cache/$key"
		;;
	esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	if [[ ${1:-} == -s ]]; then
		kbm_exports_source "${2:?usage: kexports.sh [-s] KDIR}"
	else
		kbm_exports "${1:?usage: kexports.sh [-s] KDIR}"
	fi
fi
