/**
 * What a training run records: one StepRecord per optimizer step, one
 * EpochRecord per epoch (epoch 0 is the network at initialization), with
 * per-layer statistics. Diagnostics read these; the renderer charts them.
 */

/** One optimizer step. */
export interface StepRecord {
  /** 1-based: the number of updates applied once this step is done. */
  readonly step: number;
  /** 1-based epoch the step belongs to. */
  readonly epoch: number;
  /** Mini-batch training loss before the update. */
  readonly loss: number;
  readonly learningRate: number;
  /** Global L2 norm of all gradients before clipping. */
  readonly gradNormBefore: number;
  /** …and after clipping (equal when nothing was clipped). */
  readonly gradNormAfter: number;
  readonly clipped: boolean;
}

/** How one layer looked over an epoch (or over one batch at initialization). */
export interface LayerStats {
  /** Position name, as in parameter names: `0`, `1`, … */
  readonly layer: string;
  /** The registered layer name: `dense`, `conv2d`, `lstm`, … */
  readonly kind: string;
  /** Written `trainable=false`: its weights stay as they were, and its update ratio is not measured (NaN). */
  readonly frozen?: boolean;
  /** Dense layers: the activation's name (`relu`, `tanh`, …). */
  readonly activation?: string;
  /** Dense layers: the kernel initializer's name. */
  readonly initializer?: string;
  /** Output width. */
  readonly units: number;
  /** Mean and standard deviation of the layer's weight (dense W, batch-norm γ); NaN for a layer without one. */
  readonly weightMean: number;
  readonly weightStd: number;
  /**
   * Largest distance of one unit's incoming weights from the mean over units,
   * ‖W_i − W̄‖ maximised over i (dense only, else NaN). Zero means every unit
   * of the layer is identical: the symmetry a constant initializer causes.
   */
  readonly unitSpread: number;
  /** Mean and variance of the layer's output over every sample of the epoch. */
  readonly activationMean: number;
  readonly activationVariance: number;
  /** Variance of the pre-activation z = xWᵀ + b (dense only, else NaN). */
  readonly preactivationVariance: number;
  /** ReLU family: fraction of units with no positive output on any sample of the epoch; null for other activations. */
  readonly deadFraction: number | null;
  /** ReLU family: the activation's constant slope below zero (0 for relu, α for leaky_relu); absent for elu and other activations. */
  readonly negativeSlope?: number;
  /** tanh/sigmoid: fraction of unit outputs in the flat region (|z| beyond the saturation threshold); null otherwise. */
  readonly saturatedFraction: number | null;
  /** L2 norm of the layer's parameter gradients, averaged over the epoch's steps (one batch at initialization). */
  readonly gradientNorm: number;
  /**
   * Dense layers: the update-to-weight ratio ‖ΔW‖ / ‖W‖ of one optimizer
   * step, averaged over steps sampled evenly through the epoch (about 1e-3
   * is the rule of thumb for a healthy learning rate). NaN at epoch 0, for
   * other layers, and while ‖W‖ is zero.
   */
  readonly updateRatio: number;
  /**
   * Dense layers: how far the weights have moved since this run started,
   * ‖W − W₀‖ / ‖W₀‖ (W₀ as the run began: initialized, or as a continued
   * run found them). NaN for other layers and while ‖W₀‖ is zero.
   */
  readonly distanceFromStart: number;
}

/** One epoch; epoch 0 is the network before any update. */
export interface EpochRecord {
  readonly epoch: number;
  /** Updates applied by the end of this epoch. */
  readonly step: number;
  /** Mean mini-batch loss over the epoch (at epoch 0: the loss on the training set). */
  readonly trainLoss: number;
  /** Loss on the validation split, if there is one. */
  readonly validationLoss?: number;
  /** Metric values on the training set, by metric name. */
  readonly metrics: Readonly<Record<string, number>>;
  /** Metric values on the validation split. */
  readonly validationMetrics: Readonly<Record<string, number>>;
  /** Learning rate at the end of the epoch. */
  readonly learningRate: number;
  readonly layers: readonly LayerStats[];
  /** Each recurrent layer's gradient norm through time; absent for a model without one. */
  readonly throughTime?: readonly ThroughTime[];
}

/**
 * How the gradient reached one recurrent layer's hidden states over an epoch:
 * ‖∂L/∂h_t‖₂ over the batch for each timestep, the mean over the epoch's
 * steps (one batch at initialization). A sequence longer than 64 steps is
 * thinned by averaging runs of consecutive timesteps (src/protocol/through-time.ts
 * says which timesteps each point covers).
 */
export interface ThroughTime {
  /** Position name, as in LayerStats. */
  readonly layer: string;
  /** `rnn`, `lstm` or `gru`. */
  readonly kind: string;
  /** T, the sequence length the norms cover. */
  readonly steps: number;
  /** The truncation length, when the gradient is cut every bptt steps. */
  readonly bptt?: number;
  /** Mean norm per point, from the first timestep to the last (where the loss enters). */
  readonly norms: readonly number[];
}

/** The settings diagnostics judge a run against, as names and numbers. */
export interface RunSettings {
  readonly optimizer: string;
  readonly learningRate: number;
  readonly loss: string;
  /** Clipping method and its threshold τ (undefined when not clipping). */
  readonly clip?: { readonly method: string; readonly threshold: number };
  readonly schedule?: string;
  readonly batchSize: number;
}

/**
 * The training a model had before the current run, when a run continues
 * from earlier weights: its epoch 0 is then an already trained network, so
 * the diagnostics judge its losses against the untrained network's instead.
 */
export interface TrainingHistory {
  /** Earlier runs of the same model. */
  readonly runs: number;
  /** Steps those runs took, together. */
  readonly steps: number;
  /** The training loss of the untrained network, before the first of them. */
  readonly initialLoss: number;
}

/** Where a run stopped when its numbers went non-finite. */
export interface Divergence {
  readonly step: number;
  readonly epoch: number;
  /** What went non-finite first: the loss, or a layer's weights or gradients. */
  readonly quantity: 'loss' | 'weights' | 'gradients';
  /** The first layer (in order) holding a non-finite value; undefined for the loss alone. */
  readonly layer?: string;
  readonly value: number;
}
