# SPDX-License-Identifier: GPL-2.0
#
# Coccinelle targets, included by the top Makefile (SRC is the repo root).
#
#   make cocci MODE=report [SET=checks] [DIR=path]   findings (default: the
#                                                    checks, on kbufmap's code)
#   make cocci MODE=patch [SET=modern] DIR=path      one diff, the set's rules
#                                                    applied in order
#   make cocci MODE=context|org ...                  the other coccicheck modes
#   make cocci-test                                  the fixture suite
#   make cocci-mutate                                break each rule in turn;
#                                                    the suite must notice
#
# SET is modern, kbufmap, checks or all; STRICT=1 makes report mode fail on
# findings.  SPATCH and SPFLAGS are passed through, as for coccicheck.

COCCI_SH := $(SRC)/semantic-patches/cocci.sh

cocci:
	@$(COCCI_SH) $(or $(MODE),report) $(if $(SET),-s $(SET)) \
		$(if $(filter 1,$(STRICT)),--strict) $(DIR)

cocci-test:
	@$(COCCI_SH) test

cocci-mutate:
	@$(COCCI_SH) mutate

.PHONY: cocci cocci-test cocci-mutate
