#!/usr/bin/env bash
# Peak resident memory of the command line styling a long sequence against one frame: the planes are
# read one at a time (a virtual TIFF stack) and each result goes to disk when done, so a 300-frame
# run should need hardly more than a one-frame run. AlexNet with seeded weights, 2 iterations a frame,
# 2 PyTorch threads, the same Java heap limit for both; the two runs alternate (A B A B ...) so that a
# drift of the machine hits both. Prints one line per run and the medians' ratio. JAVA_OPTS adds JVM
# options to both, e.g. JAVA_OPTS=-Xmn32m bounds the young generation: the garbage a long run leaves
# between collections (G1 lets it grow to ~60 % of the initial heap before collecting) then no
# longer counts, and what is left is what the run holds.
#   [JAVA_OPTS=...] bench/stack_memory.sh [frames=300] [size=256] [rounds=2] [iterations=2]
set -euo pipefail
source "$(dirname "$0")/common.sh"
frames="${1:-300}"
size="${2:-256}"
rounds="${3:-2}"
iterations="${4:-2}"
work="target/bench-stack"
mkdir -p "$work"
machine
java_run sc.fiji.neuralstyle.bench.PanSequence "$work/seq$frames.tif" "$frames" "$size" >&2
java_run sc.fiji.neuralstyle.bench.PanSequence "$work/seq1.tif" 1 "$size" >&2
weights=src/test/resources/fixtures/models/alexnet-seeded-f16.pth
run() { # frames
	local out="$work/out$1.tif"
	rm -f "$out"
	/usr/bin/time -f "%M %e" -o "$work/time.txt" java -Xmx${JAVA_HEAP:-2g} ${JAVA_OPTS:-} -Dai.djl.pytorch.num_threads=$threads \
		-Dai.djl.pytorch.num_interop_threads=1 -DOPT_OUT_TRACKING=true -Dai.djl.offline=true -Djava.awt.headless=true \
		-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" sc.fiji.neuralstyle.cli.NeuralStyleCli \
		--content "$work/seq$1.tif" --planes all --style samples/starry_night.jpg --output "$out" \
		--network alexnet --weights "$weights" --size "$size" --iterations "$iterations" --quiet 2>/dev/null
	read -r kb seconds < "$work/time.txt"
	echo "frames=$1 size=$size iterations=$iterations peak_rss_mb=$((kb / 1024)) seconds=$seconds java_opts='${JAVA_OPTS:-}'"
}
for r in $(seq "$rounds"); do
	run 1
	run "$frames"
done | tee "$work/runs.txt"
awk -v n="$frames" '{ split($1, f, "="); split($4, m, "="); k[f[2]]++; v[f[2], k[f[2]]] = m[2] }
	function median(key,    i, j, t, c, a) {
		c = k[key]; for (i = 1; i <= c; i++) a[i] = v[key, i]
		for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
	}
	END { one = median(1); many = median(n); printf "median peak RSS: 1 frame %d MB, %d frames %d MB, ratio %.2f\n", one, n, many, many / one }' \
	"$work/runs.txt"
