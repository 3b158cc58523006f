#!/usr/bin/env bash
# Time to quality: the final total loss at full resolution (the result's) and the time of a
# single-scale run against coarse-to-fine runs (the engine's split of the iterations over scales).
#   bench/time_to_quality.sh [size=512] [iterations=300] [rounds=1]
# Losses are deterministic (CPU, seeded weights); times depend on the machine's load, so each line
# also has the process's CPU seconds. Runs alternate within a round.
set -euo pipefail
source "$(dirname "$0")/common.sh"
size="${1:-512}"
iterations="${2:-300}"
rounds="${3:-1}"
machine
for round in $(seq "$rounds"); do
	java_run sc.fiji.neuralstyle.bench.LargeImageRun label=single size=$size iterations=$iterations
	for run in "3 $iterations" "3 $((iterations / 2))" "2 $((iterations / 2))"; do
		set -- $run
		java_run sc.fiji.neuralstyle.bench.LargeImageRun label=scales$1 size=$size scales=$1 iterations=$2
	done
done
machine
