# SPDX-License-Identifier: GPL-2.0
#
# DKMS packaging and its test; included by the top Makefile, where SRC is
# the repository.
#
#   make dkms-source     build/dkms/kbufmap-<version>/: the files a DKMS
#                        build needs, dkms.conf with its version filled in
#                        (then: dkms add <that dir>; dkms build/install)
#   make dkms-tarball    the same as build/kbufmap-<version>-dkms.tar.gz
#                        (unpack it in /usr/src, then dkms add kbufmap/<version>)
#   make dkms-test       scripts/dkms-test.sh: dkms build in the chroots of
#                        DKMS_KVERS, the DKMS-built modules booted on the last
#
# <version> is git describe of the tree (KBM_VERSION= to choose one).

KBM_VERSION ?= $(shell git -C $(SRC) describe --tags --always --dirty 2>/dev/null || echo 0)
DKMS_KVERS ?= 6.1 7.2
DKMS_DIR = $(SRC)/build/dkms/kbufmap-$(KBM_VERSION)
# What a DKMS build runs: the Makefile, kbuild, the sources, the probes.
DKMS_FILES := Makefile Kbuild dkms.conf README.md core compat driver include
DKMS_SCRIPTS := scripts/probe.sh scripts/kdir-check.sh scripts/kexports.sh

dkms-source:
	@rm -rf $(DKMS_DIR) && mkdir -p $(DKMS_DIR)/scripts
	@cd $(SRC) && cp -r $(DKMS_FILES) $(DKMS_DIR)/ && \
		cp $(DKMS_SCRIPTS) $(DKMS_DIR)/scripts/
	@sed -i 's/@KBM_VERSION@/$(KBM_VERSION)/' $(DKMS_DIR)/dkms.conf
	@echo "kbufmap: DKMS source tree: $(DKMS_DIR)"
	@echo "kbufmap:   dkms add $(DKMS_DIR)"
	@echo "kbufmap:   dkms build kbufmap/$(KBM_VERSION) -k <release>; dkms install kbufmap/$(KBM_VERSION) -k <release>"

dkms-tarball: dkms-source
	@tar -C $(dir $(DKMS_DIR)) -czf $(SRC)/build/kbufmap-$(KBM_VERSION)-dkms.tar.gz \
		kbufmap-$(KBM_VERSION)
	@echo "kbufmap: $(SRC)/build/kbufmap-$(KBM_VERSION)-dkms.tar.gz (tar -C /usr/src -xzf it; dkms add kbufmap/$(KBM_VERSION))"

dkms-test:
	$(SRC)/scripts/dkms-test.sh $(DKMS_KVERS)

.PHONY: dkms-source dkms-tarball dkms-test
