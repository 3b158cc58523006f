#!/usr/bin/python3
"""Stand-ins for torchvision's SqueezeNet 1.1 and GoogLeNet weight files, for
sc.fiji.neuralstyle.net.LightNetworkFilesTest. Run with Debian's PyTorch 1.13 / torchvision:

    /usr/bin/python3 scripts/make_light_pth_fixtures.py

Each is the full state dict of the torchvision model the published file holds (GoogLeNet with its
auxiliary classifiers and int64 num_batches_tracked buffers), saved in the layout of the published
file, all zeros (running variances 1) except one marker per tensor the feature network reads:
element 0 of the key at position i of those keys (state-dict order) is i + 0.5. Zeros compress
about 1000:1, so the gzipped files are a few tens of kB. (The legacy layout names storages
by object ids, so the GoogLeNet file differs from run to run; its content does not.)

  squeezenet1_1-markers-zip.pth.gz      zip layout (squeezenet1_1-b8a52dc0.pth was saved in 2021)
  googlenet-markers-legacy.pth.gz       legacy pickle layout (googlenet-1378be20.pth is from 2019,
                                        before PyTorch 1.6 made zip the default)
"""
import collections
import gzip
import io
import os

import torch
import torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'test', 'resources',
                   'fixtures', 'pth')


def needed(name, key):
    if name == 'squeezenet1_1':
        return key.startswith('features.')
    return not (key.startswith('fc.') or key.startswith('aux') or key.endswith('num_batches_tracked'))


def markers(name, model, legacy):
    sd = model.state_dict()
    out = collections.OrderedDict()
    position = 0
    for key, tensor in sd.items():
        t = torch.zeros_like(tensor)
        if key.endswith('running_var'):
            t.fill_(1.0)
        if needed(name, key):
            t.view(-1)[0] = position + 0.5
            position += 1
        out[key] = t
    out._metadata = sd._metadata
    buffer = io.BytesIO()
    torch.save(out, buffer, _use_new_zipfile_serialization=not legacy)
    path = os.path.join(OUT, '%s-markers-%s.pth.gz' % (name, 'legacy' if legacy else 'zip'))
    with gzip.GzipFile(path, 'wb', compresslevel=9, mtime=0) as f:
        f.write(buffer.getvalue())
    print('%s: %d tensors, %d read by the feature network; %d bytes, gzipped %d' % (
        path, len(sd), position, len(buffer.getvalue()), os.path.getsize(path)))


def main():
    markers('squeezenet1_1', torchvision.models.squeezenet1_1(weights=None), legacy=False)
    markers('googlenet', torchvision.models.googlenet(weights=None, aux_logits=True, init_weights=False),
            legacy=True)


if __name__ == '__main__':
    main()
