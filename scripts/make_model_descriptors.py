#!/usr/bin/python3
"""Writes models/<name>.json and models/index.txt, the model descriptors read by
sc.fiji.neuralstyle.net.ModelDescriptor:
    python3 scripts/make_model_descriptors.py

A descriptor says where a weights file comes from, how to check it and what input its network
expects. The layers are not in it: they are sc.fiji.neuralstyle.net.Architecture's (one table, in
code, shared by every weights file of a network; FeatureNetworkTest checks them against torchvision).

SHA-256 sums: torchvision's file names carry the first 8 hex digits; the full sums and sizes below
are the ones published in independent checksum lists (for squeezenet1_1-b8a52dc0.pth, two that agree).
For the Caffe conversions (jcjohnson/pytorch-vgg, the files neural-style-pt downloads) and for
googlenet-1378be20.pth only the 8-digit prefix in the file name could be found, so only that is
checked.
"""
import collections
import json
import os
import re

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'models')

TORCHVISION = collections.OrderedDict([
    ('channel_order', 'RGB'), ('input_range', 1),
    ('mean', [0.485, 0.456, 0.406]), ('std', [0.229, 0.224, 0.225])])
CAFFE = collections.OrderedDict([
    ('channel_order', 'BGR'), ('input_range', 255),
    ('mean', [103.939, 116.779, 123.68]), ('std', [1, 1, 1])])
# torchvision's pretrained GoogLeNet runs with transform_input=True: it takes the ImageNet-normalised
# input x = (r - m) / s and feeds x * s / 0.5 + (m - 0.5) / 0.5 = (r - 0.5) / 0.5 to its first layer,
# so what the network itself sees is RGB in [0, 1] with mean 0.5 and std 0.5 on every channel.
GOOGLENET = collections.OrderedDict([
    ('channel_order', 'RGB'), ('input_range', 1),
    ('mean', [0.5, 0.5, 0.5]), ('std', [0.5, 0.5, 0.5])])

MODELS = [
    dict(name='vgg19', architecture='vgg19',
         description='VGG-19 trained on ImageNet, torchvision weights (IMAGENET1K_V1)',
         url='https://download.pytorch.org/models/vgg19-dcbb9e9d.pth', file='vgg19-dcbb9e9d.pth',
         sha256='dcbb9e9dad569fff7a846263a77324fc34978fea2bfb039c012d710e1776ae44', size=574673361,
         preprocessing=TORCHVISION),
    dict(name='vgg16', architecture='vgg16',
         description='VGG-16 trained on ImageNet, torchvision weights (IMAGENET1K_V1)',
         url='https://download.pytorch.org/models/vgg16-397923af.pth', file='vgg16-397923af.pth',
         sha256='397923af8e79cdbb6a7127f12361acd7a2f83e06b05044ddf496e83de57a5bf0', size=553433881,
         preprocessing=TORCHVISION),
    dict(name='alexnet', architecture='alexnet',
         description='AlexNet (one weird trick variant) trained on ImageNet, torchvision weights (IMAGENET1K_V1)',
         url='https://download.pytorch.org/models/alexnet-owt-7be5be79.pth', file='alexnet-owt-7be5be79.pth',
         sha256='7be5be791159472b1fbf3c69796f7cb30dca7ad8466c2df70058c37116cdee02', size=244408911,
         preprocessing=TORCHVISION),
    dict(name='squeezenet1_1', architecture='squeezenet1_1',
         description='SqueezeNet 1.1 trained on ImageNet, torchvision weights (IMAGENET1K_V1)',
         url='https://download.pytorch.org/models/squeezenet1_1-b8a52dc0.pth', file='squeezenet1_1-b8a52dc0.pth',
         sha256='b8a52dc049b60e4b6ab68ad0df457362afab8b6304b2febdc1650a5dab4d7e7b', size=4958839,
         preprocessing=TORCHVISION),
    dict(name='googlenet', architecture='googlenet',
         description='GoogLeNet (Inception v1) trained on ImageNet, torchvision weights (IMAGENET1K_V1)',
         url='https://download.pytorch.org/models/googlenet-1378be20.pth', file='googlenet-1378be20.pth',
         sha256='1378be20', size=None, preprocessing=GOOGLENET),
    dict(name='vgg19-caffe', architecture='vgg19',
         description='VGG-19 as released by its authors (Caffe), converted to PyTorch by J. Johnson '
                     '(the network neural-style and neural-style-pt use)',
         url='https://web.eecs.umich.edu/~justincj/models/vgg19-d01eb7cb.pth', file='vgg19-d01eb7cb.pth',
         sha256='d01eb7cb', size=None, preprocessing=CAFFE),
    dict(name='vgg16-caffe', architecture='vgg16',
         description='VGG-16 as released by its authors (Caffe), converted to PyTorch by J. Johnson',
         url='https://web.eecs.umich.edu/~justincj/models/vgg16-00b39a1b.pth', file='vgg16-00b39a1b.pth',
         sha256='00b39a1b', size=None, preprocessing=CAFFE),
]


def main():
    os.makedirs(ROOT, exist_ok=True)
    for model in MODELS:
        d = collections.OrderedDict()
        for k in ('name', 'description', 'architecture', 'url', 'file', 'sha256', 'size'):
            if model[k] is not None:
                d[k] = model[k]
        d['format'] = 'pytorch-state-dict'
        d['preprocessing'] = model['preprocessing']
        with open(os.path.join(ROOT, model['name'] + '.json'), 'w') as f:
            f.write(compact_lists(json.dumps(d, indent=1)) + '\n')
    with open(os.path.join(ROOT, 'index.txt'), 'w') as f:
        f.write('# Model descriptors in this directory, one name per line (written by '
                'scripts/make_model_descriptors.py)\n')
        for model in MODELS:
            f.write(model['name'] + '\n')


def compact_lists(text):
    """Writes short lists of numbers on one line."""
    return re.sub(r'\[\s+([^\[\]{}]*?)\s+\]',
                  lambda m: '[' + ', '.join(x.strip() for x in m.group(1).split(',')) + ']', text)


if __name__ == '__main__':
    main()
