"""The attention fixtures of test/fixtures/pytorch/attention, written by real PyTorch.

    python3 scripts/pytorch-attention-fixtures.py FOLDER

writes layernorm.json, encoder-post.json and encoder-pre.json: a module
(nn.LayerNorm, nn.TransformerEncoderLayer with norm_first False and True,
batch_first, relu, dropout 0, in training mode), its parameters by state-dict
name, an input batch, the output, and for the loss L = Σ r⊙y with a fixed r
the gradients dL/dx and dL/dθ of every parameter. Every tensor is drawn from
torch.manual_seed(SEED), so a rerun writes the same files; values are
written with 9 significant digits, which float32 reads back exactly.
"""
import json
import os
import sys

import torch

SEED = 20170612  # the date Vaswani et al. appeared on arXiv
BATCH, TIMESTEPS, FEATURES, HEADS, FF = 3, 5, 8, 2, 16


def values(tensor):
    return [float('%.9g' % v) for v in tensor.detach().reshape(-1).tolist()]


def randomize(module):
    """Every parameter from N(0, 0.5²), layer-norm scales from N(1, 0.5²), so no value is a default."""
    scales = {name + '.weight' if name else 'weight' for name, child in module.named_modules() if isinstance(child, torch.nn.LayerNorm)}
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            noise = torch.randn(parameter.shape) * 0.5
            parameter.copy_(1 + noise if name in scales else noise)


def case(module, description, input_shape, options):
    randomize(module)
    module.train()
    x = torch.randn(input_shape, requires_grad=True)
    y = module(x)
    r = torch.randn(y.shape)
    (y * r).sum().backward()
    return {
        'description': description,
        'options': options,
        'inputShape': list(input_shape[1:]),
        'batch': input_shape[0],
        'input': values(x),
        'projection': values(r),
        'output': values(y),
        'gradInput': values(x.grad),
        'parameters': {name: {'shape': list(p.shape), 'value': values(p), 'grad': values(p.grad)} for name, p in module.named_parameters()},
    }


def main(folder):
    torch.manual_seed(SEED)
    cases = {
        'layernorm': case(
            torch.nn.LayerNorm(FEATURES), f'nn.LayerNorm({FEATURES}) on [{TIMESTEPS}, {FEATURES}] samples',
            (BATCH, TIMESTEPS, FEATURES), {}),
    }
    for norm, first in (('post', False), ('pre', True)):
        layer = torch.nn.TransformerEncoderLayer(FEATURES, HEADS, FF, dropout=0.0, activation='relu', batch_first=True, norm_first=first)
        cases[f'encoder-{norm}'] = case(
            layer,
            f'nn.TransformerEncoderLayer({FEATURES}, nhead={HEADS}, dim_feedforward={FF}, dropout=0, relu, batch_first=True, norm_first={first})',
            (BATCH, TIMESTEPS, FEATURES), {'heads': HEADS, 'ff': FF, 'norm': norm})
    os.makedirs(folder, exist_ok=True)
    for name, content in cases.items():
        with open(os.path.join(folder, f'{name}.json'), 'w') as file:
            json.dump({'torch': torch.__version__, 'seed': SEED, **content}, file, separators=(',', ':'))
            file.write('\n')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'test/fixtures/pytorch/attention')
