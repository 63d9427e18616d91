import { describe, expect, it } from 'vitest';
import { ExportRefusal } from '../../src/export';
import { lossSection } from '../../src/export/pytorch/loss';
import { modelSection } from '../../src/export/pytorch/model';
import { clippingSection, optimizerSection } from '../../src/export/pytorch/optimizer';
import { pytorchScript } from '../../src/export/pytorch/script';
import { trainingSection } from '../../src/export/pytorch/training';
import { contextFor } from './context';

const DATA = 'data moons n=60 seed=1';
const TRAIN = 'train epochs=1 batch=20';

/** A one-cell notebook: data, the lines given, a small model unless they declare one, and a train. */
function notebook(lines: string): string {
  return [DATA, ...(lines.includes('model') ? [] : ['model', '  dense 4 relu', '  dense 1 sigmoid']), lines, TRAIN].join('\n');
}

/** The refusal's message and the line of the cell it points at (data is line 1). */
function refusal(make: () => unknown): { message: string; line: number | undefined } {
  try {
    make();
  } catch (error) {
    if (error instanceof ExportRefusal) return { message: error.message, line: error.place?.location.line };
    throw error;
  }
  throw new Error('exported without a refusal');
}

describe('the model part', () => {
  it('is nn.Sequential with our module indices, each layer citing its line, and explicit init calls', () => {
    const context = contextFor(`data spirals n=60 classes=3 seed=1\nmodel\n  dense 8 leaky_relu(0.2) init=he_normal(negative_slope=0.2)\n  dropout 0.25\n  batchnorm momentum=0.05\n  dense 3 softmax init=lecun_uniform bias_init=glorot_normal\nloss sparse_categorical_crossentropy\n${TRAIN}`);
    // Notebook lines: heading 1, blank 2, fence 3, so the cell's line n is file line n + 3.
    expect(modelSection(context).split('\n\n\n')[0]).toBe(
      [
        'def build_model():',
        '    """The notebook\'s model as nn.Sequential; nb.nnlab:5  model."""',
        '    model = nn.Sequential(',
        '        # nb.nnlab:6  dense 8 leaky_relu(0.2) init=he_normal(negative_slope=0.2)',
        '        nn.Linear(2, 8),',
        '        nn.LeakyReLU(0.2),',
        '        # nb.nnlab:7  dropout 0.25',
        '        nn.Dropout(p=0.25),',
        '        # nb.nnlab:8  batchnorm momentum=0.05',
        '        nn.BatchNorm1d(8, eps=0.00001, momentum=0.05),',
        '        # nb.nnlab:9  dense 3 softmax init=lecun_uniform bias_init=glorot_normal',
        '        nn.Linear(8, 3),',
        '        nn.Softmax(dim=-1),',
        '    )',
        '    with torch.no_grad():',
        '        # nb.nnlab:6  dense 8 leaky_relu(0.2) init=he_normal(negative_slope=0.2)',
        "        nn.init.kaiming_normal_(model[0].weight, a=0.2, mode='fan_in', nonlinearity='leaky_relu')",
        '        nn.init.zeros_(model[0].bias)',
        '        # nb.nnlab:9  dense 3 softmax init=lecun_uniform bias_init=glorot_normal',
        "        nn.init.kaiming_uniform_(model[4].weight, mode='fan_in', nonlinearity='linear')",
        // σ = √(2/(8 + 3)) for the bias, which torch's xavier_normal_ cannot take (a vector has no fans).
        `        nn.init.normal_(model[4].bias, mean=0.0, std=${Math.sqrt(2 / 11)})  # glorot_normal: σ = gain·√(2/(fan_in + fan_out))`,
        '    return model',
      ].join('\n'),
    );
  });

  it('writes image layers as Conv2d, pooling and BatchNorm2d, and a global average pool as one small module', () => {
    const context = contextFor('data shapes n=8 size=8\nmodel\n  conv2d 3 3 relu padding=1 stride=2 use_bias=false\n  batchnorm\n  global_avgpool\n  dense 4 softmax\ntrain epochs=1');
    const text = modelSection(context);
    expect(text).toMatch(/^class GlobalAveragePool\(nn\.Module\):/);
    expect(text).toContain('        nn.Conv2d(1, 3, kernel_size=3, stride=2, padding=1, dilation=1, bias=False),\n        nn.ReLU(),\n');
    expect(text).toContain('        nn.BatchNorm2d(3, eps=0.00001, momentum=0.1),\n');
    expect(text).toContain('        GlobalAveragePool(),\n');
    // Conv2d and ReLU are modules 0 and 1, batch norm 2, the pool 3: the Linear is module 4.
    expect(text).toContain('nn.init.xavier_uniform_(model[4].weight)');
    expect(text).not.toContain('model[0].bias');
  });

  it('gives a first dense layer on images the flat row, as our model does', () => {
    const context = contextFor('data shapes n=8 size=8\nmodel\n  dense 5 relu\n  dense 4 softmax\ntrain epochs=1');
    expect(modelSection(context)).toContain('        nn.Linear(64, 5),\n');
    expect(pytorchScript(context).script).not.toContain('x = x.reshape(');
    expect(pytorchScript(contextFor('data shapes n=8 size=8\nmodel\n  conv2d 2 3\n  flatten\n  dense 4 softmax\ntrain epochs=1')).script).toContain(
      '    x = x.reshape(len(x), 1, 8, 8)  # stored as rows; the model takes [1, 8, 8] samples\n',
    );
  });

  it('refuses a model the session would refuse, with the session\'s message', () => {
    const source = 'data shapes n=8 size=8\nmodel\n  conv2d 3 3 relu\n  dense 4 softmax\ntrain epochs=1';
    expect(refusal(() => modelSection(contextFor(source)))).toEqual({
      message: 'dense (layer 1) reads [features] or [timesteps, features], but its input has shape [3, 6, 6]; put flatten (or global_avgpool) before it',
      line: 4,
    });
  });

  it('writes recurrent layers as subclasses that keep PyTorch\'s weight names, each gate\'s recurrent block initialized on its own', () => {
    const context = contextFor('data adding n=8 length=5\nmodel\n  rnn 4 nonlinearity=relu recurrent_init=identity return_sequences=true\n  lstm 3\n  dense 1\ntrain epochs=1');
    const text = modelSection(context);
    expect(text).toContain('class RNN(nn.RNN):');
    expect(text).toContain('class LSTM(nn.LSTM):');
    expect(text).not.toContain('class GRU(');
    expect(text).toContain("        RNN(2, 4, nonlinearity='relu', return_sequences=True),\n        # nb.nnlab:7  lstm 3\n        LSTM(4, 3, return_sequences=False),\n");
    expect(text).toContain('        for block in model[0].weight_hh_l0.chunk(1):\n            nn.init.eye_(block)\n');
    expect(text).toContain('        for block in model[1].weight_hh_l0.chunk(4):\n            nn.init.orthogonal_(block)\n');
  });

  it('writes token models as nn.Embedding, our positional encoding and nn.TransformerEncoderLayer', () => {
    const context = contextFor('data reversal n=8 length=5\nmodel\n  embedding 11 4\n  positional learned=true init=random_normal\n  attention 2 dropout=0.1\n  dense 11 softmax\ntrain epochs=1');
    const text = modelSection(context);
    expect(text).toMatch(/^class PositionalEncoding\(nn\.Module\):/);
    expect(text).toContain(
      [
        '        nn.Embedding(11, 4),',
        '        # nb.nnlab:7  positional learned=true init=random_normal',
        '        PositionalEncoding(5, 4, learned=True),',
        '        # nb.nnlab:8  attention 2 dropout=0.1',
        '        nn.TransformerEncoderLayer(4, 2, dim_feedforward=16, dropout=0.1, activation="relu", layer_norm_eps=0.00001, batch_first=True, norm_first=False),',
      ].join('\n'),
    );
    expect(text).toContain('        nn.init.normal_(model[1].weight, mean=0.0, std=0.05)\n');
  });

  it('truncates backpropagation through time by running bptt steps at a time with the state detached', () => {
    const text = modelSection(contextFor('data adding n=8 length=5\nmodel\n  lstm 3 bptt=2\n  dense 1\ntrain epochs=1'));
    expect(text).toContain('        LSTM(2, 3, return_sequences=False, bptt=2),\n');
    expect(text).toContain('                    state = tuple(part.detach() for part in state) if isinstance(state, tuple) else state.detach()\n');
    expect(modelSection(contextFor('data adding n=8 length=5\nmodel\n  lstm 3\n  dense 1\ntrain epochs=1'))).not.toContain('bptt');
  });

  it('freezes trainable=false layers with requires_grad_(False), keeping a frozen batch norm in eval()', () => {
    const text = modelSection(contextFor(`${DATA}\nmodel\n  dense 4 relu trainable=false\n  batchnorm trainable=false\n  dense 1 sigmoid\n${TRAIN}`));
    expect(text).toContain('    model[0].requires_grad_(False)  # nb.nnlab:6  dense 4 relu trainable=false\n    model[2].requires_grad_(False)  # nb.nnlab:7  batchnorm trainable=false\n');
    expect(text).toContain('    for index in (2,):\n        layers[index].eval()');
    expect(modelSection(contextFor(notebook('')))).toContain('def training_mode(model):\n    """model.train()."""\n    model.train()');
  });

  it('writes a gain torch has no argument for into σ', () => {
    const context = contextFor(notebook('model\n  dense 4 init=he_uniform(gain=2)\n  dense 1 sigmoid'));
    // σ = 2·√(2/2), bound √3·σ.
    expect(modelSection(context)).toContain(`nn.init.uniform_(model[0].weight, ${-Math.sqrt(3) * 2}, ${Math.sqrt(3) * 2})  # he_uniform: U(±√3·σ), σ = gain·√(2/(1 + a²)/fan_in)`);
  });

  it('leaves LSUV to a weights file, and refuses it without one', () => {
    const source = notebook('model\n  dense 4 tanh init=lsuv\n  dense 1 sigmoid');
    expect(refusal(() => modelSection(contextFor(source)))).toEqual({
      message: 'init=lsuv depends on the data as our engine sees it and has no PyTorch counterpart; export with --weights FILE (weights saved from the notebook) instead',
      line: 3,
    });
    expect(modelSection(contextFor(source, 'w.safetensors'))).toContain('# lsuv: depends on the data; the weights file loaded below replaces it');
  });
});

describe('the optimizer part', () => {
  it.each([
    ['optimizer adam lr=0.002 amsgrad=true', 'torch.optim.Adam(parameters, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=True)'],
    ['optimizer adamw', 'torch.optim.AdamW(parameters, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False)'],
    ['optimizer sgd lr=0.1', 'torch.optim.SGD(parameters, lr=0.1, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0)'],
    ['optimizer nesterov lr=0.1', 'torch.optim.SGD(parameters, lr=0.1, momentum=0.9, dampening=0.0, nesterov=True, weight_decay=0.0)'],
    ['optimizer rmsprop centered=true', 'torch.optim.RMSprop(parameters, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=True)'],
    ['optimizer adagrad lr_decay=0.01', 'torch.optim.Adagrad(parameters, lr=0.01, lr_decay=0.01, weight_decay=0.0, initial_accumulator_value=0.0, eps=1e-10)'],
  ])('%s is %s', (statement, call) => {
    expect(optimizerSection(contextFor(notebook(statement)))).toBe(`def make_optimizer(parameters):\n    """nb.nnlab:8  ${statement}."""\n    return ${call}`);
  });

  it.each([
    ['optimizer adamw bias_correction=false', 'class AdamWithoutBiasCorrection(torch.optim.Optimizer):', 'AdamWithoutBiasCorrection(parameters, lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False, decoupled=True)'],
    ['optimizer nesterov momentum_form=velocity', 'class MomentumSGD(torch.optim.Optimizer):', 'MomentumSGD(parameters, lr=0.001, momentum=0.9, form="velocity", nesterov=True, weight_decay=0.0)'],
  ])('%s writes the rule out as a small optimizer class', (statement, definition, call) => {
    const text = optimizerSection(contextFor(notebook(statement)));
    expect(text.startsWith(definition)).toBe(true);
    expect(text.split('\n').at(-1)).toBe(`    return ${call}`);
  });

  it('is Adam, our default, when none is declared', () => {
    expect(optimizerSection(contextFor(notebook('')))).toContain('"""adam, the default optimizer."""');
  });

  it.each([
    ['clip norm 2', '    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=2.0)'],
    ['clip value 0.1', '    torch.nn.utils.clip_grad_value_(model.parameters(), clip_value=0.1)'],
    ['clip none', '    return'],
  ])('%s clips with %s', (statement, line) => {
    expect(clippingSection(contextFor(notebook(statement))).split('\n').at(-1)).toBe(line);
  });

  it.each([
    ['clip layer_norm 0.5', '        clip_to_norm(parameters, 0.5)\n'],
    ['clip agc clipping=0.02', '        max_norm = 0.02 * weights.norm(dim=1, keepdim=True).clamp(min=0.001)\n'],
    ['clip adaptive percentile=5 window=50', 'RECENT_NORMS = []  # the global gradient norms of the last 50 steps\n'],
  ])('%s is written out as plain code', (statement, line) => {
    expect(clippingSection(contextFor(notebook(statement)))).toContain(line);
  });
});

describe('the training part', () => {
  it('writes early stopping only when the train asks for it', () => {
    const plain = trainingSection(contextFor(notebook('')));
    expect(plain).not.toContain('PATIENCE');
    const stopping = trainingSection(contextFor(`${DATA}\nsplit val=0.2\nmodel\n  dense 1 sigmoid\ntrain epochs=9 patience=3 min_delta=0.01`));
    expect(stopping).toContain('PATIENCE = 3\nMIN_DELTA = 0.01\nRESTORE_BEST = False\n');
    expect(stopping).toContain('        if monitored < best - MIN_DELTA:\n');
  });

  it('writes Gaussian input noise as one line on each training batch', () => {
    const text = trainingSection(contextFor(notebook('augment noise=0.1')));
    expect(text).toContain('def augment(x):\n    """nb.nnlab:8  augment noise=0.1: Gaussian noise of σ = 0.1 on every input of a training batch."""\n    return x + 0.1 * torch.randn_like(x)\n');
    expect(text).toContain('            x, y = augment(x_train[mine].to(device)), y_train[mine].to(device)\n');
  });

  it('drops a last batch of one sample when the model has batch norm, as our run does', () => {
    // 61 samples in batches of 20 leave one.
    const source = 'data moons n=61\nmodel\n  dense 4 relu\n  batchnorm\n  dense 1 sigmoid\ntrain epochs=1 batch=20';
    expect(trainingSection(contextFor(source))).toContain('DROP_LAST = True  # batch norm would see a last batch of one sample\n');
  });
});

describe('the loss part', () => {
  it.each([
    ['loss binary_crossentropy', '-(target * ProbabilityLog.apply(output) + (1 - target) * ProbabilityLog.apply(1 - output)).mean()', 'rows'],
    // A dropout after the sigmoid: ours takes no fused gradient, and the clamp passes none, as PyTorch's.
    ['model\n  dense 1 sigmoid\n  dropout 0.1\nloss binary_crossentropy', 'F.binary_cross_entropy(output.clamp(EPSILON, 1 - EPSILON), target)', 'rows'],
    ['model\n  dense 1\nloss binary_crossentropy from_logits=true', 'F.binary_cross_entropy_with_logits(output, target)', 'rows'],
    ['model\n  dense 2 softmax\nloss categorical_crossentropy', 'F.nll_loss(ProbabilityLog.apply(output), target)', 'indices'],
    ['model\n  dense 2\nloss cross_entropy', 'F.cross_entropy(output, target)', 'indices'],
    ['model\n  dense 2\nloss nll', 'F.nll_loss(output, target)', 'indices'],
    ['model\n  dense 2 softmax\nloss kl_divergence', '(target * torch.log(target / output.clamp(EPSILON, 1))).sum(dim=-1).mean()', 'indices'],
    ['model\n  dense 1\nloss hinge', 'torch.clamp(1 - target * output, min=0).mean()', 'rows'],
    ['model\n  dense 2\nloss hinge', 'torch.clamp(1 - target * output, min=0).mean()', 'indices'],
  ])('%s', (statement, call, targets) => {
    const part = lossSection(contextFor(notebook(statement)));
    expect(part.code.split('\n').at(-1)).toBe(`    return ${call}`);
    expect(part.targets).toBe(targets);
  });
});

describe('refusals', () => {
  it('refuses a loss other than cross-entropy over a prediction per timestep', () => {
    const source = 'data reversal n=8 length=5\nmodel\n  embedding 11 4\n  gru 3 return_sequences=true\n  dense 11 softmax\nloss kl_divergence\ntrain epochs=1';
    expect(refusal(() => pytorchScript(contextFor(source)))).toEqual({
      message: 'loss kl_divergence over outputs of shape [5, 11] (a prediction per timestep) is not exported so far; end the model in one prediction per sample',
      line: 6,
    });
  });

  it('scores a class per timestep as batch × time rows', () => {
    const source = 'data reversal n=8 length=5\nmodel\n  embedding 11 4\n  gru 3 return_sequences=true\n  dense 11 softmax\nloss sparse_categorical_crossentropy\ntrain epochs=1';
    const part = lossSection(contextFor(source));
    expect(part.code.split('\n').at(-1)).toBe('    return F.nll_loss(ProbabilityLog.apply(output.reshape(-1, 11)), target.reshape(-1))');
  });

  it('refuses a loss it has no form for', () => {
    const source = 'data sine n=20\nmodel\n  dense 1\nloss cosine_similarity\ntrain epochs=1';
    expect(refusal(() => pytorchScript(contextFor(source)))).toEqual({ message: 'loss cosine_similarity has no PyTorch counterpart in the export yet', line: 4 });
  });

  it('refuses loading part of a model before the train', () => {
    expect(refusal(() => contextFor(notebook('load weights "body.safetensors" include_top=false')))).toEqual({
      message: 'load weights with strict=false or include_top=false loads part of a model; the script loads a whole state dict: save the weights after this load and export with --weights FILE',
      line: 5,
    });
  });

  it('refuses shifting and turning images', () => {
    const source = 'data shapes n=8 size=8\nmodel\n  flatten\n  dense 4 softmax\naugment shift=1 noise=0.1\ntrain epochs=1';
    expect(refusal(() => pytorchScript(contextFor(source)))).toEqual({
      message: 'augment shift= and rotate= move images by our own interpolation, drawn from our random generator; only noise= is exported so far',
      line: 5,
    });
  });

  it('points a notebook that only compares at its compare', () => {
    expect(refusal(() => contextFor(`${DATA}\nmodel\n  dense 1 sigmoid\ncompare lr=[0.1, 0.01] epochs=2`))).toEqual({
      message: 'the notebook trains only in compare statements, several runs side by side; the script reproduces one run: add a train with the settings to export (e.g. train epochs=20)',
      line: 4,
    });
  });

  it('refuses a notebook without a train statement', () => {
    expect(refusal(() => contextFor(`${DATA}\nmodel\n  dense 1 sigmoid`)).message).toContain('the notebook has no train statement');
  });
});

it('writes the same script for the same notebook', () => {
  const source = notebook('optimizer adam\nclip norm 1\nschedule warmup 5 then cosine');
  expect(pytorchScript(contextFor(source)).script).toBe(pytorchScript(contextFor(source)).script);
});
