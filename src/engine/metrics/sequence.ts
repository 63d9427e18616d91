import { argmaxRow, checkBatch, targetClass } from '../losses/targets';
import { number, ParamSchema, type Options, type Resolved } from '../params';
import { MetricError, sequenceMetricEntry, type MetricEntry, type Values } from './metric';

/**
 * Metrics of generated token sequences: BLEU (Papineni et al. 2002), as
 * sacrebleu computes corpus BLEU by default, and ROUGE-1, ROUGE-2, ROUGE-L
 * (Lin 2004) F1, as Google's rouge-score package. Tokens are class ids: the
 * argmax of each step's scores is the predicted token, the target's class the
 * reference token. Scores are in [0, 1], as every metric here; sacrebleu
 * prints BLEU × 100.
 */

/** One token sequence: class ids, padding left out. */
export type Tokens = readonly number[];

const pad = number({
  default: 0,
  min: -1,
  integer: true,
  doc: 'Token id left out of both sequences before scoring (padding; the blanks of copy_memory). -1 keeps every token.',
});

const bleuSchema = new ParamSchema('metric bleu', {
  maxOrder: number({ default: 4, min: 1, max: 10, integer: true, doc: 'Longest n-gram counted (sacrebleu max_ngram_order, default 4).' }),
  pad,
});

const rouge1Schema = new ParamSchema('metric rouge1', { pad });
const rouge2Schema = new ParamSchema('metric rouge2', { pad });
const rougeLSchema = new ParamSchema('metric rougeL', { pad });

/** Options of `bleu`. */
export type BleuOptions = Options<typeof bleuSchema.specs>;
/** Options of the ROUGE metrics. */
export type RougeOptions = Options<typeof rouge1Schema.specs>;

/** Predicted and reference sequences of a batch. */
export interface SequencePairs {
  readonly hypotheses: Tokens[];
  readonly references: Tokens[];
}

/**
 * Rebuilds each sample's predicted and target sequence from batch·steps rows
 * of `width` class scores and their targets (class ids, or dense rows),
 * leaving out the padding token. Steps 1 or width 1 are no sequence of
 * tokens: a MetricError says so.
 */
export function sequencePairs(name: string, predictions: Values, targets: Values, batch: number, width: number, steps: number, padToken: number): SequencePairs {
  const owner = `metric ${name}`;
  if (steps <= 1) {
    throw new MetricError(`${owner}: needs sequence outputs, several timesteps per sample (as data reversal or copy_memory give), got ${steps} step per sample`, name);
  }
  if (width === 1) throw new MetricError(`${owner}: needs one score per token class at every step (width > 1), got width 1`, name);
  const rows = batch * steps;
  const layout = checkBatch(owner, predictions, targets, rows, width);
  const hypotheses: Tokens[] = [];
  const references: Tokens[] = [];
  for (let sample = 0; sample < batch; sample++) {
    const hypothesis: number[] = [];
    const reference: number[] = [];
    for (let t = 0; t < steps; t++) {
      const row = sample * steps + t;
      const predicted = argmaxRow(predictions, row, width);
      const wanted = targetClass(targets, layout, row, width);
      if (predicted !== padToken) hypothesis.push(predicted);
      if (wanted !== padToken) reference.push(wanted);
    }
    hypotheses.push(hypothesis);
    references.push(reference);
  }
  return { hypotheses, references };
}

/** Counts of each n-gram of `tokens`, keyed by its ids. */
function ngramCounts(tokens: Tokens, n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Σ over the n-grams of min(count in a, count in b): the clipped matches of BLEU and ROUGE-N. */
function overlap(a: Map<string, number>, b: Map<string, number>): number {
  let matches = 0;
  for (const [key, count] of a) matches += Math.min(count, b.get(key) ?? 0);
  return matches;
}

/**
 * Corpus BLEU with sacrebleu's defaults for one reference per sentence:
 * clipped n-gram matches and n-gram counts summed over the corpus for
 * n = 1…maxOrder, p_n = matches/count; a p_n with no match is smoothed by
 * sacrebleu's "exp" method (mteval-v13a): the k-th such order gets
 * 1/(2^k · count). BLEU = BP · exp(mean ln p_n), BP = exp(1 − r/c) when the
 * hypotheses' total length c is below the references' r, else 1. 0 when no
 * n-gram matches at all, or when the hypotheses hold no n-gram of some order
 * (sacrebleu returns 0 there too). In [0, 1]; sacrebleu reports × 100.
 */
export function corpusBleu(hypotheses: readonly Tokens[], references: readonly Tokens[], maxOrder = 4): number {
  const matches = new Array<number>(maxOrder).fill(0);
  const totals = new Array<number>(maxOrder).fill(0);
  let hypothesisLength = 0;
  let referenceLength = 0;
  hypotheses.forEach((hypothesis, s) => {
    const reference = references[s];
    hypothesisLength += hypothesis.length;
    referenceLength += reference.length;
    for (let n = 1; n <= maxOrder; n++) {
      matches[n - 1] += overlap(ngramCounts(hypothesis, n), ngramCounts(reference, n));
      totals[n - 1] += Math.max(hypothesis.length - n + 1, 0);
    }
  });
  if (matches.every((m) => m === 0) || totals.some((t) => t === 0)) return 0;
  const brevity = hypothesisLength < referenceLength ? Math.exp(1 - referenceLength / hypothesisLength) : 1;
  let smoothing = 1;
  let logSum = 0;
  for (let n = 0; n < maxOrder; n++) {
    if (matches[n] === 0) smoothing *= 2;
    logSum += Math.log(matches[n] === 0 ? 1 / (smoothing * totals[n]) : matches[n] / totals[n]);
  }
  return brevity * Math.exp(logSum / maxOrder);
}

/** Precision, recall and their harmonic mean for one prediction against its target. */
export interface RougeScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

function scoreOf(precision: number, recall: number): RougeScore {
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * ROUGE-N of one prediction (rouge-score's _score_ngrams): clipped n-gram
 * matches over the prediction's n-grams (precision) and the target's
 * (recall), each count at least 1 so an empty side scores 0.
 */
export function rougeNScore(prediction: Tokens, target: Tokens, n: number): RougeScore {
  const predicted = ngramCounts(prediction, n);
  const wanted = ngramCounts(target, n);
  const matches = overlap(wanted, predicted);
  const count = (grams: Map<string, number>) => [...grams.values()].reduce((sum, c) => sum + c, 0);
  return scoreOf(matches / Math.max(count(predicted), 1), matches / Math.max(count(wanted), 1));
}

/** Length of the longest common subsequence, by the usual dynamic programme over one row. */
function lcsLength(a: Tokens, b: Tokens): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

/** ROUGE-L of one prediction (rouge-score's _score_lcs): LCS/|prediction| and LCS/|target|; 0 when either is empty. */
export function rougeLScore(prediction: Tokens, target: Tokens): RougeScore {
  if (prediction.length === 0 || target.length === 0) return scoreOf(0, 0);
  const common = lcsLength(target, prediction);
  return scoreOf(common / prediction.length, common / target.length);
}

/** BLEU of a batch of sequences; see `corpusBleu`. */
export function bleu(predictions: Values, targets: Values, batch: number, width: number, steps: number, options: BleuOptions = {}): number {
  return bleuOf(predictions, targets, batch, width, steps, bleuSchema.resolve(options));
}

function bleuOf(predictions: Values, targets: Values, batch: number, width: number, steps: number, o: Resolved<typeof bleuSchema.specs>): number {
  const { hypotheses, references } = sequencePairs('bleu', predictions, targets, batch, width, steps, o.pad);
  return corpusBleu(hypotheses, references, o.maxOrder);
}

/** The mean over the samples of one ROUGE F1, as rouge-score's scores averaged. */
function meanRouge(name: string, score: (prediction: Tokens, target: Tokens) => RougeScore) {
  return (predictions: Values, targets: Values, batch: number, width: number, steps: number, o: { pad: number }): number => {
    const { hypotheses, references } = sequencePairs(name, predictions, targets, batch, width, steps, o.pad);
    return hypotheses.reduce((sum, hypothesis, s) => sum + score(hypothesis, references[s]).f1, 0) / batch;
  };
}

const rouge1Of = meanRouge('rouge1', (p, t) => rougeNScore(p, t, 1));
const rouge2Of = meanRouge('rouge2', (p, t) => rougeNScore(p, t, 2));
const rougeLOf = meanRouge('rougeL', rougeLScore);

/** Mean ROUGE-1 F1 of a batch of sequences. */
export function rouge1(predictions: Values, targets: Values, batch: number, width: number, steps: number, options: RougeOptions = {}): number {
  return rouge1Of(predictions, targets, batch, width, steps, rouge1Schema.resolve(options));
}

/** Mean ROUGE-2 F1 of a batch of sequences. */
export function rouge2(predictions: Values, targets: Values, batch: number, width: number, steps: number, options: RougeOptions = {}): number {
  return rouge2Of(predictions, targets, batch, width, steps, rouge2Schema.resolve(options));
}

/** Mean ROUGE-L F1 of a batch of sequences. */
export function rougeL(predictions: Values, targets: Values, batch: number, width: number, steps: number, options: RougeOptions = {}): number {
  return rougeLOf(predictions, targets, batch, width, steps, rougeLSchema.resolve(options));
}

/** Registry entries for the sequence metrics. */
export const sequenceMetrics: MetricEntry[] = [
  sequenceMetricEntry('bleu', ['sacrebleu', 'corpus_bleu'], bleuSchema, bleuOf),
  sequenceMetricEntry('rouge1', ['rouge_1'], rouge1Schema, rouge1Of),
  sequenceMetricEntry('rouge2', ['rouge_2'], rouge2Schema, rouge2Of),
  sequenceMetricEntry('rougeL', ['rouge_l'], rougeLSchema, rougeLOf),
];
