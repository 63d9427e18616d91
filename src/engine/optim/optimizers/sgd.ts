import { ConfigError } from '../../errors';
import type { Parameter } from '../../parameter';
import { boolean, choice, number, ParamSchema, type Options, type Resolved } from '../../params';
import { decayRate, defineOptimizer, l2WeightDecay, learningRate, Optimizer } from '../optimizer';
import type { WasmUpdater } from '../update-wasm';

const sgdSpecs = {
  lr: learningRate(1e-3),
  momentum: decayRate(0, 'Momentum μ (the β of the moving average in the ema form); 0 turns momentum off.'),
  dampening: number({
    default: 0,
    min: 0,
    max: 1,
    doc: 'Dampening d: the gradient enters the momentum buffer scaled by 1 − d (pytorch form only).',
  }),
  nesterov: boolean({ default: false, doc: 'Nesterov momentum: step along g + μb, a look-ahead past the buffer.' }),
  weightDecay: l2WeightDecay(),
  momentumForm: choice({
    values: ['pytorch', 'velocity', 'ema'] as const,
    default: 'pytorch',
    doc:
      'pytorch: b ← μb + (1−d)g, w ← w − ηb (PyTorch default). ' +
      'velocity: v ← μv − ηg, w ← w + v (Sutskever et al. 2013; the Keras form). ' +
      'ema: v ← βv + (1−β)g, w ← w − ηv (the moving average taught in Andrew Ng\'s course).',
  }),
};

/** Plain (stochastic) gradient descent; momentum off unless asked for. */
export const sgdSchema = new ParamSchema('optimizer sgd', sgdSpecs);

/** SGD with momentum 0.9 by default. */
export const momentumSchema = new ParamSchema('optimizer momentum', {
  ...sgdSpecs,
  momentum: decayRate(0.9, sgdSpecs.momentum.doc),
});

/** SGD with Nesterov momentum 0.9 by default. */
export const nesterovSchema = new ParamSchema('optimizer nesterov', {
  ...sgdSpecs,
  momentum: decayRate(0.9, sgdSpecs.momentum.doc),
  nesterov: boolean({ default: true, doc: sgdSpecs.nesterov.doc }),
});

/** Options of `SGD`; each field is documented in `sgdSchema`. */
export type SGDOptions = Options<typeof sgdSpecs>;
/** How the momentum buffer is written; see `SGD`. */
export type MomentumForm = Resolved<typeof sgdSpecs>['momentumForm'];

/** The named presets of SGD; each has its own defaults and name in messages. */
export type SGDPreset = 'sgd' | 'momentum' | 'nesterov';

const presetSchemas: Record<SGDPreset, ParamSchema<typeof sgdSpecs>> = {
  sgd: sgdSchema,
  momentum: momentumSchema,
  nesterov: nesterovSchema,
};

/** Slot names: the pytorch buffer b and the velocity v mean different things, so a saved state of one form does not load into another. */
const bufferSlot: Record<MomentumForm, string> = {
  pytorch: 'momentum_buffer',
  velocity: 'velocity',
  ema: 'moving_average',
};

/**
 * Stochastic gradient descent (Robbins & Monro 1951) with optional momentum
 * (Polyak 1964, "Some methods of speeding up the convergence of iteration
 * methods") and Nesterov momentum (Sutskever, Martens, Dahl & Hinton 2013, "On
 * the importance of initialization and momentum in deep learning"). The
 * three momentum forms, in TeX and plain text, are in ./sgd.entry.ts.
 *
 * How the forms relate follows by induction: velocity's v_t = −η·b_t while η
 * is constant, ema's v_t = (1−β)·b_t. ema also equals pytorch with dampening
 * = β except on the first step, where PyTorch starts the buffer at g.
 *
 * Nesterov needs μ > 0 and d = 0 (as PyTorch) and the pytorch or velocity form.
 * Dampening exists only in the pytorch form.
 */
export class SGD extends Optimizer {
  private readonly o: Resolved<typeof sgdSpecs>;
  /** Empty when μ = 0: plain SGD keeps no state. */
  private readonly buffers: Float32Array[];

  /** `preset` picks the defaults (`momentum` and `nesterov` default μ to 0.9). */
  constructor(params: readonly Parameter[], options: SGDOptions = {}, preset: SGDPreset = 'sgd') {
    const schema = presetSchemas[preset];
    const o = schema.resolve(options);
    super(schema.owner, params, o.lr);
    if (o.nesterov && (o.momentum === 0 || o.dampening !== 0)) {
      throw new ConfigError(
        `${schema.owner}: nesterov needs momentum > 0 and dampening = 0, got momentum=${o.momentum}, dampening=${o.dampening}`,
      );
    }
    if (o.nesterov && o.momentumForm === 'ema') {
      throw new ConfigError(`${schema.owner}: nesterov needs momentum_form pytorch or velocity, got ema`);
    }
    if (o.dampening !== 0 && o.momentumForm !== 'pytorch') {
      throw new ConfigError(`${schema.owner}: dampening applies only to momentum_form pytorch, got ${o.momentumForm}`);
    }
    this.o = o;
    this.buffers = o.momentum > 0 ? this.slot(bufferSlot[o.momentumForm]) : [];
  }

  protected override update(index: number, t: number): void {
    const fast = this.fastUpdate;
    if (fast) this.wasmStep(fast, index, t);
    else this.loopStep(index, t);
  }

  /** The pytorch form's b ← keep·b + take·g at step t: PyTorch starts the buffer at the first gradient itself, undamped. */
  private keep(t: number): number {
    return t === 1 ? 0 : this.o.momentum;
  }

  private take(t: number): number {
    return t === 1 ? 1 : 1 - this.o.dampening;
  }

  private loopStep(index: number, t: number): void {
    const { value, grad } = this.params[index];
    const { lr } = this;
    const { momentum, weightDecay, nesterov, momentumForm } = this.o;
    const buffer = this.buffers[index];
    if (momentum === 0) {
      plainLoop(value, grad, lr, weightDecay);
    } else if (momentumForm === 'pytorch') {
      pytorchLoop(value, grad, buffer, lr, weightDecay, this.keep(t), this.take(t), nesterov ? momentum : 0);
    } else if (momentumForm === 'velocity') {
      velocityLoop(value, grad, buffer, lr, weightDecay, momentum, nesterov);
    } else {
      emaLoop(value, grad, buffer, lr, weightDecay, momentum);
    }
  }

  /** The same rules on update.wat's kernels; the Nesterov variants are weights of the kernel's two terms. */
  private wasmStep(fast: WasmUpdater, index: number, t: number): void {
    const { value, grad } = this.params[index];
    const { momentum, weightDecay, nesterov, momentumForm } = this.o;
    const buffer = this.buffers[index];
    const s = fast.scalars;
    s[0] = this.lr;
    s[1] = weightDecay;
    if (momentum === 0) {
      fast.run('sgd', value, grad);
    } else if (momentumForm === 'pytorch') {
      s[2] = this.keep(t);
      s[3] = this.take(t);
      s[4] = nesterov ? 1 : 0;
      s[5] = nesterov ? momentum : 1;
      fast.run('sgdMomentum', value, grad, buffer);
    } else if (momentumForm === 'velocity') {
      s[2] = momentum;
      s[3] = nesterov ? momentum : 1;
      s[4] = nesterov ? -this.lr : 0;
      fast.run('sgdVelocity', value, grad, buffer);
    } else {
      s[2] = momentum;
      s[3] = 1 - momentum;
      fast.run('sgdAverage', value, grad, buffer);
    }
  }
}

/** w ← w − η(g + λw). */
function plainLoop(value: Float32Array, grad: Float32Array, lr: number, weightDecay: number): void {
  for (let i = 0; i < value.length; i++) value[i] -= lr * (grad[i] + weightDecay * value[i]);
}

/** b ← keep·b + take·g, w ← w − η·b, or w ← w − η(g + μb) with Nesterov's μ > 0. */
function pytorchLoop(
  value: Float32Array, grad: Float32Array, buffer: Float32Array,
  lr: number, weightDecay: number, keep: number, take: number, nesterovMomentum: number,
): void {
  if (nesterovMomentum === 0) {
    for (let i = 0; i < value.length; i++) {
      const b = keep * buffer[i] + take * (grad[i] + weightDecay * value[i]);
      buffer[i] = b;
      value[i] -= lr * b;
    }
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const g = grad[i] + weightDecay * value[i];
    const b = keep * buffer[i] + take * g;
    buffer[i] = b;
    value[i] -= lr * (g + nesterovMomentum * b);
  }
}

/** v ← μv − ηg, w ← w + v, or w ← w + μv − ηg with Nesterov. */
function velocityLoop(
  value: Float32Array, grad: Float32Array, velocity: Float32Array,
  lr: number, weightDecay: number, momentum: number, nesterov: boolean,
): void {
  if (!nesterov) {
    for (let i = 0; i < value.length; i++) {
      const v = momentum * velocity[i] - lr * (grad[i] + weightDecay * value[i]);
      velocity[i] = v;
      value[i] += v;
    }
    return;
  }
  for (let i = 0; i < value.length; i++) {
    const g = grad[i] + weightDecay * value[i];
    const v = momentum * velocity[i] - lr * g;
    velocity[i] = v;
    value[i] += momentum * v - lr * g;
  }
}

/** v ← βv + (1−β)g, w ← w − ηv. */
function emaLoop(value: Float32Array, grad: Float32Array, average: Float32Array, lr: number, weightDecay: number, beta: number): void {
  const keep = 1 - beta;
  for (let i = 0; i < value.length; i++) {
    const v = beta * average[i] + keep * (grad[i] + weightDecay * value[i]);
    average[i] = v;
    value[i] -= lr * v;
  }
}

/** Plain gradient descent and its two momentum presets. */
export const sgdEntries = [
  defineOptimizer('sgd', ['gd', 'gradient_descent'], sgdSchema, (params, o) => new SGD(params, o), { adaptive: false }),
  defineOptimizer('momentum', ['sgd_momentum', 'heavy_ball'], momentumSchema, (params, o) => new SGD(params, o, 'momentum'), { adaptive: false }),
  defineOptimizer('nesterov', ['nag', 'sgd_nesterov'], nesterovSchema, (params, o) => new SGD(params, o, 'nesterov'), { adaptive: false }),
];
