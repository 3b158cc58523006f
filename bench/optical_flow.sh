#!/usr/bin/env bash
# End-point error and time per frame pair of BoofCV's dense optical flow methods (FlowBenchmark): each
# method as sc.fiji.neuralstyle.flow.FlowMethod configures it, plus BoofCV's own defaults and other
# settings of the Horn-Schunck pyramid, on the synthetic sequences of SyntheticSequence (pan, rotation,
# zoom, an object moving over a background, a pan with noise), frame 1 to frame 0. Every variant runs
# once untimed per size and motion, then once per round, the order reversed every other round; the
# time is the median. Prints the machine, each line, and a table per size (error in px / ms).
#   bench/optical_flow.sh [variants=all] [sizes=256,512] [motions=all] [rounds=3]
set -euo pipefail
source "$(dirname "$0")/common.sh"
variants="${1:-all}"
sizes="${2:-256,512}"
motions="${3:-all}"
rounds="${4:-3}"
results=target/bench-optical-flow.txt

machine
echo "java: $(java -version 2>&1 | head -1)"
java_run sc.fiji.neuralstyle.bench.FlowBenchmark "$variants" "$sizes" "$motions" "$rounds" | tee "$results"

# One Markdown table per size: a row per variant, "error / ms" per motion.
awk '
	{ for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
	  key = f["size"] SUBSEP f["variant"]; cell[key, f["motion"]] = sprintf("%.3f / %.0f", f["epe"], f["ms"])
	  if (!(f["size"] in seen)) { seen[f["size"]] = 1; sizes[++ns] = f["size"] }
	  if (!((f["size"], f["variant"]) in vseen)) { vseen[f["size"], f["variant"]] = 1; vars[f["size"], ++nv[f["size"]]] = f["variant"] }
	  if (!(f["motion"] in mseen)) { mseen[f["motion"]] = 1; mot[++nm] = f["motion"] } }
	END {
		for (s = 1; s <= ns; s++) {
			size = sizes[s]
			printf "\n%s px, end-point error (px) / ms per frame pair\n\n| variant |", size
			for (m = 1; m <= nm; m++) printf " %s |", mot[m]
			printf "\n|---|"; for (m = 1; m <= nm; m++) printf "---|"; printf "\n"
			for (v = 1; v <= nv[size]; v++) {
				printf "| `%s` |", vars[size, v]
				for (m = 1; m <= nm; m++) printf " %s |", cell[size SUBSEP vars[size, v], mot[m]]
				printf "\n"
			}
		}
	}
' "$results"
