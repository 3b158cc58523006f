#!/usr/bin/python3
"""Reference fixtures for fast styles (issue 24): pytorch/examples' TransformerNet, made with PyTorch.

Run from the repository root with Debian's PyTorch (1.13) and torchvision:

    /usr/bin/python3 scripts/make_fast_style_fixtures.py

It writes, under src/test/resources/fixtures/fast/ (described in the README.md beside them):
  forward.npz           the network's output for seeded weights and images of several sizes
  training.npz          one training step's losses and gradients, and the next step's losses
  adam.npz              torch.optim.Adam's parameters and state after two steps
  transformer-zip.pth.gz, transformer-legacy.pth.gz
                        state dicts saved by torch.save in both layouts (gzip-compressed)
Re-running gives byte-identical files.

The network is TransformerNet of pytorch/examples (fast_neural_style/neural_style/transformer_net.py,
BSD-3-Clause), copied below so that the script needs nothing else. Its weights are seeded with the
formula of make_feature_fixtures.py (SeededWeights.java reproduces it): the key at position i of
state_dict() uses stream 3000 + i; convolution weights bound sqrt(6 / fan_in), their biases 0.1;
instance normalisation weights 1 + value with bound 0.25, biases bound 0.1. Reference outputs are
computed in float64 (the float32 weights and inputs widened exactly) and stored as float32.
"""

import gzip
import io
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_feature_fixtures as mff  # noqa: E402

OUT = os.path.join(mff.ROOT, "src", "test", "resources", "fixtures", "fast")
WEIGHT_STREAM = 3000
PROJECTION_STREAM = 3500


# ---- pytorch/examples' TransformerNet, unchanged ----

class TransformerNet(torch.nn.Module):
	def __init__(self):
		super(TransformerNet, self).__init__()
		self.conv1 = ConvLayer(3, 32, kernel_size=9, stride=1)
		self.in1 = torch.nn.InstanceNorm2d(32, affine=True)
		self.conv2 = ConvLayer(32, 64, kernel_size=3, stride=2)
		self.in2 = torch.nn.InstanceNorm2d(64, affine=True)
		self.conv3 = ConvLayer(64, 128, kernel_size=3, stride=2)
		self.in3 = torch.nn.InstanceNorm2d(128, affine=True)
		self.res1 = ResidualBlock(128)
		self.res2 = ResidualBlock(128)
		self.res3 = ResidualBlock(128)
		self.res4 = ResidualBlock(128)
		self.res5 = ResidualBlock(128)
		self.deconv1 = UpsampleConvLayer(128, 64, kernel_size=3, stride=1, upsample=2)
		self.in4 = torch.nn.InstanceNorm2d(64, affine=True)
		self.deconv2 = UpsampleConvLayer(64, 32, kernel_size=3, stride=1, upsample=2)
		self.in5 = torch.nn.InstanceNorm2d(32, affine=True)
		self.deconv3 = ConvLayer(32, 3, kernel_size=9, stride=1)
		self.relu = torch.nn.ReLU()

	def forward(self, X):
		y = self.relu(self.in1(self.conv1(X)))
		y = self.relu(self.in2(self.conv2(y)))
		y = self.relu(self.in3(self.conv3(y)))
		y = self.res1(y)
		y = self.res2(y)
		y = self.res3(y)
		y = self.res4(y)
		y = self.res5(y)
		y = self.relu(self.in4(self.deconv1(y)))
		y = self.relu(self.in5(self.deconv2(y)))
		y = self.deconv3(y)
		return y


class ConvLayer(torch.nn.Module):
	def __init__(self, in_channels, out_channels, kernel_size, stride):
		super(ConvLayer, self).__init__()
		reflection_padding = kernel_size // 2
		self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
		self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)

	def forward(self, x):
		out = self.reflection_pad(x)
		out = self.conv2d(out)
		return out


class ResidualBlock(torch.nn.Module):
	def __init__(self, channels):
		super(ResidualBlock, self).__init__()
		self.conv1 = ConvLayer(channels, channels, kernel_size=3, stride=1)
		self.in1 = torch.nn.InstanceNorm2d(channels, affine=True)
		self.conv2 = ConvLayer(channels, channels, kernel_size=3, stride=1)
		self.in2 = torch.nn.InstanceNorm2d(channels, affine=True)
		self.relu = torch.nn.ReLU()

	def forward(self, x):
		residual = x
		out = self.relu(self.in1(self.conv1(x)))
		out = self.in2(self.conv2(out))
		out = out + residual
		return out


class UpsampleConvLayer(torch.nn.Module):
	def __init__(self, in_channels, out_channels, kernel_size, stride, upsample=None):
		super(UpsampleConvLayer, self).__init__()
		self.upsample = upsample
		reflection_padding = kernel_size // 2
		self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
		self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)

	def forward(self, x):
		x_in = x
		if self.upsample:
			x_in = torch.nn.functional.interpolate(x_in, mode='nearest', scale_factor=self.upsample)
		out = self.reflection_pad(x_in)
		out = self.conv2d(out)
		return out


# ---- seeded weights and images ----

def bound_and_offset(key, shape):
	if key.endswith("conv2d.weight"):
		return np.sqrt(6.0 / int(np.prod(shape[1:]))), 0.0
	if key.endswith("conv2d.bias"):
		return 0.1, 0.0
	if key.endswith(".weight"):
		return 0.25, 1.0
	return 0.1, 0.0


def seeded_state():
	state = {}
	for i, (key, tensor) in enumerate(TransformerNet().state_dict().items()):
		bound, offset = bound_and_offset(key, tuple(tensor.shape))
		state[key] = torch.from_numpy(mff.seeded(WEIGHT_STREAM + i, tuple(tensor.shape), bound, offset))
	return state


def seeded_transformer():
	net = TransformerNet()
	net.load_state_dict(seeded_state())
	return net.double().eval()


def image255(stream, shape):
	"""Seeded pixels in [0, 255): 255 * (unit + 1) / 2, rounded to float32 once."""
	unit = mff.seeded(stream, shape, 1.0).astype(np.float64)
	return (255.0 * (unit + 1.0) / 2.0).astype(np.float32)


# ---- forward ----

FORWARD_SIZES = {  # name: (stream, N, H, W)
	"32x32": (3100, 1, 32, 32),
	"30x37": (3101, 1, 30, 37),  # not multiples of 4: PyTorch's output is 32 x 40
	"batch_21x18": (3102, 2, 21, 18),
	"36x170": (3103, 1, 36, 170),  # several tiles wide (TiledForwardTest)
}


def forward_fixture():
	net = seeded_transformer()
	arrays = {}
	with torch.no_grad():
		for name, (stream, n, h, w) in FORWARD_SIZES.items():
			x = image255(stream, (n, 3, h, w))
			arrays["in_" + name] = x
			arrays["out_" + name] = net(torch.from_numpy(x).double()).numpy().astype(np.float32)
	mff.save_npz(os.path.join(OUT, "forward.npz"), arrays)


# ---- training step ----

CONTENT_LAYERS = {"relu2": 1.0}
STYLE_LAYERS = {"relu1": 0.5, "relu2": 0.3, "relu3": 0.2}
STYLE_BLEND = [0.7, 0.3]
ALPHA, BETA, GAMMA_TV = 1.0, 1000.0, 100.0
LEARNING_RATE = 1e-3
FULL_GRADIENTS = ["conv1.conv2d.weight", "in1.weight", "res3.in1.bias", "in5.bias",
	"deconv3.conv2d.weight", "deconv3.conv2d.bias"]


def alexnet():
	"""The seeded AlexNet of alexnet-seeded-f16.pth: make_test_model.py's weights, rounded to float16."""
	features = mff.make_features("alexnet")
	features.load_state_dict({k: v.half().float() for k, v in features.state_dict().items()})
	return features.double().eval(), mff.layer_names(features, True)


def training_fixture():
	features, names = alexnet()
	mean = torch.tensor(mff.MEAN).reshape(1, 3, 1, 1)
	std = torch.tensor(mff.STD).reshape(1, 3, 1, 1)

	wanted = set(CONTENT_LAYERS) | set(STYLE_LAYERS)
	depth = max(names.index(layer) for layer in wanted) + 1

	def layers_of(image01):
		return mff.run_named(features[:depth], names[:depth], (image01 - mean) / std)

	def gram_per_position(f):
		c = f.shape[1]
		f = f.reshape(c, -1)
		return f @ f.T / f.shape[1]

	styles = [mff.seeded_unit_image(3210, (1, 3, 40, 44)), mff.seeded_unit_image(3211, (1, 3, 36, 36))]
	blend = np.array(STYLE_BLEND) / sum(STYLE_BLEND)
	targets = {layer: 0 for layer in STYLE_LAYERS}
	with torch.no_grad():
		for b, s in zip(blend, styles):
			f = layers_of(torch.from_numpy(s).double())
			for layer in STYLE_LAYERS:
				targets[layer] = targets[layer] + b * gram_per_position(f[layer])

	def losses(net, x255):
		y = net(x255)
		fy = layers_of(y / 255.0)
		with torch.no_grad():
			fx = layers_of(x255 / 255.0)
		n = x255.shape[0]
		content = sum(w * 0.5 * ((fy[l] - fx[l]) ** 2).sum() for l, w in CONTENT_LAYERS.items()) / n
		style = 0
		for b in range(n):
			for l, w in STYLE_LAYERS.items():
				f = fy[l][b:b + 1]
				c = f.shape[1]
				style = style + w * ((gram_per_position(f) - targets[l]) ** 2).sum() / (4.0 * c * c)
		style = style / n
		y01 = y / 255.0
		tv = (((y01[:, :, 1:, :] - y01[:, :, :-1, :]) ** 2).sum() + ((y01[:, :, :, 1:] - y01[:, :, :, :-1]) ** 2).sum()) / n
		total = ALPHA * content + BETA * style + GAMMA_TV * tv
		return total, content, style, tv

	net = seeded_transformer()
	optimizer = torch.optim.Adam(net.parameters(), lr=LEARNING_RATE)
	batches = [image255(3220, (2, 3, 48, 48)), image255(3221, (2, 3, 48, 48))]
	arrays = {"style_1": styles[0], "style_2": styles[1], "batch_1": batches[0], "batch_2": batches[1]}
	for step, batch in enumerate(batches, 1):
		optimizer.zero_grad()
		total, content, style, tv = losses(net, torch.from_numpy(batch).double())
		arrays["step%d_losses" % step] = np.array([total.item(), content.item(), style.item(), tv.item()])
		total.backward()
		if step == 1:
			projections, squares = [], []
			for i, (key, p) in enumerate(net.named_parameters()):
				g = p.grad.detach()
				r = torch.from_numpy(mff.seeded(PROJECTION_STREAM + i, tuple(g.shape), 1.0)).double()
				projections.append((g * r).sum().item())
				squares.append((g * g).sum().item())
				if key in FULL_GRADIENTS:
					arrays["grad_" + key] = g.numpy().astype(np.float32)
			arrays["grad_projections"] = np.array(projections)
			arrays["grad_squares"] = np.array(squares)
		optimizer.step()
	mff.save_npz(os.path.join(OUT, "training.npz"), arrays)


# ---- Adam ----

def adam_fixture():
	p = [torch.from_numpy(mff.seeded(3300, (3, 5), 1.0)), torch.from_numpy(mff.seeded(3301, (7,), 1.0))]
	params = [torch.nn.Parameter(t.clone()) for t in p]
	optimizer = torch.optim.Adam(params, lr=0.01)
	arrays = {"p0_a": p[0].numpy(), "p0_b": p[1].numpy()}
	for step in (1, 2):
		grads = [mff.seeded(3310 + 2 * step, (3, 5), 2.0), mff.seeded(3311 + 2 * step, (7,), 0.001)]
		for param, g in zip(params, grads):
			param.grad = torch.from_numpy(g)
		arrays["g%d_a" % step], arrays["g%d_b" % step] = grads
		optimizer.step()
		arrays["p%d_a" % step] = params[0].detach().numpy().copy()
		arrays["p%d_b" % step] = params[1].detach().numpy().copy()
	for name, param in zip(("a", "b"), params):
		state = optimizer.state[param]
		arrays["exp_avg_" + name] = state["exp_avg"].numpy()
		arrays["exp_avg_sq_" + name] = state["exp_avg_sq"].numpy()
	mff.save_npz(os.path.join(OUT, "adam.npz"), arrays)


# ---- their files ----

SEEDED_ELEMENTS = 64


def sparse_state():
	"""Every key and shape of TransformerNet; the first 64 values of each tensor seeded, the rest 0 (so the
	files compress to a few kB)."""
	state = {}
	for i, (key, tensor) in enumerate(seeded_state().items()):
		flat = torch.zeros(tensor.numel())
		n = min(SEEDED_ELEMENTS, tensor.numel())
		flat[:n] = tensor.reshape(-1)[:n]
		state[key] = flat.reshape(tensor.shape)
	return state


def save_gz(state, name, zip_layout):
	path = os.path.join(OUT, name)
	if os.path.exists(path) and holds(path, state):
		# The legacy layout names storages by memory address, so its bytes differ on every run: a file
		# that already holds these tensors is kept, and re-running leaves git clean.
		print("%-60s unchanged" % os.path.relpath(path, mff.ROOT))
		return
	buffer = io.BytesIO()
	torch.save(state, buffer, _use_new_zipfile_serialization=zip_layout)
	data = buffer.getvalue()
	with open(path, "wb") as f:
		# mtime 0 and no file name: the same bytes on every run.
		with gzip.GzipFile(fileobj=f, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
			gz.write(data)
	print("%-60s %8d bytes" % (os.path.relpath(path, mff.ROOT), os.path.getsize(path)))


def holds(path, state):
	with gzip.open(path, "rb") as f:
		saved = torch.load(io.BytesIO(f.read()))
	return list(saved.keys()) == list(state.keys()) and all(torch.equal(saved[k], state[k]) for k in state)


def their_files():
	state = sparse_state()
	save_gz(state, "transformer-zip.pth.gz", True)
	# pytorch/examples' published models come from PyTorch 0.3/0.4, whose InstanceNorm2d kept running
	# statistics: the legacy file carries inN.running_mean and inN.running_var as theirs do.
	legacy = {}
	for key, value in state.items():
		legacy[key] = value
		if key.endswith(".bias") and not key.endswith("conv2d.bias"):
			prefix = key[:-len("bias")]
			channels = value.shape[0]
			legacy[prefix + "running_mean"] = torch.zeros(channels)
			legacy[prefix + "running_var"] = torch.ones(channels)
	save_gz(legacy, "transformer-legacy.pth.gz", False)


def main():
	torch.set_num_threads(2)
	with np.errstate(over="ignore"):
		forward_fixture()
		training_fixture()
		adam_fixture()
		their_files()


if __name__ == "__main__":
	main()
