"""The frozen-layer fixture of test/fixtures/pytorch/frozen.json, written by real PyTorch.

    python3 scripts/pytorch-frozen-fixture.py [FILE]

Trains Linear(4, 6)-Tanh-BatchNorm1d(6)-Linear(6, 5)-ReLU-Linear(5, 3) with
cross-entropy on one fixed batch of 16 for 20 steps, the Linear and the
BatchNorm before the second Linear frozen as PyTorch users freeze a body:
requires_grad_(False) on their parameters, the BatchNorm in eval() so its
running statistics stay (Keras's rule for a frozen BatchNormalization), and
the optimizer, AdamW with weight decay, built over the parameters that
require grad, with clip_grad_norm_ over those same parameters (its norm is recorded per step). Writes the
batch, the starting tensors and the final ones under NN Lab's names (layer
positions: 0 Linear, 1 BatchNorm, 2 and 3 the trainable Linears), and the
loss of every step. Values are float32 written with 9 significant digits,
so they read back exactly.
"""
import json
import os
import sys

import torch

torch.manual_seed(20261207)


def values(tensor):
    return [float(f"{v:.9g}") for v in tensor.detach().reshape(-1).tolist()]


model = torch.nn.Sequential(
    torch.nn.Linear(4, 6),
    torch.nn.Tanh(),
    torch.nn.BatchNorm1d(6),
    torch.nn.Linear(6, 5),
    torch.nn.ReLU(),
    torch.nn.Linear(5, 3),
)
batchnorm = model[2]
with torch.no_grad():
    # Running statistics far from a fresh layer's 0 and 1, so training-mode statistics would show.
    batchnorm.running_mean.copy_(torch.randn(6) * 0.3)
    batchnorm.running_var.copy_(torch.rand(6) + 0.5)
    batchnorm.weight.copy_(torch.rand(6) + 0.5)
    batchnorm.bias.copy_(torch.randn(6) * 0.1)

# PyTorch module index → NN Lab layer position.
OURS = {"0": "0", "2": "1", "3": "2", "5": "3"}


def state():
    tensors = {}
    for name, tensor in model.state_dict().items():
        module, role = name.split(".", 1)
        if role == "num_batches_tracked":
            continue
        tensors[f"{OURS[module]}.{role}"] = {"shape": list(tensor.shape), "values": values(tensor)}
    return tensors


x = torch.randn(16, 4)
y = torch.randint(0, 3, (16,))
start = state()

for module in (model[0], batchnorm):
    module.requires_grad_(False)
trainable = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.AdamW(trainable, lr=0.01, weight_decay=0.1)
# Below the first steps' norms (about 0.22) and above the last ones' (about 0.17): some steps are clipped, some not.
MAX_NORM = 0.2

model.train()
batchnorm.eval()
losses = []
norms = []
for step in range(20):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(trainable, MAX_NORM)
    optimizer.step()
    losses.append(float(f"{loss.item():.9g}"))
    norms.append(float(f"{norm.item():.9g}"))

fixture = {
    "about": "scripts/pytorch-frozen-fixture.py: layers 0 (Linear) and 1 (BatchNorm1d, eval) frozen; AdamW lr 0.01 weight_decay 0.1 over the rest, clip_grad_norm_ 0.2; full batch, 20 steps",
    "torch": torch.__version__,
    "x": values(x),
    "y": [int(v) for v in y.tolist()],
    "start": start,
    "losses": losses,
    "gradNorms": norms,
    "end": state(),
}
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join("test", "fixtures", "pytorch", "frozen.json")
with open(path, "w") as file:
    json.dump(fixture, file, indent=1)
    file.write("\n")
print(f"wrote {path}")
