import type { Sequential } from '../engine/model';
import type { RunControl, RunData, RunProgress } from '../engine/train/run';
import type { DecisionLandscape, RunSummary } from '../protocol/cell-output';
import type { RunPlan } from './build';
import type { PreparedData } from './data';
import type { landscapeMaker } from './landscape';

/** Progress of a cell's training, for a progress bar or live charts. */
export interface SessionProgress {
  readonly cell: number;
  readonly action: 'train' | 'compare';
  /** The compare arm being trained, or the train statement's text. */
  readonly label: string;
  readonly progress: RunProgress;
  /** The learning rate planned for every step, so live charts can draw it before it is reached. */
  readonly schedulePreview: readonly { readonly x: number; readonly y: number }[];
  /** For data with two features: the model's decision landscape now; costs a few milliseconds, so call it sparingly. */
  readonly landscape?: () => DecisionLandscape;
}

/** A run's control for a whole cell, its progress reported as the session's. */
export interface CellControl extends Omit<RunControl, 'onProgress'> {
  readonly onProgress?: (progress: SessionProgress) => void;
}

/** The cell a run belongs to and how that cell is controlled. */
export interface RunningCell {
  readonly cell: number;
  readonly control: CellControl;
}

/** The splits a run trains and validates on. */
export function runData(data: PreparedData): RunData {
  return { train: data.train, ...(data.validation ? { validation: data.validation } : {}) };
}

/** The run's summary with the landscape of its model, when the data has two features (a maker exists). */
export function withLandscape(summary: RunSummary, maker: ReturnType<typeof landscapeMaker>, model: Sequential): RunSummary {
  return maker ? { ...summary, landscape: maker(model) } : summary;
}

/**
 * A cell's stop signal and clock for a run, with the run's progress reported
 * as the session's: `arm` says which label, plan and landscape it is about.
 */
export function runControl<P extends RunProgress>(
  running: RunningCell,
  action: SessionProgress['action'],
  arm: (progress: P) => { readonly label: string; readonly plan: RunPlan; readonly landscape: ReturnType<typeof landscapeMaker> },
): Omit<RunControl, 'onProgress'> & { readonly onProgress?: (progress: P) => void } {
  const { signal, now, progressIntervalMs, onProgress: report } = running.control;
  const onProgress =
    report &&
    ((progress: P) => {
      const { label, plan, landscape } = arm(progress);
      report({ cell: running.cell, action, label, progress, schedulePreview: plan.schedulePreview, ...(landscape ? { landscape: () => landscape(progress.model) } : {}) });
    });
  return { signal, now, progressIntervalMs, ...(onProgress ? { onProgress } : {}) };
}
