import { ConfigError } from '../errors';
import { createInitializer, initializers, type Initializer } from '../initializers';
import { gemmNN, gemmNTBias, gemmTN } from '../kernels';
import { createParameter, type Parameter } from '../parameter';
import { boolean, choice, optionalNumber, requiredNumber, type ParamList, type ParamSpecs } from '../params';
import type { Rng } from '../rng';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerConfig, type LayerEntry } from './layer-entry';
import { sumRows } from './row-ops';

/**
 * What `rnn`, `lstm` and `gru` share: the parameters in PyTorch's layout, the
 * time loop forward and backward, truncation and the per-step gradient norms.
 * Each cell (./rnn.ts, ./lstm.ts, ./gru.ts) supplies only its step.
 *
 * Inside, everything is time-major ([T, B, ·]) so that one step's rows are
 * contiguous and a per-step product is one GEMM; the input is turned
 * time-major once, its projection for all steps is one [T·B, F]×[F, G·H]
 * product, and so are the weight gradients after the backward loop.
 */

const initializerNames = initializers.entries().map((entry) => entry.name);

/** The language options every recurrent layer takes (`lstm 32 return_sequences=true bptt=20`). */
export const recurrentSpecs = {
  units: requiredNumber({ min: 1, integer: true, doc: 'H: the size of the hidden state (PyTorch hidden_size).' }),
  returnSequences: boolean({
    default: false,
    doc: 'Output every step’s h_t, [T, H], instead of the last one, [H] (Keras return_sequences; PyTorch returns both).',
  }),
  bptt: optionalNumber({
    min: 1,
    integer: true,
    doc: 'Truncated backpropagation through time: the gradient through the state is cut every bptt steps from the start, as PyTorch’s detach() every bptt steps. Unset: through the whole sequence.',
  }),
  init: choice({
    values: initializerNames,
    default: 'glorot_uniform',
    doc: 'Initializer of weight_ih_l0 [G·H, F], filled as one matrix (Keras’s kernel_initializer default glorot_uniform).',
  }),
  recurrentInit: choice({
    values: initializerNames,
    default: 'orthogonal',
    doc: 'Initializer of weight_hh_l0 [G·H, H], each gate’s H×H block filled on its own (Keras’s default orthogonal; identity for an IRNN).',
  }),
  biasInit: choice({ values: initializerNames, default: 'zeros', doc: 'Initializer of bias_ih_l0 and bias_hh_l0 [G·H].' }),
} satisfies ParamSpecs;

/** How a recurrent layer is built: resolved values, initializers as objects. */
export interface RecurrentOptions {
  /** H, the size of the hidden state. */
  readonly units: number;
  /** Output [T, H] (every step) instead of [H] (the last step); default false, as Keras. */
  readonly returnSequences?: boolean;
  /** Cut the gradient through the state every bptt steps; default never. */
  readonly bptt?: number;
  /** Fills weight_ih_l0; default glorot_uniform. */
  readonly kernelInitializer?: Initializer;
  /** Fills each gate's H×H block of weight_hh_l0; default orthogonal. */
  readonly recurrentInitializer?: Initializer;
  /** Fills both biases; default zeros. */
  readonly biasInitializer?: Initializer;
  /** Skip dL/dx for the first layer, where nobody reads it. */
  readonly needsInputGradient?: boolean;
}

/**
 * A time-major [T, B, width] buffer with a view per step, made once per batch
 * size, so the time loop hands GEMM its rows without allocating.
 */
export class TimeMajor {
  private readonly buffer: BatchBuffer;
  private views: Float32Array[] = [];
  private leading: Float32Array = new Float32Array(0);
  private viewsBatch = -1;

  constructor(
    readonly steps: number,
    readonly width: number,
  ) {
    this.buffer = new BatchBuffer(steps * width);
  }

  /** All steps, [T, B, width]. */
  all(batch: number): Float32Array {
    return this.buffer.forBatch(batch);
  }

  /** Step t's [B, width] rows. */
  step(t: number, batch: number): Float32Array {
    this.refresh(batch);
    return this.views[t];
  }

  /** Every step but the last, [T − 1, B, width]. */
  allButLast(batch: number): Float32Array {
    this.refresh(batch);
    return this.leading;
  }

  private refresh(batch: number): void {
    const all = this.buffer.forBatch(batch);
    if (batch === this.viewsBatch && this.leading.buffer === all.buffer) return;
    const rows = batch * this.width;
    this.views = Array.from({ length: this.steps }, (_, s) => all.subarray(s * rows, (s + 1) * rows));
    this.leading = all.subarray(0, (this.steps - 1) * rows);
    this.viewsBatch = batch;
  }
}

/**
 * The shared part of a one-layer recurrent network on [T, F] sequences
 * (batch_first). Parameters are PyTorch's: weight_ih_l0 [G·H, F],
 * weight_hh_l0 [G·H, H], bias_ih_l0 and bias_hh_l0 [G·H], gate blocks in
 * PyTorch's order. Each step's pre-activations arrive split in two, the input
 * part x_t·W_ihᵀ + b_ih and the hidden part h_{t−1}·W_hhᵀ + b_hh, because the
 * GRU uses them apart.
 */
export abstract class Recurrent implements Layer {
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly steps: number;
  readonly features: number;
  readonly units: number;
  readonly returnSequences: boolean;
  readonly bptt: number | undefined;
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly biasIh: Parameter;
  readonly biasHh: Parameter;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  /**
   * After backward, ‖∂L/∂h_t‖₂ over the batch for each step t: the whole
   * gradient reaching h_t, from the output and from step t + 1 (after
   * truncation). Falling towards t = 0 is vanishing, growing is exploding.
   */
  readonly timestepGradientNorms: Float64Array;
  private readonly needsInputGradient: boolean;
  private readonly inputByStep: TimeMajor;
  /** x_t·W_ihᵀ + b_ih per step; a cell overwrites it with its activated gates. */
  protected readonly inputGates: TimeMajor;
  /** h_{t−1}·W_hhᵀ + b_hh per step. */
  protected readonly hiddenGates: TimeMajor;
  /** h_{−1} = 0, h_0, …, h_{T−1}: step t reads state t and writes state t + 1. */
  protected readonly states: TimeMajor;
  /** dL/d(input part of the pre-activations) per step. */
  protected readonly gradInputGates: TimeMajor;
  /** dL/d(hidden part); the same buffer as gradInputGates unless the cell uses the parts apart. */
  protected readonly gradHiddenGates: TimeMajor;
  private readonly gradInputByStep: TimeMajor;
  private readonly out: BatchBuffer;
  private readonly gradState: BatchBuffer;
  private readonly gradCarry: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private readonly biasSums: Float64Array;
  /** Whether this backward pass has multiplied by W_hh yet: from then on the kernel holds it. */
  private carriedThisPass = false;

  /**
   * `gates` is G, the number of H-wide blocks; `separateHiddenGradient` is set
   * by a cell whose hidden part's gradient differs from its input part's.
   */
  constructor(
    readonly kind: string,
    readonly name: string,
    inputShape: readonly number[],
    options: RecurrentOptions,
    rng: Rng,
    protected readonly gates: number,
    separateHiddenGradient: boolean,
  ) {
    const { units, bptt } = options;
    if (!Number.isInteger(units) || units < 1) throw new ConfigError(`${kind} ${name}: units must be a whole number ≥ 1, got ${units}`);
    if (bptt !== undefined && (!Number.isInteger(bptt) || bptt < 1)) {
      throw new ConfigError(`${kind} ${name}: bptt must be a whole number of steps ≥ 1, got ${bptt}`);
    }
    if (inputShape.length !== 2 || !inputShape.every((size) => Number.isInteger(size) && size >= 1)) {
      throw new ConfigError(`${kind} ${name}: input must be a sequence [timesteps, features], got [${inputShape.join(', ')}]`);
    }
    const [steps, features] = inputShape;
    const width = gates * units;
    this.steps = steps;
    this.features = features;
    this.units = units;
    this.bptt = bptt;
    this.returnSequences = options.returnSequences ?? false;
    this.needsInputGradient = options.needsInputGradient ?? true;
    this.inputShape = [steps, features];
    this.outputShape = this.returnSequences ? [steps, units] : [units];
    this.inputSize = steps * features;
    this.outputSize = this.returnSequences ? steps * units : units;

    this.weightIh = createParameter(name, 'weight_ih_l0', [width, features], 'weight');
    this.weightHh = createParameter(name, 'weight_hh_l0', [width, units], 'weight');
    this.biasIh = createParameter(name, 'bias_ih_l0', [width], 'bias');
    this.biasHh = createParameter(name, 'bias_hh_l0', [width], 'bias');
    this.parameters = [this.weightIh, this.weightHh, this.biasIh, this.biasHh];
    const kernelInitializer = options.kernelInitializer ?? createInitializer(recurrentSpecs.init.default);
    const recurrentInitializer = options.recurrentInitializer ?? createInitializer(recurrentSpecs.recurrentInit.default);
    const biasInitializer = options.biasInitializer ?? createInitializer(recurrentSpecs.biasInit.default);
    kernelInitializer.fill(this.weightIh.value, { rows: width, cols: features, fanIn: features, fanOut: width }, rng);
    // One H×H block per gate, as if each gate had its own recurrent matrix:
    // an orthogonal or identity start then holds for every gate.
    const block = units * units;
    for (let gate = 0; gate < gates; gate++) {
      const target = this.weightHh.value.subarray(gate * block, (gate + 1) * block);
      recurrentInitializer.fill(target, { rows: units, cols: units, fanIn: units, fanOut: units }, rng);
    }
    biasInitializer.fill(this.biasIh.value, { rows: width, cols: 1, fanIn: features, fanOut: width }, rng);
    biasInitializer.fill(this.biasHh.value, { rows: width, cols: 1, fanIn: units, fanOut: width }, rng);

    this.timestepGradientNorms = new Float64Array(steps);
    this.inputByStep = new TimeMajor(steps, features);
    this.inputGates = new TimeMajor(steps, width);
    this.hiddenGates = new TimeMajor(steps, width);
    this.states = new TimeMajor(steps + 1, units);
    this.gradInputGates = new TimeMajor(steps, width);
    this.gradHiddenGates = separateHiddenGradient ? new TimeMajor(steps, width) : this.gradInputGates;
    this.gradInputByStep = new TimeMajor(steps, features);
    this.out = new BatchBuffer(this.outputSize);
    this.gradState = new BatchBuffer(units);
    this.gradCarry = new BatchBuffer(units);
    this.gradInput = new BatchBuffer(this.inputSize);
    this.biasSums = new Float64Array(width);
  }

  /**
   * Step t: from the pre-activation parts at t and h_{t−1} (`previous`), write
   * h_t into `next` and keep what `stepBackward` needs.
   */
  protected abstract stepForward(t: number, batch: number, inputGates: Float32Array, hiddenGates: Float32Array, previous: Float32Array, next: Float32Array): void;

  /**
   * Step t backward: from dL/dh_t (`gradState`, all of it) write the gradients
   * of both pre-activation parts at t, and, unless the gradient is cut here
   * (`gradPrevious` undefined), dL/dh_{t−1} through this step into
   * `gradPrevious` (`carryThroughRecurrentWeight` gives the W_hh path). A cell
   * with more state (the LSTM's c) carries and cuts it the same way.
   */
  protected abstract stepBackward(t: number, batch: number, gradState: Float32Array, gradPrevious: Float32Array | undefined): void;

  forward(input: Float32Array, batch: number, _context: ForwardContext): Float32Array {
    const { steps, features, units } = this;
    const width = this.gates * units;
    const x = this.inputByStep.all(batch);
    swapBatchAndTime(input, x, batch, steps, features);
    const inputGates = this.inputGates.all(batch);
    gemmNTBias(inputGates, x, this.weightIh.value, this.biasIh.value, steps * batch, width, features);
    this.states.step(0, batch).fill(0);
    for (let t = 0; t < steps; t++) {
      const previous = this.states.step(t, batch);
      const hiddenGates = this.hiddenGates.step(t, batch);
      // W_hh is the same at every step of the pass and no other product runs between them: the kernel keeps it.
      gemmNTBias(hiddenGates, previous, this.weightHh.value, this.biasHh.value, batch, width, units, t > 0);
      this.stepForward(t, batch, this.inputGates.step(t, batch), hiddenGates, previous, this.states.step(t + 1, batch));
    }
    return this.writeOutput(batch);
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { steps, features, units } = this;
    const width = this.gates * units;
    const gradState = this.gradState.forBatch(batch);
    const gradCarry = this.gradCarry.forBatch(batch);
    this.carriedThisPass = false;
    for (let t = steps - 1; t >= 0; t--) {
      this.gradientReaching(t, batch, gradOutput, gradState, gradCarry);
      const cut = t === 0 || (this.bptt !== undefined && t % this.bptt === 0);
      this.stepBackward(t, batch, gradState, cut ? undefined : gradCarry);
      if (cut) gradCarry.fill(0);
    }

    const gradInputGates = this.gradInputGates.all(batch);
    const gradHiddenGates = this.gradHiddenGates.all(batch);
    gemmTN(this.weightIh.grad, gradInputGates, this.inputByStep.all(batch), width, features, steps * batch);
    // h_{t−1} for t = 0 … T−1 are the first T states, one contiguous block.
    gemmTN(this.weightHh.grad, gradHiddenGates, this.states.allButLast(batch), width, units, steps * batch);
    sumRows(gradInputGates, steps * batch, width, this.biasIh.grad, this.biasSums);
    // Where both parts share their gradient (every cell but the GRU), so do the two biases.
    if (gradHiddenGates === gradInputGates) this.biasHh.grad.set(this.biasIh.grad);
    else sumRows(gradHiddenGates, steps * batch, width, this.biasHh.grad, this.biasSums);

    const gradInput = this.gradInput.forBatch(batch);
    if (!this.needsInputGradient) return gradInput;
    const gradX = this.gradInputByStep.all(batch);
    gemmNN(gradX, gradInputGates, this.weightIh.value, steps * batch, features, width);
    swapBatchAndTime(gradX, gradInput, steps, batch, features);
    return gradInput;
  }

  /**
   * `gradPrevious` = dL/d(hidden part at t)·W_hh, the gradient h_{t−1}
   * receives through the recurrent weight; added to what it holds when `accumulate`.
   */
  protected carryThroughRecurrentWeight(t: number, batch: number, gradPrevious: Float32Array, accumulate = false): void {
    // As in forward: after the pass's first carry the kernel still holds W_hh.
    gemmNN(gradPrevious, this.gradHiddenGates.step(t, batch), this.weightHh.value, batch, this.units, this.gates * this.units, accumulate, this.carriedThisPass);
    this.carriedThisPass = true;
  }

  /** dL/dh_t = the output's gradient at t + what step t + 1 carried back; records its norm. */
  private gradientReaching(t: number, batch: number, gradOutput: Float32Array, gradState: Float32Array, gradCarry: Float32Array): void {
    const { steps, units } = this;
    const last = t === steps - 1;
    let squares = 0;
    for (let b = 0; b < batch; b++) {
      const from = this.returnSequences ? (b * steps + t) * units : b * units;
      const fromOutput = this.returnSequences || last;
      for (let j = 0; j < units; j++) {
        const at = b * units + j;
        const g = (last ? 0 : gradCarry[at]) + (fromOutput ? gradOutput[from + j] : 0);
        gradState[at] = g;
        squares += g * g;
      }
    }
    this.timestepGradientNorms[t] = Math.sqrt(squares);
  }

  private writeOutput(batch: number): Float32Array {
    const { steps, units } = this;
    const out = this.out.forBatch(batch);
    if (!this.returnSequences) {
      out.set(this.states.step(steps, batch));
      return out;
    }
    // States 1 … T, time-major, are the output sequence with batch and time swapped.
    const states = this.states.all(batch);
    for (let t = 0; t < steps; t++) {
      for (let b = 0; b < batch; b++) {
        const from = ((t + 1) * batch + b) * units;
        const to = (b * steps + t) * units;
        for (let j = 0; j < units; j++) out[to + j] = states[from + j];
      }
    }
    return out;
  }
}

/** to[j, i, ·] = from[i, j, ·] for a [n, m, width] block: batch-first ↔ time-major. */
function swapBatchAndTime(from: Float32Array, to: Float32Array, n: number, m: number, width: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      const source = (i * m + j) * width;
      const target = (j * n + i) * width;
      for (let k = 0; k < width; k++) to[target + k] = from[source + k];
    }
  }
}

/**
 * The registry entry of a recurrent layer with `gates` blocks: `rnn 32`
 * reads [T, F] and makes [H] (or [T, H] with return_sequences), and holds
 * G·H·(F + H + 2) values. `init` is what `compare init=[…]` replaces.
 */
export function recurrentLayerEntry<O extends RecurrentOptions>(
  name: string,
  aliases: readonly string[],
  params: ParamList,
  gates: number,
  build: (name: string, inputShape: readonly number[], options: O, rng: Rng) => Recurrent,
): LayerEntry {
  return {
    name,
    aliases,
    params,
    positional: 1,
    conceptOptions: {
      init: { kind: 'initializer', field: 'kernelInitializer', comparedAs: 'init' },
      recurrent_init: { kind: 'initializer', field: 'recurrentInitializer', comparedAs: 'recurrent_init' },
      bias_init: { kind: 'initializer', field: 'biasInitializer' },
    },
    inputRanks: [2],
    outputShape: (input, config) => {
      const { units, returnSequences } = config as LayerConfig & RecurrentOptions;
      return returnSequences ? [input[0], units] : [units];
    },
    parameterCount: (input, config) => {
      const { units } = config as LayerConfig & RecurrentOptions;
      return gates * units * (input[1] + units + 2);
    },
    create: (layerName, input, config, rng, isFirst) => build(layerName, input, { ...optionsOf<O>(config), needsInputGradient: !isFirst }, rng),
  };
}

/**
 * tanh(z) = 2σ(2z) − 1, through one Math.exp: V8's Math.tanh costs about
 * twice as much, and an LSTM takes two per unit per step. Within a few 1e-16
 * of Math.tanh (far below float32 rounding), exactly ±1 at ±∞, NaN for NaN.
 */
export function tanh(z: number): number {
  return 2 / (1 + Math.exp(-2 * z)) - 1;
}

/** The logistic sigmoid σ(z) = 1/(1 + e^(−z)). */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
