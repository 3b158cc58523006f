#!/usr/bin/env bash
# The style losses and run controls of issue 16, with VGG19's seeded weights and default layers
# (engine.terms.style.StyleLossProbe; 2 threads; docs/benchmarks.md, Style losses):
#   textures: texture synthesis from noise (content_weight 0) on three style samples with each
#             style_loss: ms per iteration, and each result's style loss under every style_loss, with the
#             noise start's for comparison; a montage of the results (target/bench-style-losses/montage.jpg)
#   time:     ms per iteration of gram, wasserstein and sliced on a content image, in turn, alternating
#   average:  Adam with the best iterate, and with the average of the iterates (decay 0.9, 0.99): the loss
#             of what each would return every 10 iterations, against the time
#   stop:     a default run (L-BFGS) and where stop_tolerance would have stopped it
#   directions: texture synthesis with the sliced loss of 1/4, 1/2, 1 and 2 directions per channel
#   bench/style_losses.sh [parts=textures,time,average,stop,directions] [texture_size=256] [texture_iterations=100]
#                         [time_size=512] [time_iterations=6] [rounds=3] [run_size=256] [run_iterations=300]
set -euo pipefail
source "$(dirname "$0")/common.sh"
parts="${1:-textures,time,average,stop,directions}"
texture_size="${2:-256}"; texture_iterations="${3:-100}"
time_size="${4:-512}"; time_iterations="${5:-6}"; rounds="${6:-3}"
run_size="${7:-256}"; run_iterations="${8:-300}"
out=target/bench-style-losses
mkdir -p "$out"
machine
# Each part's lines go to $out/<part>.txt, replaced when the part runs again.
probe() { : > "$out/$1.txt"; java_run sc.fiji.neuralstyle.engine.terms.style.StyleLossProbe "$@" 2>/dev/null | tee -a "$out/$1.txt"; }
styles="samples/starry_night.jpg samples/brick.png samples/ihc.png"
if [[ ",$parts," == *,textures,* ]]; then
	probe textures "$texture_size" "$texture_iterations" "$out" $styles
	# Rows: the style samples; columns: the style, gram, wasserstein, sliced (docs/style-textures.jpg on docs/benchmarks.md).
	/usr/bin/python3 - "$out" <<'PY'
import sys
from PIL import Image, ImageDraw, ImageFont
out_dir, S = sys.argv[1], 128
font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 12)
cols = ["style", "gram", "wasserstein", "sliced"]
rows = [("starry_night", "samples/starry_night.jpg"), ("brick", "samples/brick.png"), ("ihc", "samples/ihc.png")]
out = Image.new("RGB", (len(cols) * (S + 4) - 4, 18 + len(rows) * (S + 4) - 4), "white")
draw = ImageDraw.Draw(out)
for c, name in enumerate(cols):
    draw.text((c * (S + 4) + 3, 2), name, fill="black", font=font)
for r, (name, style) in enumerate(rows):
    for c, col in enumerate(cols):
        im = Image.open(style if col == "style" else "%s/%s_%s.png" % (out_dir, name, col)).convert("RGB")
        side = min(im.size)
        im = im.crop(((im.width - side) // 2, (im.height - side) // 2, (im.width + side) // 2, (im.height + side) // 2))
        out.paste(im.resize((S, S), Image.LANCZOS), (c * (S + 4), 18 + r * (S + 4)))
out.save(out_dir + "/montage.jpg", quality=85)
PY
fi
if [[ ",$parts," == *,time,* ]]; then
	probe time "$time_size" "$time_iterations" "$rounds" samples/coffee.png samples/starry_night.jpg
	awk '$1 == "time" { split($3, l, "="); split($5, m, "="); n[l[2]]++; v[l[2], n[l[2]]] = m[2] }
		function median(k,   i, j, t, c, x) { c = n[k]; for (i = 1; i <= c; i++) x[i] = v[k, i]
			for (i = 1; i <= c; i++) for (j = i + 1; j <= c; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
			return c % 2 ? x[(c + 1) / 2] : (x[c / 2] + x[c / 2 + 1]) / 2 }
		END { g = median("gram"); for (k in n) printf "%s: median %.1f ms per iteration, %.2f of gram\n", k, median(k), median(k) / g }' \
		"$out/time.txt"
fi
if [[ ",$parts," == *,average,* ]]; then
	probe average "$run_size" "$run_iterations" samples/coffee.png samples/starry_night.jpg
fi
if [[ ",$parts," == *,directions,* ]]; then
	probe directions "$texture_size" "$texture_iterations" samples/starry_night.jpg 0.25 0.5 1 2
fi
if [[ ",$parts," == *,stop,* ]]; then
	probe stop "$run_size" "$run_iterations" samples/coffee.png samples/starry_night.jpg
fi
