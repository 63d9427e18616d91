import { ConfigError } from '../../errors';
import type { ContextEntry } from '../../registry';

/**
 * The shared shape of every learning-rate schedule, and the checks all of them
 * make on the base learning rate and on parameters that have no default.
 */

/** η_t for optimizer step t (0-based). Pure function of t for all but plateau. */
export interface LearningRateSchedule {
  readonly name: string;
  rate(step: number): number;
}

/**
 * What reduce_on_plateau needs to resume a run exactly. Plain JSON: `best` is
 * null until a first value has been observed (PyTorch keeps ±∞ there, which
 * JSON cannot hold).
 */
export interface PlateauState {
  /** The learning rate in force. */
  readonly rate: number;
  /** The best monitored value so far, or null before the first one. */
  readonly best: number | null;
  /** Epochs since the last improvement (PyTorch's num_bad_epochs). */
  readonly badEpochs: number;
  /** Epochs of cooldown still to run (PyTorch's cooldown_counter). */
  readonly cooldownLeft: number;
}

/** Driven by a monitored value (once per epoch); rate() returns the current rate. */
export interface MonitoredSchedule extends LearningRateSchedule {
  observe(value: number): void;
  getState(): PlateauState;
  setState(s: PlateauState): void;
}

/** A schedule in the registry; `create` takes the base rate and language spellings (`step_size=10`). */
export type ScheduleEntry = ContextEntry<number, LearningRateSchedule> & {
  /** The parameter that defaults to the run's length (steps left after warmups), and the fewest steps it can span. */
  readonly runLength?: { readonly param: string; readonly least: number };
};

/** True for schedules driven by observe() rather than by the step count. */
export function isMonitored(schedule: LearningRateSchedule): schedule is MonitoredSchedule {
  return typeof (schedule as Partial<MonitoredSchedule>).observe === 'function';
}

/** The optimizer's learning rate η0 must be a finite number ≥ 0. */
export function checkBaseLr(owner: string, baseLr: number): void {
  if (typeof baseLr !== 'number' || !Number.isFinite(baseLr) || baseLr < 0) {
    throw new ConfigError(`${owner}: the base learning rate must be a finite number ≥ 0, got ${String(baseLr)}`);
  }
}
