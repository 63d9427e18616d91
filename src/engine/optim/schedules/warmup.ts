import { number, ParamSchema, requiredNumber, type Options } from '../../params';
import { defineContextEntry } from '../../registry';
import { constantRate } from './basic';
import {
  isMonitored,
  type LearningRateSchedule,
  type MonitoredSchedule,
  type PlateauState,
} from './types';

/**
 * Linear warmup in front of any schedule (Goyal et al., 2017, "Accurate,
 * Large Minibatch SGD"): a few hundred steps at a small, growing rate keep the
 * first updates, made while Adam's moment estimates and batch statistics are
 * still poor, from throwing the weights far off.
 */

const warmupSchema = new ParamSchema('schedule warmup', {
  steps: requiredNumber({ min: 0, integer: true, doc: 'W: steps of linear warmup.' }),
  startFactor: number({ default: 0, min: 0, max: 1, doc: 's: the first step runs at s·η_inner(0).' }),
});

/** Options of `withWarmup`; `steps` is required. */
export type WarmupOptions = { steps: number } & Omit<Options<typeof warmupSchema.specs>, 'steps'>;

/**
 * Linear warmup (formula in ./warmup.entry.ts). The inner schedule starts
 * after the warmup, as in Keras CosineDecay's warmup_steps and PyTorch's
 * SequentialLR(LinearLR, …); so cosine and one_cycle keep their whole shape. PyTorch LinearLR's own default start
 * factor is 1/3; here it is 0, the ramp from zero most papers describe.
 */
class Warmup implements LearningRateSchedule {
  readonly name: string;
  private readonly steps: number;
  private readonly startFactor: number;
  private readonly target: number;

  constructor(
    protected readonly inner: LearningRateSchedule,
    options: WarmupOptions,
    name?: string,
  ) {
    const o = warmupSchema.resolve(options);
    this.steps = o.steps;
    this.startFactor = o.startFactor;
    this.target = inner.rate(0);
    this.name = name ?? `warmup then ${inner.name}`;
  }

  rate(step: number): number {
    if (step < this.steps) return this.target * (this.startFactor + ((1 - this.startFactor) * step) / this.steps);
    return this.inner.rate(step - this.steps);
  }
}

/** Warmup in front of a schedule driven by observe(): the observations go to the inner schedule. */
class MonitoredWarmup extends Warmup implements MonitoredSchedule {
  constructor(
    protected override readonly inner: MonitoredSchedule,
    options: WarmupOptions,
  ) {
    super(inner, options);
  }

  observe(value: number): void {
    this.inner.observe(value);
  }

  getState(): PlateauState {
    return this.inner.getState();
  }

  setState(s: PlateauState): void {
    this.inner.setState(s);
  }
}

/**
 * Puts a linear warmup of `steps` steps in front of `inner`, starting at
 * startFactor·η_inner(0). A monitored inner schedule stays monitored.
 */
export function withWarmup(inner: MonitoredSchedule, options: WarmupOptions): MonitoredSchedule;
export function withWarmup(inner: LearningRateSchedule, options: WarmupOptions): LearningRateSchedule;
export function withWarmup(inner: LearningRateSchedule, options: WarmupOptions): LearningRateSchedule {
  return isMonitored(inner) ? new MonitoredWarmup(inner, options) : new Warmup(inner, options);
}

/** Schedule `warmup`: linear warmup to η0, then η0 for the rest of the run. */
export function linearWarmup(baseLr: number, options: WarmupOptions): LearningRateSchedule {
  return new Warmup(constantRate(baseLr), options, 'warmup');
}

export const warmupEntry = defineContextEntry('warmup', ['linear_warmup'], warmupSchema, (baseLr: number, o) =>
  linearWarmup(baseLr, { steps: o.steps, startFactor: o.startFactor }),
);
