import { ConfigError } from '../../errors';
import { choice, number, optionalNumber, ParamSchema, requiredNumber, type Options, type Resolved } from '../../params';
import { defineContextEntry } from '../../registry';
import { checkBaseLr, type LearningRateSchedule, type ScheduleEntry } from './types';

/**
 * Schedules that rise and fall: cyclical learning rates (Smith, 2017) and the
 * one-cycle policy (Smith & Topin, 2018). PyTorch's versions of both also
 * cycle momentum inversely to the rate; these schedules set the learning rate
 * only, and momentum stays at the optimizer's value.
 */

const cyclicalSchema = new ParamSchema('schedule cyclical', {
  maxLr: requiredNumber({ min: 0, doc: 'The top of each cycle (≥ the base rate); the base rate η0 is the bottom.' }),
  stepSize: number({ default: 2000, min: 1, integer: true, doc: 's: steps in half a cycle (PyTorch step_size_up; Smith suggests 2–10 epochs).' }),
  mode: choice({
    values: ['triangular', 'triangular2', 'exp_range'] as const,
    default: 'triangular',
    doc: 'triangular: constant amplitude; triangular2: halved every cycle; exp_range: scaled by γ^t.',
  }),
  gamma: optionalNumber({ min: 0, max: 1, minExclusive: true, doc: 'γ of exp_range (default 1); only with mode=exp_range.' }),
});

/** Options of `cyclical`. */
export type CyclicalOptions = Options<typeof cyclicalSchema.specs>;

/**
 * Cyclical learning rate (Smith, 2017, "Cyclical Learning Rates for Training
 * Neural Networks"; PyTorch CyclicLR with equal up and down half-cycles), as
 * ./cyclical.entry.ts writes it.
 */
class Cyclical implements LearningRateSchedule {
  readonly name = 'cyclical';
  private readonly maxLr: number;
  private readonly gamma: number;

  constructor(
    private readonly baseLr: number,
    private readonly o: Resolved<typeof cyclicalSchema.specs>,
  ) {
    const owner = cyclicalSchema.owner;
    checkBaseLr(owner, baseLr);
    this.maxLr = o.maxLr;
    if (this.maxLr < baseLr) {
      throw new ConfigError(`${owner}: max_lr must be ≥ the base learning rate ${baseLr}, got ${this.maxLr}`);
    }
    if (o.gamma !== undefined && o.mode !== 'exp_range') {
      throw new ConfigError(`${owner}: gamma only applies with mode=exp_range, got mode=${o.mode}`);
    }
    this.gamma = o.gamma ?? 1;
  }

  rate(step: number): number {
    const s = this.o.stepSize;
    const cycle = Math.floor(1 + step / (2 * s));
    const x = Math.abs(step / s - 2 * cycle + 1);
    const scale =
      this.o.mode === 'triangular' ? 1 : this.o.mode === 'triangular2' ? 1 / Math.pow(2, cycle - 1) : Math.pow(this.gamma, step);
    return this.baseLr + (this.maxLr - this.baseLr) * Math.max(0, 1 - x) * scale;
  }
}

/** Cyclical learning rate between η0 and max_lr; see the `cyclical` schedule. */
export function cyclical(baseLr: number, options: CyclicalOptions): LearningRateSchedule {
  return new Cyclical(baseLr, cyclicalSchema.resolve(options));
}

export const cyclicalEntry = defineContextEntry('cyclical', ['CyclicLR', 'cyclic', 'clr'], cyclicalSchema, (baseLr: number, o) => new Cyclical(baseLr, o));

const oneCycleSchema = new ParamSchema('schedule one_cycle', {
  maxLr: optionalNumber({ min: 0, minExclusive: true, doc: 'The peak rate (default: the optimizer\'s learning rate η0).' }),
  totalSteps: requiredNumber({ min: 2, integer: true, doc: 'Steps in the whole run.' }),
  pctStart: number({ default: 0.3, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'Share of the run spent rising to max_lr.' }),
  divFactor: number({ default: 25, min: 1, doc: 'The run starts at max_lr/div_factor.' }),
  finalDivFactor: number({ default: 1e4, min: 1, doc: 'The run ends at max_lr/(div_factor·final_div_factor).' }),
  annealStrategy: choice({ values: ['cos', 'linear'] as const, default: 'cos', doc: 'Shape of both phases: cosine (default) or straight lines.' }),
});

/** Options of `oneCycle`. */
export type OneCycleOptions = Options<typeof oneCycleSchema.specs>;

/**
 * One-cycle policy (Smith & Topin, 2018, "Super-Convergence"; PyTorch
 * OneCycleLR with three_phase=False), as ./cyclical.entry.ts writes it, with
 * PyTorch's boundaries, fractional a included. PyTorch raises after step N;
 * here every step ≥ N − 1 holds at η_end, so a longer run ends quietly.
 */
class OneCycle implements LearningRateSchedule {
  readonly name = 'one_cycle';
  private readonly initialLr: number;
  private readonly maxLr: number;
  private readonly finalLr: number;
  private readonly phaseOneEnd: number;
  private readonly lastStep: number;

  constructor(
    baseLr: number,
    private readonly o: Resolved<typeof oneCycleSchema.specs>,
  ) {
    const owner = oneCycleSchema.owner;
    checkBaseLr(owner, baseLr);
    const totalSteps = o.totalSteps;
    if (o.pctStart * totalSteps <= 1) {
      // Phase 1 would have no length and PyTorch would divide by zero.
      throw new ConfigError(
        `${owner}: pct_start·total_steps must be > 1 so the rising phase has a step, got ${o.pctStart}·${totalSteps}`,
      );
    }
    this.maxLr = o.maxLr ?? baseLr;
    if (!(this.maxLr > 0)) throw new ConfigError(`${owner}: max_lr must be > 0 (it defaults to the base learning rate), got ${this.maxLr}`);
    this.initialLr = this.maxLr / o.divFactor;
    this.finalLr = this.initialLr / o.finalDivFactor;
    this.phaseOneEnd = o.pctStart * totalSteps - 1;
    this.lastStep = totalSteps - 1;
  }

  rate(step: number): number {
    if (step <= this.phaseOneEnd) return this.anneal(this.initialLr, this.maxLr, step / this.phaseOneEnd);
    if (step >= this.lastStep) return this.finalLr;
    return this.anneal(this.maxLr, this.finalLr, (step - this.phaseOneEnd) / (this.lastStep - this.phaseOneEnd));
  }

  private anneal(start: number, end: number, pct: number): number {
    return this.o.annealStrategy === 'cos'
      ? end + ((start - end) / 2) * (1 + Math.cos(Math.PI * pct))
      : start + (end - start) * pct;
  }
}

/** One-cycle policy over `total_steps` steps; see the `one_cycle` schedule. */
export function oneCycle(baseLr: number, options: OneCycleOptions): LearningRateSchedule {
  return new OneCycle(baseLr, oneCycleSchema.resolve(options));
}

export const oneCycleEntry: ScheduleEntry = {
  ...defineContextEntry('one_cycle', ['OneCycleLR', 'onecycle', '1cycle'], oneCycleSchema, (baseLr: number, o) => new OneCycle(baseLr, o)),
  // A rise and a fall need a step each.
  runLength: { param: 'total_steps', least: 2 },
};
