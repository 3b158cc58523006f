#!/usr/bin/env bash
# Time to quality: the final total loss at full resolution (the result's) and the time of a
# single-scale run against coarse-to-fine runs (the engine's split of the iterations over scales),
# then, from the loss logs, when each coarse-to-fine run first reached the single run's final loss.
#   bench/time_to_quality.sh [size=512] [iterations=300] [rounds=1] [init=content]
# Losses are deterministic (CPU, seeded weights); times depend on the machine's load, so each line
# also has the process's CPU seconds. Runs alternate within a round. With seeded weights, init=noise
# is the telling case: from the content image the loss hardly moves (docs/benchmarks.md, Large images).
set -euo pipefail
source "$(dirname "$0")/common.sh"
size="${1:-512}"
iterations="${2:-300}"
rounds="${3:-1}"
init="${4:-content}"
# One folder per size and start image, so that the logs compared below are this invocation's.
logs=target/bench-ttq/$init-$size
rm -rf "$logs"
mkdir -p "$logs"
machine
for round in $(seq "$rounds"); do
	java_run sc.fiji.neuralstyle.bench.LargeImageRun label=single init=$init size=$size iterations=$iterations \
		log=$logs/single-$iterations.csv
	for run in "3 $iterations" "3 $((iterations * 2 / 3))" "2 $iterations"; do
		set -- $run
		java_run sc.fiji.neuralstyle.bench.LargeImageRun label=scales$1 init=$init size=$size scales=$1 iterations=$2 \
			log=$logs/scales$1-$2.csv
	done
done
# The single run's final loss, and the first evaluation at full resolution where each run reached it
# (elapsed_ms counts from the run's start, over all its scales).
target=$(awk -F, 'NR > 1 { if (min == "" || $2 < min) min = $2 } END { print min }' $logs/single-$iterations.csv)
for log in $logs/*.csv; do
	awk -F, -v target="$target" -v name="$(basename "$log" .csv)" '
		NR > 1 { last = $7; row[NR] = $0 }
		END {
			for (i = 2; i <= NR; i++) { split(row[i], f, ","); if (f[7] == last && f[2] <= target + 0) {
				printf "%s reached %.1f at iteration %d, %.1f s into the run\n", name, target, f[1], f[6] / 1000; exit } }
			printf "%s did not reach %.1f\n", name, target
		}' "$log"
done
machine
