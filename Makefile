# SPDX-License-Identifier: GPL-2.0
#
# kbufmap - the front door.
#
#   make                       build against KDIR (default: the running kernel)
#   make KDIR=/path O=dir      build against a prepared tree, into dir
#   make KVER=7.2              build against a cached Debian kernel, in its
#                              own suite's chroot (5.10, 6.1, 6.12, 7.2)
#   make W=1 C=2 LLVM=1 ...    passed to kbuild as usual
#   make demo                  build, boot in QEMU, show kbufmap working
#   make check                 fast tests; make test: the full tier
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
	@echo "kbufmap: built $(BUILD)/kbufmap_core.ko $(BUILD)/kbufmap.ko"

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

clean:
	rm -rf $(SRC)/build $(SRC)/selftests/out

.PHONY: all modules probe clean

# Each test area brings its own targets (kunit, cocci, matrix, bench).
-include $(SRC)/kunit/kunit.mk
-include $(SRC)/semantic-patches/cocci.mk
-include $(SRC)/scripts/matrix.mk
-include $(SRC)/scripts/bench.mk
