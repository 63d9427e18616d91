import type { RunConfig } from './config';
import type { LayerStats } from './records';
import { TrainingRun, type RunControl, type RunData, type RunProgress, type RunResult } from './run';

/** One arm of a comparison: a label ("he_normal") and the run it stands for. */
export interface Variant {
  readonly label: string;
  readonly config: RunConfig;
}

export interface ComparisonResult {
  readonly label: string;
  readonly result: RunResult;
  /** The trained run itself: its model and telemetry. */
  readonly run: TrainingRun;
}

/** Progress of a comparison: which variant is training, and its own progress. */
export interface ComparisonProgress extends RunProgress {
  readonly variant: string;
  readonly variantIndex: number;
  readonly variants: number;
}

/**
 * The same data trained once per variant, one after the other, so the runs
 * differ only in the setting being compared (give every variant the same
 * seed). A cancelled variant ends the comparison; the variants that finished
 * are returned with it.
 */
export function compareRuns(
  variants: readonly Variant[],
  data: RunData,
  control: Omit<RunControl, 'onProgress'> & { readonly onProgress?: (progress: ComparisonProgress) => void } = {},
): ComparisonResult[] {
  const results: ComparisonResult[] = [];
  for (const [variantIndex, { label, config }] of variants.entries()) {
    const run = new TrainingRun({ ...config, signal: control.signal }, data);
    const report = control.onProgress;
    const result = run.run({
      signal: control.signal,
      now: control.now,
      progressIntervalMs: control.progressIntervalMs,
      onProgress: report && ((progress: RunProgress) => report({ ...progress, variant: label, variantIndex, variants: variants.length })),
    });
    results.push({ label, result, run });
    if (result.status === 'cancelled') break;
  }
  return results;
}

/**
 * `inspect init`: each layer at initialization, from one batch forward and
 * backward — activation variance and gradient norm per layer, the
 * variance-preservation picture that shows why He suits ReLU.
 */
export function inspectInitialization(config: RunConfig, data: RunData): LayerStats[] {
  return [...new TrainingRun(config, data).telemetry.epochs[0].layers];
}
