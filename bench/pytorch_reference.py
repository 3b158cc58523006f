#!/usr/bin/python3
"""The same style-transfer iterations in PyTorch, as a reference for the Java benchmark.

VGG19 features up to relu5_1 (torchvision layout, seeded random weights: speed does not depend on
the values), content loss at relu4_2, style losses at relu1_1..relu5_1 with the pinned formulas,
average pooling, torchvision preprocessing, torch.optim.LBFGS (history 10, no line search), one
loss evaluation per iteration. Prints one line per size: "pytorch size=N ms_per_iteration=X
peak_rss_mb=Y cpu_ms_per_iteration=Z" (the process's peak so far: run one size per process for each
size's own; and its CPU time per iteration, all threads).

Usage: /usr/bin/python3 bench/pytorch_reference.py [--sizes 128,256] [--iterations 30] [--threads 2]
    [--warm-up 5]
"""
import argparse
import resource
import time

import torch
import torchvision

CONTENT = ["relu4_2"]
STYLE = ["relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"]


def named_vgg19(avg_pool=True):
    """vgg19().features cut after relu5_1, with layer names."""
    features = torchvision.models.vgg19().features
    names, block, conv = [], 1, 1
    layers = []
    for layer in features:
        if isinstance(layer, torch.nn.Conv2d):
            names.append(f"conv{block}_{conv}")
        elif isinstance(layer, torch.nn.ReLU):
            names.append(f"relu{block}_{conv}")
            conv += 1
            layer = torch.nn.ReLU(inplace=False)
        else:
            names.append(f"pool{block}")
            block, conv = block + 1, 1
            if avg_pool:
                layer = torch.nn.AvgPool2d(2, 2)
        layers.append(layer)
        if names[-1] == "relu5_1":
            break
    return names, torch.nn.ModuleList(layers)


def features(names, layers, x, wanted):
    out = {}
    for name, layer in zip(names, layers):
        x = layer(x)
        if name in wanted:
            out[name] = x
    return out


def gram(f):
    n = f.shape[1]
    f = f.reshape(n, -1)
    return f @ f.t()


def run(size, iterations, warm_up=5):
    torch.manual_seed(0)
    names, layers = named_vgg19()
    for p in layers.parameters():
        p.requires_grad_(False)
    mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
    std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
    content = torch.rand(1, 3, size, size)
    style = torch.rand(1, 3, size, size)
    with torch.no_grad():
        p = features(names, layers, (content - mean) / std, CONTENT)
        a = {k: gram(v) for k, v in features(names, layers, (style - mean) / std, STYLE).items()}
    x = content.clone().requires_grad_(True)
    optimizer = torch.optim.LBFGS([x], lr=1, max_iter=iterations, max_eval=iterations,
                                  tolerance_grad=-1, tolerance_change=-1, history_size=10)
    times, cpu = [], []

    def closure():
        optimizer.zero_grad()
        f = features(names, layers, (x - mean) / std, set(CONTENT + STYLE))
        c = sum(0.5 * ((f[k] - p[k]) ** 2).sum() for k in CONTENT)
        s = 0
        for k in STYLE:
            n, m = f[k].shape[1], f[k].shape[2] * f[k].shape[3]
            s = s + ((gram(f[k]) - a[k]) ** 2).sum() / (4 * n * n * m * m) / len(STYLE)
        loss = c + 1e3 * s
        loss.backward()
        times.append(time.perf_counter())
        cpu.append(time.process_time())  # CPU time: far less sensitive to other processes
        return loss

    optimizer.step(closure)
    # The first evaluations warm caches up; time the rest.
    warm = min(warm_up, len(times) - 2)
    n = len(times) - 1 - warm
    return (times[-1] - times[warm]) / n * 1000, (cpu[-1] - cpu[warm]) / n * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="128,256")
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warm-up", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    for size in (int(s) for s in args.sizes.split(",")):
        ms, cpu_ms = run(size, args.iterations, args.warm_up)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # kB on Linux
        print(f"pytorch size={size} ms_per_iteration={ms:.1f} peak_rss_mb={peak} cpu_ms_per_iteration={cpu_ms:.1f}",
              flush=True)


if __name__ == "__main__":
    main()
