#!/usr/bin/python3
"""Writes models/<name>.json and models/index.txt, the model descriptors read by
sc.fiji.neuralstyle.net.ModelDescriptor.

The layer tables are taken from torchvision's own module definitions (the `.features` of vgg19(),
vgg16(), alexnet()), so that they match the state-dict keys of the weight files. Run with Debian's
python3-torchvision:
    /usr/bin/python3 scripts/make_model_descriptors.py

SHA-256 sums: torchvision's file names carry the first 8 hex digits; the full sums and sizes below
are the ones published in many independent checksum lists. For the Caffe conversions
(jcjohnson/pytorch-vgg, the files neural-style-pt downloads) only the 8-digit prefix in the file name
is known, so only that is checked.
"""
import collections
import json
import os
import re

import torch
import torchvision

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'models')

TORCHVISION = collections.OrderedDict([
    ('channel_order', 'RGB'), ('input_range', 1),
    ('mean', [0.485, 0.456, 0.406]), ('std', [0.229, 0.224, 0.225])])
CAFFE = collections.OrderedDict([
    ('channel_order', 'BGR'), ('input_range', 255),
    ('mean', [103.939, 116.779, 123.68]), ('std', [1, 1, 1])])

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


def pair(v):
    a, b = (v, v) if isinstance(v, int) else v
    assert a == b, 'square kernels, strides and paddings only'
    return a


def layer_table(architecture):
    features = getattr(torchvision.models, architecture)().features
    vgg = architecture.startswith('vgg')
    rows = []
    block, index, conv_count, channels = 1, 0, 0, 3
    for i, m in enumerate(features):
        key = 'features.%d' % i
        row = collections.OrderedDict()
        if isinstance(m, torch.nn.Conv2d):
            conv_count += 1
            index += 1
            name = 'conv%d_%d' % (block, index) if vgg else 'conv%d' % conv_count
            row.update(name=name, key=key, type='conv', channels_in=m.in_channels,
                       channels_out=m.out_channels, kernel=pair(m.kernel_size), stride=pair(m.stride),
                       padding=pair(m.padding))
            channels = m.out_channels
        elif isinstance(m, torch.nn.ReLU):
            name = 'relu%d_%d' % (block, index) if vgg else 'relu%d' % conv_count
            row.update(name=name, key=key, type='relu', channels_in=channels, channels_out=channels)
        elif isinstance(m, torch.nn.MaxPool2d):
            assert not m.ceil_mode and pair(m.dilation) == 1
            name = 'pool%d' % block if vgg else 'pool%d' % conv_count
            row.update(name=name, key=key, type='maxpool', channels_in=channels, channels_out=channels,
                       kernel=pair(m.kernel_size), stride=pair(m.stride), padding=pair(m.padding))
            block += 1
            index = 0
        else:
            raise ValueError('unexpected module %r' % m)
        rows.append(row)
    return rows


def main():
    os.makedirs(ROOT, exist_ok=True)
    tables = {}
    for model in MODELS:
        arch = model['architecture']
        if arch not in tables:
            tables[arch] = layer_table(arch)
        d = collections.OrderedDict()
        for k in ('name', 'description', 'architecture', 'url', 'file', 'sha256', 'size'):
            if model[k] is not None:
                d[k] = model[k]
        d['format'] = 'pytorch-state-dict'
        d['preprocessing'] = model['preprocessing']
        d['layers'] = tables[arch]
        with open(os.path.join(ROOT, model['name'] + '.json'), 'w') as f:
            # one layer per line: readable and diffable
            text = json.dumps(d, indent=1)
            f.write(compact_layers(text, d) + '\n')
    with open(os.path.join(ROOT, 'index.txt'), 'w') as f:
        f.write('# Model descriptors in this directory, one name per line (written by '
                'scripts/make_model_descriptors.py)\n')
        for model in MODELS:
            f.write(model['name'] + '\n')


def compact_layers(text, d):
    head = json.dumps(collections.OrderedDict((k, v) for k, v in d.items() if k != 'layers'), indent=1)
    head = re.sub(r'\[\s+([^\[\]{}]*?)\s+\]',
                  lambda m: '[' + ', '.join(x.strip() for x in m.group(1).split(',')) + ']', head)
    rows = ',\n'.join('  ' + json.dumps(r) for r in d['layers'])
    return head[:-2] + ',\n "layers": [\n' + rows + '\n ]\n}'


if __name__ == '__main__':
    main()
