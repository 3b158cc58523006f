#!/usr/bin/python3
"""Reference fixtures for the style losses and run controls of issue 16, made with PyTorch.

Run from the repository root with Debian's PyTorch (1.13) and torchvision:

    /usr/bin/python3 scripts/make_style_loss_fixtures.py

It writes src/test/resources/fixtures/losses/style_losses.npz (described in the README.md beside
it). Re-running gives a byte-identical file. Network, seeded weights, preprocessing and images are
those of make_feature_fixtures.py's loss fixture (seeded VGG-19, max pooling; content 32x32, style
36x40, x 32x32), computed in float64 unless said otherwise.

- Wasserstein-2 style loss (style_loss=wasserstein): per style layer l with N channels, the mean
  mu and covariance C of x's features (positions as samples, C = E[F F^T] - mu mu^T), the style's
  mu_s and C_s, eps = 0.01 * ||C_s||_F + 1e-12 added to both covariances, S = C_s^(1/2),
    E_l = (||mu - mu_s||^2 + tr(C) + tr(C_s) - 2 tr((S C S)^(1/2))) / N,
  the square roots exact (eigh), L = sum_l E_l / 5; its value and gradient d L / d x.
- Sliced Wasserstein loss (style_loss=sliced): directions V_l (N x K, K = N) from the seeded formula
  below, projections P = V^T F (K x M), the style's sorted projections resampled to x's M positions
  (quantile (i + 1/2)/M of the style's M_s sorted values, linear interpolation), E_l = sum (sort(P) -
  Q)^2 / (K M), L = sum_l E_l / 5; value and gradient.
- Newton-Schulz check: the regularised style covariance at relu2_1 and its exact square root
  (eigh in float64), both stored as float32.
- Average (EMA): five seeded 1x3x8x8 "iterates", decay 0.9, the engine's arithmetic in float32
  (v <- v * d + x * (1 - d), a <- a * d; average v / (1 - a)), the average after each update.
- Normalised gradients: content (relu4_2, weight 1) + Gram style (weight 1000, the engine's
  per-position form) with each layer's gradient dE_l/dF_l divided by its L1 norm + 1e-8 before the
  weights (jcjohnson's -normalize_gradients, as a backward hook); the gradient d/dx.
- Replicate padding: relu2_1 of x with the first convolution padding by replicating the edge
  pixels (padding_mode='replicate').

Directions: entry (c, k) of layer number j (its position among the style layers) for seed s is
the sum of four unit values of stream 64 s + 7000 + j at indices 4 (c K + k) ... + 3, each column
then divided by its length, as src/main/java/sc/fiji/neuralstyle/engine/SlicedDirections.java.
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_feature_fixtures as mff  # noqa: E402

STYLE_LAYERS = mff.STYLE_LAYERS
SEED = 0


def unit(stream, index):
	"""The seeded value in (-1, 1) of make_feature_fixtures.seeded, for single indices (uint64 wrap)."""
	z = (np.uint64(stream & 0xFFFFFFFFFFFFFFFF) << np.uint64(32)) + np.uint64(index) + mff.GAMMA
	z = (z ^ (z >> np.uint64(30))) * mff.MIX1
	z = (z ^ (z >> np.uint64(27))) * mff.MIX2
	z = z ^ (z >> np.uint64(31))
	u = int(z >> np.uint64(40))
	return (u - 2 ** 23 + 0.5) / 2 ** 23


def directions(seed, layer, channels, count):
	stream = (seed * 64 + 7000 + layer) & 0xFFFFFFFFFFFFFFFF
	with np.errstate(over="ignore"):
		g = np.zeros((channels, count))
		for c in range(channels):
			for k in range(count):
				base = 4 * (c * count + k)
				s = 0.0
				for t in range(4):
					s += unit(stream, base + t)
				g[c, k] = s
	norms = np.sqrt((g * g).sum(axis=0))
	return (g / norms).astype(np.float32)


def resample(sorted_row, m):
	n = sorted_row.shape[0]
	if n == m:
		return sorted_row.copy()
	out = np.empty(m)
	for i in range(m):
		p = min(n - 1, max(0.0, (i + 0.5) * n / m - 0.5))
		lower = int(np.floor(p))
		upper = min(n - 1, lower + 1)
		t = p - lower
		out[i] = sorted_row[lower] * (1 - t) + sorted_row[upper] * t
	return out


def sqrtm_eigh(a):
	vals, vecs = torch.linalg.eigh(a)
	return (vecs * vals.clamp(min=0).sqrt()) @ vecs.T


def stats(f):
	c = f.shape[1]
	f = f.reshape(c, -1)
	m = f.shape[1]
	mu = f.sum(1) / m
	return mu, f @ f.T / m


def main():
	torch.set_num_threads(2)
	with np.errstate(over="ignore"):
		run()


def run():
	features = mff.make_features("vgg19")
	names = mff.layer_names(features, False)
	features64 = features.double()
	mean = torch.tensor(mff.MEAN).reshape(1, 3, 1, 1)
	std = torch.tensor(mff.STD).reshape(1, 3, 1, 1)

	def layers_of(image):
		return mff.run_named(features64, names, (image - mean) / std)

	content = mff.seeded_unit_image(mff.STREAM_CONTENT, (1, 3, 32, 32))
	style = mff.seeded_unit_image(mff.STREAM_STYLE, (1, 3, 36, 40))
	x0 = mff.seeded_unit_image(mff.STREAM_X, (1, 3, 32, 32))
	arrays = {"content_image": content, "style_image": style, "x": x0}
	weights = [1.0 / len(STYLE_LAYERS)] * len(STYLE_LAYERS)

	with torch.no_grad():
		sf = layers_of(torch.from_numpy(style).double())

	# Wasserstein-2.
	targets = {}
	for l in STYLE_LAYERS:
		mu_s, r_s = stats(sf[l])
		c_s = r_s - torch.outer(mu_s, mu_s)
		eps = 0.01 * c_s.norm().item() + 1e-12
		c_s = c_s + eps * torch.eye(c_s.shape[0], dtype=torch.float64)
		targets[l] = (mu_s, c_s, sqrtm_eigh(c_s), eps)
	x = torch.from_numpy(x0).double().requires_grad_(True)
	feats = layers_of(x)
	w2 = 0
	for w, l in zip(weights, STYLE_LAYERS):
		mu_s, c_s, s, eps = targets[l]
		mu, r = stats(feats[l])
		n = mu.shape[0]
		c = r - torch.outer(mu, mu) + eps * torch.eye(n, dtype=torch.float64)
		cross = torch.linalg.eigvalsh(s @ c @ s).clamp(min=0).sqrt().sum()
		w2 = w2 + w * (((mu - mu_s) ** 2).sum() + c.trace() + c_s.trace() - 2 * cross) / n
	w2.backward()
	arrays["wasserstein_loss"] = np.array(w2.item())
	arrays["wasserstein_grad"] = x.grad.numpy().copy()
	# The style image against itself: 0 to rounding.
	c21 = targets["relu2_1"][1]
	arrays["ns_matrix"] = c21.numpy().astype(np.float32)
	arrays["ns_sqrt"] = sqrtm_eigh(torch.from_numpy(arrays["ns_matrix"]).double()).numpy().astype(np.float32)

	# Sliced Wasserstein.
	x = torch.from_numpy(x0).double().requires_grad_(True)
	feats = layers_of(x)
	sliced = 0
	for j, (w, l) in enumerate(zip(weights, STYLE_LAYERS)):
		n = feats[l].shape[1]
		v = torch.from_numpy(directions(SEED, j, n, n)).double()
		p = v.T @ feats[l].reshape(n, -1)
		ps = (v.T @ sf[l].reshape(n, -1)).sort(dim=1).values.numpy()
		m = p.shape[1]
		q = torch.from_numpy(np.stack([resample(ps[k], m) for k in range(n)]))
		sliced = sliced + w * ((p.sort(dim=1).values - q) ** 2).sum() / (n * m)
		if j == 0:
			arrays["sliced_directions_relu1_1"] = v.numpy().astype(np.float32)
	sliced.backward()
	arrays["sliced_loss"] = np.array(sliced.item())
	arrays["sliced_grad"] = x.grad.numpy().copy()

	# EMA in float32 with the engine's order of operations.
	decay = 0.9
	iterates = [mff.seeded_unit_image(3000 + i, (1, 3, 8, 8)) for i in range(5)]
	total = np.zeros_like(iterates[0])
	power = 1.0
	averages = []
	for it in iterates:
		power *= decay
		total = total * np.float32(decay) + it * np.float32(1 - decay)
		averages.append(total / np.float32(1 - power))
	arrays["ema_iterates"] = np.stack(iterates)
	arrays["ema_decay"] = np.array(decay)
	arrays["ema_averages"] = np.stack(averages).astype(np.float32)

	# Normalised gradients: content relu4_2 (weight 1) and Gram style (weight 1000).
	with torch.no_grad():
		cf = layers_of(torch.from_numpy(content).double())
	x = torch.from_numpy(x0).double().requires_grad_(True)
	feats = layers_of(x)
	alpha, beta = 1.0, 1000.0
	surrogate = 0
	value = 0
	parts = [("relu4_2", alpha, lambda f: 0.5 * ((f - cf["relu4_2"]) ** 2).sum())]
	for w, l in zip(weights, STYLE_LAYERS):
		def style_layer(f, l=l):
			n = f.shape[1]
			g = f.reshape(n, -1) @ f.reshape(n, -1).T / (f.shape[2] * f.shape[3])
			a = sf[l].reshape(n, -1) @ sf[l].reshape(n, -1).T / (sf[l].shape[2] * sf[l].shape[3])
			return ((g - a) ** 2).sum() / (4.0 * n * n)
		parts.append((l, beta * w, style_layer))
	for layer, weight, loss in parts:
		f = feats[layer]
		detached = f.detach().requires_grad_(True)
		e = loss(detached)
		(gf,) = torch.autograd.grad(e, detached)
		value = value + weight * e.item()
		surrogate = surrogate + weight * (f * (gf / (gf.abs().sum() + 1e-8))).sum()
	surrogate.backward()
	arrays["normalized_grad"] = x.grad.numpy().copy()
	arrays["normalized_loss"] = np.array(value)

	# Replicate padding of the first convolution.
	padded = nn.Sequential(*[m for m in features64])
	first = padded[0]
	replicate = nn.Conv2d(3, first.out_channels, 3, padding=1, padding_mode="replicate").double()
	with torch.no_grad():
		replicate.weight.copy_(first.weight)
		replicate.bias.copy_(first.bias)
	padded[0] = replicate
	with torch.no_grad():
		out = mff.run_named(padded, names, (torch.from_numpy(x0).double() - mean) / std)
	arrays["replicate_relu2_1"] = out["relu2_1"].numpy().astype(np.float32)

	mff.save_npz(os.path.join(mff.LOSSES_DIR, "style_losses.npz"), arrays)
	for k in ("wasserstein_loss", "sliced_loss", "normalized_loss"):
		print("  %s = %.10g" % (k, arrays[k]))


if __name__ == "__main__":
	main()
