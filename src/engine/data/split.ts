import { ConfigError } from '../errors';
import { boolean, number, ParamSchema, type Options } from '../params';
import { Rng } from '../rng';
import { selectRows, type Dataset } from './dataset';

export const splitSchema = new ParamSchema('split', {
  validation: number({
    default: 0,
    min: 0,
    max: 1,
    maxExclusive: true,
    doc: 'Fraction of the samples held out to watch generalisation during training (Keras validation_split).',
  }),
  test: number({ default: 0, min: 0, max: 1, maxExclusive: true, doc: 'Fraction of the samples held out for the final evaluation (sklearn test_size).' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seed of the shuffle that decides which samples go where.' }),
  stratify: boolean({
    default: true,
    doc: 'Classification only: every split keeps the class shares of the whole (sklearn stratify=y); regression and sequence-labelling splits are plain random.',
  }),
});

/** Options of `splitDataset`; each field is documented in `splitSchema`. */
export type SplitOptions = Options<typeof splitSchema.specs>;

/** The parts of a data set; validation and test are there when their fraction is above 0. */
export interface Splits {
  readonly train: Dataset;
  readonly validation?: Dataset;
  readonly test?: Dataset;
}

const HELD_OUT = ['test', 'validation'] as const;
type HeldOut = (typeof HELD_OUT)[number];

/**
 * Splits a data set into disjoint train, validation and test parts that
 * together hold every sample once. A held-out part gets round(fraction × n)
 * samples (at least one when its fraction is above 0). Stratified, each class
 * is shared out in proportion to its size by largest remainders, so the totals
 * stay exact; then a class the proportions left out of a part gets a sample
 * there, taken from the class holding the most, as long as it keeps one for
 * training (the sizes stay as computed). Seeded: the same seed gives the same
 * parts.
 */
export function splitDataset(ds: Dataset, options: SplitOptions = {}): Splits {
  const o = splitSchema.resolve(options);
  const fractions: Record<HeldOut, number> = { test: o.test, validation: o.validation };
  if (o.validation + o.test >= 1) {
    throw new ConfigError(`split: validation + test must be below 1 so training keeps samples, got ${o.validation} + ${o.test}`);
  }
  const sizes = HELD_OUT.map((part) => (fractions[part] > 0 ? Math.max(1, Math.round(fractions[part] * ds.count)) : 0));
  if (sizes[0] + sizes[1] >= ds.count) {
    throw new ConfigError(
      `split: holding out ${sizes[1]} for validation and ${sizes[0]} for test leaves no training samples of the ${ds.count} in ${ds.name}`,
    );
  }
  const rng = new Rng(o.seed);
  // A sequence-labelled sample has a class per step, not one class to stratify by.
  const stratified = o.stratify && ds.classes !== undefined && ds.targetWidth === 1;
  const groups = stratified ? rowsByClass(ds) : [Array.from({ length: ds.count }, (_, i) => i)];
  for (const rows of groups) rng.shuffle(rows);
  const quotas = HELD_OUT.map((_, s) => largestRemainders(sizes[s], groups.map((rows) => rows.length), ds.count));
  if (groups.length > 1) giveEveryGroupASample(quotas, groups.map((rows) => rows.length));

  const parts: Record<HeldOut | 'train', number[]> = { test: [], validation: [], train: [] };
  groups.forEach((rows, g) => {
    const held = quotas[0][g] + quotas[1][g];
    parts.test.push(...rows.slice(0, quotas[0][g]));
    parts.validation.push(...rows.slice(quotas[0][g], held));
    parts.train.push(...rows.slice(held));
  });
  const take = (part: HeldOut | 'train'): Dataset => selectRows(ds, rng.shuffle(parts[part]), `${ds.name} (${part})`);
  return {
    train: take('train'),
    ...(parts.validation.length > 0 ? { validation: take('validation') } : {}),
    ...(parts.test.length > 0 ? { test: take('test') } : {}),
  };
}

function rowsByClass(ds: Dataset): number[][] {
  const groups = (ds.classes ?? []).map((): number[] => []);
  for (let i = 0; i < ds.count; i++) groups[ds.y[i]].push(i);
  return groups.filter((rows) => rows.length > 0);
}

/**
 * Shares `total` out over groups in proportion to their sizes: each gets
 * ⌊total·size/n⌋, and the units left go to the largest fractional parts
 * (Hamilton's method), ties to the earlier group, so the shares sum to total.
 */
function largestRemainders(total: number, sizes: readonly number[], n: number): number[] {
  const exact = sizes.map((size) => (total * size) / n);
  const shares = exact.map(Math.floor);
  let left = total - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = exact.map((value, g) => ({ g, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.g - b.g);
  for (const { g } of byRemainder) {
    if (left === 0) break;
    shares[g]++;
    left--;
  }
  return shares;
}

/**
 * Moves one sample of a held-out part to each group the proportions left out
 * of it, from the group holding the most there (if it can spare one), as long
 * as the group keeps one for training; then makes sure every group keeps a
 * training sample.
 */
function giveEveryGroupASample(quotas: number[][], sizes: readonly number[]): void {
  const training = (g: number): number => sizes[g] - quotas[0][g] - quotas[1][g];
  for (const shares of quotas) {
    if (shares.every((share) => share === 0)) continue;
    shares.forEach((share, g) => {
      if (share > 0 || training(g) < 2) return;
      const donor = shares.reduce((best, value, h) => (value > shares[best] ? h : best), 0);
      if (shares[donor] < 2) return;
      shares[donor]--;
      shares[g]++;
    });
  }
  sizes.forEach((_, g) => {
    while (training(g) < 1) {
      const part = quotas[0][g] >= quotas[1][g] ? 0 : 1;
      quotas[part][g]--;
    }
  });
}
