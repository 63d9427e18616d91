import { formatNumber } from '../format';
import type { Point } from './spec';

/**
 * Text alternatives for charts: what a sighted reader takes from the
 * picture, in one or two sentences ("Training loss fell from 1.10 to 0.32
 * over 600 steps"). Screen readers read them from the canvas's aria-label.
 */

/** The first and last defined values of a series, and where the last one is. */
function ends(points: readonly Point[]): { first: number; last: number; lastX: number } | undefined {
  const defined = points.filter((p): p is { x: number; y: number } => p.y !== null);
  if (defined.length === 0) return undefined;
  return { first: defined[0].y, last: defined[defined.length - 1].y, lastX: defined[defined.length - 1].x };
}

/**
 * How a quantity moved: "Training loss fell from 1.10 to 0.32 over 600
 * steps". Changes under 2 % read as "stayed near".
 */
export function trend(name: string, points: readonly Point[], unit: 'steps' | 'epochs'): string {
  const span = ends(points);
  if (span === undefined) return `${name}: no values yet`;
  const over = `over ${formatNumber(span.lastX)} ${span.lastX === 1 ? unit.slice(0, -1) : unit}`;
  const { first, last } = span;
  const change = Math.abs(last - first) / Math.max(Math.abs(first), Math.abs(last), Number.MIN_VALUE);
  if (points.length === 1 || change < 0.02) return `${name} stayed near ${formatNumber(last)} ${over}`;
  return `${name} ${last < first ? 'fell' : 'rose'} from ${formatNumber(first)} to ${formatNumber(last)} ${over}`;
}

/** Values per category: "layer 0 relu 0.81, layer 1 relu 1.00, …", the first `limit` of them. */
export function perCategory(labels: readonly string[], values: readonly (number | null)[], format: (value: number) => string = formatNumber, limit = 12): string {
  const parts = labels.slice(0, limit).map((label, i) => `${label} ${values[i] === null || values[i] === undefined ? 'n/a' : format(values[i] as number)}`);
  if (labels.length > limit) parts.push(`and ${labels.length - limit} more`);
  return parts.join(', ');
}

/** Joins sentences, each ending with a full stop. */
export function sentences(...parts: readonly (string | undefined | false)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
    .join(' ');
}
