#!/usr/bin/env bash
# Training time against steps (issue 24): --train on the frames of a synthetic time-lapse (an object
# moving over a panning background, bench/synthetic_sequences.sh) at 256 px, VGG-19 with seeded weights
# (the real ones cannot be downloaded here; the time is the same), batch 4, through the command line as
# a user runs it. The time per step comes from the loss log's elapsed_ms (the training alone, not the
# network's load); the run's wall time is printed beside it. Then the trained model styles the frames:
# the time per frame of applying it.
#   bench/fast_training.sh [steps=20] [size=256] [batch=4] [frames=24]
set -euo pipefail
source "$(dirname "$0")/common.sh"
steps="${1:-20}"
size="${2:-256}"
batch="${3:-4}"
frames="${4:-24}"
work="target/bench-training"
mkdir -p "$work"
weights="target/bench-session/vgg19-seeded.pth"
mkdir -p "$(dirname "$weights")"
[ -f "$weights" ] || /usr/bin/python3 scripts/make_test_model.py vgg19 "$weights" >/dev/null
rm -rf "$work/object" "$work"/model* "$work"/styled*
java_run sc.fiji.neuralstyle.flow.SyntheticSequence object "$size" "$frames" "$work/object" >/dev/null
machine
start=$(date +%s.%N)
java_run sc.fiji.neuralstyle.cli.NeuralStyleCli --train --model "$work/model.pth" --content "$work/object" \
	--style samples/starry_night.jpg --weights "$weights" --size "$size" --steps "$steps" --batch_size "$batch" \
	--checkpoint_every "$steps" --loss_log "$work/training.csv" --quiet
end=$(date +%s.%N)
awk -F, -v steps="$steps" -v size="$size" -v batch="$batch" -v wall="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')" '
	NR == 2 { first = $7 } END { printf "training size=%d batch=%d steps=%d s_per_step=%.2f s_per_step_after_first=%.2f run_wall_s=%.1f\n",
		size, batch, steps, $7 / 1000 / steps, ($7 - first) / 1000 / (steps - 1), wall }' "$work/training.csv"
mkdir -p "$work/styled"
start=$(date +%s.%N)
java_run sc.fiji.neuralstyle.cli.NeuralStyleCli --model "$work/model.pth" --content "$work/object" --planes all \
	--size "$size" --output "$work/styled" --quiet
end=$(date +%s.%N)
echo "applying frames=$frames size=$size run_wall_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }') (with the JVM's and PyTorch's start)"
