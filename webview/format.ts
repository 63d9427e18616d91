/**
 * Numbers as the renderer shows them, and the reading of numbers from an
 * output's JSON, where NaN and ±Infinity arrive as the strings "NaN",
 * "Infinity" and "-Infinity" (docs/output-schema.md).
 */

/** A JSON number as a finite number, or null for NaN, ±Infinity, a missing value or anything else. */
export function finite(value: unknown): number | null {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : null;
}

/** A JSON number as a number, NaN and ±Infinity included (for text, where "diverged to Infinity" is news). */
export function numeric(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Number(value);
  return NaN;
}

/** Grouped thousands ("8,707"): one formatter for every call, since making one costs more than formatting. */
const GROUPED = new Intl.NumberFormat('en-US');
/** Formatters with a fixed count of decimals, made once per count. */
const fixedFormats = new Map<number, Intl.NumberFormat>();

function fixedDecimals(decimals: number): Intl.NumberFormat {
  let format = fixedFormats.get(decimals);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    fixedFormats.set(decimals, format);
  }
  return format;
}

/**
 * A figure for a chart label or a table: integers as they are (600),
 * two decimals from 1 to 100 (1.10), two significant digits below 1
 * (0.32, 0.015), whole numbers from 100, and scientific notation below
 * 0.01 or from 10⁵ (4.3e-5), where decimals would show only zeros.
 */
export function formatNumber(value: unknown): string {
  const x = numeric(value);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const size = Math.abs(x);
  if (Number.isInteger(x) && size < 1e5) return GROUPED.format(x);
  if (size < 0.01 || size >= 1e5) return trimExponent(x.toExponential(1));
  if (size < 1) return String(Number(x.toPrecision(2)));
  if (size < 100) return x.toFixed(2);
  return GROUPED.format(Math.round(x));
}

/**
 * Labels for the ticks of one axis, all with the decimals the tick spacing
 * needs, so they read as one scale (0.9, 1.0, 1.1, 1.2, not 0.9, 1, 1.10)
 * and two different ticks never read the same (0.0495, 0.0500, 0.0505
 * where formatNumber writes 0.05 twice). Zero is "0"; axes whose ticks are
 * all below 0.01 or reach 10⁵ are written as formatNumber would (2e-3,
 * 1.5e5), with more digits only where two would read the same.
 */
export function formatTicks(values: readonly number[]): string[] {
  const plain = values.map(formatNumber);
  const finiteValues = values.filter(Number.isFinite);
  let step = Infinity;
  for (let i = 1; i < finiteValues.length; i++) {
    const gap = Math.abs(finiteValues[i] - finiteValues[i - 1]);
    if (gap > 0) step = Math.min(step, gap);
  }
  if (!Number.isFinite(step)) return plain;
  const largest = Math.max(...finiteValues.map(Math.abs));
  if (largest < 0.01 || largest >= 1e5) {
    if (!hasTwins(values, plain)) return plain;
    // The mantissa needs the digits between the size and the step.
    const digits = Math.min(12, Math.max(1, Math.floor(Math.log10(largest)) - Math.floor(Math.log10(step) + 1e-9)));
    return values.map((v) => (v === 0 ? '0' : Number.isFinite(v) ? trimExponent(v.toExponential(digits)) : formatNumber(v)));
  }
  const decimals = Math.min(12, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)));
  const fixed = fixedDecimals(decimals);
  return values.map((v) => (v === 0 ? '0' : Number.isFinite(v) ? fixed.format(v) : formatNumber(v)));
}

function hasTwins(values: readonly number[], labels: readonly string[]): boolean {
  const seen = new Map<string, number>();
  return labels.some((label, i) => {
    const before = seen.get(label);
    seen.set(label, values[i]);
    return before !== undefined && before !== values[i];
  });
}

function trimExponent(text: string): string {
  return text.replace('e+', 'e').replace(/\.0e/, 'e');
}

/** A fraction in [0, 1] as a percentage: 0.64 → "64 %", 0.004 → "0.4 %". */
export function formatPercent(value: unknown): string {
  const x = numeric(value);
  if (!Number.isFinite(x)) return formatNumber(x);
  const percent = x * 100;
  return `${percent !== 0 && Math.abs(percent) < 1 ? percent.toFixed(1) : Math.round(percent)} %`;
}

/** An integer with thousands separators: 8707 → "8,707". */
export function formatCount(value: number): string {
  return GROUPED.format(value);
}

/** Milliseconds as people read them: 850 ms, 3.6 s, 2 min 5 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Names in a list: "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A metric's or setting's language name as a label: "val_accuracy" → "val accuracy". */
export function labelOf(name: string): string {
  return name.replace(/_/g, ' ');
}
