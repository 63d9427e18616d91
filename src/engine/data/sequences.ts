import { ConfigError } from '../errors';
import { boolean, number, ParamSchema, type Options } from '../params';
import { Rng } from '../rng';
import { createDataset, type Dataset } from './dataset';
import { pickWithoutReplacement } from './real-data';

/**
 * Synthetic sequence tasks, the benchmarks recurrent networks are measured
 * on: each tests how far back a network can carry information. A sample is a
 * sequence of T steps laid out step after step (sampleShape [T, F], or [T]
 * for token ids). Each data set is a pure function of its options: the same
 * seed gives the same sequences.
 */

const seed = number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seed of the random draws: the same seed gives the same data.' });

function sampleCount(fallback: number) {
  return number({ default: fallback, min: 1, max: 100_000, integer: true, doc: 'Number of sequences.' });
}

function sequenceLength(fallback: number, min: number, what = 'Steps per sequence (T)') {
  return number({ default: fallback, min, max: 10_000, integer: true, doc: `${what}.` });
}

/**
 * Token 0 is the padding token of the token-id sequence sets: `reversal`
 * never draws it, `copy_memory` uses it for its blanks, and the sequence
 * metrics (bleu, rouge) leave it out by default, so they score the tokens
 * that carry information.
 */
export const PAD_TOKEN = 0;

export const addingSchema = new ParamSchema('dataset adding', {
  n: sampleCount(1000),
  length: sequenceLength(50, 2),
  seed,
});

/**
 * The adding problem (Hochreiter & Schmidhuber 1997, experiment 4; in the
 * form of Le, Jaitly & Hinton 2015): each step holds a value v_t ~ U(0, 1) and
 * a marker m_t ∈ {0, 1}; exactly two steps are marked, one in the first half
 * and one in the second (the placement of Arjovsky et al. 2016); the target
 * is the sum of the two marked values. Predicting the mean, 1, scores
 * MSE = Var(v₁ + v₂) = 1/6 ≈ 0.167, the baseline a network must beat.
 */
export function makeAdding(options: Options<typeof addingSchema.specs> = {}): Dataset {
  const o = addingSchema.resolve(options);
  const rng = new Rng(o.seed);
  const steps = o.length;
  const half = Math.floor(steps / 2);
  const x = new Float32Array(o.n * steps * 2);
  const y = new Float32Array(o.n);
  for (let i = 0; i < o.n; i++) {
    const row = i * steps * 2;
    for (let t = 0; t < steps; t++) x[row + 2 * t] = rng.uniform();
    const first = rng.int(half);
    const second = half + rng.int(steps - half);
    x[row + 2 * first + 1] = 1;
    x[row + 2 * second + 1] = 1;
    y[i] = x[row + 2 * first] + x[row + 2 * second];
  }
  const featureNames = Array.from({ length: steps * 2 }, (_, j) => `${j % 2 === 0 ? 'value' : 'marker'}${Math.floor(j / 2) + 1}`);
  return createDataset({ name: 'adding', x, y, task: 'regression', features: steps * 2, sampleShape: [steps, 2], featureNames });
}

export const copyMemorySchema = new ParamSchema('dataset copy_memory', {
  n: sampleCount(1000),
  symbols: number({ default: 10, min: 1, max: 1000, integer: true, doc: 'Symbols to remember and copy (S; 10 in Arjovsky et al.).' }),
  delay: sequenceLength(20, 1, 'Steps from the last symbol to the delimiter (the T of Arjovsky et al., who use 100 to 2000)'),
  alphabet: number({ default: 8, min: 2, max: 1000, integer: true, doc: 'Distinct symbols the sequence is drawn from (K; 8 in Arjovsky et al.).' }),
  seed,
});

/**
 * The copy memory task (Arjovsky, Shah & Bengio 2016, after Hochreiter &
 * Schmidhuber 1997). Tokens: 0 blank, 1…K the symbols, K + 1 the delimiter.
 * Input (delay + 2S steps): S symbols drawn uniformly from 1…K, delay − 1
 * blanks, the delimiter, S blanks. Target, one class per step: delay + S
 * blanks, then the S symbols. Predicting blanks and then any symbol scores
 * the cross-entropy S·ln K/(delay + 2S), the memoryless baseline.
 */
export function makeCopyMemory(options: Options<typeof copyMemorySchema.specs> = {}): Dataset {
  const o = copyMemorySchema.resolve(options);
  const rng = new Rng(o.seed);
  const steps = o.delay + 2 * o.symbols;
  const delimiter = o.alphabet + 1;
  const x = new Float32Array(o.n * steps);
  const y = new Float32Array(o.n * steps);
  for (let i = 0; i < o.n; i++) {
    const row = i * steps;
    for (let s = 0; s < o.symbols; s++) {
      const symbol = 1 + rng.int(o.alphabet);
      x[row + s] = symbol;
      y[row + o.delay + o.symbols + s] = symbol;
    }
    x[row + o.symbols + o.delay - 1] = delimiter;
  }
  const classes = ['blank', ...Array.from({ length: o.alphabet }, (_, k) => String(k + 1)), 'delimiter'];
  return createDataset({ name: 'copy_memory', x, y, task: 'classification', features: steps, sampleShape: [steps], targetWidth: steps, classes, featureNames: stepNames(steps) });
}

export const sineSequenceSchema = new ParamSchema('dataset sine_sequence', {
  n: sampleCount(1000),
  length: sequenceLength(20, 1, 'Steps of the window the network sees (T)'),
  period: number({ default: 20, min: 2, max: 10_000, doc: 'Steps per full cycle of the sine (P).' }),
  noise: number({ default: 0.05, min: 0, doc: 'Standard deviation σ of the Gaussian noise added to each step of the window.' }),
  seed,
});

/**
 * Windows of a noisy sine wave and the value that comes next: with a phase
 * φ ~ U(0, 2π) per window, x_t = sin(2πt/P + φ) + σε for t = 0…T − 1, and
 * the target is the clean next value sin(2πT/P + φ). One-step-ahead
 * forecasting: with σ = 0 two steps already fix the wave.
 */
export function makeSineSequence(options: Options<typeof sineSequenceSchema.specs> = {}): Dataset {
  const o = sineSequenceSchema.resolve(options);
  const rng = new Rng(o.seed);
  const x = new Float32Array(o.n * o.length);
  const y = new Float32Array(o.n);
  const omega = (2 * Math.PI) / o.period;
  for (let i = 0; i < o.n; i++) {
    const phase = rng.uniformIn(0, 2 * Math.PI);
    for (let t = 0; t < o.length; t++) x[i * o.length + t] = Math.sin(omega * t + phase) + rng.normal(0, o.noise);
    y[i] = Math.sin(omega * o.length + phase);
  }
  return createDataset({ name: 'sine_sequence', x, y, task: 'regression', features: o.length, sampleShape: [o.length, 1], featureNames: stepNames(o.length) });
}

export const reversalSchema = new ParamSchema('dataset reversal', {
  n: sampleCount(1000),
  length: sequenceLength(10, 1),
  vocab: number({ default: 10, min: 1, max: 10_000, integer: true, doc: 'Tokens 1…vocab the sequences are drawn from (0 is the padding token and never drawn).' }),
  sort: boolean({ default: false, doc: 'Target the tokens sorted ascending instead of reversed.' }),
  seed,
});

/**
 * Token sequences and the same tokens reversed (the toy task of Sutskever,
 * Vinyals & Le 2014, who reverse source sentences), or sorted ascending with
 * sort=true (Vinyals, Bengio & Kudlur 2016). Tokens are drawn uniformly from
 * 1…vocab; token 0 is reserved for padding and never drawn, so the classes
 * are 0…vocab and class 0 never occurs as a target. Sequence labelling: one
 * class per step.
 */
export function makeReversal(options: Options<typeof reversalSchema.specs> = {}): Dataset {
  const o = reversalSchema.resolve(options);
  const rng = new Rng(o.seed);
  const steps = o.length;
  const x = new Float32Array(o.n * steps);
  const y = new Float32Array(o.n * steps);
  for (let i = 0; i < o.n; i++) {
    const tokens = x.subarray(i * steps, (i + 1) * steps);
    for (let t = 0; t < steps; t++) tokens[t] = 1 + rng.int(o.vocab);
    const target = y.subarray(i * steps, (i + 1) * steps);
    if (o.sort) target.set(Float32Array.from(tokens).sort());
    else for (let t = 0; t < steps; t++) target[t] = tokens[steps - 1 - t];
  }
  const classes = ['pad', ...Array.from({ length: o.vocab }, (_, k) => String(k + 1))];
  return createDataset({ name: 'reversal', x, y, task: 'classification', features: steps, sampleShape: [steps], targetWidth: steps, classes, featureNames: stepNames(steps) });
}

export const charTextSchema = new ParamSchema('dataset char_text', {
  n: number({ default: 2000, min: 1, max: 100_000, integer: true, doc: 'Windows to take, at distinct places in the text.' }),
  length: sequenceLength(32, 1, 'Characters per window (T)'),
  seed,
});

/**
 * The shipped text, read by the host (in Node, `readCharText` of
 * src/node/assets): chapter I of Lewis Carroll's "Alice's Adventures in
 * Wonderland" (1865, public domain), from Project Gutenberg's etext #11.
 */
export type CharTextReader = () => string;

/**
 * Character-level next-character prediction (the task of Karpathy's
 * char-rnn; Graves 2013): the classes are the distinct characters of the
 * text in code-point order, a window of `length` characters as class ids
 * (sampleShape [T]) is the input, the character after it the target. The
 * windows start at `n` distinct places picked by the seed.
 */
export function makeCharText(options: Options<typeof charTextSchema.specs>, read: CharTextReader): Dataset {
  const o = charTextSchema.resolve(options);
  const owner = charTextSchema.owner;
  const text = [...read().replace(/\r\n?/g, '\n')];
  const alphabet = [...new Set(text)].sort();
  if (alphabet.length < 2) throw new ConfigError(`${owner}: the text must hold at least 2 distinct characters, got ${alphabet.length}`);
  const windows = text.length - o.length;
  if (o.n > windows) throw new ConfigError(`${owner}: n must be ≤ ${Math.max(windows, 0)}, the windows of ${o.length} characters the text of ${text.length} holds, got ${o.n}`);
  const ids = new Map(alphabet.map((char, id) => [char, id]));
  const tokens = Float32Array.from(text, (char) => ids.get(char)!);
  const starts = pickWithoutReplacement(windows, o.n, new Rng(o.seed));
  const x = new Float32Array(o.n * o.length);
  const y = new Float32Array(o.n);
  starts.forEach((start, i) => {
    x.set(tokens.subarray(start, start + o.length), i * o.length);
    y[i] = tokens[start + o.length];
  });
  const classes = alphabet.map(characterName);
  return createDataset({ name: 'char_text', x, y, task: 'classification', features: o.length, sampleShape: [o.length], classes, featureNames: stepNames(o.length) });
}

/** A class name that shows in a list: whitespace by name. */
function characterName(char: string): string {
  if (char === ' ') return 'space';
  if (char === '\n') return 'newline';
  if (char === '\t') return 'tab';
  return char;
}

function stepNames(steps: number): string[] {
  return Array.from({ length: steps }, (_, t) => `t${t + 1}`);
}
