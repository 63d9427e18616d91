"""PyTorch's side of the CNN and LSTM workloads of `npm run bench`.

Started by scripts/bench/pytorch.ts, one process per thread count. It reads
one JSON line on stdin: the workload (kind, batch, input shape), the batch
and our engine's initial weights by state-dict name; it builds the same
network as nn modules, loads the weights, answers with the first step's
loss and the forward output's shape, then times a round of training for
every `round SECONDS` line, answering with each step's milliseconds.
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


def build(spec):
    """The model, loss, input and targets, and how our parameter names map to the model's."""
    batch = spec["batch"]
    shape = spec["inputShape"]
    x = torch.tensor(spec["x"], dtype=torch.float32).reshape(batch, *shape)
    if spec["kind"] == "cnn":
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
        state[f"{names[layer]}.{suffix}"] = torch.tensor(weight["values"], dtype=torch.float32).reshape(weight["shape"])
    model.load_state_dict(state)
    return model, loss, x, targets


def main():
    spec = json.loads(sys.stdin.readline())
    torch.set_num_threads(spec["threads"])
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
    reply({"loss": step(), "outputShape": output_shape, "torch": torch.__version__, "threads": torch.get_num_threads()})
    for line in sys.stdin:
        command = line.split()
        if not command or command[0] != "round":
            break
        budget = float(command[1])
        times = []
        start = last = time.perf_counter()
        while last - start < budget or len(times) < MIN_STEPS_PER_ROUND:
            step()
            now = time.perf_counter()
            times.append((now - last) * 1000)
            last = now
        reply({"times": times})


def reply(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
