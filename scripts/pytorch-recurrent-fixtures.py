"""PyTorch's nn.RNN, nn.LSTM and nn.GRU on fixed inputs, for the recurrent layers' tests.

    /usr/bin/python3 scripts/pytorch-recurrent-fixtures.py test/fixtures/pytorch/recurrent

writes one <case>.json per case: the weights (PyTorch's own default init for
a fixed seed), the input [B, T, F], the output sequence and last hidden state,
and for L = sum(r * output) with fixed random r [B, T, H] every parameter's
gradient and the input's gradient, for the whole sequence and truncated with
detach() every BPTT steps. The per-step gradient norms ||dL/dh_t|| come from
the same weights run one cell step at a time (nn.RNNCell, nn.LSTMCell,
nn.GRUCell) with retain_grad() on each h_t.
"""
import json
import os
import sys

import torch

BATCH, STEPS, FEATURES, HIDDEN, BPTT = 3, 5, 3, 4, 2
CASES = {
    'rnn-tanh': lambda: torch.nn.RNN(FEATURES, HIDDEN, batch_first=True, nonlinearity='tanh'),
    'rnn-relu': lambda: torch.nn.RNN(FEATURES, HIDDEN, batch_first=True, nonlinearity='relu'),
    'lstm': lambda: torch.nn.LSTM(FEATURES, HIDDEN, batch_first=True),
    'gru': lambda: torch.nn.GRU(FEATURES, HIDDEN, batch_first=True),
}
NAMES = ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']


def flat(tensor):
    # 9 significant digits round-trip a float32 exactly.
    return [float(f'{v:.9g}') for v in tensor.detach().reshape(-1).tolist()]


def cell_for(module):
    size = (FEATURES, HIDDEN)
    if isinstance(module, torch.nn.LSTM):
        cell = torch.nn.LSTMCell(*size)
    elif isinstance(module, torch.nn.GRU):
        cell = torch.nn.GRUCell(*size)
    else:
        cell = torch.nn.RNNCell(*size, nonlinearity=module.nonlinearity)
    with torch.no_grad():
        for name in NAMES:
            getattr(cell, name[:-3]).copy_(getattr(module, name))
    return cell


def run_chunks(module, x, bptt):
    """The output sequence, running `bptt` steps at a time with the state detached in between."""
    outputs, state = [], None
    for start in range(0, STEPS, bptt or STEPS):
        if state is not None:
            state = tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()
        out, state = module(x[:, start:start + (bptt or STEPS)], state)
        outputs.append(out)
    return torch.cat(outputs, dim=1), state


def step_norms(module, x, r, bptt):
    """||dL/dh_t||_2 over the batch for each t, from a cell run one step at a time."""
    cell = cell_for(module)
    lstm = isinstance(module, torch.nn.LSTM)
    h = torch.zeros(BATCH, HIDDEN)
    c = torch.zeros(BATCH, HIDDEN)
    states = []
    for t in range(STEPS):
        if bptt and t % bptt == 0:
            h, c = h.detach(), c.detach()
        if lstm:
            h, c = cell(x[:, t], (h, c))
        else:
            h = cell(x[:, t], h)
        h.retain_grad()
        states.append(h)
    loss = sum((r[:, t] * states[t]).sum() for t in range(STEPS))
    loss.backward()
    return [float(f'{s.grad.norm().item():.9g}') for s in states]


def gradients(module, x, r, bptt):
    module.zero_grad()
    x = x.clone().requires_grad_(True)
    out, _ = run_chunks(module, x, bptt)
    (r * out).sum().backward()
    grads = {name: flat(getattr(module, name).grad) for name in NAMES}
    grads['input'] = flat(x.grad)
    grads['stepNorms'] = step_norms(module, x.detach(), r, bptt)
    return grads


def case(name, make):
    torch.manual_seed(7)
    module = make()
    x = torch.randn(BATCH, STEPS, FEATURES)
    r = torch.randn(BATCH, STEPS, HIDDEN)
    with torch.no_grad():
        out, state = module(x)
    last = state[0] if isinstance(state, tuple) else state
    return {
        'description': f'{type(module).__name__}({FEATURES}, {HIDDEN}, batch_first=True'
        + (f", nonlinearity='{module.nonlinearity}'" if isinstance(module, torch.nn.RNN) else '') + '), one layer',
        'torch': torch.__version__,
        'batch': BATCH, 'steps': STEPS, 'features': FEATURES, 'hidden': HIDDEN, 'bptt': BPTT,
        'weights': {n: flat(getattr(module, n)) for n in NAMES},
        'input': flat(x),
        'r': flat(r),
        'output': flat(out),
        'lastHidden': flat(last),
        'full': gradients(module, x, r, None),
        'truncated': gradients(module, x, r, BPTT),
    }


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    for name, make in CASES.items():
        with open(os.path.join(folder, f'{name}.json'), 'w') as file:
            json.dump(case(name, make), file, separators=(',', ':'))
            file.write('\n')


if __name__ == '__main__':
    main()
