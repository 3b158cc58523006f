#!/usr/bin/env bash
# Peak resident memory and ms per iteration of this project against the same Gatys loop in PyTorch
# (bench/pytorch_reference.py), one process per size and side, alternating (this project, PyTorch,
# size after size, round after round), then the medians.
#   bench/compare_pytorch.sh [sizes=512:20,1024:10,2048:6] [rounds=3] [warm_up=2]
# Each size:iterations pair times the iterations after the first warm_up ones.
# Needs Debian's python3-torch and python3-torchvision.
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes="${1:-512:20,1024:10,2048:6}"
rounds="${2:-3}"
warm="${3:-2}"
results=target/bench-pytorch.txt
: > "$results"
machine
echo "versions: this project on DJL 0.36.0 / PyTorch 2.7.1; reference $(/usr/bin/python3 -c 'import torch; print("PyTorch", torch.__version__)')"
for round in $(seq "$rounds"); do
	for pair in ${sizes//,/ }; do
		size="${pair%%:*}"
		iterations="${pair##*:}"
		java_run sc.fiji.neuralstyle.bench.IterationBenchmark "$size" "$iterations" "$warm" | tee -a "$results"
		OMP_NUM_THREADS=$threads /usr/bin/python3 bench/pytorch_reference.py --sizes "$size" \
			--iterations "$iterations" --threads $threads --warm-up "$warm" | tee -a "$results"
	done
done
awk -f bench/medians.awk "$results"
