#!/usr/bin/python3
"""One forward pass of pytorch/examples' TransformerNet in PyTorch, the reference for
bench/fast_forward.sh: the network as scripts/make_fast_style_fixtures.py defines it (unchanged from
pytorch/examples), default-initialised (speed does not depend on the values), float32, no gradient,
a random 0-255 image. Prints one line per size: "pytorch size=N ms_per_iteration=X peak_rss_mb=Y
cpu_ms_per_iteration=Z" (a pass is the iteration here; bench/medians.awk reads the lines).

Usage: /usr/bin/python3 bench/fast_forward_reference.py [--sizes 256,512] [--passes 5] [--threads 2]
    [--warm-up 1]
"""
import argparse
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from make_fast_style_fixtures import TransformerNet  # noqa: E402


def main():
	parser = argparse.ArgumentParser()
	parser.add_argument("--sizes", default="256,512")
	parser.add_argument("--passes", type=int, default=5)
	parser.add_argument("--threads", type=int, default=2)
	parser.add_argument("--warm-up", type=int, default=1)
	args = parser.parse_args()
	torch.set_num_threads(args.threads)
	torch.manual_seed(1)
	net = TransformerNet().eval()
	for size in (int(s) for s in args.sizes.split(",")):
		image = torch.rand(1, 3, size, size) * 255
		with torch.no_grad():
			for _ in range(args.warm_up):
				net(image)
			wall, cpu = [], []
			for _ in range(args.passes):
				t, c = time.perf_counter(), time.process_time()
				net(image)
				wall.append(time.perf_counter() - t)
				cpu.append(time.process_time() - c)
		wall.sort()
		cpu.sort()
		rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
		print("pytorch size=%d ms_per_iteration=%.0f peak_rss_mb=%.0f cpu_ms_per_iteration=%.0f"
			% (size, 1000 * wall[len(wall) // 2], rss, 1000 * cpu[len(cpu) // 2]), flush=True)


if __name__ == "__main__":
	main()
