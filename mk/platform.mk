# platform: `zicha batch` on a distributed engine (examples/dask/). Not part of `make test`.
# `make platform-test`   Dask distributed (Debian python3-dask + python3-distributed, installed by
#                        tools/apt-install-missing.sh only when these targets run, never by `make test`):
#                        PLATFORM_COUNT generated listings (default 1,000,000, seeded, from tests/corpus/*.jsonl,
#                        plus bad lines) checked by a LocalCluster of 2 worker processes, each partition piped
#                        through `$(CLI) batch`, must equal the single-process output line for line after sorting
#                        by id; then again with a worker killed mid-partition (examples/dask/zicha_platform.py).
# `make platform-bench`  listings/s and MB/s: 1 process, GNU parallel --pipe -j2, Dask with 1 and 2 workers; peak
#                        memory; where the time goes. A measurement, not a gate. PLATFORM_BENCH_ARGS passes
#                        options, e.g. `make platform-bench PLATFORM_BENCH_ARGS='--repeat 3'`.
# The data (about 200 MB) stays in $(PLATFORM_DIR)/data for the next run; the outputs are removed after each.
PLATFORM_DIR        := $(BUILD)/platform
PLATFORM_DATA       := $(PLATFORM_DIR)/data
PLATFORM_COUNT      ?= 1000000
PLATFORM_BENCH_ARGS ?=
# Debian's interpreter: the one python3-dask installs into, whatever `python3` is first on PATH.
PLATFORM_PY         := /usr/bin/python3
# python3-psutil: distributed's worker memory monitor; parallel: the benchmark's GNU parallel rows.
PLATFORM_PKGS       := python3-dask python3-distributed python3-psutil parallel
PLATFORM_RUN        := $(PLATFORM_PY) examples/dask/zicha_platform.py --zicha $(CLI) --data $(PLATFORM_DATA) --work $(PLATFORM_DIR)
.PHONY: platform-deps platform-test platform-bench
platform-deps:
	$(Q)tools/apt-install-missing.sh --no-install-recommends $(PLATFORM_PKGS)
$(PLATFORM_DIR)/count.flags: FORCE
	$(call flagstamp,$(PLATFORM_COUNT))
$(PLATFORM_DATA)/manifest.json: examples/dask/gen_listings.py $(wildcard tests/corpus/*.jsonl) $(PLATFORM_DIR)/count.flags
	$(call msg,GEN,$(PLATFORM_COUNT) listings in $(PLATFORM_DATA))
	$(Q)$(PLATFORM_PY) examples/dask/gen_listings.py --count $(PLATFORM_COUNT) $(PLATFORM_DATA)
platform-test: platform-deps $(CLI) $(PLATFORM_DATA)/manifest.json
	$(Q)$(PLATFORM_RUN) test
platform-bench: platform-deps $(CLI) $(PLATFORM_DATA)/manifest.json
	$(Q)$(PLATFORM_RUN) bench $(PLATFORM_BENCH_ARGS)
