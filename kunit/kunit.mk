# SPDX-License-Identifier: GPL-2.0
#
# KUnit suites in User-Mode Linux (scripts/kunit.sh); included by the top
# Makefile, where SRC is the repository.
#
#   make kunit          6.12 and 7.2, plain and with sanitizers
#   make kunit-fast     the plain configuration only
#   make kunit KUNIT_KERNELS=7.2 KUNIT_ARGS="--raw 'kbufmap_core.*'"
#
# UML builds are kept under $(KBM_CACHE)/kunit: a run that changes nothing
# there takes seconds per kernel and configuration.

KUNIT_KERNELS ?= 6.12 7.2
KUNIT_ARGS ?=

kunit:
	$(SRC)/scripts/kunit.sh $(addprefix -k ,$(KUNIT_KERNELS)) \
		-c plain -c sanitize $(KUNIT_ARGS)

kunit-fast:
	$(SRC)/scripts/kunit.sh $(addprefix -k ,$(KUNIT_KERNELS)) -c plain \
		$(KUNIT_ARGS)

# The full test tier runs the sanitizer configuration on the newest
# kernel only: it runs every case the plain one does, under KASAN,
# lockdep, UBSAN and DEBUG_VM; 6.12's compat branches run for real in its
# VM suite.  Each more UML build costs a cold run about six minutes (the
# plain one took 5.5 of a measured 64).  make kunit runs all.
kunit-ci:
	$(SRC)/scripts/kunit.sh -k 7.2 -c sanitize $(KUNIT_ARGS)

# The full test tier runs the suites, and checkpatch reads them.
test: kunit-ci
KERNEL_SRCS += $(wildcard $(SRC)/kunit/*.c $(SRC)/kunit/*.h)

.PHONY: kunit kunit-fast kunit-ci test
