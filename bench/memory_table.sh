#!/usr/bin/env bash
# Peak resident memory against image size, one pass over the whole image against tiles: one process
# per run, two iterations each (the start image and one step), Adam (whose state is two image-sized
# arrays; L-BFGS adds two per history pair), the content enlarged to the size first so that the
# input is that large too. Runs the engine refuses (its memory check) print the message instead.
#   bench/memory_table.sh [sizes="512 1024 2048 4096 8192"] [tile=1024] [network=vgg19]
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes="${1:-512 1024 2048 4096 8192}"
tile="${2:-1024}"
network="${3:-vgg19}"
# If memory runs out after all, the kernel should stop this run rather than another process.
echo 1000 > /proc/self/oom_score_adj
machine
for size in $sizes; do
	for t in 0 "$tile"; do
		if [ "$t" != 0 ] && [ "$size" -le "$tile" ]; then continue; fi
		JAVA_HEAP=12g java_run sc.fiji.neuralstyle.bench.LargeImageRun label=memory network=$network size=$size \
			input_size=$size iterations=2 optimizer=adam tile_size=$t
	done
done
