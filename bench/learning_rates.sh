#!/usr/bin/env bash
# The data behind Adam's and SGD's default learning rates (docs/parameters.md, "Choosing the default
# learning rates"): bench's LearningRateSweep over networks, optimisers, rates and pairs of samples, seeded
# weights, in the study macro's setting (content start image, alpha/beta 1e-3). Deterministic on the
# CPU; nothing is timed. Prints one line per run.
#   bench/learning_rates.sh [networks=vgg16,alexnet,squeezenet1_1,googlenet] [optimizers=adam,sgd]
#       [rates=0 (the defaults)] [size=128] [iterations=40]
#       [pairs=coffee.png:starry_night.jpg,chelsea.png:brick.png]
set -euo pipefail
cd "$(dirname "$0")/.."
networks="${1:-vgg16,alexnet,squeezenet1_1,googlenet}"
optimizers="${2:-adam,sgd}"
rates="${3:-0}"
size="${4:-128}"
iterations="${5:-40}"
pairs="${6:-coffee.png:starry_night.jpg,chelsea.png:brick.png}"

mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
	-Dmdep.includeScope=test >/dev/null 2>&1 || mvn -q -B test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
java -Xmx8g -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 -DOPT_OUT_TRACKING=true \
	-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" sc.fiji.neuralstyle.bench.LearningRateSweep \
	"$networks" "$optimizers" "$rates" "$size" "$iterations" "$pairs" 2>/dev/null
