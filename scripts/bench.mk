# SPDX-License-Identifier: GPL-2.0
#
# The benchmark (scripts/bench.sh); included by the top Makefile,
# where SRC is the repository.
#
#   make bench                      7.2: build, boot, measure; writes
#                                   build/bench/7.2/bench.md and bench.png
#   make bench BENCH_KVER=6.12      another cached Debian kernel
#   make bench BENCH_KVER="6.12 7.2"  one after the other
#   make bench BENCH_ARGS=-q        a quick smoke run (up to 16 MiB)
#   make bench BENCH_ARGS="--cpu max"   QEMU's CPU with ERMS (see bench.sh)
#
# Each kernel takes about 5-8 minutes: builds and probe timing under the
# machine-wide build lock, then one boot of at most 10 minutes holding it.

BENCH_KVER ?= 7.2
BENCH_ARGS ?=

bench:
	@for v in $(BENCH_KVER); do \
		$(SRC)/scripts/bench.sh $(BENCH_ARGS) $$v || exit 1; \
	done

.PHONY: bench
