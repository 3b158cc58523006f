#!/usr/bin/env bash
# How to split iterations over scales: the final loss at full resolution and the time of a
# single-scale run against coarse-to-fine runs with several splits, each run once per round.
#   bench/scales_split.sh [size=512] [iterations=300] [rounds=1] [splits="229,57,14 171,86,43 100,100,100"] [init=content]
# Losses are deterministic (CPU, seeded); times vary with the machine's load: runs alternate within
# a round, and each line also has the process's CPU seconds. Loss histories go to target/bench-split-*.csv.
set -euo pipefail
source "$(dirname "$0")/common.sh"
size="${1:-512}"
iterations="${2:-300}"
rounds="${3:-1}"
splits="${4:-229,57,14 171,86,43 100,100,100}"
init="${5:-content}"
machine
for round in $(seq "$rounds"); do
	java_run sc.fiji.neuralstyle.bench.LargeImageRun label=single init=$init size=$size iterations=$iterations \
		log=target/bench-split-single-$init-$size.csv
	for split in $splits; do
		java_run sc.fiji.neuralstyle.bench.LargeImageRun label=split init=$init size=$size stages=$split \
			log=target/bench-split-${split//,/-}-$init-$size.csv
	done
done
machine
