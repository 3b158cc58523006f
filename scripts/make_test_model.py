#!/usr/bin/python3
"""A small real weights file for end-to-end tests: torchvision's AlexNet `.features` state dict
with seeded He-uniform weights, stored as float16 (the .pth reader converts) so that it is ~5 MB.

The values are the formula of SeededWeights / make_feature_fixtures.py rounded to float16; they are
random, so the "style" it transfers is meaningless, but every code path of a real run (reading a
torchvision-layout .pth, the network, the losses, the optimiser, writing images) is exercised.

Run with Debian's PyTorch: /usr/bin/python3 scripts/make_test_model.py

With arguments it writes another torchvision network's seeded features in float32, for benchmarks
(not committed: VGG19's are 80 MB):
    /usr/bin/python3 scripts/make_test_model.py vgg19 /tmp/vgg19-seeded.pth
"""
import os
import sys

import torch
import torchvision

from make_feature_fixtures import make_features

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "src", "test", "resources", "fixtures", "models", "alexnet-seeded-f16.pth")


def main():
    if len(sys.argv) == 3:
        arch, out = sys.argv[1], sys.argv[2]
        state = {"features." + k: v.clone() for k, v in make_features(arch).state_dict().items()}
    else:
        out = OUT
        state = {"features." + k: v.half().clone() for k, v in make_features("alexnet").state_dict().items()}
    torch.save(state, out)
    print(out, os.path.getsize(out), "bytes")


if __name__ == "__main__":
    main()
