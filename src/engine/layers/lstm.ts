import { boolean, ParamSchema } from '../params';
import type { Rng } from '../rng';
import { activeGateKernels } from './gates-wasm';
import { BatchBuffer } from './layer';
import { Recurrent, recurrentLayerEntry, recurrentSpecs, sigmoid, tanh, TimeMajor, type RecurrentOptions } from './recurrent';

const schema = new ParamSchema('lstm', {
  ...recurrentSpecs,
  unitForgetBias: boolean({
    default: true,
    doc: 'Start the forget gate’s bias at 1 (bias_ih_l0’s f block 1, bias_hh_l0’s 0), as Keras, so c is kept at first; false leaves bias_init’s values (PyTorch has no such option).',
  }),
});

/** The options of `lstm` as the language writes them (`lstm 64 return_sequences=true`). */
export const lstmParams = schema;

/** How an LSTM is built. */
export interface LstmOptions extends RecurrentOptions {
  /** Forget-gate bias 1 at the start; default true, as Keras. */
  readonly unitForgetBias?: boolean;
}

/**
 * Long short-term memory (./lstm.entry.ts), PyTorch's nn.LSTM with one layer
 * and batch_first, gates i, f, g, o in PyTorch's order:
 * c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t).
 * The activated gates overwrite their pre-activations in `inputGates`; c_t and
 * tanh(c_t) are kept per step. Backward carries dL/dc_{t−1} = dc_t ⊙ f beside
 * dL/dh_{t−1} and cuts both at the same steps.
 */
export class Lstm extends Recurrent {
  readonly unitForgetBias: boolean;
  /** c_{−1} = 0, c_0, …, c_{T−1}. */
  private readonly cells: TimeMajor;
  private readonly tanhCells: TimeMajor;
  /** dL/dc_t carried back from step t + 1. */
  private readonly gradCellCarry: BatchBuffer;

  constructor(name: string, inputShape: readonly number[], options: LstmOptions, rng: Rng) {
    super('lstm', name, inputShape, options, rng, 4, false);
    this.unitForgetBias = options.unitForgetBias ?? schema.specs.unitForgetBias.default;
    const units = this.units;
    if (this.unitForgetBias) {
      // Keras adds its single bias once; PyTorch adds both, so the sum is 1.
      this.biasIh.value.fill(1, units, 2 * units);
      this.biasHh.value.fill(0, units, 2 * units);
    }
    this.cells = new TimeMajor(this.steps + 1, units);
    this.tanhCells = new TimeMajor(this.steps, units);
    this.gradCellCarry = new BatchBuffer(units);
  }

  protected stepForward(t: number, batch: number, inputGates: Float32Array, hiddenGates: Float32Array, _previous: Float32Array, next: Float32Array): void {
    const units = this.units;
    const cellPrevious = this.cells.step(t, batch);
    const cell = this.cells.step(t + 1, batch);
    const tanhCell = this.tanhCells.step(t, batch);
    if (t === 0) cellPrevious.fill(0);
    const kernels = activeGateKernels();
    if (kernels?.fits(4, units)) kernels.lstmForward(batch, units, inputGates, hiddenGates, cellPrevious, cell, tanhCell, next);
    else this.stepForwardInJs(batch, inputGates, hiddenGates, cellPrevious, cell, tanhCell, next);
  }

  protected stepBackward(t: number, batch: number, gradState: Float32Array, gradPrevious: Float32Array | undefined): void {
    const units = this.units;
    const gates = this.inputGates.step(t, batch);
    const cellPrevious = this.cells.step(t, batch);
    const tanhCell = this.tanhCells.step(t, batch);
    const gradGates = this.gradInputGates.step(t, batch);
    const gradCellCarry = this.gradCellCarry.forBatch(batch);
    // Nothing is carried into the last step, and nothing out of a cut one.
    if (t === this.steps - 1) gradCellCarry.fill(0);
    const kernels = activeGateKernels();
    if (kernels?.fits(4, units)) kernels.lstmBackward(batch, units, gates, cellPrevious, tanhCell, gradState, gradCellCarry, gradGates);
    else this.stepBackwardInJs(batch, gates, cellPrevious, tanhCell, gradState, gradCellCarry, gradGates);
    if (gradPrevious) this.carryThroughRecurrentWeight(t, batch, gradPrevious);
    else gradCellCarry.fill(0);
  }

  /** The step in float64 JavaScript, where the gate kernels do not run. */
  private stepForwardInJs(
    batch: number, inputGates: Float32Array, hiddenGates: Float32Array,
    cellPrevious: Float32Array, cell: Float32Array, tanhCell: Float32Array, next: Float32Array,
  ): void {
    const units = this.units;
    for (let b = 0; b < batch; b++) {
      const row = b * 4 * units;
      for (let j = 0; j < units; j++) {
        const gi = row + j;
        const gf = gi + units;
        const gg = gf + units;
        const go = gg + units;
        const input = sigmoid(inputGates[gi] + hiddenGates[gi]);
        const forget = sigmoid(inputGates[gf] + hiddenGates[gf]);
        const candidate = tanh(inputGates[gg] + hiddenGates[gg]);
        const output = sigmoid(inputGates[go] + hiddenGates[go]);
        inputGates[gi] = input;
        inputGates[gf] = forget;
        inputGates[gg] = candidate;
        inputGates[go] = output;
        const k = b * units + j;
        cell[k] = forget * cellPrevious[k] + input * candidate;
        tanhCell[k] = tanh(cell[k]);
        next[k] = output * tanhCell[k];
      }
    }
  }

  /** The step backward in float64 JavaScript; `gradCellCarry` in: dL/dc_t from step t + 1, out: dL/dc_{t−1}. */
  private stepBackwardInJs(
    batch: number, gates: Float32Array, cellPrevious: Float32Array, tanhCell: Float32Array,
    gradState: Float32Array, gradCellCarry: Float32Array, gradGates: Float32Array,
  ): void {
    const units = this.units;
    for (let b = 0; b < batch; b++) {
      const row = b * 4 * units;
      for (let j = 0; j < units; j++) {
        const gi = row + j;
        const gf = gi + units;
        const gg = gf + units;
        const go = gg + units;
        const k = b * units + j;
        const input = gates[gi];
        const forget = gates[gf];
        const candidate = gates[gg];
        const output = gates[go];
        const gradH = gradState[k];
        const gradCell = gradCellCarry[k] + gradH * output * (1 - tanhCell[k] * tanhCell[k]);
        gradGates[gi] = gradCell * candidate * input * (1 - input);
        gradGates[gf] = gradCell * cellPrevious[k] * forget * (1 - forget);
        gradGates[gg] = gradCell * input * (1 - candidate * candidate);
        gradGates[go] = gradH * tanhCell[k] * output * (1 - output);
        gradCellCarry[k] = gradCell * forget;
      }
    }
  }
}

/** `lstm` in the language (`lstm 64 return_sequences=true`). */
export const lstmLayer = recurrentLayerEntry<LstmOptions>('lstm', [], schema, 4, (name, input, options, rng) => new Lstm(name, input, options, rng));
