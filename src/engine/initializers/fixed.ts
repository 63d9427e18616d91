import { ConfigError } from '../errors';
import { ParamSchema, number } from '../params';
import type { Options, ParamSpecs } from '../params';
import { defineEntry } from '../registry';
import { checkTarget } from './initializer';
import type { Initializer, InitializerEntry } from './initializer';

/**
 * The initializers that ignore the shape: zeros, ones, constants, fixed-scale
 * random draws and given values.
 */

const constantSpecs = {
  value: number({ default: 0, doc: 'The value every weight starts at.' }),
} satisfies ParamSpecs;

const randomUniformSpecs = {
  minval: number({ default: -0.05, doc: 'Lower end of the interval (included).' }),
  maxval: number({ default: 0.05, doc: 'Upper end of the interval (excluded); must exceed minval.' }),
} satisfies ParamSpecs;

const randomNormalSpecs = {
  mean: number({ default: 0, doc: 'Mean of the normal distribution.' }),
  stddev: number({ default: 0.05, min: 0, doc: 'Standard deviation of the normal distribution.' }),
} satisfies ParamSpecs;

const smallRandomSpecs = {
  scale: number({ default: 0.01, min: 0, minExclusive: true, doc: 'Multiplies a standard normal draw.' }),
} satisfies ParamSpecs;

/** Options of constant. */
export type ConstantOptions = Options<typeof constantSpecs>;
/** Options of random_uniform. */
export type RandomUniformOptions = Options<typeof randomUniformSpecs>;
/** Options of random_normal. */
export type RandomNormalOptions = Options<typeof randomNormalSpecs>;
/** Options of small_random. */
export type SmallRandomOptions = Options<typeof smallRandomSpecs>;

const schemas = {
  zeros: new ParamSchema('initializer zeros', {}),
  ones: new ParamSchema('initializer ones', {}),
  constant: new ParamSchema('initializer constant', constantSpecs),
  randomUniform: new ParamSchema('initializer random_uniform', randomUniformSpecs),
  randomNormal: new ParamSchema('initializer random_normal', randomNormalSpecs),
  smallRandom: new ParamSchema('initializer small_random', smallRandomSpecs),
};

/** W = 0: right for biases, the symmetry failure for weights (./fixed.entry.ts). */
export function zeros(): Initializer {
  return constantFill('zeros', 0);
}

/** W = 1. Right for normalisation scales; for weights, symmetric like zeros. */
export function ones(): Initializer {
  return constantFill('ones', 1);
}

/** W = value everywhere (Keras Constant, default 0; PyTorch constant_(val)). */
export function constant(options: ConstantOptions = {}): Initializer {
  return constantFill('constant', schemas.constant.resolve(options).value);
}

/**
 * W ~ U(minval, maxval), Keras RandomUniform with its defaults ±0.05; the
 * symmetric U(−a, a) is minval = −a, maxval = a. PyTorch's uniform_ is the same
 * draw, but its default interval is [0, 1).
 */
export function randomUniform(options: RandomUniformOptions = {}): Initializer {
  const { minval, maxval } = schemas.randomUniform.resolve(options);
  if (!(maxval > minval)) {
    throw new ConfigError(`initializer random_uniform: maxval must be greater than minval, got minval=${minval}, maxval=${maxval}`);
  }
  return {
    name: 'random_uniform',
    fill(target, shape, rng) {
      checkTarget('random_uniform', target, shape);
      for (let i = 0; i < target.length; i++) target[i] = rng.uniformIn(minval, maxval);
    },
  };
}

/**
 * W ~ N(mean, stddev²), Keras RandomNormal with its default stddev 0.05.
 * PyTorch's normal_ is the same draw, but its default stddev is 1.
 */
export function randomNormal(options: RandomNormalOptions = {}): Initializer {
  const { mean, stddev } = schemas.randomNormal.resolve(options);
  return normalFill('random_normal', mean, stddev);
}

/** The "small random numbers" of lecture notes (./fixed.entry.ts). */
export function smallRandom(options: SmallRandomOptions = {}): Initializer {
  return normalFill('small_random', 0, schemas.smallRandom.resolve(options).scale);
}

/**
 * Caller-given values, e.g. weights loaded from a file. They are copied when
 * this is made, so later changes to `values` do not leak in, and copied again
 * into each target. A length that does not match the shape is a ConfigError.
 */
export function pretrained(values: ArrayLike<number>): Initializer {
  const held = Float32Array.from(values);
  return {
    name: 'pretrained',
    fill(target, shape) {
      const expected = shape.rows * shape.cols;
      if (held.length !== expected) {
        throw new ConfigError(
          `initializer pretrained: a ${shape.rows}×${shape.cols} weight needs ${expected} values, got ${held.length}`,
        );
      }
      checkTarget('pretrained', target, shape);
      target.set(held);
    },
  };
}

function constantFill(name: string, value: number): Initializer {
  return {
    name,
    fill(target, shape) {
      checkTarget(name, target, shape);
      target.fill(value);
    },
  };
}

function normalFill(name: string, mean: number, std: number): Initializer {
  return {
    name,
    fill(target, shape, rng) {
      checkTarget(name, target, shape);
      for (let i = 0; i < target.length; i++) target[i] = rng.normal(mean, std);
    },
  };
}

/** Registry entries of the shape-free initializers (pretrained takes values, not options). */
export const fixedEntries: readonly InitializerEntry[] = [
  defineEntry('zeros', ['zeros_'], schemas.zeros, zeros),
  defineEntry('ones', ['ones_'], schemas.ones, ones),
  defineEntry('constant', ['constant_'], schemas.constant, constant),
  defineEntry('random_uniform', ['uniform', 'uniform_'], schemas.randomUniform, randomUniform),
  defineEntry('random_normal', ['normal', 'normal_'], schemas.randomNormal, randomNormal),
  defineEntry('small_random', [], schemas.smallRandom, smallRandom),
];
