#!/usr/bin/env bash
# Time per frame, applying a fast-style network (one forward pass, seeded weights) against optimising at
# the defaults (seeded weights), at each size, in one process, alternating (FastApplyBenchmark). The
# optimisation's frame time is its median iteration's time × the defaults' iterations.
#   bench/fast_apply.sh [sizes=256,512,1024] [rounds=3] [timed_iterations=3]
set -euo pipefail
source "$(dirname "$0")/common.sh"
machine
java_run sc.fiji.neuralstyle.bench.FastApplyBenchmark "${1:-256,512,1024}" "${2:-3}" "${3:-3}"
