import type { EvaluateOutput } from '../../src/protocol/cell-output';
import { finite, formatNumber, listText } from '../format';
import { seriesColor } from '../theme';
import { sentences } from './describe';
import type { ChartSpec, SeriesSpec } from './spec';

/**
 * ROC curves of an `evaluate` statement: true-positive rate against
 * false-positive rate as the decision threshold moves, one curve per class
 * (one-vs-rest), with the diagonal of a classifier that guesses. The area
 * under a curve (AUC) is in its legend entry.
 */
export function rocChart(output: EvaluateOutput): ChartSpec | undefined {
  const curves = output.roc ?? [];
  if (curves.length === 0) return undefined;
  const series: SeriesSpec[] = curves.map((curve, i) => ({
    key: curve.label,
    label: `${curves.length > 1 ? `class ${curve.label}` : 'ROC'} (AUC ${formatNumber(curve.auc)})`,
    color: seriesColor(i),
    style: 'line',
    points: curve.points.map((p) => ({ x: finite(p.fpr) ?? 0, y: finite(p.tpr) })),
  }));
  series.push({
    key: 'chance',
    label: 'chance',
    color: 'muted',
    style: 'faint',
    points: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
  });
  return {
    title: `ROC on the ${output.split} split`,
    description: sentences(
      `ROC curves on the ${output.split} split, one-vs-rest`,
      `Area under the curve: ${listText(curves.map((c) => `${curves.length > 1 ? `class ${c.label}` : 'the classifier'} ${formatNumber(c.auc)}`))}`,
    ),
    x: { title: 'false positive rate', scale: 'linear', min: 0, max: 1 },
    y: { title: 'true positive rate', scale: 'linear', min: 0, max: 1 },
    series,
    legend: true,
    shape: 'square',
  };
}
