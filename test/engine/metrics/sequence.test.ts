import { describe, expect, it } from 'vitest';
import { corpusBleu, createMetric, MetricError, rougeLScore, rougeNScore } from '../../../src/engine/metrics';
import { thrown } from '../thrown';

/** Words as token ids from 1 (0 is the padding token), one id per distinct word. */
function tokenizer() {
  const ids = new Map<string, number>();
  return (text: string): number[] =>
    text.split(' ').map((word) => {
      if (!ids.has(word)) ids.set(word, ids.size + 1);
      return ids.get(word)!;
    });
}

/** One-hot score rows for a batch of equal-length sequences, as a sequence model's outputs. */
function scoreRows(sequences: number[][], width: number): Float32Array {
  const rows = new Float32Array(sequences.length * sequences[0].length * width);
  sequences.flat().forEach((token, row) => (rows[row * width + token] = 1));
  return rows;
}

describe('corpus BLEU, as sacrebleu with its defaults', () => {
  it('scores one sentence with exp smoothing of the order that has no match', () => {
    const words = tokenizer();
    // hyp "the cat sat on the mat", ref "the cat is on the mat":
    // p1 = 5/6 (the ×2, cat, on, mat), p2 = 3/5 (the cat, on the, the mat), p3 = 1/4 (on the mat),
    // p4: no match among 3 → exp smoothing 1/(2·3); BP = 1 (equal lengths).
    // BLEU = (5/6 · 3/5 · 1/4 · 1/6)^(1/4) = (1/48)^(1/4) ≈ 0.3799
    const hypothesis = words('the cat sat on the mat');
    const reference = words('the cat is on the mat');
    expect(corpusBleu([hypothesis], [reference])).toBeCloseTo((1 / 48) ** 0.25, 12);
    expect(corpusBleu([reference], [reference])).toBe(1);
  });

  it('agrees with the statistics of sacrebleu’s own test sentence', () => {
    const words = tokenizer();
    // sacrebleu test_bleu.py: "am I am a character sequence" against "I am a symbol string sequence a a"
    // has matches [4, 2, 1, 0] of [6, 5, 4, 3] n-grams; c = 6 < r = 8, so BP = e^(1 − 8/6) = e^(−1/3).
    // Its floor-smoothed 0.1555722182 = e^(−1/3)·(4/6 · 2/5 · 1/4 · 0.1/3)^(1/4) confirms these counts;
    // exp smoothing, the default, gives p4 = 1/(2·3) instead: e^(−1/3)·(1/90)^(1/4).
    expect(corpusBleu([words('am I am a character sequence')], [words('I am a symbol string sequence a a')])).toBeCloseTo(Math.exp(-1 / 3) * (1 / 90) ** 0.25, 12);
    // Its corpus test: empty hypotheses score 0.
    expect(corpusBleu([[], []], [words('the dog bit the man'), words('it was not unexpected')])).toBe(0);
  });

  it('sums the counts over the corpus before the precisions, and penalises brevity', () => {
    const words = tokenizer();
    // Sentence 2: hyp "a b c d e" (5) against "a b c d e f g" (7): every n-gram matches.
    // matches [5 + 5, 3 + 4, 1 + 3, 0 + 2] = [10, 7, 4, 2] of [6 + 5, 5 + 4, 4 + 3, 3 + 2] = [11, 9, 7, 5];
    // c = 11 < r = 13, BP = e^(1 − 13/11). BLEU = BP · (10/11 · 7/9 · 4/7 · 2/5)^(1/4) = e^(−2/11) · (16/99)^(1/4).
    const hypotheses = [words('the cat sat on the mat'), words('a b c d e')];
    const references = [words('the cat is on the mat'), words('a b c d e f g')];
    expect(corpusBleu(hypotheses, references)).toBeCloseTo(Math.exp(-2 / 11) * (16 / 99) ** 0.25, 12);
  });

  it('doubles the smoothing for each further order with no match, and is 0 without any match or any 4-gram', () => {
    // hyp 1 2 3 4 5 against 1 9 3 9 5: p1 = 3/5; p2, p3, p4 have no match among 4, 3, 2 →
    // 1/(2·4), 1/(4·3), 1/(8·2). BLEU = (3/5 · 1/8 · 1/12 · 1/16)^(1/4).
    expect(corpusBleu([[1, 2, 3, 4, 5]], [[1, 9, 3, 9, 5]])).toBeCloseTo((3 / 5 / 8 / 12 / 16) ** 0.25, 12);
    expect(corpusBleu([[1, 2, 3, 4]], [[5, 6, 7, 8]])).toBe(0);
    // Three tokens hold no 4-gram: sacrebleu's log of a zero precision makes the score 0.
    expect(corpusBleu([[1, 2, 3]], [[1, 2, 3]])).toBe(0);
    expect(corpusBleu([[1, 2, 3]], [[1, 2, 3]], 3)).toBe(1);
  });
});

describe('ROUGE, as Google’s rouge-score', () => {
  // rouge-score's README: score('The quick brown fox jumps over the lazy dog', 'The quick brown dog jumps on the log.')
  const words = tokenizer();
  const target = words('the quick brown fox jumps over the lazy dog');
  const prediction = words('the quick brown dog jumps on the log');

  it('rouge1 and rougeL of the README example', () => {
    // 6 of 8 predicted unigrams match (the ×2, quick, brown, dog, jumps), of 9 target ones.
    expect(rougeNScore(prediction, target, 1)).toEqual({ precision: 0.75, recall: 6 / 9, f1: expect.closeTo(0.7058823529411765, 14) });
    // LCS "the quick brown jumps the" = 5.
    expect(rougeLScore(prediction, target)).toEqual({ precision: 0.625, recall: 5 / 9, f1: expect.closeTo(0.5882352941176471, 14) });
  });

  it('rouge2: 2 shared bigrams (the quick, quick brown) of 7 predicted and 8 target', () => {
    // F1 = 2 · 2/7 · 2/8 / (2/7 + 2/8) = 4/15
    expect(rougeNScore(prediction, target, 2).f1).toBeCloseTo(4 / 15, 14);
  });

  it('Lin 2004’s ROUGE-L example: S2 scores 3/4, S3 scores 1/2, and both the same ROUGE-2', () => {
    const lin = tokenizer();
    const s1 = lin('police killed the gunman');
    const s2 = lin('police kill the gunman');
    const s3 = lin('the gunman kill police');
    expect(rougeLScore(s2, s1).f1).toBe(0.75);
    expect(rougeLScore(s3, s1).f1).toBe(0.5);
    expect(rougeNScore(s2, s1, 2).f1).toBeCloseTo(1 / 3, 14);
    expect(rougeNScore(s3, s1, 2).f1).toBeCloseTo(1 / 3, 14);
  });

  it('scores 0 against an empty side', () => {
    expect(rougeLScore([], [1, 2]).f1).toBe(0);
    expect(rougeNScore([1], [1], 2).f1).toBe(0);
  });
});

describe('the sequence metrics read batch·T rows of class scores', () => {
  // Two samples of 6 steps over 6 token classes; token 0 is padding.
  const targets = [
    [1, 2, 3, 4, 5, 0],
    [3, 3, 2, 1, 0, 0],
  ];
  const predicted = [
    [1, 2, 3, 4, 5, 0],
    [3, 2, 2, 1, 5, 0],
  ];
  const predictions = scoreRows(predicted, 6);
  const y = Float32Array.from(targets.flat());

  it('rebuild each sample’s sequence and leave the padding token out', () => {
    // Sample 2 without padding: prediction 3 2 2 1 5 against 3 3 2 1.
    const rouge1 = (rougeNScore([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 1).f1 + rougeNScore([3, 2, 2, 1, 5], [3, 3, 2, 1], 1).f1) / 2;
    expect(createMetric('rouge1').compute(predictions, y, 2, 6, 6)).toBeCloseTo(rouge1, 12);
    expect(createMetric('rouge2').compute(predictions, y, 2, 6, 6)).toBeCloseTo((1 + rougeNScore([3, 2, 2, 1, 5], [3, 3, 2, 1], 2).f1) / 2, 12);
    expect(createMetric('rougeL').compute(predictions, y, 2, 6, 6)).toBeCloseTo((1 + rougeLScore([3, 2, 2, 1, 5], [3, 3, 2, 1]).f1) / 2, 12);
    expect(createMetric('bleu').compute(predictions, y, 2, 6, 6)).toBeCloseTo(corpusBleu([[1, 2, 3, 4, 5], [3, 2, 2, 1, 5]], [[1, 2, 3, 4, 5], [3, 3, 2, 1]]), 12);
  });

  it('keep every token with pad=-1', () => {
    const all = corpusBleu(predicted, targets);
    expect(createMetric('bleu', { pad: -1 }).compute(predictions, y, 2, 6, 6)).toBeCloseTo(all, 12);
    expect(all).not.toBeCloseTo(createMetric('bleu').compute(predictions, y, 2, 6, 6), 3);
  });

  it('refuse outputs of one step per sample with a MetricError that says they need sequences', () => {
    for (const name of ['bleu', 'rouge1', 'rouge2', 'rougeL']) {
      const error = thrown(() => createMetric(name).compute(predictions, y, 12, 6));
      expect(error).toBeInstanceOf(MetricError);
      expect(error.message).toBe(`metric ${name}: needs sequence outputs, several timesteps per sample (as data reversal or copy_memory give), got 1 step per sample`);
    }
    expect(thrown(() => createMetric('bleu').compute(new Float32Array(12), y, 2, 1, 6)).message).toBe('metric bleu: needs one score per token class at every step (width > 1), got width 1');
  });

  it('per-step metrics score the batch·steps rows', () => {
    // 10 of 12 steps agree (sample 2 differs at steps 2 and 5).
    expect(createMetric('accuracy').compute(predictions, y, 2, 6, 6)).toBeCloseTo(10 / 12, 12);
  });
});
