#!/usr/bin/env bash
# docs/fast-style-training.png: the example macro macros/Train_And_Style_Time_Lapse.ijm run in plain
# ImageJ on a small synthetic time-lapse (samples/coffee.png panning, 8 frames of 128x96 px), trained
# offline with the tests' seeded AlexNet weights (random, reproducible weights: the "style" is those
# random features' textures, not a painting's), then every frame styled by the model; the picture is
# the macro's own <name>_first_frame.png (the first frame | styled). Needs an ImageJ folder with the
# plugin installed (default: the tests' target/imagej-it/ImageJ, made by
#   xvfb-run -a mvn -B test -Dtest=TrainFastStyleMacroTest
# ), a display (xvfb-run) and Python 3 with Pillow.
#   scripts/make_training_picture.sh [ImageJ folder]
set -euo pipefail
cd "$(dirname "$0")/.."
IJ_DIR=$(realpath "${1:-target/imagej-it/ImageJ}")
IJ_JAR=$(ls ~/.m2/repository/net/imagej/ij/1.54p/ij-1.54p.jar)
W=$PWD/src/test/resources/fixtures/models/alexnet-seeded-f16.pth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp/clip.tif" <<'PY'
import sys
from PIL import Image, ImageDraw
src = Image.open("samples/coffee.png").convert("RGB")
frames = []
for t in range(8):
    f = src.crop((4 * t, 0, 4 * t + 192, 144)).resize((128, 96))
    ImageDraw.Draw(f).ellipse((90 - 8 * t, 30, 114 - 8 * t, 54), fill=(230, 200, 60))
    frames.append(f)
frames[0].save(sys.argv[1], save_all=True, append_images=frames[1:])
PY
mkdir -p "$tmp/home"
xvfb-run -a -s "-screen 0 1280x1024x24" java -Xmx2g -Duser.home="$tmp/home" -DDJL_CACHE_DIR="$HOME/.djl.ai" -cp "$IJ_JAR" ij.ImageJ -ijpath "$IJ_DIR" \
	-batch "$PWD/macros/Train_And_Style_Time_Lapse.ijm" "content=[$tmp/clip.tif] style=[$PWD/samples/starry_night.jpg] \
output=[$tmp/out] network=alexnet weights=[$W] content_layers=relu1 style_layers=relu1,relu2 size=64 steps=80 \
batch_size=2 checkpoint_every=40"
cp "$tmp/out/clip_first_frame.png" docs/fast-style-training.png
echo docs/fast-style-training.png
