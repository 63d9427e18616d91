import { chanceLevel } from './chance';
import { frequentClipping } from './clipping';
import { DIAGNOSTIC_CODES, type Diagnostic } from './diagnostic';
import { compareLayerNames } from './figures';
import { explodingGradients, vanishingGradients } from './gradients';
import { initMismatch, symmetry } from './initialization';
import { explodingThroughTime, vanishingThroughTime } from './through-time';
import { overfitting, plateau } from './progress';
import { resolveThresholds, type DiagnosticThresholds, type RunSnapshot } from './snapshot';
import { divergence, learningRateTooHigh } from './stability';
import { dyingRelu, saturation } from './units';
import { updateRatio } from './updates';

/**
 * Training diagnostics: findings about a run, each with a stable code, the
 * measured figure, the threshold it crossed and a fix. Every code is
 * documented in docs/diagnostics.md.
 */

export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, type DiagnosticSubject, type Severity } from './diagnostic';
export { DEFAULT_THRESHOLDS, resolveThresholds, thresholdSchema, type DiagnosticThresholds, type RunSnapshot } from './snapshot';

/** One check: a pure function of the run and the thresholds. */
type Check = (run: RunSnapshot, thresholds: DiagnosticThresholds) => Diagnostic[];

const CHECKS: readonly Check[] = [
  symmetry,
  vanishingGradients,
  explodingGradients,
  vanishingThroughTime,
  explodingThroughTime,
  dyingRelu,
  saturation,
  frequentClipping,
  divergence,
  learningRateTooHigh,
  plateau,
  chanceLevel,
  overfitting,
  initMismatch,
  updateRatio,
];

const CODE_ORDER: ReadonlyMap<string, number> = new Map(DIAGNOSTIC_CODES.map((code, index) => [code, index]));

/**
 * Everything worth telling about a run, in a fixed order: by code (the order
 * of DIAGNOSTIC_CODES), then by layer position. Run-wide codes appear at most
 * once (the worst instance); layer codes at most once per layer. `thresholds`
 * overrides any default and is checked first: a value out of range throws a
 * ConfigError naming it. Never throws on the run itself, however partial.
 */
export function diagnose(run: RunSnapshot, thresholds: Partial<DiagnosticThresholds> = {}): Diagnostic[] {
  const resolved = resolveThresholds(thresholds);
  const found = CHECKS.flatMap((check) => check(run, resolved));
  return found.sort(
    (a, b) => (CODE_ORDER.get(a.code) ?? 0) - (CODE_ORDER.get(b.code) ?? 0) || compareLayerNames(a.layer, b.layer),
  );
}
