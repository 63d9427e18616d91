"""The weight-file fixtures of test/fixtures/pytorch, written by real PyTorch.

    python3 scripts/pytorch-fixtures.py FOLDER
        writes <case>.safetensors with safetensors.torch.save_file and
        <case>.json with PyTorch's evaluation-mode outputs on the fixed input.
        The .safetensors files must equal the committed ones byte for byte
        (scripts/pytorch-fixtures.mjs writes those without PyTorch).

    python3 scripts/pytorch-fixtures.py --load FOLDER
        loads FOLDER/<case>.safetensors (files NN Lab wrote) into each case's
        nn.Sequential with load_state_dict(strict=True) and prints the outputs
        on the fixed input as JSON: {"<case>": [[...], ...], ...}.

Writing needs torch and safetensors; loading needs torch, and reads the
files by hand when the safetensors package is missing (Debian packages
PyTorch but not safetensors). The weights follow one recipe shared with the
Node script: value i of the k-th tensor is ((7i + 5k + 3) mod 17 - 8) / 16,
running variances 0.5 + ((3i + k) mod 5) / 4, exact in float32.
"""
import json
import os
import struct
import sys

import torch

try:
    from safetensors.torch import load_file, save_file
except ImportError:
    load_file = save_file = None

BATCHES_TRACKED = 7
INPUT = [[(((r * 3 + c) * 5) % 11 - 5) / 4 for c in range(3)] for r in range(5)]


def weight(k, count):
    return torch.tensor([(((i * 7 + k * 5 + 3) % 17) - 8) / 16 for i in range(count)], dtype=torch.float32)


def variance(k, count):
    return torch.tensor([0.5 + ((i * 3 + k) % 5) / 4 for i in range(count)], dtype=torch.float32)


def set_linear(layer, k):
    layer.weight.copy_(weight(k, layer.weight.numel()).reshape(layer.weight.shape))
    layer.bias.copy_(weight(k + 1, layer.bias.numel()))


def set_batch_norm(layer, k):
    width = layer.num_features
    layer.weight.copy_(weight(k, width))
    layer.bias.copy_(weight(k + 1, width))
    layer.running_mean.copy_(weight(k + 2, width))
    layer.running_var.copy_(variance(k + 3, width))
    layer.num_batches_tracked.fill_(BATCHES_TRACKED)


def tanh_case():
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2))
    set_linear(model[0], 0)
    set_linear(model[2], 2)
    return model


def batch_norm_case(eps=1e-5, dropout=True):
    layers = [torch.nn.Linear(3, 4), torch.nn.ReLU()]
    if dropout:
        layers.append(torch.nn.Dropout(0.5))
    layers += [torch.nn.BatchNorm1d(4, eps=eps), torch.nn.Linear(4, 2)]
    model = torch.nn.Sequential(*layers)
    set_linear(model[0], 0)
    set_batch_norm(model[len(layers) - 2], 2)
    set_linear(model[len(layers) - 1], 6)
    return model


def keras_case():
    """The Keras model as its PyTorch twin (BatchNormalization's epsilon is 1e-3)."""
    return batch_norm_case(eps=1e-3, dropout=False)


def keras_tensors(model):
    """Keras's variable paths and layout: a kernel is [inputs, units]."""
    first, norm, last = model[0], model[2], model[3]
    return {
        "dense/kernel": first.weight.t().contiguous(),
        "dense/bias": first.bias,
        "batch_normalization/gamma": norm.weight,
        "batch_normalization/beta": norm.bias,
        "batch_normalization/moving_mean": norm.running_mean,
        "batch_normalization/moving_variance": norm.running_var,
        "dense_1/kernel": last.weight.t().contiguous(),
        "dense_1/bias": last.bias,
    }


CASES = {
    "linear-tanh-linear": tanh_case,
    "linear-relu-dropout-batchnorm-linear": batch_norm_case,
    "keras-dense-batchnorm-dense": keras_case,
}


def outputs(model):
    model.eval()
    with torch.no_grad():
        return model(torch.tensor(INPUT, dtype=torch.float32)).tolist()


def write(folder):
    os.makedirs(folder, exist_ok=True)
    for name, build in CASES.items():
        with torch.no_grad():
            model = build()
        state = keras_tensors(model) if name.startswith("keras") else model.state_dict()
        save_file({key: value.detach().clone() for key, value in state.items()}, os.path.join(folder, name + ".safetensors"))
        with open(os.path.join(folder, name + ".json"), "w") as out:
            json.dump({"input": INPUT, "output": outputs(model)}, out)


def read_safetensors(path):
    """The format read by hand: header length (u64 little-endian), JSON header, raw little-endian data."""
    with open(path, "rb") as file:
        data = file.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    header.pop("__metadata__", None)
    body = data[8 + length :]
    dtypes = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32}
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(body[begin:end]), dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return tensors


def load(folder):
    results = {}
    for name, build in CASES.items():
        path = os.path.join(folder, name + ".safetensors")
        if not os.path.exists(path):
            continue
        with torch.no_grad():
            model = build()
        model.load_state_dict((load_file or read_safetensors)(path), strict=True)
        results[name] = outputs(model)
    print(json.dumps(results))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--load":
        load(sys.argv[2])
    elif len(sys.argv) == 2:
        if save_file is None:
            sys.exit("writing the fixtures needs the safetensors package (pip install safetensors)")
        write(sys.argv[1])
    else:
        sys.exit(__doc__)
