#!/usr/bin/env bash
# One forward pass of a fast-style network (pytorch/examples' TransformerNet, seeded weights) here
# against the same network in PyTorch (bench/fast_forward_reference.py), one process per side and
# size, alternating round after round, then the medians and their ratios (below 1: this project is
# faster). Wall time, CPU time and peak resident memory, as bench/compare_pytorch.sh.
#   bench/fast_forward.sh [sizes=256,512] [rounds=3] [passes=5]
# Needs Debian's python3-torch.
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes="${1:-256,512}"
rounds="${2:-3}"
passes="${3:-5}"
results=target/bench-fast-forward.txt
: > "$results"
machine
echo "versions: this project on DJL 0.36.0 / PyTorch 2.7.1; reference $(/usr/bin/python3 -c 'import torch; print("PyTorch", torch.__version__)')"
for round in $(seq "$rounds"); do
	for size in ${sizes//,/ }; do
		java_run sc.fiji.neuralstyle.bench.FastForwardBenchmark "$size" "$passes" | tee -a "$results"
		OMP_NUM_THREADS=$threads /usr/bin/python3 bench/fast_forward_reference.py --sizes "$size" \
			--passes "$passes" --threads $threads | tee -a "$results"
	done
done
awk -f bench/medians.awk "$results" | sed 's/per iteration/per pass/g'
