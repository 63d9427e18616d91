import { ParamSchema, choice, number } from '../params';
import type { Options, ParamSpecs } from '../params';
import type { Rng } from '../rng';
import { defineEntry } from '../registry';
import { checkTarget } from './initializer';
import type { Initializer, InitializerEntry, VarianceRule, WeightShape } from './initializer';

/**
 * The variance-scaling family: draw each weight independently with zero mean
 * and
 *
 *   Var(W) = gain² · scale / fan
 *
 * so that the variance of activations (fan = fan_in) or of back-propagated
 * gradients (fan = fan_out) neither grows nor shrinks from layer to layer.
 * A normal draw uses σ = √Var; a uniform draw U(−b, b) has variance b²/3, so
 * b = √(3·Var).
 *
 * The *_normal forms draw from a plain (untruncated) normal, as PyTorch does.
 * Keras draws them from a normal truncated at ±2σ and divides σ by
 * 0.87962566 so the variance is the same; the per-weight variance, which is
 * what these rules are about, agrees either way.
 *
 * `gain` multiplies σ on every member (default 1). PyTorch has it on the
 * Xavier forms only and Keras on none; it is how a scaled variant (e.g. the
 * 5/3 tanh gain) is written here.
 */

/** An initializer whose draw has a known standard deviation for each shape. */
export interface VarianceScalingInitializer extends Initializer {
  /** σ of the values drawn for `shape`; a uniform draw's bound is √3·σ. */
  standardDeviation(shape: WeightShape): number;
}

type Fan = 'fan_in' | 'fan_out' | 'fan_avg';

/** Each family's rule at its default gain and mode: the draws read it, and init-mismatch compares it with the activation's need and writes it in its message. */
const GLOROT: VarianceRule = { scale: 1, fan: 'fan_avg' };
const HE: VarianceRule = { scale: 2, fan: 'fan_in' };
const LECUN: VarianceRule = { scale: 1, fan: 'fan_in' };

const gain = number({
  default: 1,
  min: 0,
  minExclusive: true,
  doc: 'Multiplies the standard deviation (and so the bound of a uniform draw).',
});

const mode = choice({
  values: ['fan_in', 'fan_out'] as const,
  default: 'fan_in',
  doc: 'fan_in keeps the variance of activations constant in the forward pass; fan_out keeps that of gradients constant in the backward pass.',
});

const negativeSlope = number({
  default: 0,
  min: 0,
  doc: 'Slope a of the leaky ReLU that follows (PyTorch `a`); 0 for ReLU. Divides the variance by 1 + a².',
});

const glorotSpecs = { gain } satisfies ParamSpecs;
const heSpecs = { gain, mode, negativeSlope } satisfies ParamSpecs;
const lecunSpecs = { gain, mode } satisfies ParamSpecs;

/** Options of glorot_uniform and glorot_normal. */
export type GlorotOptions = Options<typeof glorotSpecs>;
/** Options of he_normal and he_uniform. */
export type HeOptions = Options<typeof heSpecs>;
/** Options of lecun_normal and lecun_uniform. */
export type LecunOptions = Options<typeof lecunSpecs>;

const schemas = {
  glorotUniform: new ParamSchema('initializer glorot_uniform', glorotSpecs),
  glorotNormal: new ParamSchema('initializer glorot_normal', glorotSpecs),
  heNormal: new ParamSchema('initializer he_normal', heSpecs),
  heUniform: new ParamSchema('initializer he_uniform', heSpecs),
  lecunNormal: new ParamSchema('initializer lecun_normal', lecunSpecs),
  lecunUniform: new ParamSchema('initializer lecun_uniform', lecunSpecs),
};

/** Glorot (Xavier) uniform, Keras's default for dense layers (formula, advice and paper in ./variance-scaling.entry.ts). */
export function glorotUniform(options: GlorotOptions = {}): VarianceScalingInitializer {
  const o = schemas.glorotUniform.resolve(options);
  return varianceScaling('glorot_uniform', o.gain, GLOROT.scale, GLOROT.fan, 'uniform');
}

/** Glorot (Xavier) normal: glorot_uniform's variance from a normal. */
export function glorotNormal(options: GlorotOptions = {}): VarianceScalingInitializer {
  const o = schemas.glorotNormal.resolve(options);
  return varianceScaling('glorot_normal', o.gain, GLOROT.scale, GLOROT.fan, 'normal');
}

/**
 * He (Kaiming) normal (./variance-scaling.entry.ts). A ReLU zeroes half its
 * inputs, halving the second moment, and the factor 2 restores it; a leaky
 * ReLU keeps a² of the negative half, hence 2/(1 + a²).
 */
export function heNormal(options: HeOptions = {}): VarianceScalingInitializer {
  const o = schemas.heNormal.resolve(options);
  return varianceScaling('he_normal', o.gain, HE.scale / (1 + o.negativeSlope ** 2), o.mode, 'normal');
}

/** He (Kaiming) uniform; with a = √5 it is U(±1/√fan_in), PyTorch's nn.Linear default. */
export function heUniform(options: HeOptions = {}): VarianceScalingInitializer {
  const o = schemas.heUniform.resolve(options);
  return varianceScaling('he_uniform', o.gain, HE.scale / (1 + o.negativeSlope ** 2), o.mode, 'uniform');
}

/** LeCun normal, the init that keeps SELU networks self-normalising (./variance-scaling.entry.ts). */
export function lecunNormal(options: LecunOptions = {}): VarianceScalingInitializer {
  const o = schemas.lecunNormal.resolve(options);
  return varianceScaling('lecun_normal', o.gain, LECUN.scale, o.mode, 'normal');
}

/** LeCun uniform: lecun_normal's variance from a uniform. */
export function lecunUniform(options: LecunOptions = {}): VarianceScalingInitializer {
  const o = schemas.lecunUniform.resolve(options);
  return varianceScaling('lecun_uniform', o.gain, LECUN.scale, o.mode, 'uniform');
}

function varianceScaling(
  name: string,
  gainFactor: number,
  scale: number,
  fan: Fan,
  distribution: 'normal' | 'uniform',
): VarianceScalingInitializer {
  const standardDeviation = (shape: WeightShape): number => gainFactor * Math.sqrt(scale / fanOf(shape, fan));
  return {
    name,
    standardDeviation,
    fill(target: Float32Array, shape: WeightShape, rng: Rng): void {
      checkTarget(name, target, shape);
      const std = standardDeviation(shape);
      if (distribution === 'normal') {
        for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, std);
      } else {
        const bound = Math.sqrt(3) * std;
        for (let i = 0; i < target.length; i++) target[i] = rng.uniformIn(-bound, bound);
      }
    },
  };
}

function fanOf(shape: WeightShape, fan: Fan): number {
  switch (fan) {
    case 'fan_in':
      return shape.fanIn;
    case 'fan_out':
      return shape.fanOut;
    case 'fan_avg':
      return (shape.fanIn + shape.fanOut) / 2;
  }
}


/** Registry entries of the family; PyTorch spellings, with and without `_`, are aliases. */
export const varianceScalingEntries: readonly InitializerEntry[] = [
  { ...defineEntry('glorot_uniform', ['xavier_uniform', 'xavier_uniform_'], schemas.glorotUniform, glorotUniform), variance: GLOROT },
  { ...defineEntry('glorot_normal', ['xavier_normal', 'xavier_normal_'], schemas.glorotNormal, glorotNormal), variance: GLOROT },
  { ...defineEntry('he_normal', ['kaiming_normal', 'kaiming_normal_'], schemas.heNormal, heNormal), variance: HE },
  { ...defineEntry('he_uniform', ['kaiming_uniform', 'kaiming_uniform_'], schemas.heUniform, heUniform), variance: HE },
  { ...defineEntry('lecun_normal', [], schemas.lecunNormal, lecunNormal), variance: LECUN },
  { ...defineEntry('lecun_uniform', [], schemas.lecunUniform, lecunUniform), variance: LECUN },
];
