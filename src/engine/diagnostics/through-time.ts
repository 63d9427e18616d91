import { throughTimeRatio, type ThroughTimeRatio } from '../../protocol/through-time';
import type { EpochRecord, ThroughTime } from '../train/records';
import { clipMethodName } from './concepts';
import type { Diagnostic } from './diagnostic';
import { epochPhrase, formatFigure, initialEpoch, latestEpoch } from './figures';
import type { DiagnosticThresholds, RunSnapshot } from './snapshot';

/**
 * vanishing-through-time and exploding-through-time, as their catalog text
 * states (./through-time.entry.ts): per recurrent layer,
 * r = ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ at initialization and at the latest epoch; the
 * more extreme of the two is reported, once per layer.
 */

/** One recurrent layer's ratio in one epoch. */
interface Measured extends ThroughTimeRatio {
  readonly epoch: EpochRecord;
  readonly profile: ThroughTime;
}

/** Each recurrent layer's ratio at initialization and at the latest epoch, by layer. */
function measuredByLayer(run: RunSnapshot): Map<string, Measured[]> {
  const byLayer = new Map<string, Measured[]>();
  const epochs = [...new Set([initialEpoch(run), latestEpoch(run)])].filter((epoch) => epoch !== undefined);
  for (const epoch of epochs) {
    for (const profile of epoch.throughTime ?? []) {
      const ratio = throughTimeRatio(profile);
      if (ratio === undefined) continue;
      byLayer.set(profile.layer, [...(byLayer.get(profile.layer) ?? []), { ...ratio, epoch, profile }]);
    }
  }
  return byLayer;
}

/** Per layer, the measurement furthest past the threshold in one direction. */
function worstPerLayer(run: RunSnapshot, crosses: (ratio: number) => boolean, worse: (a: number, b: number) => boolean): Measured[] {
  return [...measuredByLayer(run).values()].flatMap((found) => {
    const worst = found.filter((m) => crosses(m.ratio)).reduce<Measured | undefined>((best, m) => (best === undefined || worse(m.ratio, best.ratio) ? m : best), undefined);
    return worst === undefined ? [] : [worst];
  });
}

function describe(found: Measured, direction: 'falls' | 'grows', threshold: number): string {
  const { profile, epoch, from, to, ratio } = found;
  return (
    `${epochPhrase(epoch.epoch)} the gradient through time of ${profile.kind} layer ${profile.layer} ${direction} from ` +
    `‖∂L/∂h_${to}‖ = ${formatFigure(found.last)} to ‖∂L/∂h_${from}‖ = ${formatFigure(found.first)}: ` +
    `ratio ${formatFigure(ratio)} (threshold ${formatFigure(threshold)}), ×${formatFigure(found.perStep)} per step over ${to - from} steps`
  );
}

export function vanishingThroughTime(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const threshold = thresholds.vanishingThroughTime;
  return worstPerLayer(run, (ratio) => ratio < threshold, (a, b) => a < b).map((found) => ({
    code: 'vanishing-through-time',
    severity: 'warning',
    message: describe(found, 'falls', threshold),
    measured: found.ratio,
    threshold,
    subject: 'layer',
    layer: found.profile.layer,
    step: found.epoch.step,
    epoch: found.epoch.epoch,
    ...(found.profile.kind === 'rnn'
      ? {
          fix: 'use lstm or gru, whose additive state update carries the gradient back, or start the recurrent weight orthogonal (recurrent_init=orthogonal; identity with relu)',
          fixConcept: 'lstm',
        }
      : {
          fix: 'start the recurrent weight orthogonal (recurrent_init=orthogonal) so its singular values are 1, or shorten the span the gradient must cross',
          fixConcept: 'orthogonal',
        }),
  }));
}

/** Exploding through time: clip the global norm if the run does not yet; else the recurrent init, the cell, or truncation. */
export function explodingThroughTime(run: RunSnapshot, thresholds: DiagnosticThresholds): Diagnostic[] {
  const threshold = thresholds.explodingThroughTime;
  const clip = clipMethodName(run.settings.clip?.method);
  const clipping = clip !== undefined && clip !== 'none';
  return worstPerLayer(run, (ratio) => ratio > threshold, (a, b) => a > b).map((found) => ({
    code: 'exploding-through-time',
    severity: 'warning',
    message: describe(found, 'grows', threshold),
    measured: found.ratio,
    threshold,
    subject: 'layer',
    layer: found.profile.layer,
    step: found.epoch.step,
    epoch: found.epoch.epoch,
    ...(clipping
      ? {
          fix: `start the recurrent weight orthogonal (recurrent_init=orthogonal) so its largest singular value is 1${found.profile.kind === 'rnn' ? ', or use lstm or gru' : ''}, or truncate backpropagation (bptt=20)`,
          fixConcept: 'orthogonal',
        }
      : {
          fix: 'clip the global gradient norm (clip norm 1.0) and start the recurrent weight orthogonal (recurrent_init=orthogonal) so its largest singular value is 1',
          fixConcept: 'norm',
        }),
  }));
}
