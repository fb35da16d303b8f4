# SPDX-License-Identifier: GPL-2.0
#
# matrix.mk - the build matrix (included by the top-level Makefile).
#
#   make matrix                 build against every tree in MATRIX_TREES
#   make matrix-readme          same, and regenerate README.md's table
#   make matrix-clang           the tool on a clang-configured 7.2 tree
#   make matrix MATRIX_TREES="6.1 /src/linux-4.4:CC=gcc-12" MATRIX_JOBS=1
#
# MATRIX_TREES lists KVERs (cached Debian kernels) and KDIRs (prepared
# trees), each optionally followed by ":make args" (no spaces; use
# scripts/matrix.sh directly for more).  The default is every prepared
# tree under MATRIX_OLDTREES, oldest first, then the four Debian kernels.
#
# MATRIX_OLDTREES (default $(KBM_CACHE)/oldtrees, i.e.
# ~/.cache/kbufmap/oldtrees) holds one directory per old kernel, named by
# its version (the names below choose the make arguments):
#   - an unpacked source tree prepared by scripts/oldtree.sh (defconfig +
#     modules_prepare with the host's gcc), e.g.
#       git -C linux-2.6.32.69 archive HEAD | tar -x -C $dir/2.6.32
#       scripts/oldtree.sh $dir/2.6.32
#   - or a symlink to the build/ tree of a kernel bundle (a full kernel
#     build: its Module.symvers lets modpost and the "loads" column check
#     every symbol), e.g. 4.18.0-el8 -> .../4.18.0-el8/build.
# An empty or missing MATRIX_OLDTREES leaves the Debian kernels only.

MATRIX_OLDTREES ?= $(KBM_CACHE)/oldtrees
MATRIX_JOBS ?= 2
MATRIX_TREES ?= $(shell ls -d $(MATRIX_OLDTREES)/*/Makefile 2>/dev/null | \
	sed 's,/Makefile$$,,' | sort -V) 5.10 6.1 6.12 7.2

# Make arguments for a tree, by the name of its directory.  Each one keeps
# a warning out of the count that no kbufmap change can fix: it comes from
# that tree's headers or tools meeting the host's gcc-12 and binutils 2.40.
# kbufmap's own files still get the warning on every other tree.
#
# 2.6.18, 2.6.32: sparse.  With SMP and without PREEMPT or DEBUG_SPINLOCK
# (the defconfig), spin_unlock() ends in an unlock without __release():
# 2.6.18's __raw_spin_unlock() (fixed in v2.6.21 by c75fb88dbcc4, "[PATCH]
# Fix sparse annotation of spin unlock macros in one case"), 2.6.32's
# inlined __spin_unlock() (3.10's do_raw_spin_unlock() has it).  Every
# balanced lock/unlock then reads as a "context imbalance"; a three-line
# module that locks and unlocks gets it too.  CF passes flags to sparse only.
matrix-args-2.6.18 := CF=-Wno-context
# 2.6.32, 3.10: log2.h declares ____ilog2_NaN() both const and noreturn,
# which gcc-12 rejects (-Wattributes; the declaration is gone from 4.4.178);
# module_init()'s init_module alias lacks the 'cold' of its __init target
# (-Wmissing-attributes; module.h copies the attributes with __copy() from
# 4.9.229).
matrix-args-2.6.32 := CF=-Wno-context \
	KBM_EXTRA_CFLAGS='-Wno-attributes -Wno-missing-attributes'
# RHEL 6.8 (2.6.32-642.el6): its 2.6.32 headers as above; its Makefile
# adds -I arch/include/generated, which does not exist (W=1's
# -Wmissing-include-dirs).
matrix-args-2.6.32-642.el6 := CF=-Wno-context KBM_EXTRA_CFLAGS='-Wno-attributes \
	-Wno-missing-attributes -Wno-missing-include-dirs'
matrix-args-3.10 := KBM_EXTRA_CFLAGS='-Wno-attributes -Wno-missing-attributes'
# RHEL 7.9: pgtable_types.h tests _PAGE_BIT_SWP_SOFT_DIRTY in an #if
# where it is undefined (-Wundef); the timer_setup() backport in timer.h
# casts between function types (-Wcast-function-type, from W=1's -Wextra);
# init_module 'cold' as above.
matrix-args-3.10.0-1160.el7 := \
	KBM_EXTRA_CFLAGS='-Wno-undef -Wno-cast-function-type -Wno-missing-attributes'
# 4.4: init_module 'cold' as above.
matrix-args-4.4 := KBM_EXTRA_CFLAGS='-Wno-missing-attributes'
# RHEL 8.10 (4.18.0-553): init_module 'cold' as above (RHEL 8 has no
# __copy() in module.h).
matrix-args-4.18.0-el8 := KBM_EXTRA_CFLAGS='-Wno-missing-attributes'
# 4.14: timer.h's timer_setup() cast as above.  4.14 and 4.19: objtool of
# that age needs a section symbol to emit ORC data for a section, and
# binutils 2.36+ no longer emits unused section symbols ("objtool: missing
# symbol for section .text"; 5.4.286's objtool falls back to a function
# symbol).  Without CONFIG_UNWINDER_ORC kbuild runs "objtool check" instead
# of "objtool orc generate": the code is still validated, the .ko has no
# ORC tables (which it could not get right with this binutils anyway).
matrix-args-4.14 := CONFIG_UNWINDER_ORC= KBM_EXTRA_CFLAGS='-Wno-cast-function-type'
matrix-args-4.19 := CONFIG_UNWINDER_ORC=

# tree -> "tree:args" when the tree's directory has an entry above.
matrix-entry = $(if $(matrix-args-$(notdir $(1))),$(1):$(matrix-args-$(notdir $(1))),$(1))
MATRIX_ARGS = -j $(MATRIX_JOBS) \
	$(foreach t,$(MATRIX_TREES),"$(call matrix-entry,$(patsubst %/,%,$(t)))")

matrix:
	$(SRC)/scripts/matrix.sh --markdown $(SRC)/build/matrix.md $(MATRIX_ARGS)

matrix-readme:
	$(SRC)/scripts/matrix.sh --readme $(SRC)/README.md $(MATRIX_ARGS)

# The matrix tool on a clang-configured, modules_prepare-only tree of a new
# kbuild (7.2, O=, LLVM=1; scripts/clang-tree.sh), run inside 7.2's chroot
# where that clang lives.  Zero warnings, "loads" from the tree's sources.
matrix-clang:
	@tree=$$($(SRC)/scripts/clang-tree.sh 7.2) && \
	$(SRC)/scripts/kchroot.sh 7.2 bash $(SRC)/scripts/matrix.sh -j 1 \
		--out $(SRC)/build/matrix-clang "$$tree:LLVM=1"

.PHONY: matrix matrix-readme matrix-clang
