#!/usr/bin/python3
"""Reference loss sequences from torch.optim for the Java optimisers in sc.fiji.neuralstyle.optim.

Run with Debian's PyTorch (python3-torch): /usr/bin/python3 scripts/make_optim_fixtures.py
Writes small JSON files to src/test/resources/fixtures/optim/. Each file holds the problem
(starting point and constants), the optimiser settings, and the loss seen by every evaluation of
the objective, in order, so Java can compare evaluation by evaluation.

The objectives compute loss and gradient analytically (no autograd) with the same operation order
as the Java test objectives, so the only differences left are those of the optimisers themselves
and of float rounding between libtorch versions. Most runs are in float32, as the plugin's images
are; a few L-BFGS runs are repeated in float64, where rounding differences stay far below any
tolerance, to check that the Java port takes the same decisions as torch on trajectories (like
Rosenbrock's valley) that amplify float32 rounding within a few dozen evaluations.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
	"fixtures", "optim")


def quartic_problem(seed=1234, dtype=torch.float32):
	"""f(x) = sum(0.5 a (x-c)^2 + 0.25 b (x-c)^4) on a 2x3x5x5 tensor; a spans 1e-2..1e2
	(condition number 1e4 near the minimum), so the problem is ill-conditioned but smooth."""
	g = torch.Generator().manual_seed(seed)
	shape = (2, 3, 5, 5)
	n = 2 * 3 * 5 * 5
	a = torch.logspace(-2, 2, n, dtype=torch.float32)[torch.randperm(n, generator=g)].reshape(shape)
	c = torch.rand(shape, generator=g, dtype=torch.float32)
	x0 = torch.rand(shape, generator=g, dtype=torch.float32)
	a, c, x0 = a.to(dtype), c.to(dtype), x0.to(dtype)
	b = 1.0

	def evaluate(x):
		r = x - c
		r2 = r * r
		loss = (a * 0.5 * r2 + r2 * r2 * (0.25 * b)).sum()
		grad = a * r + r2 * r * b
		return loss, grad

	data = {"kind": "quartic", "dtype": str(dtype)[6:], "shape": list(shape), "b": b,
		"a": a.flatten().tolist(), "c": c.flatten().tolist(), "x0": x0.flatten().tolist()}
	return data, x0, evaluate


def rosenbrock_problem(dtype=torch.float32):
	"""The 2-D Rosenbrock function (1-u)^2 + 100 (v-u^2)^2 from the classic start (-1.2, 1)."""
	x0 = torch.tensor([-1.2, 1.0], dtype=dtype)

	def evaluate(x):
		u, v = x[0], x[1]
		w = v - u * u
		loss = (1 - u) * (1 - u) + 100 * w * w
		grad = torch.stack([-2 * (1 - u) - 400 * w * u, 200 * w])
		return loss, grad

	data = {"kind": "rosenbrock", "dtype": str(dtype)[6:], "shape": [2], "x0": x0.tolist()}
	return data, x0, evaluate


def closure_for(p, evaluate, losses):
	def closure():
		loss, grad = evaluate(p.detach())
		p.grad = grad.clone()
		losses.append(float(loss))
		return loss
	return closure


def run_lbfgs(problem, iterations, history, line_search, lr=1.0):
	data, x0, evaluate = problem
	p = x0.clone().requires_grad_(True)
	opt = torch.optim.LBFGS([p], lr=lr, max_iter=iterations, max_eval=100000,
		history_size=history, line_search_fn="strong_wolfe" if line_search else None)
	losses = []
	opt.step(closure_for(p, evaluate, losses))
	state = opt.state[p]
	return {"problem": data,
		"optimizer": {"kind": "lbfgs", "learning_rate": lr, "history_size": history,
			"line_search": line_search, "tolerance_grad": 1e-7, "tolerance_change": 1e-9},
		"iterations": state["n_iter"], "evaluations": len(losses), "losses": losses,
		"final_loss": float(evaluate(p.detach())[0])}


def run_first_order(problem, kind, steps, **settings):
	data, x0, evaluate = problem
	p = x0.clone().requires_grad_(True)
	if kind == "adam":
		opt = torch.optim.Adam([p], **settings)
	else:
		opt = torch.optim.SGD([p], **settings)
	losses = []
	closure = closure_for(p, evaluate, losses)
	for _ in range(steps):
		opt.zero_grad()
		closure()
		opt.step()
	out_settings = {"kind": kind}
	out_settings.update({k: (list(v) if isinstance(v, tuple) else v) for k, v in settings.items()})
	return {"problem": data, "optimizer": out_settings, "iterations": steps,
		"evaluations": len(losses), "losses": losses,
		"final_loss": float(evaluate(p.detach())[0])}


def write(name, result):
	os.makedirs(OUT, exist_ok=True)
	path = os.path.join(OUT, name + ".json")
	result["generator"] = "scripts/make_optim_fixtures.py, torch " + torch.__version__
	with open(path, "w") as f:
		json.dump(result, f, indent=1)
	print("%-28s %3d evaluations, loss %.6g -> %.6g" % (name, result["evaluations"],
		result["losses"][0], result["losses"][-1]))


def main():
	torch.set_num_threads(1)
	write("lbfgs_quartic", run_lbfgs(quartic_problem(), 30, 4, False))
	write("lbfgs_quartic_wolfe", run_lbfgs(quartic_problem(), 25, 4, True))
	write("lbfgs_rosenbrock_wolfe", run_lbfgs(rosenbrock_problem(), 30, 5, True))
	write("lbfgs_quartic_f64", run_lbfgs(quartic_problem(dtype=torch.float64), 40, 4, False))
	write("lbfgs_quartic_wolfe_f64", run_lbfgs(quartic_problem(dtype=torch.float64), 40, 4, True))
	write("lbfgs_rosenbrock_wolfe_f64", run_lbfgs(rosenbrock_problem(torch.float64), 40, 5, True))
	write("adam_quartic", run_first_order(quartic_problem(), "adam", 60, lr=0.05))
	write("adam_rosenbrock", run_first_order(rosenbrock_problem(), "adam", 60, lr=0.05))
	write("sgd_quartic", run_first_order(quartic_problem(), "sgd", 60, lr=0.01, momentum=0.9))
	write("sgd_rosenbrock", run_first_order(rosenbrock_problem(), "sgd", 60, lr=1e-4,
		momentum=0.9))
	write("sgd_quartic_nesterov", run_first_order(quartic_problem(), "sgd", 60, lr=0.01, momentum=0.9,
		nesterov=True))
	write("sgd_quartic_plain", run_first_order(quartic_problem(), "sgd", 60, lr=0.01))


if __name__ == "__main__":
	main()
