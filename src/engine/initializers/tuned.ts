import { ParamSchema, choice, number } from '../params';
import type { Options, ParamSpecs } from '../params';
import { defineEntry } from '../registry';
import { fixedEntries } from './fixed';
import { identityEntries } from './identity';
import type { Initializer, InitializerEntry } from './initializer';
import { orthogonalEntries } from './orthogonal';
import { varianceScalingEntries } from './variance-scaling';

/**
 * Initializers that draw from a base initializer and then tune one scale per
 * weight tensor on training batches before the first step: MetaInit and
 * GradInit (./tuned.entry.ts). As with LSUV, the draw needs only the tensor
 * and is what `fill` does; the tuning needs the model, the loss and data, so
 * the run does it (src/engine/meta-init), reading `tuning`.
 */

/**
 * Base draws a tuned initializer can start from: every plain initializer (not
 * a data-dependent one, not loaded weights). Read from the family lists, not
 * ./index, which imports this file.
 */
const baseEntries = [...fixedEntries, ...varianceScalingEntries, ...orthogonalEntries, ...identityEntries].filter((entry) => entry.name !== 'lsuv' && entry.name !== 'pretrained');
const baseNames = baseEntries.map((entry) => entry.name);

const baseSpecs = {
  base: choice({ values: baseNames, default: 'glorot_uniform', doc: 'The initializer drawn first (its default options); its scale is what the tuning then adjusts.' }),
  baseGain: number({
    default: 1,
    min: 0,
    minExclusive: true,
    doc: 'Multiplies the base draw, e.g. 0.1 to start from a deliberately too-small scale.',
  }),
} satisfies ParamSpecs;

const metainitSpecs = {
  ...baseSpecs,
  steps: number({ default: 100, min: 1, max: 10000, integer: true, doc: 'Meta-steps of sign-SGD on the weight norms (the paper’s code runs 500).' }),
  lr: number({ default: 0.1, min: 0, minExclusive: true, doc: 'Step of sign-SGD on each weight tensor’s norm (the paper’s 0.1).' }),
  momentum: number({ default: 0.9, min: 0, max: 1, maxExclusive: true, doc: 'Momentum of the sign-SGD (the paper’s 0.9).' }),
  epsilon: number({ default: 1e-5, min: 0, doc: 'Added with g’s sign to the quotient’s denominator so a zero gradient does not divide by zero (the paper’s 1e-5).' }),
} satisfies ParamSpecs;

const gradinitSpecs = {
  ...baseSpecs,
  steps: number({ default: 100, min: 1, max: 10000, integer: true, doc: 'Updates of the scales α (the paper runs one epoch of its data).' }),
  lr: number({ default: 0.01, min: 0, minExclusive: true, doc: 'Learning rate τ of the Adam that updates the scales α.' }),
  gamma: number({ default: 1, min: 0, minExclusive: true, doc: 'Bound γ on the first gradient’s norm: above it, the step lowers ‖g‖ instead of the loss.' }),
  minScale: number({ default: 0.01, min: 0, minExclusive: true, doc: 'Least scale α_min a tensor may take (the paper’s 0.01).' }),
  optimizer: choice({
    values: ['auto', 'sgd', 'adam'] as const,
    default: 'auto',
    doc: 'The simulated first step: sgd (θ − ηg, ‖g‖₂ ≤ γ) or adam (θ − η·sign g, ‖g‖₁ ≤ γ); auto takes sgd for sgd, momentum and nesterov, adam otherwise.',
  }),
} satisfies ParamSpecs;

/** Options of metainit. */
export type MetaInitOptions = Options<typeof metainitSpecs>;
/** Options of gradinit. */
export type GradInitOptions = Options<typeof gradinitSpecs>;

const schemas = {
  metainit: new ParamSchema('initializer metainit', metainitSpecs),
  gradinit: new ParamSchema('initializer gradinit', gradinitSpecs),
};

/** MetaInit's settings, read by the run that tunes the model. */
export interface MetaInitSettings {
  readonly method: 'metainit';
  readonly steps: number;
  readonly lr: number;
  readonly momentum: number;
  readonly epsilon: number;
}

/** GradInit's settings, read by the run that tunes the model. */
export interface GradInitSettings {
  readonly method: 'gradinit';
  readonly steps: number;
  readonly lr: number;
  readonly gamma: number;
  readonly minScale: number;
  readonly optimizer: 'auto' | 'sgd' | 'adam';
}

/** What a tuned initializer asks the run to do after the draw. */
export type TuningSettings = MetaInitSettings | GradInitSettings;

/** An initializer whose draw the run tunes on data before training. */
export interface TunedInitializer extends Initializer {
  readonly tuning: TuningSettings;
  /** The base initializer's name, for the report beside the tuned scales. */
  readonly base: string;
}

/** Whether a layer's initializer asks for tuning. */
export function isTuned(initializer: Initializer): initializer is TunedInitializer {
  return 'tuning' in initializer;
}

/** The base initializer's fill (its default options), times `gain`. */
function baseDraw(base: string, gain: number): Initializer['fill'] {
  const initializer = baseEntries.find((entry) => entry.name === base)!.create({});
  return (target, shape, rng) => {
    initializer.fill(target, shape, rng);
    if (gain !== 1) for (let i = 0; i < target.length; i++) target[i] *= gain;
  };
}

/** MetaInit (Dauphin & Schoenholz 2019; ./tuned.entry.ts): the base draw, then each weight norm tuned to lower the gradient quotient. */
export function metainit(options: MetaInitOptions = {}): TunedInitializer {
  const o = schemas.metainit.resolve(options);
  return {
    name: 'metainit',
    base: o.base,
    tuning: { method: 'metainit', steps: o.steps, lr: o.lr, momentum: o.momentum, epsilon: o.epsilon },
    fill: baseDraw(o.base, o.baseGain),
  };
}

/** GradInit (Zhu et al. 2021; ./tuned.entry.ts): the base draw, then per-tensor scales α tuned so one simulated step lowers the loss most. */
export function gradinit(options: GradInitOptions = {}): TunedInitializer {
  const o = schemas.gradinit.resolve(options);
  return {
    name: 'gradinit',
    base: o.base,
    tuning: { method: 'gradinit', steps: o.steps, lr: o.lr, gamma: o.gamma, minScale: o.minScale, optimizer: o.optimizer },
    fill: baseDraw(o.base, o.baseGain),
  };
}

/** Registry entries: metainit and gradinit. */
export const tunedEntries: readonly InitializerEntry[] = [
  defineEntry('metainit', [], schemas.metainit, metainit),
  defineEntry('gradinit', [], schemas.gradinit, gradinit),
];
