# SPDX-License-Identifier: GPL-2.0
#
# kbufmap - the front door.
#
#   make                       build against KDIR (default: the running kernel)
#   make KDIR=/path O=dir      build against a prepared tree, into dir
#   make KVER=7.2              build against a cached Debian kernel, in its
#                              own suite's chroot (5.10, 6.1, 6.12, 7.2;
#                              7.2-arm64, 6.12-armhf, 6.1-i386: cross-built)
#   make W=1 C=2 LLVM=1 ...    passed to kbuild as usual
#   make demo                  build, boot in QEMU, show kbufmap working
#   make check                 fast tests; make test: the full tier (VM
#                              suite also on experimental's release
#                              candidate when it is newer than sid's)
#   make test KBM_BUNDLES=dir  ... with the kernel bundles in dir (default
#                              ../shared/kernels next to the repository)
#   make runtime-readme        run the VM suite everywhere, regenerate
#                              README.md's runtime table
#   make ... KBM_EXTRA_BUNDLES="a.tar.xz b/"
#                              test and runtime-readme also run these
#                              bundles (e.g. made by scripts/kbundle.sh
#                              build into $KBM_CACHE/bundles-built)
#   make test-arch             the VM suite on arm64, 32-bit ARM (LPAE,
#                              HIGHMEM) and i386 (PAE, HIGHMEM) kernels
#   make dma-test              kbufmap_edu.ko with QEMU's edu devices: plain,
#                              behind an IOMMU, with swiotlb=force
#   make debug-test            the suite, fuzzer and fault injection in a
#                              KASAN/lockdep/kmemleak kernel (make fuzz SEED=)
#
# Builds happen in a build directory (O=, default build/<release>) that
# mirrors the sources with symlinks, so several kernels can be built side
# by side and the source tree stays clean.

SRC := $(CURDIR)
export KBM_CACHE ?= $(HOME)/.cache/kbufmap

# Variables given on our command line must not reach the kernel's make:
# O= would be read there as the kernel's own output directory.
MAKEOVERRIDES := $(filter-out O=% KDIR=% KVER=%,$(MAKEOVERRIDES))

ifdef KVER
# ---- a cached Debian kernel: re-run this Makefile inside its chroot ----
BUILD := $(if $(O),$(abspath $(O)),$(SRC)/build/$(KVER))

modules all:
	$(SRC)/scripts/kchroot.sh $(KVER) $(MAKE) -C $(SRC) O=$(BUILD) \
		KDIR=@KDIR@ $(filter-out KVER=%,$(MAKEOVERRIDES))

else
# ---- a kernel tree given by KDIR ----
KDIR ?= /lib/modules/$(shell uname -r)/build
KREL = $(shell . $(SRC)/scripts/kdir-check.sh; kbm_kernel_release $(KDIR))
BUILD = $(if $(O),$(abspath $(O)),$(SRC)/build/$(KREL))
KBUILD_SRCS := Kbuild core compat driver include

modules all: probe
	$(MAKE) -C $(KDIR) M=$(BUILD) modules
	@echo "kbufmap: built $(BUILD)/kbufmap_core.ko $(BUILD)/kbufmap.ko $(BUILD)/kbufmap_edu.ko"

# Mirror the sources, then let the probes write generated/kbm_config.h.
probe:
	@bash -c '. $(SRC)/scripts/kdir-check.sh; kbm_check_kdir "$(KDIR)"'
	@mkdir -p $(BUILD)
	@for f in $(KBUILD_SRCS); do \
		rm -rf $(BUILD)/$$f; cp -rs $(SRC)/$$f $(BUILD)/$$f; done
	@$(SRC)/scripts/probe.sh $(KDIR) $(BUILD)/generated/kbm_config.h \
		$(if $(LLVM),LLVM=$(LLVM)) \
		$(if $(filter command line,$(origin CC)),CC=$(CC))
endif

# ---- demo and tests (Debian kernels from the cache, booted in QEMU) ----
DEMO_KVER ?= 6.1
VM_KVERS ?= 5.10 6.1 6.12 7.2
# Bundles outside $KBM_BUNDLES that test and runtime-readme run as well,
# e.g. those scripts/kbundle.sh build wrote to $KBM_CACHE/bundles-built;
# the runtime table's footnotes name each one's tree and commit.
KBM_EXTRA_BUNDLES ?=
EXTRA_BUNDLE_ARGS = $(foreach b,$(KBM_EXTRA_BUNDLES),--bundle $(b))
# Other architectures (SERIES-ARCH, scripts/kcache.sh), cross-built and
# booted in QEMU's TCG: make test-arch runs them all; make test the newest
# arm64 and one 32-bit kernel with HIGHMEM (VM_ARCH_TEST= skips them).
VM_ARCH_KVERS ?= 7.2-arm64 6.12-arm64 6.12-armhf 6.1-i386
VM_ARCH_TEST ?= 7.2-arm64 6.1-i386
# make test adds the newest release candidate: the series Debian's
# experimental carries when it is newer than sid's, resolved at run time
# (scripts/kcache.sh rc).  VM_RC=7.3 names one, VM_RC= skips it.
VM_RC ?= auto
CHECKPATCH = $(KBM_CACHE)/kernels/7.2/src/scripts/checkpatch.pl
KERNEL_SRCS = $(wildcard $(SRC)/core/*.c $(SRC)/driver/*.c $(SRC)/compat/*.h \
		$(SRC)/include/kbufmap/*.h $(SRC)/include/uapi/linux/*.h)

# The main job: build for one kernel, boot it, show kbufmap at work.
demo:
	$(SRC)/scripts/vm-test.sh --demo $(DEMO_KVER)

# README's demo sample: rewritten from the last `make demo` of DEMO_KVER;
# checked (every line a shape the demo prints) by make check.
demo-readme:
	$(SRC)/scripts/demo-show.sh write $(SRC)/build/$(DEMO_KVER)/vm-demo.txt

demo-readme-check:
	@$(SRC)/scripts/demo-show.sh check

# checkpatch --strict on the kernel code; the only findings allowed are the
# documented fallbacks for pre-2.6.24 printk, pre-2.6.22 __maybe_unused and
# pre-5.11 kmap.
checkpatch:
	@$(SRC)/scripts/kcache.sh fetch --source 7.2 >/dev/null
	@cd $(SRC) && $(CHECKPATCH) --no-tree --strict --terse -f \
		$(KERNEL_SRCS:$(SRC)/%=%) compat/probes/*.c | grep -v '^total' | \
		grep -v 'kbm_kernel.h:.*KERN_<LEVEL>' | \
		grep -v 'kbm_kernel.h:.*__maybe_unused is preferred' | \
		grep -v "kbm_mem.h:.*Deprecated use of 'k\(un\)\?map'" | \
		{ if grep .; then echo "checkpatch: findings above"; exit 1; fi; }
	@echo "checkpatch: kernel sources clean"

# sparse on the two kernels the foundation names and on the other
# architectures' kernels make test boots (make test-arch adds 32-bit ARM:
# its kernel is fetched for nothing else); any report fails.
SPARSE_KVERS ?= 6.1 7.2 7.2-arm64 6.1-i386
sparse:
	@mkdir -p $(SRC)/build
	@for v in $(SPARSE_KVERS); do \
		$(SRC)/scripts/kcache.sh fetch $$v >/dev/null || exit 1; \
		rm -rf $(SRC)/build/sparse-$$v; \
		$(MAKE) -s KVER=$$v O=$(SRC)/build/sparse-$$v C=2 \
			> $(SRC)/build/sparse-$$v.log 2>&1 || \
			{ cat $(SRC)/build/sparse-$$v.log; exit 1; }; \
		if grep -E 'warning|error' $(SRC)/build/sparse-$$v.log; then \
			echo "sparse: $$v: reports above"; exit 1; fi; \
		echo "sparse: $$v: $$(grep -c ' CHECK ' $(SRC)/build/sparse-$$v.log) files, no reports"; \
	done

# clang: a 7.2 tree configured with LLVM=1 (Debian's headers are gcc's),
# compile only (a prepared tree has no vmlinux for modpost).  Zero warnings.
clang:
	@rm -rf $(SRC)/build/clang-7.2 && mkdir -p $(SRC)/build && \
	tree=$$($(SRC)/scripts/clang-tree.sh 7.2) && \
	$(SRC)/scripts/kchroot.sh 7.2 $(MAKE) -C $(SRC) KDIR=$$tree \
		O=$(SRC)/build/clang-7.2 LLVM=1 W=1 KBUILD_MODPOST_WARN=1 \
		> $(SRC)/build/clang-7.2.log 2>&1 || \
		{ tail -n 30 $(SRC)/build/clang-7.2.log; exit 1; }
	@if grep -E 'warning:|error:' $(SRC)/build/clang-7.2.log | grep -v modpost; then \
		echo "clang: findings above"; exit 1; fi
	@echo "clang: $$(grep -c 'CC \[M\]' $(SRC)/build/clang-7.2.log) objects built with" \
		"$$($(SRC)/scripts/kchroot.sh 7.2 clang --version | sed -n 1p)" \
		"(LLVM=1 W=1), no warnings"

# kbufmap's own code must give the Coccinelle checks nothing to report.
cocci-self:
	@$(MAKE) -s cocci MODE=report STRICT=1

# Fast tier: style, the semantic-patch fixtures and the whole VM suite on
# one kernel.
check: checkpatch cocci-test cocci-self demo-readme-check
	$(SRC)/scripts/vm-test.sh 7.2

# Full tier: everything, on every Debian kernel (kunit/kunit.mk adds KUnit;
# dkms-test: scripts/dkms.mk), on experimental's release candidate, and on
# every prebuilt kernel bundle (scripts/kbundle.sh) in $KBM_BUNDLES, if
# there are any.
test: checkpatch cocci-test cocci-self demo-readme-check sparse clang dkms-test \
	dma-test-quick debug-test-quick
	@rc="$(if $(filter auto,$(VM_RC)),$$($(SRC)/scripts/kcache.sh rc),$(VM_RC))" && \
	if [ -n "$$rc" ]; then \
		echo "make test: VM suite also on $$rc, experimental's release candidate"; \
	elif [ "$(VM_RC)" = auto ]; then \
		echo "make test: experimental has no kernel newer than sid's: no release candidate tested"; \
	else \
		echo "make test: no release candidate tested (VM_RC is empty)"; \
	fi && \
	$(SRC)/scripts/vm-test.sh --all-bundles $(EXTRA_BUNDLE_ARGS) $(VM_KVERS) $$rc \
		$(VM_ARCH_TEST)

# The VM suite on every other architecture's kernels.
test-arch:
	$(MAKE) sparse SPARSE_KVERS="$(filter-out 7.2-arm64 6.1-i386,$(VM_ARCH_KVERS))"
	$(SRC)/scripts/vm-test.sh $(VM_ARCH_KVERS)

# The VM suite on every kernel the project runs (make test's, the release
# candidate and every other architecture's), its results into README.md.
runtime-readme:
	@rc="$(if $(filter auto,$(VM_RC)),$$($(SRC)/scripts/kcache.sh rc),$(VM_RC))" && \
	$(SRC)/scripts/vm-test.sh --readme $(SRC)/README.md --all-bundles \
		$(EXTRA_BUNDLE_ARGS) $(VM_KVERS) $$rc $(VM_ARCH_KVERS)

# DMA tier: the edu driver and its selftest on every Debian kernel, three
# ways each, on arm64's virt board (direct and swiotlb) and on every
# kernel bundle in $KBM_BUNDLES (scripts/dma-test.sh).  DMA_MODES= picks
# among direct, iommu and swiotlb.
DMA_KVERS ?= $(VM_KVERS) 7.2-arm64
DMA_MODES ?= direct iommu swiotlb
dma-test:
	$(SRC)/scripts/dma-test.sh --modes "$(DMA_MODES)" --all-bundles \
		$(DMA_KVERS)

# make test's share: the three ways on the newest kernel (about 1.5 minutes;
# all four kernels take 6).
dma-test-quick:
	$(SRC)/scripts/dma-test.sh 7.2

# Debug tier: the whole suite, the fuzzer, fault-injection sweeps and
# load/unload cycles in a kernel with KASAN, KFENCE, lockdep, UBSAN, DEBUG_VM
# and kmemleak (scripts/debug-kernel.sh builds it once).  make test runs its
# shorter profile (debug-test.sh --quick).
debug-test:
	$(SRC)/scripts/debug-test.sh

debug-test-quick:
	$(SRC)/scripts/debug-test.sh --quick

# Replay one fuzzer run in the debug kernel: make fuzz SEED=123 STEPS=456
SEED ?= 1
STEPS ?= 1000
fuzz:
	$(SRC)/scripts/debug-test.sh --fuzz $(SEED) $(STEPS)

clean:
	rm -rf $(SRC)/build $(SRC)/selftests/out

.PHONY: all modules probe clean demo demo-readme demo-readme-check checkpatch \
	sparse clang cocci-self check test test-arch runtime-readme dma-test \
	dma-test-quick debug-test debug-test-quick fuzz

# Each test area brings its own targets (kunit, cocci, matrix, bench, dkms).
-include $(SRC)/kunit/kunit.mk
-include $(SRC)/semantic-patches/cocci.mk
-include $(SRC)/scripts/matrix.mk
-include $(SRC)/scripts/bench.mk
-include $(SRC)/scripts/dkms.mk
