import type { ParamValue } from '../../params';
import { Registry } from '../../registry';
import { constantEntry, exponentialEntry, stepEntry } from './basic';
import { cosineEntry, cosineRestartsEntry } from './cosine';
import { cyclicalEntry, oneCycleEntry } from './cyclical';
import { plateauEntry } from './plateau';
import type { LearningRateSchedule, ScheduleEntry } from './types';
import { warmupEntry } from './warmup';

/**
 * Learning-rate schedules: η_t for each optimizer step t, from the optimizer's
 * base rate η0. Step-driven schedules are pure functions of t, so a resumed
 * run needs only its step count; reduce_on_plateau is driven by observe() and
 * saves its state with getState(). rate() allocates nothing.
 *
 * Names follow Keras where it has one, PyTorch class names are aliases:
 * constant, step (StepLR), exponential (ExponentialLR), cosine
 * (CosineAnnealingLR), cosine_restarts (CosineAnnealingWarmRestarts),
 * cyclical (CyclicLR), one_cycle (OneCycleLR), warmup, reduce_on_plateau
 * (ReduceLROnPlateau). withWarmup() puts a warmup in front of any of them.
 */

export type { LearningRateSchedule, MonitoredSchedule, PlateauState, ScheduleEntry } from './types';
export { isMonitored } from './types';
export { constantRate, exponentialDecay, stepDecay } from './basic';
export type { ExponentialDecayOptions, StepDecayOptions } from './basic';
export { cosineAnnealing } from './cosine';
export type { CosineOptions } from './cosine';
export { cyclical, oneCycle } from './cyclical';
export type { CyclicalOptions, OneCycleOptions } from './cyclical';
export { linearWarmup, withWarmup } from './warmup';
export type { WarmupOptions } from './warmup';
export { reduceOnPlateau } from './plateau';
export type { PlateauOptions } from './plateau';

/** Every schedule by name and alias. */
export const schedules = new Registry<ScheduleEntry>('schedule', [
  constantEntry,
  stepEntry,
  exponentialEntry,
  cosineEntry,
  cosineRestartsEntry,
  cyclicalEntry,
  oneCycleEntry,
  warmupEntry,
  plateauEntry,
]);

/**
 * The schedule `name` (or an alias) from the optimizer's base rate and
 * options in language spellings (`step_size=10`). Unknown names and bad
 * parameters throw a ConfigError that names them.
 */
export function createSchedule(
  name: string,
  baseLr: number,
  options?: Readonly<Record<string, ParamValue>>,
): LearningRateSchedule {
  return schedules.get(name).create(baseLr, options);
}
