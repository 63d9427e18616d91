import { aligned, type EntrySource } from '../../reference/entry';

const TOKENS =
  'Tokens are class ids: the argmax of each step’s scores is the predicted token, the target’s class the reference token; the pad token (default 0) is left out of both. Needs sequence outputs (several timesteps per sample).';

const ROUGE_VARIANTS = `As Google’s rouge-score package (no stemming or tokenizing: the tokens are ids), F1 of each sample averaged over the batch; rouge-score’s BootstrapAggregator reports a bootstrap median of the same per-sample scores. ${TOKENS}`;

/** The catalog text of the metrics ./sequence.ts computes. */
export const sequenceTexts: readonly EntrySource[] = [
  {
    name: 'bleu',
    title: 'BLEU',
    summary: 'Corpus BLEU: how many of the predicted sequences’ n-grams the targets hold, with a penalty for predicting too short.',
    formula: aligned(
      String.raw`\text{BLEU} &= \text{BP} \cdot \exp\Big(\frac{1}{{{max_order}}} \sum_{n=1}^{{{max_order}}} \ln p_n\Big), \qquad p_n = \frac{\sum_s \sum_{g \in n\text{-grams}(\hat y_s)} \min\big(\#_{\hat y_s} g,\ \#_{y_s} g\big)}{\sum_s \left(|\hat y_s| - n + 1\right)}`,
      String.raw`\text{BP} &= \begin{cases} 1 & c \ge r \\ e^{1 - r/c} & c < r \end{cases}, \qquad c = \textstyle\sum_s |\hat y_s|,\ r = \sum_s |y_s|`,
    ),
    symbols: { max_order: 'N' },
    plain: 'BLEU = BP·exp((1/N) Σₙ ln pₙ);  pₙ = clipped n-gram matches / predicted n-grams, summed over the corpus;  BP = e^(1 − r/c) if c < r else 1',
    whenToUse: 'Scoring generated sequences against one target each (copy_memory, reversal, translation-like tasks) when exact per-step accuracy is too strict.',
    pitfalls: 'Corpus BLEU is not the mean of sentence BLEUs: counts are summed first. 0 when the predictions hold no n-gram of some order (all shorter than N tokens). Blanks and padding would inflate it: keep pad set.',
    variants: `Matches sacrebleu’s corpus_bleu defaults for one reference: N = 4, brevity penalty, "exp" smoothing (the k-th order with no match gets p = 1/(2^k·count), as mteval-v13a), no effective order. In [0, 1]: sacrebleu reports BLEU × 100, torchmetrics and KerasNLP 0–1. ${TOKENS}`,
    references: ['Papineni, Roukos, Ward & Zhu 2002, BLEU: a Method for Automatic Evaluation of Machine Translation', 'Post 2018, A Call for Clarity in Reporting BLEU Scores'],
  },
  {
    name: 'rouge1',
    title: 'ROUGE-1',
    summary: 'F1 of the unigram overlap between each predicted sequence and its target.',
    formula: aligned(
      String.raw`P &= \frac{\sum_g \min(\#_{\hat y} g, \#_y g)}{|\hat y|}, \quad R = \frac{\sum_g \min(\#_{\hat y} g, \#_y g)}{|y|}`,
      String.raw`\text{ROUGE-1} &= \frac1B \sum_s \frac{2 P_s R_s}{P_s + R_s}`,
    ),
    plain: 'per sample: P = matched tokens / predicted tokens, R = matched tokens / target tokens (counts clipped), F1 = 2PR/(P + R);  mean over the batch',
    whenToUse: 'How much of the target’s content the prediction holds, in any order.',
    pitfalls: 'Blind to order: a reversed sequence scores 1. Use rougeL or bleu when order matters.',
    variants: ROUGE_VARIANTS,
    references: ['Lin 2004, ROUGE: A Package for Automatic Evaluation of Summaries'],
  },
  {
    name: 'rouge2',
    title: 'ROUGE-2',
    summary: 'F1 of the bigram overlap between each predicted sequence and its target.',
    formula: aligned(
      String.raw`P &= \frac{\sum_{g \in \text{bigrams}} \min(\#_{\hat y} g, \#_y g)}{|\hat y| - 1}, \quad R = \frac{\sum_{g \in \text{bigrams}} \min(\#_{\hat y} g, \#_y g)}{|y| - 1}`,
      String.raw`\text{ROUGE-2} &= \frac1B \sum_s \frac{2 P_s R_s}{P_s + R_s}`,
    ),
    plain: 'as rouge1 over bigrams: P = matched bigrams / predicted bigrams, R = matched bigrams / target bigrams, F1 = 2PR/(P + R);  mean over the batch',
    whenToUse: 'Content and local order: pairs of neighbouring tokens must agree.',
    pitfalls: 'A sequence of one token has no bigram and scores 0.',
    variants: ROUGE_VARIANTS,
    references: ['Lin 2004, ROUGE: A Package for Automatic Evaluation of Summaries'],
  },
  {
    name: 'rougeL',
    title: 'ROUGE-L',
    summary: 'F1 of the longest common subsequence of each predicted sequence and its target.',
    formula: aligned(
      String.raw`P &= \frac{\text{LCS}(\hat y, y)}{|\hat y|}, \quad R = \frac{\text{LCS}(\hat y, y)}{|y|}`,
      String.raw`\text{ROUGE-L} &= \frac1B \sum_s \frac{2 P_s R_s}{P_s + R_s}`,
    ),
    plain: 'per sample: P = LCS/|prediction|, R = LCS/|target| (LCS = longest common subsequence, gaps allowed), F1 = 2PR/(P + R);  mean over the batch',
    whenToUse: 'Order matters but gaps are forgiven: tokens in the right order score, even with extra tokens between them.',
    pitfalls: '0 when either sequence is empty after padding is left out. Not rougeLsum, which splits a summary into sentences first.',
    variants: `Lin’s ROUGE-L with β = 1 (the F1). ${ROUGE_VARIANTS}`,
    references: ['Lin 2004, ROUGE: A Package for Automatic Evaluation of Summaries'],
  },
];
