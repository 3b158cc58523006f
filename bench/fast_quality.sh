#!/usr/bin/env bash
# Quality of a trained fast-style model against the optimisation (issue 24): on frames it was not
# trained on, the style and content loss of its result beside those of the result optimised at the
# same settings. A synthetic time-lapse (an object moving over a panning background,
# bench/synthetic_sequences.sh) is split: the first frames train the model (--train, through the
# command line as a user runs it), the last ones are held out. Each held-out frame is then styled by
# the model and optimised (L-BFGS, the given iterations); the fast result's losses are the loss log's
# row 0 of a run started from it (the losses at the start image: --init, 1 iteration), the
# optimisation's the last row of its own log. Same network, weights, style, size and loss weights.
# Prints a line per held-out frame and the medians of fast / optimised.
#   bench/fast_quality.sh [steps=300] [size=128] [network=alexnet] [iterations=300] [frames=24] [held_out=4]
# With network=alexnet the committed seeded weights are used; other networks get seeded weights from
# scripts/make_test_model.py (the real ones cannot be downloaded here: the figures compare two ways of
# minimising the same losses, not pictures).
set -euo pipefail
source "$(dirname "$0")/common.sh"
steps="${1:-300}"
size="${2:-128}"
network="${3:-alexnet}"
iterations="${4:-300}"
frames="${5:-24}"
held="${6:-4}"
work="target/bench-fast-quality"
rm -rf "$work" && mkdir -p "$work/train" "$work/held" "$work/fast" "$work/logs"
if [ "$network" = alexnet ]; then
	weights=src/test/resources/fixtures/models/alexnet-seeded-f16.pth
else
	weights="target/bench-session/$network-seeded.pth"
	mkdir -p "$(dirname "$weights")"
	[ -f "$weights" ] || /usr/bin/python3 scripts/make_test_model.py "$network" "$weights" >/dev/null
fi
style=samples/starry_night.jpg
common=(--style "$style" --network "$network" --weights "$weights" --size "$size" --device cpu --quiet)
java_run sc.fiji.neuralstyle.flow.SyntheticSequence object "$size" "$frames" "$work/all" >/dev/null
ls "$work/all" | sort | head -n $((frames - held)) | while read -r f; do cp "$work/all/$f" "$work/train/"; done
ls "$work/all" | sort | tail -n "$held" | while read -r f; do cp "$work/all/$f" "$work/held/"; done
machine
echo "settings: network=$network size=$size steps=$steps (batch 4) iterations=$iterations frames=$frames held_out=$held"
start=$(date +%s)
java_run sc.fiji.neuralstyle.cli.NeuralStyleCli --train --model "$work/model.pth" --content "$work/train" \
	--steps "$steps" --checkpoint_every "$steps" --loss_log "$work/logs/training.csv" "${common[@]}"
echo "training: $(( $(date +%s) - start )) s"
java_run sc.fiji.neuralstyle.cli.NeuralStyleCli --model "$work/model.pth" --content "$work/held" --planes all \
	--size "$size" --output "$work/fast" --quiet
# A column of a loss log by name, at a row (0: the start image's losses; last: the result's).
column() { awk -F, -v name="$2" -v row="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
	row == "last" { v = $c; next } $1 == row { v = $c } END { print v }' "$1"; }
index=0
for frame in "$work"/held/*.png; do
	name=$(basename "$frame" .png)
	index=$((index + 1))
	# The folder output numbers the styled frames in the content's order: held_0001.png, …
	styled=$(printf "%s/fast/held_%04d.png" "$work" "$index")
	java_run sc.fiji.neuralstyle.cli.NeuralStyleCli --content "$frame" --init "$styled" --iterations 1 \
		--output "$work/logs/$name-fast.png" --loss_log "$work/logs/$name-fast.csv" "${common[@]}"
	java_run sc.fiji.neuralstyle.cli.NeuralStyleCli --content "$frame" --iterations "$iterations" \
		--output "$work/logs/$name-optimised.png" --loss_log "$work/logs/$name-optimised.csv" "${common[@]}"
	fs=$(column "$work/logs/$name-fast.csv" style 0); fc=$(column "$work/logs/$name-fast.csv" content 0)
	os=$(column "$work/logs/$name-optimised.csv" style last); oc=$(column "$work/logs/$name-optimised.csv" content last)
	awk -v n="$name" -v fs="$fs" -v fc="$fc" -v os="$os" -v oc="$oc" 'BEGIN { printf "frame %s style fast=%.4g optimised=%.4g ratio=%.2f content fast=%.4g optimised=%.4g ratio=%.2f\n", n, fs, os, fs / os, fc, oc, fc / oc }'
done | tee "$work/frames.txt"
awk '{ split($6, r, "="); s[NR] = r[2]; split($10, q, "="); c[NR] = q[2] }
	function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	END { printf "held-out frames %d: style loss fast / optimised, median %.2f; content loss, median %.2f\n", NR, median(s, NR), median(c, NR) }' "$work/frames.txt"
