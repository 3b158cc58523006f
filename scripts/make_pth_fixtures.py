#!/usr/bin/python3
"""Writes the .pth test fixtures for sc.fiji.neuralstyle.net.pth.PthReader.

Run with Debian's python3-torch / python3-torchvision (PyTorch 1.13):
    /usr/bin/python3 scripts/make_pth_fixtures.py [--skip-big]

Outputs go to src/test/resources/fixtures/pth/:
  small-zip.pth, small-legacy.pth   the same tiny state dict in the zip layout (torch.save default)
                                    and the legacy pickle stream (_use_new_zipfile_serialization=False):
                                    float32/float16/float64 tensors, a 0-d tensor, views with storage
                                    offsets into one shared storage, a non-contiguous view, an int64
                                    buffer and the OrderedDict's _metadata attribute
  small-tar.pth                     the same tensors in the tar layout of PyTorch 0.1.x (written here by
                                    hand, since no installable PyTorch writes it any more; checked by
                                    reading it back with torch.load)
  small-expected.json               the float32 values every layout must give
  wrapped-prefixed.pth              {"state_dict": {"module.<key>": ...}, "epoch": 3}
  whole-model.pth, whole-model-legacy.pth   torch.save(model) of a tiny nn.Module (not a state dict)
  torchscript.pt                    torch.jit.save of the same model
  vgg19-zeros-zip.pth.gz, vgg19-zeros-legacy.pth.gz
                                    torchvision's vgg19() state dict (real keys and shapes, 575 MB),
                                    all zeros except marker values, gzipped (zeros compress ~1000:1)
  vgg19-markers.json                those marker values
"""
import collections
import gzip
import io
import json
import os
import pickle
import shutil
import struct
import sys
import tarfile
import tempfile

import torch
import torchvision

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', 'test', 'resources',
                   'fixtures', 'pth')


def out(name):
    return os.path.join(OUT, name)


def small_state_dict():
    torch.manual_seed(42)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3), torch.nn.BatchNorm2d(2))
    with torch.no_grad():
        net[1].running_mean.copy_(torch.tensor([0.25, -0.5]))
        net[1].running_var.copy_(torch.tensor([1.5, 2.0]))
    sd = net.state_dict()  # an OrderedDict carrying a _metadata attribute
    assert hasattr(sd, '_metadata')
    sd['half'] = (torch.arange(20, dtype=torch.float32).reshape(4, 5) / 8 - 1).to(torch.float16)
    sd['double'] = torch.tensor([[1.0 / 3, -2.5], [1e-3, 7.0], [-0.125, 3.0e5]], dtype=torch.float64)
    sd['scalar'] = torch.tensor(3.5)
    shared = torch.arange(24, dtype=torch.float32) * 0.5
    sd['shared.base'] = shared
    sd['shared.view'] = shared[5:17].view(3, 4)      # storage offset 5 into shared's storage
    sd['shared.tail'] = shared[20:]                   # storage offset 20
    sd['noncontig'] = torch.arange(6, dtype=torch.float32).reshape(2, 3).t()
    return sd


def expected_json(sd):
    result = {}
    for k, v in sd.items():
        if not v.is_floating_point():
            continue
        f = v.to(torch.float32).contiguous()
        result[k] = {'shape': list(f.shape), 'values': [float(x) for x in f.reshape(-1).tolist()]}
    return result


class _Py2OrderedDict:
    """Pickles like Python 2's OrderedDict: OrderedDict([[key, value], ...])."""

    def __init__(self, items):
        self.items = items

    def __reduce__(self):
        return collections.OrderedDict, ([[k, v] for k, v in self.items],)


def save_tar_layout(sd, path):
    """The PyTorch 0.1.6-0.1.9 layout: a tar of sys_info, pickle, tensors and storages."""
    tensors = {}
    storages = {}

    def persistent_id(obj):
        if torch.is_tensor(obj):
            key = id(obj)
            tensors[key] = obj
            return str(key)
        return None

    def entry(tar, name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    pickled = io.BytesIO()
    pickler = pickle.Pickler(pickled, protocol=2)
    pickler.persistent_id = persistent_id
    pickler.dump(_Py2OrderedDict([(k, v) for k, v in sd.items() if v.is_floating_point()
                                  and k != 'noncontig']))

    tensor_bytes = io.BytesIO()
    pickle.dump(len(tensors), tensor_bytes, protocol=2)
    for key, t in tensors.items():
        storage_key = t.storage().data_ptr()  # tensors sharing a storage share its key
        storages.setdefault(storage_key, t)
        pickle.dump((key, storage_key, getattr(torch, t.type().split('.')[-1])), tensor_bytes,
                    protocol=2)
        tensor_bytes.write(struct.pack('<i', t.dim()))
        tensor_bytes.write(b'\0\0\0\0')
        tensor_bytes.write(struct.pack('<%dq' % t.dim(), *t.shape))
        tensor_bytes.write(struct.pack('<%dq' % t.dim(), *t.stride()))
        tensor_bytes.write(struct.pack('<q', t.storage_offset()))

    storage_bytes = io.BytesIO()
    pickle.dump(len(storages), storage_bytes, protocol=2)
    for key, t in storages.items():
        storage = t.storage()
        storage_type = getattr(torch, storage.pickle_storage_type())
        pickle.dump((key, 'cpu', storage_type), storage_bytes, protocol=2)
        data = torch.tensor(storage.tolist(), dtype=t.dtype).numpy().astype('<' + t.numpy().dtype.str[1:])
        storage_bytes.write(struct.pack('<q', len(storage)))
        storage_bytes.write(data.tobytes())
    pickle.dump([], storage_bytes, protocol=2)

    sys_info = io.BytesIO()
    pickle.dump({'protocol_version': 1000, 'little_endian': True,
                 'type_sizes': {'short': 2, 'int': 4, 'long': 8}}, sys_info, protocol=2)
    with tarfile.open(path, 'w:', format=tarfile.PAX_FORMAT) as tar:
        entry(tar, 'sys_info', sys_info.getvalue())
        entry(tar, 'pickle', pickled.getvalue())
        entry(tar, 'tensors', tensor_bytes.getvalue())
        entry(tar, 'storages', storage_bytes.getvalue())


def check_same(path, sd, skip=()):
    loaded = torch.load(path)
    for k, v in sd.items():
        if k in skip:
            continue
        assert torch.equal(loaded[k], v), (path, k)


def small_fixtures():
    sd = small_state_dict()
    torch.save(sd, out('small-zip.pth'))
    torch.save(sd, out('small-legacy.pth'), _use_new_zipfile_serialization=False)
    save_tar_layout(sd, out('small-tar.pth'))
    for name in ('small-zip.pth', 'small-legacy.pth'):
        check_same(out(name), sd)
    check_same(out('small-tar.pth'), sd, skip=('noncontig', '1.num_batches_tracked'))
    with open(out('small-expected.json'), 'w') as f:
        json.dump(expected_json(sd), f, indent=1)

    wrapped = {'state_dict': collections.OrderedDict(('module.' + k, v) for k, v in sd.items()),
               'epoch': 3}
    torch.save(wrapped, out('wrapped-prefixed.pth'))

    model = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 3), torch.nn.ReLU())
    torch.save(model, out('whole-model.pth'))
    torch.save(model, out('whole-model-legacy.pth'), _use_new_zipfile_serialization=False)
    torch.jit.script(model).save(out('torchscript.pt'))


def gzip_file(src, dst):
    with open(src, 'rb') as fin, gzip.GzipFile(dst, 'wb', compresslevel=9, mtime=0) as fout:
        shutil.copyfileobj(fin, fout, 1 << 20)


def vgg19_fixtures():
    sd = torchvision.models.vgg19().state_dict()
    zeros = collections.OrderedDict((k, torch.zeros_like(v)) for k, v in sd.items())
    zeros._metadata = sd._metadata
    del sd
    markers = []

    def mark(key, flat_index, value):
        zeros[key].view(-1)[flat_index] = value
        markers.append({'key': key, 'index': flat_index, 'value': value})

    for key, t in zeros.items():
        layer = int(key.split('.')[1])
        if key.startswith('features.') and key.endswith('.weight'):
            mark(key, 0, layer + 0.5)
            mark(key, t.numel() - 1, -(layer + 0.25))
        elif key.startswith('features.') and key.endswith('.bias'):
            mark(key, t.numel() - 1, 1000.0 + layer)
        else:
            mark(key, 0, 12345.0)
    with open(out('vgg19-markers.json'), 'w') as f:
        json.dump(markers, f, indent=1)
    tmp = tempfile.mkdtemp()
    try:
        for layout, kwargs in (('zip', {}), ('legacy', {'_use_new_zipfile_serialization': False})):
            raw = os.path.join(tmp, 'vgg19-%s.pth' % layout)
            torch.save(zeros, raw, **kwargs)
            print(raw, os.path.getsize(raw), 'bytes')
            gzip_file(raw, out('vgg19-zeros-%s.pth.gz' % layout))
            print(' -> gzipped', os.path.getsize(out('vgg19-zeros-%s.pth.gz' % layout)), 'bytes')
            os.remove(raw)
    finally:
        shutil.rmtree(tmp)


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    small_fixtures()
    if '--skip-big' not in sys.argv:
        vgg19_fixtures()
