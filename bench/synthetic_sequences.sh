#!/usr/bin/env bash
# Writes the synthetic sequences with known motion (SyntheticSequence: the ones the flow tests and
# benchmarks use, made from samples/coffee.png and samples/ihc.png) as numbered PNG frames, one folder
# per motion: pan, rotation, zoom, object (a disc moving over a panning background), noise.
#   bench/synthetic_sequences.sh [folder=target/sequences] [size=256] [frames=8] [motions=pan,rotation,zoom,object,noise]
set -euo pipefail
source "$(dirname "$0")/common.sh"
folder="${1:-target/sequences}"
size="${2:-256}"
frames="${3:-8}"
motions="${4:-pan,rotation,zoom,object,noise}"
for motion in ${motions//,/ }; do
	java_run sc.fiji.neuralstyle.flow.SyntheticSequence "$motion" "$size" "$frames" "$folder/$motion"
done
