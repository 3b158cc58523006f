#!/usr/bin/python3
"""Reference fixtures for the Java feature networks and losses, made with real torchvision.

Run from the repository root with Debian's PyTorch (1.13) and torchvision:

    /usr/bin/python3 scripts/make_feature_fixtures.py

It writes
  src/test/resources/fixtures/features/{vgg19_max,vgg19_avg,vgg16_max,alexnet_max}.npz
  src/test/resources/fixtures/features/{squeezenet1_1,googlenet}_{max,avg}.npz
  src/test/resources/fixtures/features/seeded_samples.npz
  src/test/resources/fixtures/features/torchvision_state_dicts.json
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

SqueezeNet 1.1 and GoogLeNet are seeded the same way over the keys their feature layers need, in
state-dict order: SqueezeNet's `features.*`; GoogLeNet's all but `fc.*`, `aux*` and
`*.num_batches_tracked`. GoogLeNet's convolutions have no bias but a batch normalisation, seeded as
  bn.weight (gamma)     1 + value with bound 0.25     bn.bias (beta)         value with bound 0.1
  bn.running_mean       value with bound 0.1          bn.running_var         1 + value with bound 0.5
where "1 + value" is float32(1.0 + unit * bound), one more correctly rounded float64 addition.

Reference outputs are computed in float64 (the float32 weights and inputs widened exactly) and
stored as float32, so they are as close to the exact result as float32 allows.
"""

import collections
import io
import json
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


def seeded(stream, shape, bound, offset=0.0):
	"""float32 array of the given shape, filled by the formula in the module docstring."""
	n = int(np.prod(shape))
	with np.errstate(over="ignore"):
		z = np.uint64(stream) * np.uint64(1 << 32) + np.arange(n, dtype=np.uint64) + GAMMA
		z = (z ^ (z >> np.uint64(30))) * MIX1
		z = (z ^ (z >> np.uint64(27))) * MIX2
		z = z ^ (z >> np.uint64(31))
	u = (z >> np.uint64(40)).astype(np.float64)
	unit = (u - 8388608.0 + 0.5) / 8388608.0
	value = unit * np.float64(bound)
	if offset != 0.0:
		value = value + np.float64(offset)
	return value.astype(np.float32).reshape(shape)


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


# ---- SqueezeNet 1.1 and GoogLeNet: graphs with branches, named by torchvision's module paths ----

STREAM_RGB_INPUT = 1001
LIGHT_SIZES = {"squeezenet1_1": (33, 41), "googlenet": (32, 40)}  # H, W: not square, and sizes at which
# the ceil-mode poolings give other sizes than floor rounding would


def needed_keys(arch, state):
	"""The state-dict keys the Java feature network reads, in state-dict order."""
	if arch == "squeezenet1_1":
		return [k for k in state if k.startswith("features.")]
	return [k for k in state if not (k.startswith("fc.") or k.startswith("aux") or k.endswith("num_batches_tracked"))]


def seeded_tensor(stream, key, shape):
	"""The seeded value of one state-dict tensor (bounds and offsets as in the module docstring)."""
	if ".bn." in key:
		kind = key.rsplit(".", 1)[1]
		bound, offset = {"weight": (0.25, 1.0), "bias": (0.1, 0.0), "running_mean": (0.1, 0.0),
			"running_var": (0.5, 1.0)}[kind]
		return seeded(stream, shape, bound, offset)
	if key.endswith(".weight"):
		return seeded(stream, shape, np.sqrt(6.0 / int(np.prod(shape[1:]))))
	return seeded(stream, shape, 0.1)


def make_light(arch):
	"""torchvision's model with seeded weights, ReLUs not in place, in eval mode (batch norm uses its
	running statistics). GoogLeNet as the pretrained one runs: transform_input=True, no aux heads."""
	if arch == "squeezenet1_1":
		model = torchvision.models.squeezenet1_1(weights=None)
	else:
		model = torchvision.models.googlenet(weights=None, aux_logits=False, transform_input=True, init_weights=False)
	state = model.state_dict()
	seeded_state = {k: torch.from_numpy(seeded_tensor(i, k, tuple(state[k].shape)))
		for i, k in enumerate(needed_keys(arch, state))}
	model.load_state_dict(seeded_state, strict=False)
	for module in model.modules():
		if isinstance(module, nn.ReLU):
			module.inplace = False
	return model.eval()


def light_layer_names(arch):
	"""The named layers: SqueezeNet's features.0..12, GoogLeNet's top-level modules to inception5b."""
	if arch == "squeezenet1_1":
		return ["features.%d" % i for i in range(13)]
	return ["conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3",
		"inception4a", "inception4b", "inception4c", "inception4d", "inception4e", "maxpool4",
		"inception5a", "inception5b"]


def with_avg_pooling_light(arch, model):
	"""pooling=avg: the pools between resolutions become AvgPool2d of the same window; GoogLeNet's
	stride-1 max pooling inside each Inception module (its pool-projection branch) stays."""
	if arch == "squeezenet1_1":
		for i, module in enumerate(model.features):
			if isinstance(module, nn.MaxPool2d):
				model.features[i] = nn.AvgPool2d(module.kernel_size, module.stride, module.padding, module.ceil_mode)
	else:
		for name in ("maxpool1", "maxpool2", "maxpool3", "maxpool4"):
			m = getattr(model, name)
			setattr(model, name, nn.AvgPool2d(m.kernel_size, m.stride, m.padding, m.ceil_mode))
	return model


def light_fixture(arch, avg):
	model = make_light(arch)
	if avg:
		model = with_avg_pooling_light(arch, model)
	model = model.double()
	names = light_layer_names(arch)
	outputs = {}
	hooks = [model.get_submodule(n).register_forward_hook(
		lambda module, args, out, n=n: outputs.__setitem__(n, out.detach().clone())) for n in names]
	h, w = LIGHT_SIZES[arch]
	rgb = seeded_unit_image(STREAM_RGB_INPUT, (1, 3, h, w))
	# What torchvision's preset transforms give a pretrained model: ImageNet mean/std normalisation.
	x = (torch.from_numpy(rgb).double() - torch.tensor(MEAN).reshape(1, 3, 1, 1)) / torch.tensor(STD).reshape(1, 3, 1, 1)
	with torch.no_grad():
		model(x)  # the whole model: GoogLeNet's transform_input happens in its forward
	for hook in hooks:
		hook.remove()
	arrays = {"rgb": rgb}
	for name in names:
		arrays[name] = outputs[name].numpy().astype(np.float32)
	save_npz(os.path.join(FEATURES_DIR, "%s_%s.npz" % (arch, "avg" if avg else "max")), arrays)
	print("  " + ", ".join("%s %s" % (n, "x".join(str(d) for d in arrays[n].shape[1:])) for n in names))


def torchvision_state_dicts():
	"""Keys and shapes of the full models as torchvision defines them (GoogLeNet with the aux heads its
	published weights file has), so Java can check that it asks for exactly torchvision's keys."""
	models = {
		"vgg19": torchvision.models.vgg19(weights=None),
		"vgg16": torchvision.models.vgg16(weights=None),
		"alexnet": torchvision.models.alexnet(weights=None),
		"squeezenet1_1": torchvision.models.squeezenet1_1(weights=None),
		"googlenet": torchvision.models.googlenet(weights=None, aux_logits=True, init_weights=False),
	}
	result = collections.OrderedDict()
	for name, model in models.items():
		result[name] = collections.OrderedDict((k, list(v.shape)) for k, v in model.state_dict().items())
	path = os.path.join(FEATURES_DIR, "torchvision_state_dicts.json")
	with open(path, "w") as f:
		f.write("{\n" + ",\n".join(" %s: {\n" % json.dumps(name) + ",\n".join(
			"  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in keys.items()) + "\n }"
			for name, keys in result.items()) + "\n}\n")
	print("%-60s %8d bytes" % (os.path.relpath(path, ROOT), os.path.getsize(path)))


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
	for arch in ("vgg19", "vgg16", "alexnet", "squeezenet1_1", "googlenet"):
		if arch in LIGHT_SIZES:
			state = make_light(arch).state_dict()
			tensors = [state[k] for k in needed_keys(arch, state)]
		else:
			tensors = list(make_features(arch).state_dict().values())
		rows = []
		for tensor in tensors:
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
	for arch in ("squeezenet1_1", "googlenet"):
		for avg in (False, True):
			light_fixture(arch, avg)
	torchvision_state_dicts()
	seeded_samples()
	loss_fixture()


if __name__ == "__main__":
	main()
