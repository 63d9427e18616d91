import { ConfigError } from '../../errors';
import { boolean, number, optionalNumber, ParamSchema, requiredNumber, type Options, type Resolved } from '../../params';
import { defineContextEntry } from '../../registry';
import { checkBaseLr, type LearningRateSchedule, type ScheduleEntry } from './types';

/**
 * Cosine annealing (Loshchilov & Hutter, 2017, "SGDR: Stochastic Gradient
 * Descent with Warm Restarts"), with and without its warm restarts.
 */

const periodSpec = requiredNumber({
  min: 1,
  integer: true,
  doc: 'T: steps from η0 down to min (PyTorch T_max and Keras decay_steps have no default either; the language may fill it from the run length).',
});
const minSpec = number({ default: 0, min: 0, doc: 'η_min: the rate at the bottom of the curve (PyTorch eta_min, Keras alpha·η0).' });
const tMultSpec = optionalNumber({ min: 1, doc: 'Each restart multiplies the period by t_mult (default 1: equal periods).' });

const cosineSchema = new ParamSchema('schedule cosine', {
  period: periodSpec,
  min: minSpec,
  restarts: boolean({ default: false, doc: 'Restart at η0 every period instead of holding at min (CosineAnnealingWarmRestarts).' }),
  tMult: tMultSpec,
});

const restartsSchema = new ParamSchema('schedule cosine_restarts', { period: periodSpec, min: minSpec, tMult: tMultSpec });

/** Options of `cosineAnnealing`. */
export type CosineOptions = Options<typeof cosineSchema.specs>;

/**
 * Cosine annealing, with or without restarts (formula in ./cosine.entry.ts).
 * Without restarts the rate holds at η_min for t ≥ T, as Keras does and as a
 * user who sets the period to the run length expects if the run goes on.
 */
class CosineAnnealing implements LearningRateSchedule {
  readonly name: string;
  private readonly period: number;
  private readonly tMult: number;

  constructor(
    private readonly baseLr: number,
    private readonly min: number,
    owner: string,
    period: number,
    private readonly restarts: boolean,
    tMult: number | undefined,
  ) {
    checkBaseLr(owner, baseLr);
    this.name = restarts ? 'cosine_restarts' : 'cosine';
    this.period = period;
    if (min > baseLr) {
      throw new ConfigError(`${owner}: min must be ≤ the base learning rate ${baseLr}, got ${min}`);
    }
    if (!restarts && tMult !== undefined) {
      throw new ConfigError(`${owner}: t_mult only applies with restarts=true, got t_mult=${tMult}`);
    }
    this.tMult = tMult ?? 1;
  }

  rate(step: number): number {
    let tCur = step;
    let tI = this.period;
    if (!this.restarts) {
      if (step >= this.period) return this.min;
    } else if (this.tMult === 1) {
      tCur = step % this.period;
    } else {
      // Walking the periods instead of PyTorch's log_{t_mult} keeps the
      // restart points exact: a rounded logarithm can place step 3T one
      // period early.
      while (tCur >= tI) {
        tCur -= tI;
        tI *= this.tMult;
      }
    }
    return this.min + 0.5 * (this.baseLr - this.min) * (1 + Math.cos((Math.PI * tCur) / tI));
  }
}

/** Cosine annealing from η0 to η_min over `period` steps; see the `cosine` schedule. */
export function cosineAnnealing(baseLr: number, options: CosineOptions): LearningRateSchedule {
  return fromCosine(baseLr, cosineSchema.resolve(options));
}

function fromCosine(baseLr: number, o: Resolved<typeof cosineSchema.specs>): LearningRateSchedule {
  return new CosineAnnealing(baseLr, o.min, cosineSchema.owner, o.period, o.restarts, o.tMult);
}

export const cosineEntry: ScheduleEntry = {
  ...defineContextEntry('cosine', ['cosine_annealing', 'CosineAnnealingLR', 'cosine_decay'], cosineSchema, fromCosine),
  runLength: { param: 'period', least: 1 },
};

/** SGDR under its own name: `cosine` with restarts=true. */
export const cosineRestartsEntry: ScheduleEntry = {
  ...defineContextEntry(
    'cosine_restarts',
    ['CosineAnnealingWarmRestarts', 'cosine_decay_restarts', 'sgdr'],
    restartsSchema,
    (baseLr: number, o) => new CosineAnnealing(baseLr, o.min, restartsSchema.owner, o.period, true, o.tMult),
  ),
  runLength: { param: 'period', least: 1 },
};
