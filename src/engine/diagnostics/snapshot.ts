import { ParamSchema, number, type Options, type Resolved } from '../params';
import type { Divergence, EpochRecord, RunSettings, StepRecord } from '../train/records';

/**
 * What the diagnostics read of a run: its settings, one record per epoch and
 * the most recent steps. It is a plain value, so a finished run, a run in
 * progress and a crafted test run are judged the same way.
 */
export interface RunSnapshot {
  readonly settings: RunSettings;
  /** One record per epoch, in order; epoch 0 is the network at initialization. */
  readonly epochs: readonly EpochRecord[];
  /** The most recent raw steps, oldest first (the loop keeps a window, default 200). */
  readonly recentSteps: readonly StepRecord[];
  /** Set when the run stopped on a non-finite number. */
  readonly divergence?: Divergence;
  /**
   * The training loss of the untrained network when this run continues
   * earlier training (its epoch 0 is then already trained); absent, epoch 0's.
   */
  readonly initialLoss?: number;
  /**
   * Classification runs: how many training labels each class has (samples,
   * or timesteps for sequence labelling), from which the loss of a network
   * that only guesses is known; absent for regression.
   */
  readonly classCounts?: readonly number[];
}

/**
 * The figure each diagnostic compares its measurement against. Every field is
 * a user setting; docs/diagnostics.md explains how each one is used.
 */
export interface DiagnosticThresholds {
  /** symmetry: a layer's unit spread ‖Wᵢ − W̄‖, divided by its weight RMS, at or below which its units count as identical. */
  readonly symmetryTolerance: number;
  /** vanishing-gradients: first-layer ÷ output-layer gradient norm below this. */
  readonly vanishingRatio: number;
  /** exploding-gradients: first-layer ÷ output-layer gradient norm above this. */
  readonly explodingRatio: number;
  /** vanishing-through-time: a recurrent layer's ‖∂L/∂h_1‖ ÷ ‖∂L/∂h_T‖ below this. */
  readonly vanishingThroughTime: number;
  /** exploding-through-time: a recurrent layer's ‖∂L/∂h_1‖ ÷ ‖∂L/∂h_T‖ above this. */
  readonly explodingThroughTime: number;
  /** dying-relu: fraction of a ReLU-family layer's units that never output a positive value in an epoch, above which it is flagged. */
  readonly deadFraction: number;
  /** saturation: fraction of a tanh/sigmoid layer's outputs within 1 % of an asymptote, above which it is flagged. */
  readonly saturatedFraction: number;
  /** frequent-clipping: fraction of the recent steps that were clipped, above which it is flagged. */
  readonly clippingFraction: number;
  /** frequent-clipping and lr-too-high: the fewest recent steps a step-level check judges. */
  readonly minWindowSteps: number;
  /** lr-too-high: how many times the loss at initialization an epoch's loss (or the upper quartile of the recent step losses) may reach. */
  readonly lossRiseFactor: number;
  /** lr-too-high: rise of the least-squares trend over the recent steps, as a fraction of the loss at initialization. */
  readonly lossTrendRise: number;
  /** plateau: how many epochs the training loss must have stood still. */
  readonly plateauEpochs: number;
  /** plateau: (max − min) ÷ mean of the training loss over those epochs, below which it stands still. */
  readonly plateauChange: number;
  /** plateau: a loss below this fraction of the loss at initialization counts as solved, not stuck. */
  readonly plateauLossFloor: number;
  /** chance-level: the fewest trained epochs, all at the end of the run, whose loss must sit at the guess's. */
  readonly chanceEpochs: number;
  /** chance-level: |loss − guess's loss| ÷ guess's loss at or below which a loss counts as guessing. */
  readonly chanceLossMargin: number;
  /** chance-level: how far above the guess's accuracy an accuracy may lie and still count as guessing. */
  readonly chanceAccuracyMargin: number;
  /** overfitting: epochs a rise or a gap must last, the best validation loss at least that old, before it counts. */
  readonly overfittingEpochs: number;
  /** overfitting: validation ÷ training loss above which the gap is flagged. */
  readonly overfittingGap: number;
  /** overfitting: the smallest rise or gap that counts, as a fraction of the loss at initialization. */
  readonly overfittingMargin: number;
  /** update-ratio: ‖ΔW‖ / ‖W‖ per step above which a layer's updates are too large. */
  readonly updateRatioHigh: number;
  /** update-ratio: ‖ΔW‖ / ‖W‖ per step below which a layer barely learns. */
  readonly updateRatioLow: number;
}

/** Ranges and defaults of the thresholds; the one place they are written. */
export const thresholdSchema = new ParamSchema('diagnostics', {
  symmetryTolerance: number({ default: 1e-6, min: 0, max: 1, maxExclusive: true, doc: 'unit spread ÷ weight RMS at or below which units are identical' }),
  vanishingRatio: number({ default: 1e-3, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'first ÷ output layer gradient norm below which gradients vanish' }),
  explodingRatio: number({ default: 1e3, min: 1, minExclusive: true, doc: 'first ÷ output layer gradient norm above which gradients explode' }),
  // Below float32's resolution 2⁻²³ ≈ 1.2e-7 the first step's share of ∂L/∂W_hh is lost to rounding (Bengio et al. 1994).
  vanishingThroughTime: number({ default: 1e-7, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'first ÷ last timestep gradient norm of a recurrent layer below which gradients vanish through time' }),
  // A loss at every step sums at most T non-growing terms into ∂L/∂h_1; beyond 1000 the state Jacobians must grow (Pascanu et al. 2013).
  explodingThroughTime: number({ default: 1e3, min: 1, minExclusive: true, doc: 'first ÷ last timestep gradient norm of a recurrent layer above which gradients explode through time' }),
  deadFraction: number({ default: 0.5, min: 0, max: 1, maxExclusive: true, doc: 'fraction of dead ReLU units above which a layer is flagged' }),
  saturatedFraction: number({ default: 0.3, min: 0, max: 1, maxExclusive: true, doc: 'fraction of saturated tanh/sigmoid outputs above which a layer is flagged' }),
  clippingFraction: number({ default: 0.5, min: 0, max: 1, maxExclusive: true, doc: 'fraction of clipped recent steps above which clipping is too frequent' }),
  minWindowSteps: number({ default: 50, min: 2, integer: true, doc: 'fewest recent steps a step-level check judges' }),
  lossRiseFactor: number({ default: 1.5, min: 1, minExclusive: true, doc: 'loss ÷ loss at initialization above which the learning rate is too high' }),
  lossTrendRise: number({ default: 0.25, min: 0, minExclusive: true, doc: 'rise of the recent loss trend, as a fraction of the initial loss, above which the learning rate is too high' }),
  plateauEpochs: number({ default: 5, min: 1, integer: true, doc: 'epochs the training loss must stand still to be a plateau' }),
  plateauChange: number({ default: 1e-3, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'relative change of the training loss below which it stands still' }),
  plateauLossFloor: number({ default: 0.01, min: 0, max: 1, maxExclusive: true, doc: 'fraction of the initial loss below which a flat loss counts as solved' }),
  chanceEpochs: number({ default: 3, min: 1, integer: true, doc: 'trained epochs at the end of a run whose loss must sit at the loss of guessing the classes' }),
  chanceLossMargin: number({ default: 0.1, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'relative distance from the loss of guessing the classes within which a loss counts as guessing' }),
  chanceAccuracyMargin: number({ default: 0.1, min: 0, max: 1, maxExclusive: true, doc: 'how far above the guess\'s accuracy an accuracy may lie and still count as guessing' }),
  overfittingEpochs: number({ default: 3, min: 1, integer: true, doc: 'epochs a rise above the best validation loss, or a gap over the training loss, must last to be overfitting' }),
  overfittingGap: number({ default: 2, min: 1, minExclusive: true, doc: 'validation ÷ training loss above which the gap is overfitting' }),
  overfittingMargin: number({ default: 0.05, min: 0, doc: 'smallest rise or gap that counts, as a fraction of the initial loss' }),
  updateRatioHigh: number({ default: 0.1, min: 0, minExclusive: true, doc: 'update-to-weight ratio ‖ΔW‖ ÷ ‖W‖ per step above which a layer\'s updates are too large' }),
  updateRatioLow: number({ default: 1e-5, min: 0, minExclusive: true, doc: 'update-to-weight ratio ‖ΔW‖ ÷ ‖W‖ per step below which a layer barely learns' }),
});

/** Compile-time proof that the interface and the schema list the same fields with the same types. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesInterface: Same<Readonly<Resolved<typeof thresholdSchema.specs>>, DiagnosticThresholds> = true;
void schemaMatchesInterface;

/** Every threshold at its default. */
export const DEFAULT_THRESHOLDS: DiagnosticThresholds = Object.freeze(thresholdSchema.resolve());

/**
 * Fills unset thresholds with their defaults and checks the given ones; a bad
 * value throws a ConfigError naming it ("diagnostics: dead_fraction must be in
 * [0, 1), got 1.5"), as does an unknown field (with a "did you mean").
 */
export function resolveThresholds(thresholds: Partial<DiagnosticThresholds> = {}): DiagnosticThresholds {
  return thresholdSchema.resolve(thresholds as Options<typeof thresholdSchema.specs>);
}
