#!/usr/bin/python3
"""Reference fixture for the temporal loss of issue 17 (Ruder, Dosovitskiy & Brox), made with PyTorch.

Run from the repository root with Debian's PyTorch (1.13):

    /usr/bin/python3 scripts/make_temporal_loss_fixtures.py

It writes src/test/resources/fixtures/losses/temporal_loss.npz. Re-running gives a byte-identical
file. With x the image (1, 3, H, W), and for two earlier frames j the warped earlier results w_j
(1, 3, H, W) and weights c_j (1, 1, H, W), in float64:

    L = (1 / D) sum_j sum_pixels c_j * (x - w_j)^2,   D = 3 H W

its value and gradient dL/dx. Images are seeded uniform values in [0, 1) (numpy's PCG64, seeds 1 to
5); the weights have a band of zeros (a disocclusion) and a zero column (a motion boundary).
"""

import os

import numpy as np
import torch

H, W = 20, 28
OUT = os.path.join("src", "test", "resources", "fixtures", "losses", "temporal_loss.npz")


def uniform(seed, shape):
	return np.random.default_rng(seed).random(shape).astype(np.float32)


def main():
	x = uniform(1, (1, 3, H, W))
	warped = [uniform(2, (1, 3, H, W)), uniform(3, (1, 3, H, W))]
	weights = [uniform(4, (1, 1, H, W)), uniform(5, (1, 1, H, W))]
	weights[0][:, :, 5:9, :] = 0  # a disoccluded band
	weights[1][:, :, :, 11] = 0  # a motion boundary
	xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
	loss = sum((torch.tensor(c, dtype=torch.float64) * (xt - torch.tensor(w, dtype=torch.float64)) ** 2).sum()
		for w, c in zip(warped, weights)) / (3 * H * W)
	loss.backward()
	arrays = {
		"x": x,
		"warped_1": warped[0], "warped_2": warped[1],
		"weights_1": weights[0], "weights_2": weights[1],
		"loss": np.array(loss.item(), dtype=np.float64),
		"grad": xt.grad.numpy().astype(np.float32),
	}
	# Written with fixed member times so that re-running gives the same bytes.
	import io
	import zipfile
	with zipfile.ZipFile(OUT, "w", zipfile.ZIP_STORED) as z:
		for name in sorted(arrays):
			buffer = io.BytesIO()
			np.lib.format.write_array(buffer, np.ascontiguousarray(arrays[name]), allow_pickle=False)
			info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
			z.writestr(info, buffer.getvalue())
	print("wrote", OUT, "loss = %.10g" % loss.item())


if __name__ == "__main__":
	main()
