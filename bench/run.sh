#!/usr/bin/env bash
# Speed benchmark: the same style-transfer iterations (VGG19 to relu5_1, L-BFGS, 2 threads) in this
# project and in PyTorch on this machine. The two run in turn, ROUNDS times (A B A B ...), so that a
# drift in the machine's speed hits both; prints each run, then the medians and their ratio.
#   bench/run.sh [sizes=128,256] [iterations=30] [rounds=3]
# Needs Debian's python3-torch and python3-torchvision (apt-get install python3-torch
# python3-torchvision libopenblas0-pthread).
set -euo pipefail
source "$(dirname "$0")/common.sh"
sizes="${1:-128,256}"
iterations="${2:-30}"
rounds="${3:-3}"
results=target/bench-results.txt
: > "$results"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $threads threads each"
echo "versions: this project on DJL 0.36.0 / PyTorch 2.7.1; reference $(/usr/bin/python3 -c 'import torch; print("PyTorch", torch.__version__)')"
for round in $(seq "$rounds"); do
	java_run sc.fiji.neuralstyle.bench.IterationBenchmark "$sizes" "$iterations" | tee -a "$results"
	OMP_NUM_THREADS=$threads /usr/bin/python3 bench/pytorch_reference.py --sizes "$sizes" \
		--iterations "$iterations" --threads $threads | tee -a "$results"
done

# Medians per size and side, then the ratio this project / PyTorch (below 1: this project is faster).
awk '
	{ split($2, s, "="); split($3, t, "="); key = $1 " " s[2]; n[key]++; v[key, n[key]] = t[2]; sizes[s[2]] = 1 }
	function median(key,    i, j, tmp, m) {
		m = n[key]
		for (i = 1; i <= m; i++) a[i] = v[key, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		for (size in sizes) {
			j = median("java " size); p = median("pytorch " size)
			printf "size %s: median of %d runs: this project %.1f ms, PyTorch %.1f ms per iteration, ratio %.2f\n", size, n["java " size], j, p, j / p
		}
	}
' "$results" | sort -t' ' -k2 -n
