#!/usr/bin/env bash
# Measures the memory of one loss evaluation (whole image and tiles) and of one forward pass without
# gradient against MemoryPlanner's estimates, VGG19 with the default layers, in one process.
# glibc is told to map every allocation above 128 kB afresh and to return it when freed, so that
# the resident memory follows what PyTorch holds (PassMemoryProbe resets the peak before each).
#   bench/calibrate_memory.sh [sizes=512,1024,2048] [tile=512]
set -euo pipefail
source "$(dirname "$0")/common.sh"
machine
MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 \
	java_run sc.fiji.neuralstyle.engine.plan.PassMemoryProbe "${1:-512,1024,2048}" "${2:-512}"
