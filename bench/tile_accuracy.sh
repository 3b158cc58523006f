#!/usr/bin/env bash
# Relative error of the loss and gradient evaluated in tiles against one pass over the whole image,
# for margins from 0 to the receptive field's (80 px for VGG19's default layers).
#   bench/tile_accuracy.sh [width=288] [height=224]
set -euo pipefail
source "$(dirname "$0")/common.sh"
machine
java_run sc.fiji.neuralstyle.engine.objective.TileAccuracyProbe "${1:-288}" "${2:-224}"
