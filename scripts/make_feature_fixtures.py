#!/usr/bin/python3
"""Reference fixtures for the Java feature networks and losses, made with real torchvision.

Run from the repository root with Debian's PyTorch (1.13) and torchvision:

    /usr/bin/python3 scripts/make_feature_fixtures.py

It writes
  src/test/resources/fixtures/features/{vgg19_max,vgg19_avg,vgg16_max,alexnet_max}.npz
  src/test/resources/fixtures/features/seeded_samples.npz
  src/test/resources/fixtures/losses/vgg19_losses.npz
(described in the README.md beside them). Re-running gives byte-identical files. No pretrained
weights are needed: every weight is
made by the seeded formula below, which src/test/java/sc/fiji/neuralstyle/net/SeededWeights.java
reproduces bit for bit.

Seeded values
-------------
value(stream, index) for a stream number (a state-dict key's position, or an image's number) and an
element index (row-major position inside the tensor):
  z = stream * 2^32 + index + 0x9E3779B97F4A7C15              (all uint64, wrapping)
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB
  z =  z ^ (z >> 31)                                          (the SplitMix64 finaliser)
  u = z >> 40                                                 (top 24 bits, 0 <= u < 2^24)
  unit = (u - 2^23 + 0.5) / 2^23                              (exact in float64, in (-1, 1))
  value = float32(unit * bound)                               (one float64 product, round to float32)
Weights of a convolution with fan_in = in_channels * k * k use bound = sqrt(6 / fan_in) (He-uniform,
so activations keep their scale through 16 ReLU layers); biases use bound = 0.1. Only IEEE
correctly-rounded operations appear (+, *, /, sqrt, the float32 cast), so numpy and Java agree exactly.
Stream numbers of weights are the key's position in `model.features.state_dict()` (features.0.weight
is 0, features.0.bias is 1, features.2.weight is 2, ...).

Reference outputs are computed in float64 (the float32 weights and inputs widened exactly) and
stored as float32, so they are as close to the exact result as float32 allows.
"""

import io
import os
import zipfile

import numpy as np
import torch
import torch.nn as nn
import torchvision

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FEATURES_DIR = os.path.join(ROOT, "src", "test", "resources", "fixtures", "features")
LOSSES_DIR = os.path.join(ROOT, "src", "test", "resources", "fixtures", "losses")

GAMMA = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)

# Stream numbers of the seeded images, far away from any state-dict key position.
STREAM_FEATURE_INPUT = 1000
STREAM_CONTENT = 2000
STREAM_STYLE = 2001
STREAM_X = 2002

MEAN = np.array([0.485, 0.456, 0.406])
STD = np.array([0.229, 0.224, 0.225])
CONTENT_LAYER = "relu4_2"
STYLE_LAYERS = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"]
ALPHA, BETA, GAMMA_TV = 1.0, 1000.0, 0.01


def seeded(stream, shape, bound):
	"""float32 array of the given shape, filled by the formula in the module docstring."""
	n = int(np.prod(shape))
	with np.errstate(over="ignore"):
		z = np.uint64(stream) * np.uint64(1 << 32) + np.arange(n, dtype=np.uint64) + GAMMA
		z = (z ^ (z >> np.uint64(30))) * MIX1
		z = (z ^ (z >> np.uint64(27))) * MIX2
		z = z ^ (z >> np.uint64(31))
	u = (z >> np.uint64(40)).astype(np.float64)
	unit = (u - 8388608.0 + 0.5) / 8388608.0
	return (unit * np.float64(bound)).astype(np.float32).reshape(shape)


def seeded_unit_image(stream, shape):
	"""Seeded values mapped to [0, 1): (unit + 1) / 2, exact in float64, rounded to float32."""
	return ((seeded(stream, shape, 1.0).astype(np.float64) + 1.0) / 2.0).astype(np.float32)


def seed_features(features):
	"""Overwrite every parameter of a torchvision `features` Sequential with seeded values."""
	state = features.state_dict()
	seeded_state = {}
	for stream, (key, tensor) in enumerate(state.items()):
		if key.endswith(".weight"):
			fan_in = int(np.prod(tensor.shape[1:]))
			bound = np.sqrt(6.0 / fan_in)
		else:
			bound = 0.1
		seeded_state[key] = torch.from_numpy(seeded(stream, tuple(tensor.shape), bound))
	features.load_state_dict(seeded_state)


def layer_names(features, alexnet):
	"""The project's names of the modules of `features`, derived from the module list alone."""
	names = []
	block, conv_in_block, conv_count = 1, 0, 0
	for module in features:
		if isinstance(module, nn.Conv2d):
			conv_count += 1
			conv_in_block += 1
			names.append("conv%d" % conv_count if alexnet else "conv%d_%d" % (block, conv_in_block))
		elif isinstance(module, nn.ReLU):
			names.append("relu%d" % conv_count if alexnet else "relu%d_%d" % (block, conv_in_block))
		elif isinstance(module, nn.MaxPool2d):
			names.append("pool%d" % conv_count if alexnet else "pool%d" % block)
			block += 1
			conv_in_block = 0
		else:
			raise ValueError("unexpected module %r" % module)
	return names


def make_features(arch):
	model = getattr(torchvision.models, arch)(weights=None)
	features = model.features
	seed_features(features)
	for module in features:
		if isinstance(module, nn.ReLU):
			module.inplace = False  # keep each conv output intact when recording it
	return features.eval()


def with_avg_pooling(features):
	"""The same network with every MaxPool2d replaced by AvgPool2d of the same kernel and stride."""
	layers = []
	for module in features:
		if isinstance(module, nn.MaxPool2d):
			layers.append(nn.AvgPool2d(module.kernel_size, module.stride))
		else:
			layers.append(module)
	return nn.Sequential(*layers)


def run_named(features, names, x):
	"""All named layer outputs of `features` for input x, as a dict name -> tensor."""
	out = {}
	for name, module in zip(names, features):
		x = module(x)
		out[name] = x
	return out


def save_npz(path, arrays):
	os.makedirs(os.path.dirname(path), exist_ok=True)
	# Fixed timestamps make the file byte-identical on every run, so re-running leaves git clean.
	with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
		for name, array in arrays.items():
			buffer = io.BytesIO()
			# (np.ascontiguousarray would turn 0-d scalars into shape (1,).)
			np.lib.format.write_array(buffer, np.array(array, order="C"), allow_pickle=False)
			info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
			info.compress_type = zipfile.ZIP_DEFLATED
			zf.writestr(info, buffer.getvalue())
	print("%-60s %8d bytes" % (os.path.relpath(path, ROOT), os.path.getsize(path)))


def feature_fixture(arch, side, avg, file_name):
	features = make_features(arch)
	names = layer_names(features, arch == "alexnet")
	if avg:
		features = with_avg_pooling(features)
	image = seeded(STREAM_FEATURE_INPUT, (1, 3, side, side), 2.0)
	with torch.no_grad():
		outputs = run_named(features.double(), names, torch.from_numpy(image).double())
	arrays = {"input": image}
	for name in names:
		# ReLU outputs are left out to keep the fixtures small (about a third of their size): torch's
		# ReLU is exactly max(x, 0), so the tests derive them from the stored convolution outputs.
		if not name.startswith("relu"):
			arrays[name] = outputs[name].numpy().astype(np.float32)
	save_npz(os.path.join(FEATURES_DIR, file_name), arrays)
	return names


def gram(f):
	n, c, h, w = f.shape
	f = f.reshape(c, h * w)
	return f @ f.t(), c, h * w


def loss_fixture():
	features = make_features("vgg19")
	names = layer_names(features, False)
	features = features.double()
	mean = torch.tensor(MEAN).reshape(1, 3, 1, 1)
	std = torch.tensor(STD).reshape(1, 3, 1, 1)

	def layers_of(image):
		return run_named(features, names, (image - mean) / std)

	content = seeded_unit_image(STREAM_CONTENT, (1, 3, 32, 32))
	style = seeded_unit_image(STREAM_STYLE, (1, 3, 36, 40))  # H=36, W=40: not square, not x's size
	x_init = seeded_unit_image(STREAM_X, (1, 3, 32, 32))

	with torch.no_grad():
		content_target = layers_of(torch.from_numpy(content).double())[CONTENT_LAYER]
		style_feats = layers_of(torch.from_numpy(style).double())
		style_targets = {l: gram(style_feats[l]) for l in STYLE_LAYERS}

	x = torch.from_numpy(x_init).double().requires_grad_(True)
	feats = layers_of(x)
	content_loss = 0.5 * ((feats[CONTENT_LAYER] - content_target) ** 2).sum()
	per_layer, per_layer_size_matched = [], []
	for l in STYLE_LAYERS:
		g, n_l, m_l = gram(feats[l])
		a, _, m_style = style_targets[l]
		per_layer.append(((g - a) ** 2).sum() / (4.0 * n_l ** 2 * m_l ** 2))
		# Not part of the pinned loss: the style Gram rescaled to x's number of positions.
		per_layer_size_matched.append(((g - a * (m_l / m_style)) ** 2).sum() / (4.0 * n_l ** 2 * m_l ** 2))
	weights = [1.0 / len(STYLE_LAYERS)] * len(STYLE_LAYERS)
	style_loss = sum(w * e for w, e in zip(weights, per_layer))
	tv_loss = ((x[:, :, 1:, :] - x[:, :, :-1, :]) ** 2).sum() + ((x[:, :, :, 1:] - x[:, :, :, :-1]) ** 2).sum()
	total = ALPHA * content_loss + BETA * style_loss + GAMMA_TV * tv_loss
	total.backward()

	# The engine's style loss: each Gram divided by its own positions (identical to the pinned formula
	# when the style image has x's size); its total and gradient, on a fresh leaf.
	x2 = torch.from_numpy(x_init).double().requires_grad_(True)
	feats2 = layers_of(x2)
	style_matched = 0
	for w, l in zip(weights, STYLE_LAYERS):
		g, n_l, m_l = gram(feats2[l])
		a, _, m_style = style_targets[l]
		style_matched = style_matched + w * ((g / m_l - a / m_style) ** 2).sum() / (4.0 * n_l ** 2)
	content2 = 0.5 * ((feats2[CONTENT_LAYER] - content_target) ** 2).sum()
	tv2 = ((x2[:, :, 1:, :] - x2[:, :, :-1, :]) ** 2).sum() + ((x2[:, :, :, 1:] - x2[:, :, :, :-1]) ** 2).sum()
	total_matched = ALPHA * content2 + BETA * style_matched + GAMMA_TV * tv2
	total_matched.backward()

	def scalar(value):
		return np.array(float(value), dtype=np.float64)

	arrays = {
		"content_image": content,
		"style_image": style,
		"x": x_init,
		"mean": MEAN.astype(np.float64),
		"std": STD.astype(np.float64),
		"content_weight": scalar(ALPHA),
		"style_weight": scalar(BETA),
		"tv_weight": scalar(GAMMA_TV),
		"style_layer_weights": np.array(weights),
		"content_loss": scalar(content_loss),
		"style_loss_per_layer": np.array([e.item() for e in per_layer]),
		"style_loss": scalar(style_loss),
		"style_loss_per_layer_size_matched": np.array([e.item() for e in per_layer_size_matched]),
		"tv_loss": scalar(tv_loss),
		"total_loss": scalar(total),
		"grad": x.grad.numpy().copy(),
		"style_loss_size_matched": scalar(style_matched),
		"total_loss_size_matched": scalar(total_matched),
		"grad_size_matched": x2.grad.numpy().copy(),
	}
	save_npz(os.path.join(LOSSES_DIR, "vgg19_losses.npz"), arrays)
	for k in ("content_loss", "style_loss", "tv_loss", "total_loss"):
		print("  %s = %.10g" % (k, arrays[k]))
	print("  style_loss_per_layer =", arrays["style_loss_per_layer"])
	print("  style_loss_per_layer_size_matched =", arrays["style_loss_per_layer_size_matched"])
	print("  |grad| =", np.linalg.norm(arrays["grad"]))


def seeded_samples():
	"""A few seeded weights of every key, so the Java twin can be checked bit for bit."""
	arrays = {}
	for arch in ("vgg19", "vgg16", "alexnet"):
		state = make_features(arch).state_dict()
		rows = []
		for key, tensor in state.items():
			flat = tensor.numpy().reshape(-1)
			n = flat.size
			rows.append([flat[0], flat[1], flat[n // 2], flat[n - 1]])
		arrays[arch] = np.array(rows, dtype=np.float32)
	save_npz(os.path.join(FEATURES_DIR, "seeded_samples.npz"), arrays)


def main():
	torch.set_num_threads(2)
	print("torch", torch.__version__, "torchvision", torchvision.__version__, "numpy", np.__version__)
	feature_fixture("vgg19", 32, False, "vgg19_max.npz")
	feature_fixture("vgg19", 32, True, "vgg19_avg.npz")
	feature_fixture("vgg16", 32, False, "vgg16_max.npz")
	feature_fixture("alexnet", 67, False, "alexnet_max.npz")
	seeded_samples()
	loss_fixture()


if __name__ == "__main__":
	main()
