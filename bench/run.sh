#!/usr/bin/env bash
# Speed benchmark: the same style-transfer iterations (VGG19 to relu5_1, L-BFGS, 2 threads) in this
# project and in PyTorch on this machine, one after the other; prints both times and their ratio.
#   bench/run.sh [sizes=128,256] [iterations=30]
# Needs Debian's python3-torch and python3-torchvision (apt-get install python3-torch
# python3-torchvision libopenblas0-pthread).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes="${1:-128,256}"
iterations="${2:-30}"
threads=2

mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
	-Dmdep.includeScope=test >/dev/null 2>&1 || mvn -q -B test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $threads threads each"
java -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1 -DOPT_OUT_TRACKING=true \
	-cp "$cp" sc.fiji.neuralstyle.bench.IterationBenchmark "$sizes" "$iterations" | tee target/bench-java.txt
OMP_NUM_THREADS=$threads /usr/bin/python3 bench/pytorch_reference.py --sizes "$sizes" --iterations "$iterations" \
	--threads $threads | tee target/bench-pytorch.txt

awk '
	FNR == NR { split($2, s, "="); split($3, t, "="); java[s[2]] = t[2]; next }
	{ split($2, s, "="); split($3, t, "="); printf "size %s: this project %.1f ms, PyTorch %.1f ms per iteration, ratio %.2f\n", s[2], java[s[2]], t[2], java[s[2]] / t[2] }
' target/bench-java.txt target/bench-pytorch.txt
