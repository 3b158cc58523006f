#!/usr/bin/env bash
# Measures the memory of one pass of a fast-style network (pytorch/examples' TransformerNet, seeded
# weights), whole and in tiles, against fast.ApplyMemory's estimates, in one process. glibc maps every
# allocation above 128 kB afresh and returns it when freed, so the resident memory follows what
# PyTorch holds.
#   bench/fast_memory.sh [sizes=256,512,1024] [tile=256]
set -euo pipefail
source "$(dirname "$0")/common.sh"
machine
MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 \
	java_run sc.fiji.neuralstyle.fast.FastPassMemoryProbe "${1:-256,512,1024}" "${2:-256}"
