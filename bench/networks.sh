#!/usr/bin/env bash
# What a lighter network gains on the CPU: ms per style-transfer iteration of each network, with its
# default layers, at each size (the Java loop of bench/compare_pytorch.sh: seeded weights, average pooling, L-BFGS
# with history 10, no line search, 2 threads). Each round runs every network in turn, the order
# reversed every other round, so a drift in the machine's speed hits all; prints each run, then the
# medians and their ratio to vgg19.
#   bench/networks.sh [networks=vgg19,vgg16,alexnet,squeezenet1_1,googlenet] [sizes=256,512]
#                     [iterations=25] [rounds=3]
set -euo pipefail
source "$(dirname "$0")/common.sh"
networks="${1:-vgg19,vgg16,alexnet,squeezenet1_1,googlenet}"
sizes="${2:-256,512}"
iterations="${3:-25}"
rounds="${4:-3}"
results=target/bench-networks.txt
: > "$results"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $threads threads"
reversed=$(echo "$networks" | tr ',' '\n' | tac | paste -sd, -)
for round in $(seq "$rounds"); do
	order=$networks
	if [ $((round % 2)) -eq 0 ]; then order=$reversed; fi
	echo "round $round ($(cut -d' ' -f1-3 /proc/loadavg) load before)"
	java_run sc.fiji.neuralstyle.bench.NetworkBenchmark "$order" "$sizes" "$iterations" 2>/dev/null | tee -a "$results"
done

# Medians per network and size, and their ratio to vgg19 at the same size (below 1: faster).
awk '
	{ split($1, a, "="); split($2, b, "="); split($3, c, "="); key = a[2] " " b[2]; n[key]++; v[key, n[key]] = c[2]; nets[a[2]] = 1; sizes[b[2]] = 1 }
	function median(key,    i, j, tmp, m, x) {
		m = n[key]
		for (i = 1; i <= m; i++) x[i] = v[key, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (x[j] < x[i]) { tmp = x[i]; x[i] = x[j]; x[j] = tmp }
		return m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
	}
	END {
		for (size in sizes) for (net in nets) {
			m = median(net " " size); ref = ("vgg19 " size) in n ? median("vgg19 " size) : 0
			printf "%s %s px: median of %d runs %.1f ms per iteration%s\n", net, size, n[net " " size], m, (ref > 0 ? sprintf(", %.2f of vgg19", m / ref) : "")
		}
	}
' "$results" | sort -k2,2n -k1,1
