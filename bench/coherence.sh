#!/usr/bin/env bash
# Temporal coherence (issues 17 and 22): synthetic sequences with known motion (an object over a
# panning background, a zoom, a cell that brightens, …) styled as frames alone, chained from the
# previous result (temporal_weight=0), and with temporal coherence; per frame and per run the trail,
# fading, colour drift and temporal error against the frames styled alone and the chain, the style
# loss and the time with the optical flow's share (engine CoherenceBenchmark, whose Javadoc lists the
# arguments: name=value, e.g. motions=object,zoom,blob frames=24 iterations=300 montage=target/coherence).
#   bench/coherence.sh [name=value …]
set -euo pipefail
source "$(dirname "$0")/common.sh"
machine
java_run sc.fiji.neuralstyle.bench.CoherenceBenchmark "$@"
