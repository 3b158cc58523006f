#!/usr/bin/env bash
# Temporal coherence (issue 17): synthetic sequences with known motion styled as independent stills,
# chained from the previous result (temporal_weight=0), from the warped previous result, and with the
# temporal term at each weight given; the temporal error against the true motion, each frame's style
# loss against the still's, and the time with the optical flow's share (engine CoherenceBenchmark).
#   bench/coherence.sh [motions=object,pan,zoom] [size=160] [frames=8] [iterations=30] [weights=100]
#                      [network=alexnet] [montage folder=target/coherence] [temporal_frames=1]
set -euo pipefail
source "$(dirname "$0")/common.sh"
machine
java_run sc.fiji.neuralstyle.bench.CoherenceBenchmark "${1:-object,pan,zoom}" "${2:-160}" "${3:-8}" "${4:-30}" \
	"${5:-100}" "${6:-alexnet}" "${7:-target/coherence}" "${8:-1}"
