import { ConfigError } from '../../errors';
import { number, optionalNumber, ParamSchema, requiredNumber, type Options, type Resolved } from '../../params';
import { defineContextEntry } from '../../registry';
import { checkBaseLr, type LearningRateSchedule } from './types';

/**
 * The schedules that decay by a fixed rule of t alone: constant, step decay
 * and exponential decay.
 */

const constantSchema = new ParamSchema('schedule constant', {});

/** Schedule `constant`: η_t = η0 — the optimizer's learning rate, unchanged. */
export function constantRate(baseLr: number): LearningRateSchedule {
  checkBaseLr(constantSchema.owner, baseLr);
  return { name: 'constant', rate: () => baseLr };
}

export const constantEntry = defineContextEntry('constant', ['none'], constantSchema, (baseLr: number) => constantRate(baseLr));

const stepSchema = new ParamSchema('schedule step', {
  stepSize: requiredNumber({ min: 1, integer: true, doc: 'T: steps between two decays (no default, as in PyTorch StepLR).' }),
  gamma: number({ default: 0.1, min: 0, max: 1, minExclusive: true, doc: 'γ: factor applied every step_size steps.' }),
});

/** Options of `stepDecay`. */
export type StepDecayOptions = Options<typeof stepSchema.specs>;

/** Step decay (PyTorch StepLR; ./basic.entry.ts). */
class StepDecay implements LearningRateSchedule {
  readonly name = 'step';
  private readonly stepSize: number;

  constructor(
    private readonly baseLr: number,
    private readonly o: Resolved<typeof stepSchema.specs>,
  ) {
    checkBaseLr(stepSchema.owner, baseLr);
    this.stepSize = o.stepSize;
  }

  rate(step: number): number {
    return this.baseLr * Math.pow(this.o.gamma, Math.floor(step / this.stepSize));
  }
}

/** Step decay η0·γ^⌊t/T⌋; see the `step` schedule. */
export function stepDecay(baseLr: number, options: StepDecayOptions): LearningRateSchedule {
  return new StepDecay(baseLr, stepSchema.resolve(options));
}

export const stepEntry = defineContextEntry('step', ['StepLR', 'step_decay'], stepSchema, (baseLr: number, o) => new StepDecay(baseLr, o));

const exponentialSchema = new ParamSchema('schedule exponential', {
  decay: optionalNumber({ min: 0, doc: 'λ in η0·e^(−λt), the continuous form taught in lecture notes.' }),
  gamma: optionalNumber({ min: 0, max: 1, minExclusive: true, doc: 'γ in η0·γ^t, the per-step form of PyTorch ExponentialLR.' }),
});

/** Options of `exponentialDecay`: exactly one of `decay` and `gamma`. */
export type ExponentialDecayOptions = Options<typeof exponentialSchema.specs>;

/**
 * Exponential decay in either of its two taught forms (./basic.entry.ts), the
 * same curve with γ = e^(−λ); asking for one by its own parameter keeps the
 * number the user wrote.
 */
class ExponentialDecay implements LearningRateSchedule {
  readonly name = 'exponential';
  private readonly decay: number | undefined;
  private readonly gamma: number | undefined;

  constructor(
    private readonly baseLr: number,
    o: Resolved<typeof exponentialSchema.specs>,
  ) {
    checkBaseLr(exponentialSchema.owner, baseLr);
    if ((o.decay === undefined) === (o.gamma === undefined)) {
      const given = o.decay === undefined ? 'neither was given' : 'both were given';
      throw new ConfigError(
        `${exponentialSchema.owner}: give exactly one of decay (η0·e^(−λt)) or gamma (η0·γ^t); ${given}`,
      );
    }
    this.decay = o.decay;
    this.gamma = o.gamma;
  }

  rate(step: number): number {
    return this.gamma !== undefined
      ? this.baseLr * Math.pow(this.gamma, step)
      : this.baseLr * Math.exp(-(this.decay as number) * step);
  }
}

/** Exponential decay η0·e^(−λt) or η0·γ^t; see the `exponential` schedule. */
export function exponentialDecay(baseLr: number, options: ExponentialDecayOptions): LearningRateSchedule {
  return new ExponentialDecay(baseLr, exponentialSchema.resolve(options));
}

export const exponentialEntry = defineContextEntry(
  'exponential',
  ['ExponentialLR', 'exponential_decay'],
  exponentialSchema,
  (baseLr: number, o) => new ExponentialDecay(baseLr, o),
);
