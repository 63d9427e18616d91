import { ParamSchema } from '../params';
import type { Rng } from '../rng';
import { activeGateKernels } from './gates-wasm';
import { Recurrent, recurrentLayerEntry, recurrentSpecs, sigmoid, type RecurrentOptions } from './recurrent';

const schema = new ParamSchema('gru', recurrentSpecs);

/** The options of `gru` as the language writes them (`gru 32 bptt=10`). */
export const gruParams = schema;

/** How a GRU is built. */
export type GruOptions = RecurrentOptions;

/**
 * Gated recurrent unit (./gru.entry.ts), PyTorch's nn.GRU with one layer and
 * batch_first, gates r, z, n in PyTorch's order:
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h′ = (1 − z) ⊙ n + z ⊙ h.
 * The reset gate multiplies the hidden part of n only, so the two parts of the
 * pre-activations get different gradients (dL/d(W_hn h + b_hn) = dn ⊙ r), and
 * h_{t−1} also receives z ⊙ dh_t directly, around the weights.
 */
export class Gru extends Recurrent {
  constructor(name: string, inputShape: readonly number[], options: GruOptions, rng: Rng) {
    super('gru', name, inputShape, options, rng, 3, true);
  }

  protected stepForward(_t: number, batch: number, inputGates: Float32Array, hiddenGates: Float32Array, previous: Float32Array, next: Float32Array): void {
    const kernels = activeGateKernels();
    if (kernels?.fits(3, this.units)) kernels.gruForward(batch, this.units, inputGates, hiddenGates, previous, next);
    else this.stepForwardInJs(batch, inputGates, hiddenGates, previous, next);
  }

  protected stepBackward(t: number, batch: number, gradState: Float32Array, gradPrevious: Float32Array | undefined): void {
    const gates = this.inputGates.step(t, batch);
    const hiddenGates = this.hiddenGates.step(t, batch);
    const previous = this.states.step(t, batch);
    const gradInputGates = this.gradInputGates.step(t, batch);
    const gradHiddenGates = this.gradHiddenGates.step(t, batch);
    const kernels = activeGateKernels();
    if (kernels?.fits(3, this.units)) {
      // The kernel leaves z ⊙ dh_t, the path around the weights, in gradPrevious, and the product adds to it.
      kernels.gruBackward(batch, this.units, gates, hiddenGates, previous, gradState, gradInputGates, gradHiddenGates, gradPrevious);
      if (gradPrevious) this.carryThroughRecurrentWeight(t, batch, gradPrevious, true);
      return;
    }
    this.stepBackwardInJs(batch, gates, hiddenGates, previous, gradState, gradInputGates, gradHiddenGates);
    if (!gradPrevious) return;
    this.carryThroughRecurrentWeight(t, batch, gradPrevious);
    // h′ = … + z ⊙ h: the path around the weights.
    const units = this.units;
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < units; j++) gradPrevious[b * units + j] += gradState[b * units + j] * gates[(b * 3 + 1) * units + j];
    }
  }

  /** The step in float64 JavaScript, where the gate kernels do not run. */
  private stepForwardInJs(batch: number, inputGates: Float32Array, hiddenGates: Float32Array, previous: Float32Array, next: Float32Array): void {
    const units = this.units;
    for (let b = 0; b < batch; b++) {
      const row = b * 3 * units;
      for (let j = 0; j < units; j++) {
        const gr = row + j;
        const gz = gr + units;
        const gn = gz + units;
        const reset = sigmoid(inputGates[gr] + hiddenGates[gr]);
        const update = sigmoid(inputGates[gz] + hiddenGates[gz]);
        const candidate = Math.tanh(inputGates[gn] + reset * hiddenGates[gn]);
        inputGates[gr] = reset;
        inputGates[gz] = update;
        inputGates[gn] = candidate;
        const k = b * units + j;
        next[k] = (1 - update) * candidate + update * previous[k];
      }
    }
  }

  /** The gradients of both parts in float64 JavaScript. */
  private stepBackwardInJs(
    batch: number, gates: Float32Array, hiddenGates: Float32Array, previous: Float32Array,
    gradState: Float32Array, gradInputGates: Float32Array, gradHiddenGates: Float32Array,
  ): void {
    const units = this.units;
    for (let b = 0; b < batch; b++) {
      const row = b * 3 * units;
      for (let j = 0; j < units; j++) {
        const gr = row + j;
        const gz = gr + units;
        const gn = gz + units;
        const k = b * units + j;
        const reset = gates[gr];
        const update = gates[gz];
        const candidate = gates[gn];
        const gradH = gradState[k];
        const gradN = gradH * (1 - update) * (1 - candidate * candidate);
        const gradZ = gradH * (previous[k] - candidate) * update * (1 - update);
        const gradR = gradN * hiddenGates[gn] * reset * (1 - reset);
        gradInputGates[gr] = gradR;
        gradInputGates[gz] = gradZ;
        gradInputGates[gn] = gradN;
        gradHiddenGates[gr] = gradR;
        gradHiddenGates[gz] = gradZ;
        gradHiddenGates[gn] = gradN * reset;
      }
    }
  }
}

/** `gru` in the language (`gru 32 bptt=10`). */
export const gruLayer = recurrentLayerEntry<GruOptions>('gru', [], schema, 3, (name, input, options, rng) => new Gru(name, input, options, rng));
