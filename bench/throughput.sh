#!/usr/bin/env bash
# Throughput benchmark: images per hour for the same 20 images, styled three ways on this machine,
#   1. Style_Folder.ijm in a plain ImageJ 1.54p (batch mode, under Xvfb), the plugin installed from
#      target/Fiji.app as docs/fiji.md says (plus the CPU native jar);
#   2. ./neural-style in a shell loop, one JVM per image;
#   3. ./neural-style-spark --master local[2].
# The three run in turn, ROUNDS times (1 2 3 1 2 3 ...), so that a drift in the machine's speed hits
# each; prints every run, then the medians. Network: AlexNet with the tests' seeded weights (the
# results are not paintings; the work per iteration is AlexNet's). Needs xvfb-run.
#   bench/throughput.sh [size=256] [iterations=30] [rounds=2]
set -euo pipefail
cd "$(dirname "$0")/.."
here="$(pwd)"
size="${1:-256}"
iterations="${2:-30}"
rounds="${3:-2}"
work="$here/target/bench-throughput"
weights="$here/src/test/resources/fixtures/models/alexnet-seeded-f16.pth"
style="$here/samples/starry_night.jpg"
common=(network=alexnet "weights=[$weights]" size=$size iterations=$iterations device=cpu)

mvn -q -B -o -DskipTests package >/dev/null 2>&1 || mvn -q -B -DskipTests package
rm -rf "$work"
mkdir -p "$work/in" "$work/ImageJ/plugins" "$work/ImageJ/jars" "$work/home"

# A plain ImageJ with the plugin installed as "Install into Fiji or ImageJ" in docs/fiji.md says.
ij="$(ls target/lib/ij-*.jar)"
cp target/Fiji.app/plugins/*.jar "$work/ImageJ/plugins/"
cp target/Fiji.app/jars/*.jar target/imagej1-extra-jars/*.jar target/lib/pytorch-native-cpu-*.jar "$work/ImageJ/jars/"
imagej() {
	timeout 3600 xvfb-run -a java -Xmx4g -Duser.home="$work/home" -Dplugins.dir="$work/ImageJ" -cp "$ij" ij.ImageJ -ijpath "$work/ImageJ" -batch "$@"
}

# The 20 images: 256 x 256 crops of the samples, 4 places in each of 5.
cat > "$work/crops.ijm" <<'IJM'
args = split(getArgument(), "|");
n = 0;
names = newArray("astronaut.png", "coffee.png", "chelsea.png", "ihc.png", "brick.png");
for (i = 0; i < names.length; i++) {
	for (k = 0; k < 4; k++) {
		open(args[0] + "/" + names[i]);
		makeRectangle(k * (getWidth() - 256) / 3, (3 - k) * (getHeight() - 256) / 3, 256, 256);
		run("Crop");
		if (bitDepth() != 24) run("RGB Color");
		saveAs("PNG", args[1] + "/image" + IJ.pad(n, 2) + ".png");
		close();
		n++;
	}
}
IJM
imagej "$work/crops.ijm" "$here/samples|$work/in" >/dev/null
count=$(ls "$work/in" | wc -l)
[[ $count -eq 20 ]] || { echo "expected 20 images, made $count" >&2; exit 1; }

run_imagej() {
	imagej "$here/macros/Style_Folder.ijm" "input=[$work/in/] style=[$style] output=[$1/] ${common[*]}" >"$1.log" 2>&1
}
run_loop() {
	for f in "$work"/in/*.png; do
		name="$(basename "$f" .png)"
		./neural-style --content "$f" --style "$style" --output "$1/${name}_styled.png" --loss_log "$1/${name}_losses.csv" \
			--network alexnet --weights "$weights" --size "$size" --iterations "$iterations" --device cpu --quiet
	done >"$1.log" 2>&1
}
run_spark() {
	./neural-style-spark --master 'local[2]' --input "$work/in" --style "$style" --output "$1" --network alexnet \
		--weights "$weights" --size "$size" --iterations "$iterations" --device cpu --quiet >"$1.log" 2>&1
}

results="$work/results.txt"
: > "$results"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "20 images, size $size, $iterations iterations, AlexNet (seeded test weights), L-BFGS, CPU"
for round in $(seq "$rounds"); do
	for runner in imagej loop spark; do
		out="$work/out-$runner-$round"
		mkdir -p "$out"
		start=$(date +%s.%N)
		"run_$runner" "$out"
		seconds=$(echo "$(date +%s.%N) - $start" | bc)
		made=$(ls "$out" | grep -c '_styled\.')
		[[ $made -eq 20 ]] || { echo "$runner wrote $made results, not 20; see $out.log" >&2; exit 1; }
		printf '%s round=%d seconds=%.1f images_per_hour=%.0f\n' "$runner" "$round" "$seconds" \
			"$(echo "20 * 3600 / $seconds" | bc -l)" | tee -a "$results"
	done
done
echo "medians:"
for runner in imagej loop spark; do
	grep "^$runner " "$results" | sed 's/.*seconds=\([0-9.]*\).*/\1/' | sort -n | awk -v r="$runner" '
		{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%s seconds=%.1f images_per_hour=%.0f\n", r, m, 20 * 3600 / m }'
done
