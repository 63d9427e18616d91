"""PyTorch's side of `npm run bench`: the dense, CNN and LSTM training steps, and
the raw matrix products of a dense step.

Started by scripts/bench/pytorch.ts, one process per thread count. It reads
one JSON line on stdin. For a network (kind dense, cnn or lstm): the workload,
the batch and our engine's initial weights by state-dict name; it builds the
same network as nn modules, loads the weights and answers with the first
step's loss and the forward output's shape. For kind gemm: a list of products
(op NN, NT, TN or NTBias and m, n, k); it answers with how many it made.
Then every `round SECONDS` line times training steps for that long,
answering with each step's milliseconds, or passes over all the products,
answering with each product's milliseconds per pass.
"""
import json
import sys
import time

import torch
from torch import nn

MIN_STEPS_PER_ROUND = 3


class LastStepLstm(nn.Module):
    """nn.LSTM (batch_first) whose last hidden state feeds a Linear head."""

    def __init__(self, features, units):
        super().__init__()
        self.lstm = nn.LSTM(features, units, batch_first=True)
        self.head = nn.Linear(units, 1)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1])


def dense_network(widths, activation):
    """nn.Sequential of Linear layers with the activation between them; the
    output layer stays linear, as CrossEntropyLoss applies log-softmax itself."""
    modules = []
    for i in range(1, len(widths)):
        modules.append(nn.Linear(widths[i - 1], widths[i]))
        if i < len(widths) - 1:
            modules.append(nn.Tanh() if activation == "tanh" else nn.ReLU())
    return nn.Sequential(*modules)


def build(spec):
    """The model, loss, input and targets, and how our parameter names map to the model's."""
    batch = spec["batch"]
    shape = spec["inputShape"]
    x = torch.tensor(spec["x"], dtype=torch.float32).reshape(batch, *shape)
    if spec["kind"] == "dense":
        model = dense_network(spec["widths"], spec["activation"])
        names = {}
        targets = torch.tensor(spec["targets"], dtype=torch.int64)
        loss = nn.CrossEntropyLoss()
    elif spec["kind"] == "cnn":
        model = nn.Sequential(
            nn.Conv2d(shape[0], 8, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 5 * 5, 10),
        )
        names = {"0": "0", "2": "3", "5": "7"}
        targets = torch.tensor(spec["targets"], dtype=torch.int64)
        loss = nn.CrossEntropyLoss()
    else:
        model = LastStepLstm(shape[1], spec["weights"]["0.weight_hh_l0"]["shape"][1])
        names = {"0": "lstm", "1": "head"}
        targets = torch.tensor(spec["targets"], dtype=torch.float32).reshape(batch, 1)
        loss = nn.MSELoss()
    state = {}
    for name, weight in spec["weights"].items():
        layer, suffix = name.split(".", 1)
        state[f"{names.get(layer, layer)}.{suffix}"] = torch.tensor(weight["values"], dtype=torch.float32).reshape(weight["shape"])
    model.load_state_dict(state)
    return model, loss, x, targets


def training_steps(spec):
    """The round of a training step, and the first step's loss and output shape."""
    model, criterion, x, targets = build(spec)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-8)

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(x), targets)
        loss.backward()
        optimizer.step()
        return loss.item()

    with torch.no_grad():
        output_shape = list(model(x).shape)
    return lambda budget: time_steps(step, budget), {"loss": step(), "outputShape": output_shape}


def gemm_steps(spec):
    """The round of the products, each into a preallocated result, the
    transposed operand a transposed view as nn.Linear passes it: torch.mm,
    or for NTBias torch.addmm(bias, x, W.t()), nn.Linear's forward."""
    generator = torch.Generator().manual_seed(1)
    parts = []
    for product in spec["products"]:
        m, n, k = product["m"], product["n"], product["k"]
        op = product["op"]
        a = torch.randn(k, m, generator=generator).t() if op == "TN" else torch.randn(m, k, generator=generator)
        b = torch.randn(n, k, generator=generator).t() if op in ("NT", "NTBias") else torch.randn(k, n, generator=generator)
        c = torch.empty(m, n)
        if op == "NTBias":
            bias = torch.randn(n, generator=generator)
            parts.append(lambda a=a, b=b, c=c, bias=bias: torch.addmm(bias, a, b, out=c))
        else:
            parts.append(lambda a=a, b=b, c=c: torch.mm(a, b, out=c))
    return lambda budget: time_passes(parts, budget), {"products": len(parts)}


def time_steps(step, budget):
    """Runs `step` for at least `budget` seconds and MIN_STEPS_PER_ROUND times; each run's milliseconds."""
    times = []
    start = last = time.perf_counter()
    while last - start < budget or len(times) < MIN_STEPS_PER_ROUND:
        step()
        now = time.perf_counter()
        times.append((now - last) * 1000)
        last = now
    return times


def time_passes(parts, budget):
    """Runs every part in order, pass after pass, for at least `budget` seconds
    and MIN_STEPS_PER_ROUND passes; per part, each pass's milliseconds."""
    times = [[] for _ in parts]
    start = time.perf_counter()
    while time.perf_counter() - start < budget or len(times[0]) < MIN_STEPS_PER_ROUND:
        for part, part_times in zip(parts, times):
            before = time.perf_counter()
            part()
            part_times.append((time.perf_counter() - before) * 1000)
    return times


def main():
    spec = json.loads(sys.stdin.readline())
    torch.set_num_threads(spec["threads"])
    timed_round, first = gemm_steps(spec) if spec["kind"] == "gemm" else training_steps(spec)
    reply({**first, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] != "round":
            break
        reply({"times": timed_round(float(command[1]))})


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
