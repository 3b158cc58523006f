#!/usr/bin/env bash
# The pictures of docs/style-controls.md (docs/style-*.png), made offline with the seeded AlexNet
# weights of the tests (alexnet-seeded-f16.pth: random, reproducible weights, so the "styles" are
# those random features' textures, not a painting's): each picture is a row of labelled results of
# the command line at 160 px. Needs the project built (./neural-style builds it) and Python 3 with Pillow.
#   scripts/make_style_control_pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
W=src/test/resources/fixtures/models/alexnet-seeded-f16.pth
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() { # name, options...
	local name=$1; shift
	./neural-style --quiet --content samples/coffee.png --style samples/starry_night.jpg --network alexnet \
		--weights "$W" --size 160 --output "$tmp/$name.png" --loss_log "$tmp/$name.csv" "$@"
}
run gram --iterations 100 --style_loss gram
run wasserstein --iterations 100 --style_loss wasserstein --style_weight 100
run sliced --iterations 100 --style_loss sliced --style_weight 100
run adam --iterations 100 --optimizer adam
run adam_average --iterations 100 --optimizer adam --average 0.95
run normalized --iterations 100 --optimizer adam --normalize_gradients true --content_weight 5 --style_weight 100
run long --iterations 300
run stopped --iterations 300 --stop_tolerance 1e-2 --stop_window 20
run replicate --iterations 100 --padding replicate
stopped=$(($(wc -l < "$tmp/stopped.csv") - 1))
/usr/bin/python3 - "$tmp" "$stopped" <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFont
tmp, stopped = sys.argv[1], sys.argv[2]
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 12)
def panel(path, label, size=None):
    im = Image.open(path).convert("RGB")
    if size: im.thumbnail((size, size))
    out = Image.new("RGB", (im.width, im.height + 18), "white")
    out.paste(im, (0, 18))
    ImageDraw.Draw(out).text((3, 2), label, fill="black", font=font)
    return out
def row(panels, file):
    w = sum(p.width for p in panels) + 4 * (len(panels) - 1)
    h = max(p.height for p in panels)
    out = Image.new("RGB", (w, h), "white")
    x = 0
    for p in panels:
        out.paste(p, (x, 0)); x += p.width + 4
    out.save("docs/" + file, optimize=True)
    print("docs/" + file, out.size)
t = lambda n: tmp + "/" + n + ".png"
row([panel("samples/coffee.png", "content", 160), panel("samples/starry_night.jpg", "style", 160),
     panel(t("gram"), "gram"), panel(t("wasserstein"), "wasserstein"), panel(t("sliced"), "sliced")], "style-losses.png")
row([panel(t("adam"), "adam: best iterate"), panel(t("adam_average"), "adam, average 0.95")], "style-average.png")
row([panel(t("adam"), "adam"), panel(t("normalized"), "normalized, 5:100")], "style-normalize.png")
row([panel(t("long"), "300 iterations"), panel(t("stopped"), "stop_tolerance 1e-2: " + stopped)], "style-stop.png")
row([panel(t("gram"), "padding zeros"), panel(t("replicate"), "replicate")], "style-padding.png")
PY
