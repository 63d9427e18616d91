import { initializers } from '../../engine/initializers';
import { layerConfig, layerInputShapes, layers } from '../../engine/layers';
import type { ConceptRef } from '../../lang/program';
import type { SourceLocation } from '../../protocol/cell-output';
import { cite, refuse, type ScriptContext } from './context';
import { pyBool, pyFloat, pyString } from './python';

/**
 * The model as nn.Sequential, with the modules PyTorch users write and the
 * indices our weight files use (src/engine/weights/pytorch-names.ts): a
 * dense or conv2d layer is a Linear or Conv2d followed by its activation's
 * module (none for linear), every other layer one module. Then each
 * weight's initializer as an explicit torch.nn.init call with the same formula.
 */
export function modelSection(context: ScriptContext): string {
  const { declarations, data } = context.program;
  const model = declarations.model!;
  const specs = model.value;
  const configs = specs.map((spec) => layerConfig(spec));
  // The engine's own shapes: a first layer that reads rows (dense on images, say) takes the sample flattened.
  const shapes = layerInputShapes(data.train.sampleShape, configs).inputs;
  const modules: string[] = [];
  const inits: string[] = [];
  const frozen: string[] = [];
  const frozenStatistics: number[] = [];
  let next = 0;
  const add = (module: string): void => {
    modules.push(module);
    next++;
  };
  specs.forEach((spec, index) => {
    const location = model.parts?.[index] ?? model.location;
    const inputShape = shapes[index];
    const o = layers.get(spec.kind).params.resolveNamed(spec.options) as Record<string, unknown>;
    const module = next;
    // Every layer's input rank was checked by the engine (layerInputShapes) when the notebook was read.
    const images = inputShape.length === 3;
    modules.push(`# ${cite(context, location)}`);
    if (o.trainable === false) {
      frozen.push(`model[${module}].requires_grad_(False)  # ${cite(context, location)}`);
      if (spec.kind === 'batchnorm') frozenStatistics.push(module);
    }
    const weights = (fanIn: number, fanOut: number) => {
      const useBias = o.useBias !== false;
      inits.push(`# ${cite(context, location)}`);
      inits.push(...initCalls(context, `model[${module}].weight`, spec.concepts.init ?? DEFAULT_INIT, { fanIn, fanOut, matrix: true }, location));
      if (useBias) inits.push(...initCalls(context, `model[${module}].bias`, spec.concepts.bias_init ?? ZEROS, { fanIn, fanOut, matrix: false }, location));
    };
    const activation = () => {
      const written = activationModule(context, spec.concepts.activation, location);
      if (written) add(written);
    };
    const bias = o.useBias === false ? ', bias=False' : '';
    switch (spec.kind) {
      case 'dense': {
        // nn.Linear maps the last axis, so it takes feature rows and each step of a sequence, as ours.
        const units = Number(o.units);
        const features = inputShape[inputShape.length - 1];
        add(`nn.Linear(${features}, ${units}${bias}),`);
        activation();
        weights(features, units);
        break;
      }
      case 'conv2d': {
        const [channels] = inputShape;
        const filters = Number(o.filters);
        const kernel = Number(o.kernel);
        const padding = typeof o.padding === 'number' ? String(o.padding) : pyString(String(o.padding));
        add(`nn.Conv2d(${channels}, ${filters}, kernel_size=${kernel}, stride=${Number(o.stride)}, padding=${padding}, dilation=${Number(o.dilation)}${bias}),`);
        activation();
        // The fans PyTorch computes for a [filters, channels, k, k] weight.
        weights(channels * kernel * kernel, filters * kernel * kernel);
        break;
      }
      case 'maxpool':
      case 'avgpool': {
        const size = Number(o.size);
        // Our average pool counts padding in the window, as PyTorch's default count_include_pad=True.
        add(`nn.${spec.kind === 'maxpool' ? 'MaxPool2d' : 'AvgPool2d'}(kernel_size=${size}, stride=${Number(o.stride ?? size)}, padding=${Number(o.padding)}),`);
        break;
      }
      case 'global_avgpool':
        add('GlobalAveragePool(),');
        break;
      case 'rnn':
      case 'lstm':
      case 'gru': {
        const [, features] = inputShape;
        const units = Number(o.units);
        const gates = GATES[spec.kind];
        const nonlinearity = spec.kind === 'rnn' && o.nonlinearity === 'relu' ? ", nonlinearity='relu'" : '';
        const bptt = o.bptt === undefined ? '' : `, bptt=${Number(o.bptt)}`;
        add(`${RECURRENT_CLASS[spec.kind]}(${features}, ${units}${nonlinearity}, return_sequences=${pyBool(o.returnSequences === true)}${bptt}),`);
        inits.push(`# ${cite(context, location)}`);
        inits.push(...initCalls(context, `model[${module}].weight_ih_l0`, spec.concepts.init ?? DEFAULT_INIT, { fanIn: features, fanOut: gates * units, matrix: true }, location));
        // Each gate's block of the recurrent weight is filled on its own, as ours is (an orthogonal matrix per gate).
        const recurrent = initCalls(context, 'block', spec.concepts.recurrent_init ?? ORTHOGONAL, { fanIn: units, fanOut: units, matrix: true }, location);
        inits.push(`for block in model[${module}].weight_hh_l0.chunk(${gates}):`, ...recurrent.map((line) => `    ${line}`));
        const biasInit = spec.concepts.bias_init ?? ZEROS;
        inits.push(...initCalls(context, `model[${module}].bias_ih_l0`, biasInit, { fanIn: features, fanOut: gates * units, matrix: false }, location));
        inits.push(...initCalls(context, `model[${module}].bias_hh_l0`, biasInit, { fanIn: units, fanOut: gates * units, matrix: false }, location));
        break;
      }
      case 'embedding':
        // PyTorch fills the table from N(0, 1), as ours does.
        add(`nn.Embedding(${Number(o.inputDim)}, ${Number(o.outputDim)}),`);
        break;
      case 'positional': {
        const learned = o.learned === true;
        add(`PositionalEncoding(${inputShape[0]}, ${inputShape[1]}, learned=${pyBool(learned)}),`);
        if (learned) {
          inits.push(`# ${cite(context, location)}`);
          inits.push(...initCalls(context, `model[${module}].weight`, spec.concepts.init ?? DEFAULT_INIT, { fanIn: inputShape[1], fanOut: inputShape[0], matrix: true }, location));
        }
        break;
      }
      case 'attention': {
        const features = inputShape[1];
        const options = [
          `dim_feedforward=${Number(o.ff ?? 4 * features)}`,
          `dropout=${pyFloat(Number(o.dropout))}`,
          'activation="relu"',
          `layer_norm_eps=${pyFloat(Number(o.eps))}`,
          'batch_first=True',
          `norm_first=${pyBool(o.norm === 'pre')}`,
        ];
        // Our block starts from PyTorch's own initialization, so the module's constructor draws as ours does.
        add(`nn.TransformerEncoderLayer(${features}, ${Number(o.heads)}, ${options.join(', ')}),`);
        break;
      }
      case 'layernorm':
        add(`nn.LayerNorm(${inputShape[inputShape.length - 1]}, eps=${pyFloat(Number(o.eps))}),`);
        break;
      case 'flatten':
        add('nn.Flatten(),');
        break;
      case 'dropout':
        add(`nn.Dropout(p=${pyFloat(Number(o.rate))}),`);
        break;
      case 'batchnorm':
        add(`nn.BatchNorm${images ? '2d' : '1d'}(${inputShape[0]}, eps=${pyFloat(Number(o.eps))}, momentum=${pyFloat(Number(o.momentum))}),`);
        break;
      default:
        refuse(context, location, `layer ${spec.kind} has no PyTorch module in the export yet`);
    }
  });
  const build = [
    'def build_model():',
    `    """The notebook's model as nn.Sequential; ${cite(context, model.location)}."""`,
    '    model = nn.Sequential(',
    ...modules.map((line) => `        ${line}`),
    '    )',
    '    with torch.no_grad():',
    ...inits.map((line) => `        ${line}`),
    // trainable=false: no gradient, no update, no optimizer state (make_optimizer gets the others only).
    ...frozen.map((line) => `    ${line}`),
    '    return model',
  ].join('\n');
  const classes: string[] = [
    ...(specs.some((spec) => spec.kind === 'global_avgpool') ? [GLOBAL_AVERAGE_POOL] : []),
    ...(specs.some((spec) => spec.kind === 'positional') ? [POSITIONAL_ENCODING] : []),
    ...(['rnn', 'lstm', 'gru'] as const)
      .filter((kind) => specs.some((spec) => spec.kind === kind))
      .map((kind) => recurrentClass(kind, specs.some((spec) => spec.kind === kind && spec.options.bptt !== undefined))),
  ];
  // Training mode, but a frozen batch norm keeps computing on its running statistics, as ours (Keras's rule).
  const training = [
    'def training_mode(model):',
    `    """model.train()${frozenStatistics.length > 0 ? ', but the frozen batch norms stay in eval(): they keep their running statistics, as ours' : ''}."""`,
    '    model.train()',
    ...(frozenStatistics.length > 0
      ? ['    layers = model.module if isinstance(model, DistributedDataParallel) else model', `    for index in (${frozenStatistics.join(', ')},):`, '        layers[index].eval()']
      : []),
  ].join('\n');
  return [...classes, build, training].join('\n\n\n');
}

/** Our positional layer: PyTorch has none, so the script defines it (its learned table keeps our weight name, `weight`). */
const POSITIONAL_ENCODING = `class PositionalEncoding(nn.Module):
    """x + P on [batch, time, features]: P the sinusoids of Vaswani et al. (a sine at
    each even feature, a cosine at each odd one, wavelengths from 2π to 10000·2π)
    or, learned, a trained [time, features] table."""

    def __init__(self, timesteps, features, learned=False):
        super().__init__()
        self.learned = learned
        if learned:
            self.weight = nn.Parameter(torch.empty(timesteps, features))
            return
        t = np.arange(timesteps, dtype=np.float64)[:, None]
        j = np.arange(features)
        angle = t / 10000.0 ** ((j - j % 2) / features)
        table = np.where(j % 2 == 0, np.sin(angle), np.cos(angle)).astype(np.float32)
        self.register_buffer("table", torch.from_numpy(table), persistent=False)

    def forward(self, x):
        return x + (self.weight if self.learned else self.table)`;

/** Gate blocks in each recurrent weight, as PyTorch stacks them. */
const GATES: Readonly<Record<string, number>> = { rnn: 1, lstm: 4, gru: 3 };
const RECURRENT_CLASS: Readonly<Record<string, string>> = { rnn: 'RNN', lstm: 'LSTM', gru: 'GRU' };

/**
 * PyTorch's recurrent modules return (output, state), which nn.Sequential
 * cannot pass on; ours give every step's h_t or the last one. A subclass
 * keeps PyTorch's parameter names (weight_ih_l0, …), so our weight files
 * load. With `truncated`, it runs `bptt` steps at a time and detaches the
 * state in between, which is how PyTorch users truncate backpropagation
 * through time and what ours does.
 */
function recurrentClass(kind: 'rnn' | 'lstm' | 'gru', truncated: boolean): string {
  const name = RECURRENT_CLASS[kind];
  const whole = ['        output, _ = super().forward(x)'];
  const chunks = [
    '        if self.bptt is None:',
    '            output, _ = super().forward(x)',
    '        else:',
    '            outputs, state = [], None',
    '            for start in range(0, x.shape[1], self.bptt):',
    '                if state is not None:',
    '                    state = tuple(part.detach() for part in state) if isinstance(state, tuple) else state.detach()',
    '                chunk, state = super().forward(x[:, start:start + self.bptt], state)',
    '                outputs.append(chunk)',
    '            output = torch.cat(outputs, dim=1)',
  ];
  return [
    `class ${name}(nn.${name}):`,
    `    """nn.${name} on [batch, time, features] giving its outputs only: every step's h_t`,
    `    with return_sequences, else the last step's${truncated ? '; with bptt, the gradient through the state is cut every bptt steps' : ''}."""`,
    '',
    `    def __init__(self, input_size, hidden_size, return_sequences=False${truncated ? ', bptt=None' : ''}, **options):`,
    '        super().__init__(input_size, hidden_size, batch_first=True, **options)',
    '        self.return_sequences = return_sequences',
    ...(truncated ? ['        self.bptt = bptt'] : []),
    '',
    '    def forward(self, x):',
    ...(truncated ? chunks : whole),
    '        return output if self.return_sequences else output[:, -1]',
  ].join('\n');
}

const DEFAULT_INIT: ConceptRef = { name: 'glorot_uniform', options: {}, start: 0, end: 0 };
const ZEROS: ConceptRef = { name: 'zeros', options: {}, start: 0, end: 0 };
const ORTHOGONAL: ConceptRef = { name: 'orthogonal', options: {}, start: 0, end: 0 };

/** PyTorch has no one-module global average pool that ends in [batch, channels]; ours is one layer, so one module keeps the weight names. */
const GLOBAL_AVERAGE_POOL = `class GlobalAveragePool(nn.Module):
    """The mean of each channel over height and width: [N, C, H, W] to [N, C]."""

    def forward(self, x):
        return x.mean(dim=(2, 3))`;

/** The module for a dense layer's activation, or undefined for `linear`. */
function activationModule(context: ScriptContext, ref: ConceptRef | undefined, location: SourceLocation): string | undefined {
  const name = ref?.name ?? 'linear';
  const options = ref?.options ?? {};
  switch (name) {
    case 'linear':
      return undefined;
    case 'relu':
      return 'nn.ReLU(),';
    case 'tanh':
      return 'nn.Tanh(),';
    case 'sigmoid':
      return 'nn.Sigmoid(),';
    case 'softmax':
      return 'nn.Softmax(dim=-1),';
    case 'leaky_relu':
      return `nn.LeakyReLU(${pyFloat(Number(options.alpha ?? 0.01))}),`;
    case 'elu':
      return `nn.ELU(alpha=${pyFloat(Number(options.alpha ?? 1))}),`;
    case 'gelu':
      return `nn.GELU(approximate=${JSON.stringify(String(options.approximate ?? 'none'))}),`;
    default:
      return refuse(context, location, `activation ${name} has no PyTorch module mapping yet`);
  }
}

interface InitShape {
  readonly fanIn: number;
  readonly fanOut: number;
  /** A weight matrix [out, in]; false for a bias, which torch's fan-based initializers cannot take. */
  readonly matrix: boolean;
}

/**
 * torch.nn.init calls that draw from the same distribution as our
 * initializer (the values differ, as the random generators do). Where torch
 * has no named initializer with the same formula (a gain on He or LeCun, a
 * fan-based draw for a bias), the distribution is written with its σ or bound.
 */
function initCalls(context: ScriptContext, tensor: string, ref: ConceptRef, shape: InitShape, location: SourceLocation): string[] {
  const entry = initializers.get(ref.name);
  const o = entry.params.resolveNamed(ref.options) as Record<string, unknown>;
  const gain = Number(o.gain ?? 1);
  switch (entry.name) {
    case 'zeros':
      return [`nn.init.zeros_(${tensor})`];
    case 'ones':
      return [`nn.init.ones_(${tensor})`];
    case 'constant':
      return [`nn.init.constant_(${tensor}, ${pyFloat(Number(o.value))})`];
    case 'random_uniform':
      return [`nn.init.uniform_(${tensor}, ${pyFloat(Number(o.minval))}, ${pyFloat(Number(o.maxval))})`];
    case 'random_normal':
      return [`nn.init.normal_(${tensor}, mean=${pyFloat(Number(o.mean))}, std=${pyFloat(Number(o.stddev))})`];
    case 'small_random':
      return [`nn.init.normal_(${tensor}, mean=0.0, std=${pyFloat(Number(o.scale))})`];
    case 'glorot_uniform':
    case 'glorot_normal': {
      if (!shape.matrix) return varianceScalingDraw(tensor, entry.name, gain * Math.sqrt(2 / (shape.fanIn + shape.fanOut)), 'gain·√(2/(fan_in + fan_out))');
      const call = entry.name === 'glorot_uniform' ? 'xavier_uniform_' : 'xavier_normal_';
      return [`nn.init.${call}(${tensor}${gain === 1 ? '' : `, gain=${pyFloat(gain)}`})`];
    }
    case 'he_normal':
    case 'he_uniform':
    case 'lecun_normal':
    case 'lecun_uniform': {
      const he = entry.name.startsWith('he');
      const slope = he ? Number(o.negativeSlope ?? 0) : 0;
      const mode = String(o.mode ?? 'fan_in');
      const fan = mode === 'fan_out' ? shape.fanOut : shape.fanIn;
      const scale = he ? 2 / (1 + slope ** 2) : 1;
      if (!shape.matrix || gain !== 1) {
        return varianceScalingDraw(tensor, entry.name, gain * Math.sqrt(scale / fan), `gain·√(${he ? '2/(1 + a²)' : '1'}/${mode})`);
      }
      const call = entry.name.endsWith('normal') ? 'kaiming_normal_' : 'kaiming_uniform_';
      const nonlinearity = !he ? "'linear'" : slope === 0 ? "'relu'" : "'leaky_relu'";
      const a = he && slope !== 0 ? `a=${pyFloat(slope)}, ` : '';
      return [`nn.init.${call}(${tensor}, ${a}mode='${mode}', nonlinearity=${nonlinearity})`];
    }
    case 'orthogonal':
      if (!shape.matrix) return refuse(context, location, 'bias_init=orthogonal: a bias is no matrix to make orthogonal');
      return [`nn.init.orthogonal_(${tensor}${gain === 1 ? '' : `, gain=${pyFloat(gain)}`})`];
    case 'identity':
      if (!shape.matrix) return refuse(context, location, 'bias_init=identity: a bias has no diagonal');
      return gain === 1 ? [`nn.init.eye_(${tensor})`] : [`nn.init.eye_(${tensor}).mul_(${pyFloat(gain)})`];
    default:
      if (context.weights !== undefined) {
        return [`# ${entry.name}: depends on the data; the weights file loaded below replaces it`];
      }
      return refuse(context, location, `init=${entry.name} depends on the data as our engine sees it and has no PyTorch counterpart; export with --weights FILE (weights saved from the notebook) instead`);
  }
}

/** A draw of standard deviation σ: normal, or uniform on ±√3·σ, with the formula in a comment. */
function varianceScalingDraw(tensor: string, name: string, std: number, formula: string): string[] {
  if (name.endsWith('normal')) return [`nn.init.normal_(${tensor}, mean=0.0, std=${pyFloat(std)})  # ${name}: σ = ${formula}`];
  return [`nn.init.uniform_(${tensor}, ${pyFloat(-Math.sqrt(3) * std)}, ${pyFloat(Math.sqrt(3) * std)})  # ${name}: U(±√3·σ), σ = ${formula}`];
}

