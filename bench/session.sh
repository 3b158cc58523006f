#!/usr/bin/env bash
# Runs of one ImageJ session, with the engine's network cache (this tree) and without it (the build
# before it, commit c63c1f3 by default): SessionBenchmark runs Neural Style `runs` times in one JVM
# (VGG19 with seeded weights, 256 px, 2 iterations), the two builds alternating, `rounds` times.
# Prints every session's lines, then the medians of the second run's time from its start to its
# first iteration. Then one session of 20 runs of each build: the resident memory after run 1 and
# after run 20.
#   bench/session.sh [reference=c63c1f3] [rounds=3] [runs=3] [size=256] [long_runs=20]
# (long_runs=0 leaves the memory sessions out.)
# The seeded VGG19 weights (80 MB, not committed) are made with Debian's PyTorch on first use.
set -euo pipefail
source "$(dirname "$0")/common.sh"
reference="${1:-c63c1f3}"
rounds="${2:-3}"
runs="${3:-3}"
size="${4:-256}"
long_runs="${5:-20}"
work="target/bench-session"
mkdir -p "$work"
weights="$work/vgg19-seeded.pth"
[ -f "$weights" ] || /usr/bin/python3 scripts/make_test_model.py vgg19 "$weights" >/dev/null

# The reference build: its sources as committed, plus this benchmark program (it uses only API the
# reference has), compiled in a folder of its own.
ref="$work/reference"
program=src/test/java/sc/fiji/neuralstyle/bench/SessionBenchmark.java
if [ ! -f "$ref/target/bench.classpath" ] || ! cmp -s "$program" "$ref/$program" \
	|| [ "$(cat "$ref/.commit" 2>/dev/null)" != "$(git rev-parse "$reference")" ]; then
	rm -rf "$ref"
	mkdir -p "$ref"
	git archive "$reference" | tar -x -C "$ref"
	git rev-parse "$reference" > "$ref/.commit"
	cp "$program" "$ref/$program"
	(cd "$ref" && mvn -q -B -o -f neural-style.pom.xml -Dcheckstyle.skip test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null)
fi
ref_cp="$ref/target/classes:$ref/target/test-classes:$(cat "$ref/target/bench.classpath")"
current_cp="$cp"
session() { # build, runs
	if [ "$1" = reference ]; then cp="$ref_cp"; else cp="$current_cp"; fi
	java_run sc.fiji.neuralstyle.bench.SessionBenchmark "$weights" "$2" "$size" 2 vgg19 | sed "s/^/$1 /"
}

results="$work/results.txt"
: > "$results"
machine
for round in $(seq "$rounds"); do
	session reference "$runs" | tee -a "$results"
	session cache "$runs" | tee -a "$results"
done
awk '$2 == "run" && $3 == "2:" { split($4, f, "="); split($5, g, "="); n[$1]++; v[$1, n[$1]] = f[2]; u[$1 " cpu", n[$1]] = g[2] }
	function median(values, side, c,    i, j, t, a) {
		for (i = 1; i <= c; i++) a[i] = values[side, i]
		for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2 }
	END { r = median(v, "reference", n["reference"]); c = median(v, "cache", n["cache"])
		rc = median(u, "reference cpu", n["reference"]); cc = median(u, "cache cpu", n["cache"])
		printf "second run, start to first iteration: medians of %d sessions: %d ms without the cache, %d ms with it, ratio %.2f; CPU time %d ms and %d ms, ratio %.2f\n", n["cache"], r, c, c / r, rc, cc, cc / rc }' "$results"
if [ "$long_runs" -gt 0 ]; then
	for build in reference cache; do
		session "$build" "$long_runs" | grep "after run"
	done
fi
