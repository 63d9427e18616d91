import { ConfigError } from '../../errors';
import { choice, number, ParamSchema, type Options, type Resolved } from '../../params';
import { defineContextEntry } from '../../registry';
import { checkBaseLr, type MonitoredSchedule, type PlateauState } from './types';

/**
 * Reduce-on-plateau: cut the rate when a monitored value (usually the
 * validation loss, once per epoch) stops improving.
 */

const plateauSchema = new ParamSchema('schedule reduce_on_plateau', {
  mode: choice({ values: ['min', 'max'] as const, default: 'min', doc: 'min: lower is better (a loss); max: higher is better (accuracy).' }),
  factor: number({ default: 0.1, min: 0, max: 1, maxExclusive: true, doc: 'Each reduction multiplies the rate by factor.' }),
  patience: number({ default: 10, min: 0, integer: true, doc: 'Epochs without improvement tolerated; the next one reduces.' }),
  threshold: number({ default: 1e-4, min: 0, doc: 'How much better a value must be to count as an improvement.' }),
  thresholdMode: choice({ values: ['rel', 'abs'] as const, default: 'rel', doc: 'rel: better than best·(1 ∓ threshold); abs: better than best ∓ threshold.' }),
  cooldown: number({ default: 0, min: 0, integer: true, doc: 'Epochs after a reduction during which bad epochs are not counted.' }),
  minLr: number({ default: 0, min: 0, doc: 'The rate never goes below min_lr.' }),
  eps: number({ default: 1e-8, min: 0, doc: 'A reduction smaller than eps is skipped.' }),
});

/** Options of `reduceOnPlateau`. */
export type PlateauOptions = Options<typeof plateauSchema.specs>;

/**
 * PyTorch ReduceLROnPlateau. Each observe(v) is one epoch:
 *   v improves on best when  v < best·(1 − threshold)  (min, rel),
 *   v < best − threshold (min, abs),  v > best·(1 + threshold) (max, rel),
 *   v > best + threshold (max, abs);
 * an improvement resets the bad-epoch count, anything else (NaN included)
 * adds one; during cooldown the count is held at 0; once it exceeds patience,
 *   η ← max(η·factor, min_lr)   (skipped when the change is below eps)
 * and cooldown starts. How Keras differs: ./plateau.entry.ts.
 */
class ReduceOnPlateau implements MonitoredSchedule {
  readonly name = 'reduce_on_plateau';
  private current: number;
  private best: number;
  private badEpochs = 0;
  private cooldownLeft = 0;

  constructor(
    baseLr: number,
    private readonly o: Resolved<typeof plateauSchema.specs>,
  ) {
    checkBaseLr(plateauSchema.owner, baseLr);
    this.current = baseLr;
    this.best = this.worst();
  }

  /** The current rate, whatever the step: only observe() moves it. */
  rate(): number {
    return this.current;
  }

  observe(value: number): void {
    if (this.isBetter(value)) {
      this.best = value;
      this.badEpochs = 0;
    } else {
      this.badEpochs++;
    }
    if (this.cooldownLeft > 0) {
      this.cooldownLeft--;
      this.badEpochs = 0;
    }
    if (this.badEpochs > this.o.patience) {
      const reduced = Math.max(this.current * this.o.factor, this.o.minLr);
      if (this.current - reduced > this.o.eps) this.current = reduced;
      this.cooldownLeft = this.o.cooldown;
      this.badEpochs = 0;
    }
  }

  getState(): PlateauState {
    const best = Number.isFinite(this.best) ? this.best : null;
    return { rate: this.current, best, badEpochs: this.badEpochs, cooldownLeft: this.cooldownLeft };
  }

  setState(s: PlateauState): void {
    const owner = plateauSchema.owner;
    const count = (name: string, value: unknown): number => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new ConfigError(`${owner}: saved state ${name} must be a whole number ≥ 0, got ${String(value)}`);
      }
      return value;
    };
    if (typeof s.rate !== 'number' || !Number.isFinite(s.rate) || s.rate < 0) {
      throw new ConfigError(`${owner}: saved state rate must be a finite number ≥ 0, got ${String(s.rate)}`);
    }
    if (s.best !== null && (typeof s.best !== 'number' || !Number.isFinite(s.best))) {
      throw new ConfigError(`${owner}: saved state best must be a finite number or null, got ${String(s.best)}`);
    }
    this.badEpochs = count('badEpochs', s.badEpochs);
    this.cooldownLeft = count('cooldownLeft', s.cooldownLeft);
    this.current = s.rate;
    this.best = s.best ?? this.worst();
  }

  private worst(): number {
    return this.o.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(value: number): boolean {
    const { mode, thresholdMode, threshold } = this.o;
    if (mode === 'min') {
      return thresholdMode === 'rel' ? value < this.best * (1 - threshold) : value < this.best - threshold;
    }
    return thresholdMode === 'rel' ? value > this.best * (1 + threshold) : value > this.best + threshold;
  }
}

/** Reduce the rate when a monitored value stops improving; see `reduce_on_plateau`. */
export function reduceOnPlateau(baseLr: number, options: PlateauOptions = {}): MonitoredSchedule {
  return new ReduceOnPlateau(baseLr, plateauSchema.resolve(options));
}

export const plateauEntry = defineContextEntry(
  'reduce_on_plateau',
  ['ReduceLROnPlateau', 'plateau'],
  plateauSchema,
  (baseLr: number, o) => new ReduceOnPlateau(baseLr, o),
);
