import { choice, ParamSchema, type Resolved } from '../params';
import type { Rng } from '../rng';
import { activeGateKernels } from './gates-wasm';
import { Recurrent, recurrentLayerEntry, recurrentSpecs, type RecurrentOptions } from './recurrent';

const schema = new ParamSchema('rnn', {
  ...recurrentSpecs,
  nonlinearity: choice({ values: ['tanh', 'relu'] as const, default: 'tanh', doc: 'f in h_t = f(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), as PyTorch’s nn.RNN.' }),
});

/** The options of `rnn` as the language writes them (`rnn 32 nonlinearity=relu recurrent_init=identity`). */
export const rnnParams = schema;

/** The nonlinearity of a simple RNN. */
export type RnnNonlinearity = Resolved<typeof schema.specs>['nonlinearity'];

/** How a simple RNN is built. */
export interface RnnOptions extends RecurrentOptions {
  /** tanh (default) or relu, as PyTorch's nn.RNN. */
  readonly nonlinearity?: RnnNonlinearity;
}

/**
 * The Elman RNN (./rnn.entry.ts), PyTorch's nn.RNN with one layer and
 * batch_first: h_t = f(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh), one gate
 * block. Backward: dz_t = dh_t ⊙ f′, which both weights and h_{t−1} read.
 */
export class SimpleRnn extends Recurrent {
  readonly nonlinearity: RnnNonlinearity;

  constructor(name: string, inputShape: readonly number[], options: RnnOptions, rng: Rng) {
    super('rnn', name, inputShape, options, rng, 1, false);
    this.nonlinearity = options.nonlinearity ?? schema.specs.nonlinearity.default;
  }

  protected stepForward(_t: number, batch: number, inputGates: Float32Array, hiddenGates: Float32Array, _previous: Float32Array, next: Float32Array): void {
    const relu = this.nonlinearity === 'relu';
    const kernels = relu ? undefined : activeGateKernels();
    if (kernels) {
      kernels.rnnForward(batch, this.units, inputGates, hiddenGates, next);
      return;
    }
    for (let k = 0; k < batch * this.units; k++) {
      const z = inputGates[k] + hiddenGates[k];
      next[k] = relu ? Math.max(z, 0) : Math.tanh(z);
    }
  }

  protected stepBackward(t: number, batch: number, gradState: Float32Array, gradPrevious: Float32Array | undefined): void {
    const relu = this.nonlinearity === 'relu';
    const h = this.states.step(t + 1, batch);
    const gradZ = this.gradInputGates.step(t, batch);
    for (let k = 0; k < batch * this.units; k++) {
      // f′ from the output: tanh′ = 1 − h², relu′ = [h > 0] (0 at z = 0, as PyTorch).
      gradZ[k] = gradState[k] * (relu ? (h[k] > 0 ? 1 : 0) : 1 - h[k] * h[k]);
    }
    if (gradPrevious) this.carryThroughRecurrentWeight(t, batch, gradPrevious);
  }
}

/** `rnn` in the language (`rnn 32 nonlinearity=relu`); Keras's SimpleRNN as an alias. */
export const rnnLayer = recurrentLayerEntry<RnnOptions>('rnn', ['SimpleRNN', 'simple_rnn'], schema, 1, (name, input, options, rng) => new SimpleRnn(name, input, options, rng));
