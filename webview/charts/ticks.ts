import { formatNumber, formatTicks } from '../format';

/**
 * Tick labels and axis ranges that read well: round bounds, and labels
 * that name every tick a reader needs and no two alike.
 */

/** The smallest 1, 2 or 5 × 10^k at least `raw`: the step of an axis with round ticks. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / power;
  return (mantissa <= 1 + 1e-9 ? 1 : mantissa <= 2 + 1e-9 ? 2 : mantissa <= 5 + 1e-9 ? 5 : 10) * power;
}

/**
 * A linear range around [low, high] with round ends, about five ticks
 * apart; it stays at or above zero when the values do (a loss axis never
 * shows negative losses).
 */
export function niceRange(low: number, high: number): { min: number; max: number } {
  const step = niceStep((high - low) / 5);
  const min = Math.floor(low / step + 1e-9) * step;
  const max = Math.ceil(high / step - 1e-9) * step;
  return { min: low >= 0 ? Math.max(0, min) : min, max: max > min ? max : min + step };
}

/** A log range around [low, high] (both positive), out to the nearest 1, 2 or 5 × 10^k. */
export function niceLogRange(low: number, high: number): { min: number; max: number } {
  const down = (v: number): number => {
    const power = 10 ** Math.floor(Math.log10(v));
    return ([5, 2, 1].find((m) => m * power <= v * (1 + 1e-9)) ?? 1) * power;
  };
  const up = (v: number): number => {
    const power = 10 ** Math.floor(Math.log10(v));
    return ([1, 2, 5, 10].find((m) => m * power >= v * (1 - 1e-9)) ?? 10) * power;
  };
  const min = down(low);
  const max = up(high);
  return { min, max: max > min ? max : up(min * 1.01) };
}

/**
 * Labels for the ticks of a log axis (Chart.js puts one at every 1…9 × 10^k).
 * Powers of ten alone when the axis spans three decades or more; otherwise
 * 1, 2 and 5 × 10^k as well, since powers of ten alone would leave one label
 * or two; when even those name fewer than two ticks (an axis from 0.27 to
 * 0.52), every tick of one significant digit (0.3, 0.4, 0.5), and failing
 * that, every tick.
 */
export function logTickLabels(values: readonly number[]): string[] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return values.map(() => '');
  const decades = Math.log10(Math.max(...positive) / Math.min(...positive));
  const mantissa = (v: number): number => v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const isOneOf = (v: number, choices: readonly number[]): boolean => v > 0 && choices.some((m) => Math.abs(mantissa(v) - m) < 1e-6);
  const pick = (choices: readonly number[]): string[] => values.map((v) => (isOneOf(v, choices) ? formatNumber(v) : ''));
  const powers = pick([1]);
  const enough = (labels: readonly string[]): boolean => labels.filter((l) => l !== '').length >= 2;
  if (decades >= 3 && enough(powers)) return thinned(powers);
  const oneTwoFive = pick([1, 2, 5]);
  if (enough(oneTwoFive)) return oneTwoFive;
  const digits = pick([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  return enough(digits) ? digits : formatTicks(values);
}

/** The most labels a log axis shows: past that, every second (third, …) power of ten. */
const MAX_LOG_LABELS = 7;

/** Powers-of-ten labels, keeping every k-th so at most MAX_LOG_LABELS remain (1, 1,000, 1e6 … over 13 decades). */
function thinned(labels: readonly string[]): string[] {
  const count = labels.filter((l) => l !== '').length;
  const every = Math.ceil(count / MAX_LOG_LABELS);
  let seen = 0;
  return labels.map((label) => (label === '' ? '' : seen++ % every === 0 ? label : ''));
}

/**
 * Linear tick labels with room to read: Chart.js puts a tick at a set
 * bound even when it lies close to a round tick ("400 450" at the end of a
 * 450-step axis), and the two labels crowd each other. The bound keeps its
 * label (it says where the run ends) and the round tick beside it goes
 * blank when their gap is under six tenths of the axis's usual step.
 */
export function spacedTickLabels(values: readonly number[]): string[] {
  const labels = formatTicks(values);
  if (values.length < 4) return labels;
  const gaps = values.slice(1).map((value, i) => Math.abs(value - values[i]));
  const usual = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  if (gaps[0] < usual * 0.6) labels[1] = '';
  if (gaps[gaps.length - 1] < usual * 0.6) labels[labels.length - 2] = '';
  return labels;
}

/**
 * A tick callback for labels that depend on one another (one precision for
 * the axis, only some log ticks labelled). Chart.js asks for the labels one
 * tick at a time, first to last, passing all the ticks each time: the
 * labels are made once, at the first tick, not once per tick.
 */
export function labelledTogether(label: (values: number[]) => readonly string[]): (value: number | string, index: number, all: readonly { value: number }[]) => string | undefined {
  let labels: readonly string[] = [];
  let labelled: readonly { value: number }[] | undefined;
  return (_value, index, all) => {
    if (index === 0 || all !== labelled) {
      labelled = all;
      labels = label(all.map((tick) => tick.value));
    }
    return labels[index];
  };
}
