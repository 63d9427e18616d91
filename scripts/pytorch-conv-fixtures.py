"""The image-layer fixtures of test/fixtures/pytorch/conv, written by real PyTorch.

    python3 scripts/pytorch-conv-fixtures.py [FOLDER]

writes conv2d.json, maxpool.json, avgpool.json and batchnorm2d.json into
FOLDER (default test/fixtures/pytorch/conv). Each file maps a case name to
its module options, input x [batch, C, H, W], parameters, the output y of one
forward pass, and the gradients of L = sum(r * y) for a fixed r: dx and each
parameter's. Batch norm's case is one training step and records the running
statistics after it and the evaluation-mode output with them. Values are
float32 written with 9 significant digits, so they read back exactly.
"""
import json
import os
import sys

import torch

torch.manual_seed(20261207)


def values(tensor):
    return [float(f"{v:.9g}") for v in tensor.detach().reshape(-1).tolist()]


def image(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def run(module, x, parameters):
    """Forward, then backward of L = sum(r * y); returns the case's record."""
    x = x.clone().requires_grad_(True)
    y = module(x)
    r = torch.randn_like(y)
    (y * r).sum().backward()
    record = {
        "inputShape": list(x.shape),
        "x": values(x),
        "outputShape": list(y.shape),
        "y": values(y),
        "r": values(r),
        "dx": values(x.grad),
    }
    for name, tensor in parameters.items():
        record[name] = values(tensor)
        record["d" + name] = values(tensor.grad)
    return record


def conv2d_cases():
    cases = {}
    specs = {
        # stride 2, padding 1 and dilation 2 together: every index shift at once.
        "stride2-pad1-dilation2": dict(in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1, dilation=2),
        # Height and width differ in every setting, so a swapped axis shows.
        "rectangular": dict(in_channels=2, out_channels=3, kernel_size=(2, 3), stride=(1, 2), padding=(1, 0), dilation=(2, 1)),
        # An even kernel pads one more pixel below and right than above and left.
        "same-even-kernel": dict(in_channels=2, out_channels=2, kernel_size=4, padding="same"),
    }
    for name, spec in specs.items():
        conv = torch.nn.Conv2d(**spec)
        with torch.no_grad():
            conv.weight.copy_(torch.randn_like(conv.weight) * 0.5)
            conv.bias.copy_(torch.randn_like(conv.bias) * 0.5)
        options = {k: v for k, v in spec.items() if k not in ("in_channels", "out_channels")}
        options["filters"] = spec["out_channels"]
        x = image(2, spec["in_channels"], 7, 6)
        cases[name] = {"options": options, **run(conv, x, {"weight": conv.weight, "bias": conv.bias})}
    return cases


def pool_cases(make):
    cases = {}
    specs = {
        "size2": dict(kernel_size=2),
        "size3-stride2-pad1": dict(kernel_size=3, stride=2, padding=1),
        "rectangular": dict(kernel_size=(2, 3), stride=(1, 2), padding=(1, 1)),
    }
    for name, spec in specs.items():
        cases[name] = {"options": spec, **run(make(**spec), image(2, 3, 7, 6), {})}
    return cases


def batchnorm2d_cases():
    bn = torch.nn.BatchNorm2d(3, momentum=0.2)
    with torch.no_grad():
        bn.weight.copy_(torch.randn(3) * 0.5 + 1)
        bn.bias.copy_(torch.randn(3) * 0.5)
        bn.running_mean.copy_(torch.randn(3) * 0.1)
        bn.running_var.copy_(torch.rand(3) + 0.5)
    start = {"runningMean": values(bn.running_mean), "runningVar": values(bn.running_var)}
    x = image(4, 3, 5, 2) * 2 + 1
    record = run(bn.train(), x, {"weight": bn.weight, "bias": bn.bias})
    after = {"runningMeanAfter": values(bn.running_mean), "runningVarAfter": values(bn.running_var)}
    with torch.no_grad():
        evaluation = values(bn.eval()(x))
    return {"train-step": {"options": {"momentum": 0.2, "eps": bn.eps}, **start, **record, **after, "yEval": evaluation}}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "pytorch", "conv")
    os.makedirs(folder, exist_ok=True)
    files = {
        "conv2d": conv2d_cases(),
        "maxpool": pool_cases(torch.nn.MaxPool2d),
        "avgpool": pool_cases(torch.nn.AvgPool2d),
        "batchnorm2d": batchnorm2d_cases(),
    }
    for name, cases in files.items():
        with open(os.path.join(folder, name + ".json"), "w") as out:
            json.dump({"torch": torch.__version__, "cases": cases}, out, separators=(",", ":"))
            out.write("\n")


if __name__ == "__main__":
    main()
