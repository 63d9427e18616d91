import type { RunConfig } from '../engine/train/config';
import { compareRuns, type ComparisonProgress, type ComparisonResult } from '../engine/train/experiments';
import type { ComparableSetting, CompareValue, Instruction } from '../lang/program';
import type { CompareOutput, SourceLocation } from '../protocol/cell-output';
import { planRun, type Overrides, type RunPlan } from './build';
import type { PreparedData } from './data';
import type { Declarations } from './declarations';
import { landscapeMaker } from './landscape';
import { runControl, runData, withLandscape, type RunningCell } from './run-control';
import { summarize } from './summaries';

/** What a `compare` runs on: the checked data, and how the session prepares an arm's own and completes its run. */
export interface CompareSetting {
  readonly data: PreparedData;
  readonly declarations: Declarations;
  readonly seed: number;
  /** The data the declarations (a normalize arm's) describe, prepared afresh. */
  readonly prepare: (declarations: Declarations) => PreparedData;
  /** The plan's run with what the session adds (thresholds, helper threads). */
  readonly config: (plan: RunPlan) => RunConfig;
}

/** `compare`: one run per value of the setting, one after another, each on its own data; a cancelled arm ends the comparison. */
export function compare(instruction: Extract<Instruction, { kind: 'compare' }>, setting: CompareSetting, title: string, location: SourceLocation, running: RunningCell): CompareOutput {
  const { values, options } = instruction;
  const { data, declarations } = setting;
  const arms = values.map((value) => {
    const label = armLabel(value);
    const overrides = armOverrides(instruction.setting, value);
    // Scaling is part of the data, so each normalize arm trains on its own copy of the splits.
    const armData =
      instruction.setting === 'normalize' && value.type === 'concept'
        ? setting.prepare({ ...declarations, normalize: { value: value.name as 'standard' | 'minmax' | 'none', location } })
        : data;
    return { label, data: armData, plan: planRun(declarations, armData, options, overrides, setting.seed), landscape: landscapeMaker(armData, 'overview') };
  });
  const control = runControl(running, 'compare', (progress: ComparisonProgress) => ({ ...arms[progress.variantIndex], label: progress.variant }));
  const results: ComparisonResult[] = [];
  for (const arm of arms) {
    // One arm at a time, each on its own data; a cancelled arm ends the comparison, as in compareRuns.
    const [result] = compareRuns([{ label: arm.label, config: setting.config(arm.plan) }], runData(arm.data), control);
    results.push(result);
    if (result.result.status === 'cancelled') break;
  }
  return {
    kind: 'compare',
    title,
    setting: instruction.setting,
    runs: results.map(({ label, result, run }, i) => withLandscape(summarize(label, run, result, arms[i].plan, declarations, location), arms[i].landscape, run.model)),
  };
}

/** What an arm changes in the declared run: the number, the chained schedule, or the concept in the compared setting's place. */
function armOverrides(setting: ComparableSetting, value: CompareValue): Overrides {
  switch (value.type) {
    case 'number':
      return setting === 'lr' ? { lr: value.value } : { batch: value.value };
    case 'chain':
      return { schedule: value.stages };
    case 'concept':
      return setting === 'schedule' ? { schedule: [value] } : { [setting]: value };
  }
}

/** An arm's label: a number as it is, a chain as written, a concept with its options by name. */
function armLabel(value: CompareValue): string {
  if (value.type === 'number') return String(value.value);
  return value.type === 'chain' ? value.written : formatConcept(value);
}

function formatConcept(ref: { name: string; options: Readonly<Record<string, unknown>> }): string {
  const options = Object.entries(ref.options).map(([key, value]) => `${key}=${String(value)}`);
  return options.length > 0 ? `${ref.name}(${options.join(', ')})` : ref.name;
}
