import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { parseCell, type Span } from '../../src/lang/index';
import { lowerCell } from '../../src/lang/lower';
import type { CellProgram } from '../../src/lang/program';

/**
 * The meaning of cells: valid cells give exact instructions (names resolved to
 * their registered spelling, positional values in schema order), and every
 * problem is reported with its message at the characters it is about.
 *
 * Expected squiggles are written in the cell's text between ⟦ and ⟧:
 * `optimizer ⟦adamm⟧` is the cell `optimizer adamm` with a problem covering
 * `adamm`.
 */

/** The cell text without markers, and the spans the markers enclose, in order. */
function marked(text: string): { source: string; spans: Span[] } {
  let source = '';
  let open = -1;
  const spans: Span[] = [];
  for (const character of text) {
    if (character === '⟦') open = source.length;
    else if (character === '⟧') spans.push({ start: open, end: source.length });
    else source += character;
  }
  return { source, spans };
}

/** Lowers a cell the parser accepts without a problem. */
function lower(source: string): CellProgram {
  const parsed = parseCell(source);
  expect(parsed.problems, 'syntax problems').toEqual([]);
  return lowerCell(parsed.cell);
}

/** The cell's one instruction, without offsets (they have their own test). */
function instructionOf(source: string): unknown {
  const program = lower(source);
  expect(program.problems).toEqual([]);
  expect(program.instructions).toHaveLength(1);
  return withoutSpans(program.instructions[0]);
}

function withoutSpans(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (key === 'start' || key === 'end' ? undefined : v)));
}

const ref = (name: string, options: Record<string, unknown> = {}) => ({ name, options });

describe('lowerCell: valid cells', () => {
  it.each<[string, unknown]>([
    // Names resolve to the registered (Keras) spelling, whatever the case or the PyTorch alias.
    ['optimizer Adam', { kind: 'optimizer', optimizer: ref('adam') }],
    ['optimizer SGD lr=0.1 momentum=0.9 nesterov=true', { kind: 'optimizer', optimizer: ref('sgd', { lr: 0.1, momentum: 0.9, nesterov: true }) }],
    // sgd's first parameter is lr.
    ['optimizer sgd 0.1', { kind: 'optimizer', optimizer: ref('sgd', { lr: 0.1 }) }],
    // Keys read `-` as `_` and ignore case, as names do.
    ['optimizer adam weight-decay=0.01 LR=0.002', { kind: 'optimizer', optimizer: ref('adam', { weight_decay: 0.01, lr: 0.002 }) }],
    ['optimizer adam(lr=0.01)', { kind: 'optimizer', optimizer: ref('adam', { lr: 0.01 }) }],
    ['loss BCELoss', { kind: 'loss', loss: ref('binary_crossentropy') }],
    ['loss huber delta=2', { kind: 'loss', loss: ref('huber', { delta: 2 }) }],
    ['clip norm 1.0', { kind: 'clip', clip: ref('norm', { max_norm: 1 }) }],
    ['clip value 0.5', { kind: 'clip', clip: ref('value', { clip_value: 0.5 }) }],
    ['clip none', { kind: 'clip', clip: ref('none') }],
    // period is left out: the session sets it from the run's length.
    ['schedule warmup 100 then cosine min=1e-5', { kind: 'schedule', stages: [ref('warmup', { steps: 100 }), ref('cosine', { min: 1e-5 })] }],
    ['schedule cosine', { kind: 'schedule', stages: [ref('cosine')] }],
    ['schedule warmup 10 then warmup 5 then one_cycle', { kind: 'schedule', stages: [ref('warmup', { steps: 10 }), ref('warmup', { steps: 5 }), ref('one_cycle')] }],
    ['schedule step step_size=10 gamma=0.5', { kind: 'schedule', stages: [ref('step', { step_size: 10, gamma: 0.5 })] }],
    ['metrics accuracy top_k_accuracy(k=3)', { kind: 'metrics', metrics: [ref('accuracy'), ref('top_k_accuracy', { k: 3 })] }],
    // `val` is validation's short name; stratify defaults to true, seed to 0.
    ['split val=0.2', { kind: 'split', validation: 0.2, test: 0, seed: 0, stratify: true }],
    ['split validation=0.2 test=0.1 seed=3 stratify=false', { kind: 'split', validation: 0.2, test: 0.1, seed: 3, stratify: false }],
    ['normalize minmax', { kind: 'normalize', method: 'minmax' }],
    ['normalize', { kind: 'normalize', method: 'standard' }],
    ['augment noise=0.05', { kind: 'augment', noise: 0.05, shift: 0, rotate: 0 }],
    ['augment shift=2 rotate=10', { kind: 'augment', noise: 0, shift: 2, rotate: 10 }],
    // Only what train was given is in its options: the session fills in the rest.
    ['train', { kind: 'train', options: {} }],
    ['train epochs=40 batch=32 seed=1', { kind: 'train', options: { epochs: 40, batch: 32, seed: 1 } }],
    ['train steps=100 patience=3 min_delta=0.01 restore_best=true', { kind: 'train', options: { steps: 100, patience: 3, minDelta: 0.01, restoreBest: true } }],
    [
      'compare init=[zeros, he_normal] epochs=20',
      { kind: 'compare', setting: 'init', values: [{ type: 'concept', ...ref('zeros') }, { type: 'concept', ...ref('he_normal') }], options: { epochs: 20 } },
    ],
    ['compare lr=[0.1, 0.01]', { kind: 'compare', setting: 'lr', values: [{ type: 'number', value: 0.1 }, { type: 'number', value: 0.01 }], options: {} }],
    ['compare batch=[8, 32] seed=2', { kind: 'compare', setting: 'batch', values: [{ type: 'number', value: 8 }, { type: 'number', value: 32 }], options: { seed: 2 } }],
    [
      'compare optimizer=[sgd(lr=0.1), Adam]',
      { kind: 'compare', setting: 'optimizer', values: [{ type: 'concept', ...ref('sgd', { lr: 0.1 }) }, { type: 'concept', ...ref('adam') }], options: {} },
    ],
    [
      'compare normalize=[standard, none]',
      { kind: 'compare', setting: 'normalize', values: [{ type: 'concept', ...ref('standard') }, { type: 'concept', ...ref('none') }], options: {} },
    ],
    [
      'compare schedule=[cosine, step(step_size=5)]',
      { kind: 'compare', setting: 'schedule', values: [{ type: 'concept', ...ref('cosine') }, { type: 'concept', ...ref('step', { step_size: 5 }) }], options: {} },
    ],
    [
      // Each item may chain warmups before a schedule, as the schedule statement does; it is labelled as written.
      'compare schedule=[constant, warmup(100) then cosine, warmup(steps=50, start_factor=0.1) then step(10)] epochs=3',
      {
        kind: 'compare',
        setting: 'schedule',
        values: [
          { type: 'concept', ...ref('constant') },
          { type: 'chain', stages: [ref('warmup', { steps: 100 }), ref('cosine')], written: 'warmup(100) then cosine' },
          { type: 'chain', stages: [ref('warmup', { steps: 50, start_factor: 0.1 }), ref('step', { step_size: 10 })], written: 'warmup(steps=50, start_factor=0.1) then step(10)' },
        ],
        options: { epochs: 3 },
      },
    ],
    [
      'compare activation=[relu, leaky_relu(0.2)]',
      { kind: 'compare', setting: 'activation', values: [{ type: 'concept', ...ref('relu') }, { type: 'concept', ...ref('leaky_relu', { alpha: 0.2 }) }], options: {} },
    ],
    ['data csv "a.csv" target=label', { kind: 'data', source: { kind: 'csv', path: 'a.csv', target: 'label', task: 'auto' } }],
    ['data csv "runs/b.csv" target=price task=regression', { kind: 'data', source: { kind: 'csv', path: 'runs/b.csv', target: 'price', task: 'regression' } }],
    ['data spirals n=600 classes=3', { kind: 'data', source: { kind: 'named', dataset: ref('spirals', { n: 600, classes: 3 }) } }],
    ['data make_moons', { kind: 'data', source: { kind: 'named', dataset: ref('moons') } }],
    ['save weights "w.safetensors"', { kind: 'save', path: 'w.safetensors' }],
    ['load weights "runs/w.json"', { kind: 'load', path: 'runs/w.json', strict: true, includeTop: true }],
    ['load weights "body.safetensors" strict=false include_top=false', { kind: 'load', path: 'body.safetensors', strict: false, includeTop: false }],
    ['evaluate', { kind: 'evaluate' }],
    ['evaluate split=test', { kind: 'evaluate', split: 'test' }],
    ['inspect init', { kind: 'inspect', what: 'init' }],
  ])('%j', (source, expected) => {
    expect(instructionOf(source)).toEqual(expected);
  });

  it.each<[string, unknown[]]>([
    // kaiming_normal is PyTorch's name for he_normal.
    ['model\n  dense 32 relu init=kaiming_normal', [{ kind: 'dense', options: { units: 32 }, concepts: { activation: ref('relu'), init: ref('he_normal') } }]],
    // leaky_relu's one positional value is alpha; a layer with no activation is linear.
    ['model\n  dense 3 leaky_relu(0.01)\n  dense 1', [
      { kind: 'dense', options: { units: 3 }, concepts: { activation: ref('leaky_relu', { alpha: 0.01 }) } },
      { kind: 'dense', options: { units: 1 }, concepts: {} },
    ]],
    [
      'model\n  dense 4 tanh init=he_uniform(mode=fan_out) bias_init=constant(0.5) use-bias=false',
      [{
        kind: 'dense',
        options: { units: 4, use_bias: false },
        concepts: { activation: ref('tanh'), init: ref('he_uniform', { mode: 'fan_out' }), bias_init: ref('constant', { value: 0.5 }) },
      }],
    ],
    // PyTorch class names are layer names too; dropout's positional value is its rate.
    ['model\n  Linear 8\n  BatchNorm1d momentum=0.2\n  dropout 0.2', [
      { kind: 'dense', options: { units: 8 }, concepts: {} },
      { kind: 'batchnorm', options: { momentum: 0.2 }, concepts: {} },
      { kind: 'dropout', options: { rate: 0.2 }, concepts: {} },
    ]],
    // conv2d's padding is a name or a number of pixels, as PyTorch's.
    ['model\n  conv2d 8 3 relu padding=1 stride=2\n  conv2d 4 3 padding=same\n  lstm 16 return_sequences=true recurrent_init=identity', [
      { kind: 'conv2d', options: { filters: 8, kernel: 3, padding: 1, stride: 2 }, concepts: { activation: ref('relu') } },
      { kind: 'conv2d', options: { filters: 4, kernel: 3, padding: 'same' }, concepts: {} },
      { kind: 'lstm', options: { units: 16, return_sequences: true }, concepts: { recurrent_init: ref('identity') } },
    ]],
  ])('model %j', (source, layers) => {
    expect(instructionOf(source)).toEqual({ kind: 'model', layers });
  });

  it('keeps the offsets of each statement, layer and concept', () => {
    const source = 'metrics accuracy top_k_accuracy(k=3)\nmodel\n  dense 4 relu\n  dense 2\ntrain';
    const [metrics, model, train] = lower(source).instructions;
    const text = (span: Span) => source.slice(span.start, span.end);
    expect(text(metrics)).toBe('metrics accuracy top_k_accuracy(k=3)');
    expect(metrics.kind === 'metrics' && metrics.metrics.map(text)).toEqual(['accuracy', 'top_k_accuracy(k=3)']);
    expect(text(model)).toBe('model\n  dense 4 relu\n  dense 2');
    if (model.kind !== 'model' || model.layers[0].kind !== 'dense' || model.layers[1].kind !== 'dense') throw new Error('expected two dense layers');
    expect(model.layers.map(text)).toEqual(['dense 4 relu', 'dense 2']);
    expect(text(model.layers[0].concepts.activation)).toBe('relu');
    // The default activation is written nowhere, so the layer names none: the engine's default (linear) applies.
    expect(model.layers[1].concepts.activation).toBeUndefined();
    expect(text(train)).toBe('train');
  });

  it('spans a chained compare value from its first link to its last', () => {
    const source = 'compare schedule=[constant, warmup(100) then cosine(min=0)]';
    const [compare] = lower(source).instructions;
    if (compare.kind !== 'compare' || compare.values[1].type !== 'chain') throw new Error('expected a chained second value');
    const chain = compare.values[1];
    expect(source.slice(chain.start, chain.end)).toBe('warmup(100) then cosine(min=0)');
    expect(chain.stages.map((stage) => source.slice(stage.start, stage.end))).toEqual(['warmup(100)', 'cosine(min=0)']);
  });

  it("reads mnist's n= as its samples=, the spelling of the generated sets", () => {
    expect(instructionOf('data mnist n=500')).toEqual({ kind: 'data', source: { kind: 'named', dataset: { name: 'mnist', options: { samples: 500 } } } });
  });

  it('lowers every statement of a cell, in order', () => {
    const program = lower('data moons\nmodel\n  dense 2 softmax\n# a comment\noptimizer adam\ntrain epochs=1');
    expect(program.problems).toEqual([]);
    expect(program.instructions.map((i) => i.kind)).toEqual(['data', 'model', 'optimizer', 'train']);
  });
});

/** [cell with the squiggle marked, code, message] — the message a RegExp where it quotes a doc string kept elsewhere. */
type ProblemCase = [string, string, string | RegExp];

function expectProblem([text, code, message]: ProblemCase): void {
  const { source, spans } = marked(text);
  expect(spans, 'one marked span').toHaveLength(1);
  const program = lowerCell(parseCell(source).cell);
  expect(program.problems).toEqual([{ ...spans[0], code, severity: 'error', message: typeof message === 'string' ? message : expect.stringMatching(message) }]);
}

describe('lowerCell: problems, each at the characters it is about', () => {
  it.each<ProblemCase>([
    ['⟦optimzer⟧ adam', 'unknown-statement', "unknown statement 'optimzer' (did you mean 'optimizer'?)"],
    ['⟦fit⟧ epochs=3', 'unknown-statement', "unknown statement 'fit'"],
    ['train\n  ⟦dense 3⟧', 'unexpected-indent', "only model takes indented lines; 'train' does not"],
    ['optimizer adam then ⟦sgd⟧', 'unexpected-then', "'then' chains schedules; 'optimizer' cannot use it"],
    ['model\n  dense 3 then ⟦dense 2⟧', 'unexpected-then', "'then' chains schedules; a layer cannot use it"],
  ])('statements: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['model\n  ⟦dens⟧ 4', 'unknown-layer', "unknown layer 'dens' (did you mean 'dense'?); a layer line starts with a layer's name, such as dense, conv2d or lstm"],
    ['optimizer ⟦adamm⟧', 'unknown-name', "unknown optimizer 'adamm' (did you mean 'adam'?)"],
    ['optimizer ⟦adamm⟧(lr=0.1)', 'unknown-name', "unknown optimizer 'adamm' (did you mean 'adam'?)"],
    ['model\n  dense 4 init=⟦kaiming_normall⟧', 'unknown-name', "unknown initializer 'kaiming_normall' (did you mean 'kaiming_normal'?)"],
    ['model\n  dense 4 ⟦reluu⟧', 'unknown-name', "unknown activation 'reluu' (did you mean 'relu'?)"],
    ['loss ⟦msee⟧', 'unknown-name', "unknown loss 'msee' (did you mean 'mse'?)"],
    ['schedule warmup 10 then ⟦cosin⟧', 'unknown-name', "unknown schedule 'cosin' (did you mean 'cosine'?)"],
    ['metrics accuracy ⟦acuracy⟧', 'unknown-name', "unknown metric 'acuracy' (did you mean 'accuracy'?)"],
    ['data ⟦spiralz⟧ n=100', 'unknown-name', "unknown dataset 'spiralz' (did you mean 'spirals'?)"],
    ['optimizer ⟦[adam]⟧', 'expected-name', 'expected the name of an optimizer'],
    ['metrics ⟦3⟧', 'expected-name', 'expected the name of a metric'],
  ])('names: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['optimizer adam lr=⟦0⟧', 'invalid-value', 'optimizer adam: lr must be > 0, got 0'],
    ['optimizer sgd(lr=⟦-0.1⟧)', 'invalid-value', 'optimizer sgd: lr must be > 0, got -0.1'],
    ['optimizer adam beta2=⟦1⟧', 'invalid-value', 'optimizer adam: beta2 must be in [0, 1), got 1'],
    ['optimizer adam lr=⟦fast⟧', 'invalid-value', 'optimizer adam: lr must be a finite number, got fast'],
    ['optimizer adam lr=⟦[1, 2]⟧', 'expected-value', 'optimizer adam: lr takes a single value here, not a list'],
    ['optimizer adam lr=⟦f(1)⟧', 'expected-value', 'optimizer adam: lr takes a single value here, not a call'],
    ['train epochs=⟦1e999⟧', 'invalid-value', 'train: epochs must be a finite number, got Infinity'],
    ['train epochs=⟦0⟧', 'invalid-value', 'train: epochs must be ≥ 1, got 0'],
    ['split val=⟦1⟧', 'invalid-value', 'split: validation must be in [0, 1), got 1'],
    ['normalize ⟦zscore⟧', 'invalid-value', 'normalize: method must be one of standard, minmax, none, got zscore'],
    ['augment noise=⟦-1⟧', 'invalid-value', 'augment: noise must be ≥ 0, got -1'],
    ['evaluate split=⟦val⟧', 'invalid-value', 'evaluate: split must be one of auto, test, validation, train, got val'],
    ['inspect ⟦weights⟧', 'invalid-value', 'inspect: what must be one of init, got weights'],
    ['model\n  dropout ⟦1.5⟧', 'invalid-value', 'dropout: rate must be in [0, 1), got 1.5'],
    ['model\n  batchnorm momentum=⟦2⟧', 'invalid-value', 'batchnorm: momentum must be in [0, 1], got 2'],
    ['model\n  dense 4 init=he_normal(mode=⟦fan_avg⟧)', 'invalid-value', 'initializer he_normal: mode must be one of fan_in, fan_out, got fan_avg'],
    // Checks only a built concept can make cover the whole concept.
    ['⟦optimizer sgd nesterov=true⟧', 'invalid-value', 'optimizer sgd: nesterov needs momentum > 0 and dampening = 0, got momentum=0, dampening=0'],
    ['model\n  dense 4 init=⟦random_uniform(minval=1, maxval=0)⟧', 'invalid-value', 'initializer random_uniform: maxval must be greater than minval, got minval=1, maxval=0'],
    // A window too large to keep is refused at its value, before anything is allocated.
    ['clip adaptive window=⟦1e308⟧', 'invalid-value', 'clip adaptive: window must be in [1, 100000], got 1e+308'],
  ])('values: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['model\n  dense ⟦-3⟧ relu', 'invalid-value', 'dense: units must be ≥ 1, got -3'],
    ['model\n  conv2d 8 3 padding=⟦-1⟧', 'invalid-value', 'conv2d: padding must be one of valid, same or a whole number ≥ 0, got -1'],
    ['model\n  conv2d 8 3 padding=⟦full⟧', 'invalid-value', 'conv2d: padding must be one of valid, same or a whole number ≥ 0, got full'],
    ['model\n  dense ⟦2.5⟧', 'invalid-value', 'dense: units must be a whole number, got 2.5'],
    ['model\n  dense ⟦relu⟧', 'invalid-value', 'dense: units must be a finite number, got relu'],
    ['model\n  ⟦dense⟧', 'missing-value', 'dense: units is required — Number of units: the width of the output.'],
    ['model\n  dense 4 relu ⟦sigmoid⟧', 'too-many-values', 'dense takes units and activation without names; name the others (init=…, bias_init=…, use_bias=…, trainable=…)'],
    ['model\n  dense 4 ⟦initt⟧=he_normal', 'unknown-parameter', "dense: unknown parameter 'initt' (did you mean 'init'?); it takes units, activation, init, bias_init, use_bias"],
    ['model\n  dense 4 use_bias=⟦1⟧', 'invalid-value', 'dense: use_bias must be true or false, got 1'],
    ['model\n  dense 4 relu(⟦0.1⟧)', 'too-many-values', 'activation relu takes no parameters'],
    ['model\n  dense 4 init=⟦[zeros]⟧', 'expected-name', 'expected the name of an initializer'],
    ['⟦model⟧', 'missing-value', 'model needs its layers on indented lines below it, e.g.\n  dense 16 relu\n  dense 1 sigmoid'],
    ['model ⟦3⟧\n  dense 2', 'unexpected-value', 'model takes no values; write its layers on the indented lines below it'],
  ])('layers: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['clip norm 1.0 ⟦2⟧', 'too-many-values', 'clip norm takes at most 1 value without a name'],
    ['optimizer adam ⟦lrr⟧=0.1', 'unknown-parameter', "optimizer adam: unknown parameter 'lrr' (did you mean 'lr'?); it takes lr, beta1, beta2, eps, weight_decay, amsgrad, bias_correction"],
    ['split ⟦tst⟧=0.1', 'unknown-parameter', "split: unknown parameter 'tst' (did you mean 'test'?); it takes validation, test, seed, stratify"],
    // A parameter given twice: by position and by name, or under its two spellings.
    ['clip norm 1.0 ⟦max_norm⟧=2', 'duplicate-key', 'clip norm: max_norm is given twice'],
    ['data spirals 100 ⟦n⟧=200', 'duplicate-key', 'dataset spirals: n is given twice'],
    ['split val=0.1 ⟦validation⟧=0.3', 'duplicate-key', 'split: validation is given twice'],
    ['data mnist n=500 ⟦samples⟧=400', 'duplicate-key', 'dataset mnist: samples is given twice'],
    ['schedule ⟦step⟧', 'missing-value', /^schedule step: step_size is required — /],
    ['schedule ⟦warmup⟧ then cosine', 'missing-value', /^schedule warmup: steps is required — /],
  ])('parameters: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['⟦optimizer⟧', 'missing-value', 'optimizer needs an optimizer name first, e.g. optimizer sgd'],
    ['⟦optimizer⟧ lr=0.1', 'missing-value', 'optimizer needs an optimizer name first, e.g. optimizer sgd'],
    ['⟦loss⟧', 'missing-value', 'loss needs a loss name first, e.g. loss mse'],
    ['⟦metrics⟧', 'missing-value', 'metrics needs at least one metric name, e.g. metrics accuracy'],
    ['⟦schedule⟧', 'missing-value', 'schedule needs a schedule name, e.g. schedule cosine or schedule warmup 100 then cosine'],
    ['schedule warmup 10 then ⟦min=0⟧', 'missing-value', 'schedule needs a schedule name, e.g. schedule cosine or schedule warmup 100 then cosine'],
    ['schedule ⟦cosine⟧ then step step_size=10', 'invalid-chain', "only warmup can come before 'then'; cosine is a whole schedule on its own"],
    ['schedule warmup 5 then ⟦cosine min=0⟧ then step step_size=10', 'invalid-chain', "only warmup can come before 'then'; cosine is a whole schedule on its own"],
  ])('concept statements: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['⟦compare⟧ epochs=3', 'invalid-compare', 'compare varies exactly one setting given as a list, e.g. compare init=[zeros, he_normal] epochs=20'],
    ['compare init=[zeros, he_normal] ⟦lr=[0.1, 0.2]⟧', 'invalid-compare', 'compare varies exactly one setting given as a list, e.g. compare init=[zeros, he_normal] epochs=20'],
    ['compare ⟦lr=0.1⟧', 'invalid-compare', 'compare: lr takes a list of the values to compare, e.g. lr=[0.1, 0.01]'],
    ['compare init=[zeros, he_normal] batch=16 ⟦optimizer=adam⟧', 'invalid-compare', 'compare: optimizer takes a list of the values to compare, e.g. optimizer=[sgd, adam]'],
    ['compare lr=⟦[0.1]⟧', 'invalid-compare', 'compare needs at least two values to compare'],
    ['compare ⟦momentum⟧=[0.9, 0.99]', 'invalid-compare', "compare cannot vary 'momentum'; it varies init, recurrent_init, activation, optimizer, lr, clip, schedule, batch, normalize"],
    ['compare ⟦optimiser⟧=[sgd, adam]', 'invalid-compare', "compare cannot vary 'optimiser' (did you mean 'optimizer'?); it varies init, recurrent_init, activation, optimizer, lr, clip, schedule, batch, normalize"],
    ['compare lr=[0.1, ⟦0⟧]', 'invalid-value', 'compare lr: a learning rate must be > 0, got 0'],
    ['compare lr=[0.1, ⟦fast⟧]', 'expected-number', 'compare lr must be a number'],
    ['compare batch=[⟦1.5⟧, 8]', 'invalid-value', 'compare batch: a batch must be a whole number ≥ 1, got 1.5'],
    ['compare normalize=[standard, ⟦zscore⟧]', 'invalid-value', 'normalize: method must be one of standard, minmax, none, got zscore'],
    ['compare init=[zeros, ⟦he_normall⟧]', 'unknown-name', "unknown initializer 'he_normall' (did you mean 'he_normal'?)"],
    ['compare optimizer=[adam, sgd(lr=⟦0⟧)]', 'invalid-value', 'optimizer sgd: lr must be > 0, got 0'],
    ['compare init=[zeros, he_normal] ⟦lr=0.1⟧', 'invalid-compare', 'compare: lr takes a list of the values to compare, e.g. lr=[0.1, 0.01]'],
    ['compare init=[zeros, ⟦he_normal then glorot_uniform⟧]', 'unexpected-then', "'then' chains schedules: in a schedule statement, or in an item of compare schedule=[…]; init values cannot be chained"],
    [
      'compare schedule=[constant, warmup(100)] then ⟦cosine⟧',
      'unexpected-then',
      "'then' chains schedules; 'compare' cannot use it, but an item of compare schedule=[…] can: schedule=[constant, warmup(100) then cosine]",
    ],
    ['compare schedule=[constant, ⟦cosine⟧ then step(10)]', 'invalid-chain', "only warmup can come before 'then'; cosine is a whole schedule on its own"],
    ['compare schedule=[constant, warmup(100) then ⟦cosin⟧]', 'unknown-name', "unknown schedule 'cosin' (did you mean 'cosine'?)"],
    ['compare schedule=[constant, ⟦warmup⟧ then cosine]', 'missing-value', /^schedule warmup: steps is required — /],
  ])('compare: %j', (...c) => expectProblem(c));

  it.each<ProblemCase>([
    ['⟦data⟧', 'missing-value', 'data needs a data set name first, e.g. data spirals, data iris, or data csv "file.csv" target=label'],
    ['data ⟦3⟧', 'missing-value', 'data needs a data set name first, e.g. data spirals, data iris, or data csv "file.csv" target=label'],
    ['⟦data⟧ csv "a.csv"', 'missing-value', 'data csv needs target=COLUMN, the header of the column to predict'],
    ['data ⟦csv⟧ target=y', 'missing-value', 'data csv needs the file\'s path as a string next: data csv "file.csv" target=label'],
    ['data ⟦csv⟧', 'missing-value', 'data csv needs the file\'s path as a string next: data csv "file.csv" target=label'],
    ['data csv ⟦3⟧ target=y', 'missing-value', 'data csv needs the file\'s path as a string next: data csv "file.csv" target=label'],
    ['data csv "a.csv" target=⟦[y]⟧', 'expected-value', 'data csv: target takes a single value here, not a list'],
    ['data csv "a.csv" target=y task=⟦both⟧', 'invalid-value', 'data csv: task must be one of auto, classification, regression, got both'],
    ['save ⟦weights⟧', 'missing-value', 'write save weights "file.safetensors" (or a .json file)'],
    ['⟦save⟧', 'missing-value', 'write save weights "file.safetensors" (or a .json file)'],
    ['save ⟦"w.json"⟧', 'missing-value', 'write save weights "file.safetensors" (or a .json file)'],
    ['load weights "a.json" ⟦"b.json"⟧', 'too-many-values', 'load weights takes no values without names; name the others (strict=…, include_top=…)'],
    ['save weights "a.json" ⟦strict=false⟧', 'unexpected-value', "save weights takes only the file's path"],
  ])('data and files: %j', (...c) => expectProblem(c));

  it('reports every problem of a cell, not only the first', () => {
    const { source, spans } = marked(
      ['optimizer ⟦adamm⟧', 'model', '  dense ⟦-1⟧ ⟦reluu⟧', '  ⟦dens⟧ 3', 'clip norm 1.0 ⟦2⟧', '⟦trian⟧ epochs=3', 'compare lr=[0.1, ⟦-1⟧]'].join('\n'),
    );
    const program = lowerCell(parseCell(source).cell);
    expect(program.problems.map(({ start, end, code }) => ({ start, end, code }))).toEqual(
      ['unknown-name', 'invalid-value', 'unknown-name', 'unknown-layer', 'too-many-values', 'unknown-statement', 'invalid-value'].map((code, i) => ({ ...spans[i], code })),
    );
    // Each statement with a problem gives no instruction.
    expect(program.instructions).toEqual([]);
  });

  it('does not report again an empty clause the parser reported', () => {
    const source = 'schedule cosine then';
    const parsed = parseCell(source);
    expect(parsed.problems.map((p) => p.code)).toEqual(['empty-clause']);
    // Only the chain is the checker's: cosine cannot come before 'then'.
    expect(lowerCell(parsed.cell).problems.map((p) => [p.code, source.slice(p.start, p.end)])).toEqual([['invalid-chain', 'cosine']]);
  });
});

describe('lowerCell on arbitrary text', () => {
  const VALID = [
    [
      'data spirals n=600 classes=3 noise=0.15 seed=7',
      'split val=0.2 test=0.1',
      'normalize standard',
      'model',
      '  dense 32 relu init=he_normal(mode=fan_out)',
      '  batchnorm momentum=0.1',
      '  dense 32 leaky_relu(0.01) init=he_uniform bias_init=constant(0.5)',
      '  dropout 0.2',
      '  dense 3 softmax',
      'loss sparse_categorical_crossentropy',
      'optimizer adam lr=0.003',
      'clip norm 1.0',
      'schedule warmup 100 then cosine min=1e-5',
      'metrics accuracy top_k_accuracy(k=3)',
      'train epochs=40 batch=32 seed=1',
    ].join('\n'),
    [
      'data csv "a.csv" target=label task=classification',
      'compare init=[zeros, he_normal, constant(0.5)] epochs=20',
      'compare optimizer=[sgd(lr=0.1), adam] batch=4',
      'compare schedule=[cosine, step(step_size=3), one_cycle]',
      'clip adaptive percentile=90 window=100',
      'save weights "w.safetensors"',
      'load weights "w.json"',
      'evaluate split=test',
      'inspect init',
      'augment noise=0.1',
    ].join('\n'),
  ];
  const PIECES = ['=', '(', ')', '[', ']', ',', ' then ', '\n', '\n  ', '-1', '0', '1e999', '1e308', '2.5', '"s"', 'true', 'x', 'lr',
    'relu', 'dense', 'model', 'schedule', 'compare', 'init=', 'k=', 'window=', '#', '@', '__proto__', 'constructor', 'max_norm=-5', 'csv', 'weights', '⟦'];

  it('never throws, and every problem lies within the text (seeded fuzz over mutated valid cells)', () => {
    const rng = new Rng(2024);
    for (let round = 0; round < 600; round++) {
      let text = VALID[rng.int(VALID.length)];
      const edits = 1 + rng.int(5);
      for (let e = 0; e < edits; e++) {
        const at = rng.int(text.length + 1);
        const op = rng.int(3);
        if (op === 0) text = text.slice(0, at) + PIECES[rng.int(PIECES.length)] + text.slice(at);
        else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + rng.int(8));
        else {
          const from = rng.int(text.length + 1);
          text = text.slice(0, at) + text.slice(from, from + rng.int(12)) + text.slice(at);
        }
      }
      let program: CellProgram;
      try {
        program = lowerCell(parseCell(text).cell);
      } catch (error) {
        throw new Error(`lowerCell threw on ${JSON.stringify(text)}: ${String(error)}`);
      }
      for (const problem of program.problems) {
        expect(problem.start >= 0 && problem.start <= problem.end && problem.end <= text.length, `${JSON.stringify(text)}: ${problem.message}`).toBe(true);
        expect(problem.message.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('compare keeps batch as a train option', () => {
  it('reads batch=16 beside a compared list as the runs\' batch size', () => {
    const program = lowerCell(parseCell('compare init=[zeros, he_normal] epochs=2 batch=16').cell);
    expect(program.problems).toEqual([]);
    expect(program.instructions[0]).toMatchObject({ kind: 'compare', setting: 'init', options: { epochs: 2, batch: 16 } });
  });
});
