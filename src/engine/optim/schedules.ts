import type { ParamValue } from '../params';
import { Registry } from '../registry';
import { constantEntry, exponentialEntry, stepEntry } from './schedules/basic';
import { cosineEntry, cosineRestartsEntry } from './schedules/cosine';
import { cyclicalEntry, oneCycleEntry } from './schedules/cyclical';
import { plateauEntry } from './schedules/plateau';
import type { LearningRateSchedule, ScheduleEntry } from './schedules/types';
import { warmupEntry } from './schedules/warmup';

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

export type { LearningRateSchedule, MonitoredSchedule, PlateauState, ScheduleEntry } from './schedules/types';
export { isMonitored } from './schedules/types';
export { constantRate, exponentialDecay, stepDecay } from './schedules/basic';
export type { ExponentialDecayOptions, StepDecayOptions } from './schedules/basic';
export { cosineAnnealing } from './schedules/cosine';
export type { CosineOptions } from './schedules/cosine';
export { cyclical, oneCycle } from './schedules/cyclical';
export type { CyclicalOptions, OneCycleOptions } from './schedules/cyclical';
export { linearWarmup, withWarmup } from './schedules/warmup';
export type { WarmupOptions } from './schedules/warmup';
export { reduceOnPlateau } from './schedules/plateau';
export type { PlateauOptions } from './schedules/plateau';

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
