import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import { createLoss, losses, PROBABILITY_EPSILON, targetLayout, type Loss } from '../../../src/engine/losses';
import { Rng } from '../../../src/engine/rng';

const f32 = (values: readonly number[]) => new Float32Array(values);

// ---------------------------------------------------------------------------
// Gradient checks
//
// Tolerance: predictions live in float32, so x ± h is rounded when stored. The
// check divides by the step actually taken, fround(x + h) − fround(x − h), not
// by 2h; the loss accumulates in float64, so what remains is the central
// difference truncation error, O(h²·f''') ≈ 1e-7 relative at h = 1e-3. A
// relative error bound of 1e-3 leaves a wide margin for that and still
// catches a wrong factor, sign or missing term. Inputs are kept away from the
// kinks (|e| = 0, |e| = δ, y·ŷ = 1) and from the probability clamps.
// ---------------------------------------------------------------------------

const STEP = 1e-3;
const RELATIVE_TOLERANCE = 1e-3;

function numericGradient(loss: Loss, predictions: Float32Array, targets: Float32Array, batch: number, width: number): Float64Array {
  const numeric = new Float64Array(predictions.length);
  for (let k = 0; k < predictions.length; k++) {
    const original = predictions[k];
    predictions[k] = original + STEP;
    const up = predictions[k];
    const valueUp = loss.value(predictions, targets, batch, width);
    predictions[k] = original - STEP;
    const down = predictions[k];
    const valueDown = loss.value(predictions, targets, batch, width);
    predictions[k] = original;
    numeric[k] = (valueUp - valueDown) / (up - down);
  }
  return numeric;
}

function expectGradientsClose(analytic: ArrayLike<number>, numeric: ArrayLike<number>, tolerance = RELATIVE_TOLERANCE): void {
  expect(analytic.length).toBe(numeric.length);
  for (let k = 0; k < analytic.length; k++) {
    const scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric[k]));
    // Entries that are exactly zero on both sides (inactive hinge, y = 0 terms) need no relative test.
    const error = scale < 1e-9 ? 0 : Math.abs(analytic[k] - numeric[k]) / scale;
    expect(error, `entry ${k}: analytic ${analytic[k]}, numeric ${numeric[k]}`).toBeLessThan(tolerance);
  }
}

type Generate = (rng: Rng, batch: number, width: number) => number[];

const fill = (count: number, draw: () => number) => Array.from({ length: count }, draw);
const normals: Generate = (rng, batch, width) => fill(batch * width, () => rng.normal(0, 1.5));
const probabilities: Generate = (rng, batch, width) => fill(batch * width, () => rng.uniformIn(0.05, 0.95));
const zeroOne: Generate = (rng, batch, width) => fill(batch * width, () => rng.int(2));
const signs: Generate = (rng, batch, width) => fill(batch * width, () => (rng.int(2) === 0 ? -1 : 1));
const indices: Generate = (rng, batch, width) => fill(batch, () => rng.int(width));
const distributions: Generate = (rng, batch, width) => {
  const rows: number[] = [];
  for (let i = 0; i < batch; i++) {
    const row = fill(width, () => rng.uniformIn(0.1, 1));
    const sum = row.reduce((a, b) => a + b, 0);
    rows.push(...row.map((v) => v / sum));
  }
  return rows;
};
/** Values away from the hinge kink at |ŷ| = 1 (y·ŷ = 1 for y = ±1). */
const awayFromMargin: Generate = (rng, batch, width) =>
  fill(batch * width, () => {
    let value: number;
    do value = rng.uniformIn(-2, 2);
    while (Math.abs(Math.abs(value) - 1) < 0.1);
    return value;
  });

interface GradientCase {
  readonly loss: string;
  readonly options?: Readonly<Record<string, number | boolean>>;
  readonly batch: number;
  readonly width: number;
  readonly predictions: Generate;
  readonly targets: Generate;
  /** Errors e = ŷ − y drawn with |e| in this band, away from kinks at 0 and δ. */
  readonly errorBand?: readonly [number, number];
}

const gradientCases: GradientCase[] = [
  { loss: 'mse', batch: 3, width: 4, predictions: normals, targets: normals },
  { loss: 'mse', batch: 3, width: 4, predictions: normals, targets: indices },
  { loss: 'mae', batch: 3, width: 4, predictions: normals, targets: normals, errorBand: [0.1, 2] },
  { loss: 'huber', batch: 3, width: 4, predictions: normals, targets: normals, errorBand: [0.1, 0.8] },
  { loss: 'huber', batch: 3, width: 4, predictions: normals, targets: normals, errorBand: [1.2, 3] },
  { loss: 'huber', options: { delta: 0.5 }, batch: 3, width: 4, predictions: normals, targets: normals, errorBand: [0.6, 2] },
  { loss: 'cosine_similarity', batch: 3, width: 4, predictions: normals, targets: normals },
  { loss: 'cosine_similarity', batch: 3, width: 4, predictions: normals, targets: indices },
  { loss: 'binary_crossentropy', batch: 5, width: 1, predictions: probabilities, targets: zeroOne },
  { loss: 'binary_crossentropy', batch: 2, width: 3, predictions: probabilities, targets: probabilities },
  { loss: 'binary_crossentropy', options: { from_logits: true }, batch: 5, width: 1, predictions: normals, targets: zeroOne },
  { loss: 'binary_crossentropy', options: { from_logits: true }, batch: 2, width: 3, predictions: normals, targets: probabilities },
  { loss: 'binary_cross_entropy_with_logits', batch: 4, width: 2, predictions: normals, targets: zeroOne },
  { loss: 'categorical_crossentropy', batch: 3, width: 4, predictions: probabilities, targets: distributions },
  { loss: 'categorical_crossentropy', batch: 3, width: 4, predictions: probabilities, targets: indices },
  { loss: 'categorical_crossentropy', options: { from_logits: true }, batch: 3, width: 4, predictions: normals, targets: distributions },
  { loss: 'categorical_crossentropy', options: { from_logits: true }, batch: 3, width: 4, predictions: normals, targets: probabilities },
  { loss: 'sparse_categorical_crossentropy', batch: 4, width: 3, predictions: probabilities, targets: indices },
  { loss: 'sparse_categorical_crossentropy', options: { from_logits: true }, batch: 4, width: 3, predictions: normals, targets: indices },
  { loss: 'cross_entropy', batch: 4, width: 3, predictions: normals, targets: indices },
  { loss: 'nll', batch: 4, width: 3, predictions: normals, targets: indices },
  { loss: 'kl_divergence', batch: 3, width: 4, predictions: probabilities, targets: distributions },
  { loss: 'kl_divergence', batch: 3, width: 4, predictions: probabilities, targets: indices },
  { loss: 'hinge', batch: 6, width: 1, predictions: awayFromMargin, targets: zeroOne },
  { loss: 'hinge', batch: 3, width: 3, predictions: awayFromMargin, targets: signs },
  { loss: 'hinge', batch: 3, width: 3, predictions: awayFromMargin, targets: indices },
];

function caseInputs(testCase: GradientCase, seed: number): { predictions: Float32Array; targets: Float32Array } {
  const rng = new Rng(seed);
  const targets = f32(testCase.targets(rng, testCase.batch, testCase.width));
  let predictions = testCase.predictions(rng, testCase.batch, testCase.width);
  if (testCase.errorBand !== undefined) {
    // ŷ = y ± |e| with |e| drawn inside the band, so no element sits on a kink.
    const [low, high] = testCase.errorBand;
    predictions = Array.from(targets, (y) => y + (rng.int(2) === 0 ? -1 : 1) * rng.uniformIn(low, high));
  }
  return { predictions: f32(predictions), targets };
}

const label = (c: GradientCase) =>
  `${c.loss}${c.options ? ` ${JSON.stringify(c.options)}` : ''} ${c.batch}×${c.width} ${c.errorBand ? `|e|∈[${c.errorBand}] ` : ''}targets ${c.targets.name}`;

describe('loss gradients match central differences of the value', () => {
  it.each(gradientCases.map((c, n) => [label(c), c, n] as const))('%s', (_label, testCase, n) => {
    const loss = createLoss(testCase.loss, testCase.options);
    const { predictions, targets } = caseInputs(testCase, 100 + n);
    const analytic = new Float32Array(predictions.length);
    loss.gradient(predictions, targets, analytic, testCase.batch, testCase.width);
    expectGradientsClose(analytic, numericGradient(loss, predictions, targets, testCase.batch, testCase.width));
  });

  it('covers every registered loss', () => {
    const checked = new Set(gradientCases.map((c) => losses.get(c.loss).name));
    expect(losses.entries().map((e) => e.name).filter((name) => !checked.has(name))).toEqual([]);
  });

  it('uses the subgradient 0 at the kinks of mae and hinge', () => {
    const gradient = new Float32Array(2);
    createLoss('mae').gradient(f32([1, 2]), f32([1, 0]), gradient, 2, 1);
    // e = [0, 2] → sign(e)/n = [0, 1/2]
    expect(Array.from(gradient)).toEqual([0, 0.5]);
    createLoss('hinge').gradient(f32([1, -0.5]), f32([1, 1]), gradient, 2, 1);
    // y·ŷ = [1, −0.5]: the first sits on the kink (gradient 0), the second is inside the margin: −y/n = −1/2
    expect(Array.from(gradient)).toEqual([0, -0.5]);
  });
});

// ---------------------------------------------------------------------------
// Fused gradients: dL/dz for p = softmax(z) or σ(z)
// ---------------------------------------------------------------------------

function softmaxRows(z: Float64Array, batch: number, width: number): Float32Array {
  const p = new Float32Array(z.length);
  for (let i = 0; i < batch; i++) {
    const row = z.subarray(i * width, (i + 1) * width);
    const max = Math.max(...row);
    const sum = row.reduce((s, v) => s + Math.exp(v - max), 0);
    for (let j = 0; j < width; j++) p[i * width + j] = Math.exp(row[j] - max) / sum;
  }
  return p;
}

function sigmoidAll(z: Float64Array): Float32Array {
  return Float32Array.from(z, (v) => 1 / (1 + Math.exp(-v)));
}

/**
 * d value(activation(z)) / dz by central differences in float64 z. The step is
 * 1e-2 here, not 1e-3: p = activation(z) is rounded to float32 (relative error
 * ≈ 6e-8) before the loss sees it, and that noise divided by 2h must stay well
 * under the 1e-3 tolerance, while the truncation error h²·f'''/6 ≈ 2e-5 does too.
 */
function numericChainGradient(loss: Loss, z: Float64Array, targets: Float32Array, batch: number, width: number,
  activation: (z: Float64Array, batch: number, width: number) => Float32Array): Float64Array {
  const h = 1e-2;
  const numeric = new Float64Array(z.length);
  for (let k = 0; k < z.length; k++) {
    const original = z[k];
    z[k] = original + h;
    const up = loss.value(activation(z, batch, width), targets, batch, width);
    z[k] = original - h;
    const down = loss.value(activation(z, batch, width), targets, batch, width);
    z[k] = original;
    numeric[k] = (up - down) / (2 * h);
  }
  return numeric;
}

interface FusedCase {
  readonly loss: string;
  readonly batch: number;
  readonly width: number;
  readonly targets: Generate;
  readonly activation: 'softmax' | 'sigmoid';
}

const fusedCases: FusedCase[] = [
  { loss: 'categorical_crossentropy', batch: 3, width: 4, targets: indices, activation: 'softmax' },
  { loss: 'categorical_crossentropy', batch: 3, width: 4, targets: distributions, activation: 'softmax' },
  { loss: 'sparse_categorical_crossentropy', batch: 4, width: 3, targets: indices, activation: 'softmax' },
  { loss: 'binary_crossentropy', batch: 5, width: 1, targets: zeroOne, activation: 'sigmoid' },
  { loss: 'binary_crossentropy', batch: 2, width: 3, targets: probabilities, activation: 'sigmoid' },
];

describe('fused gradients', () => {
  it.each(fusedCases.map((c) => [`${c.loss} on ${c.activation}, ${c.batch}×${c.width}`, c] as const))('%s', (_label, c) => {
    const loss = createLoss(c.loss);
    expect(loss.fusedActivation).toBe(c.activation);
    const rng = new Rng(7);
    const z = Float64Array.from(normals(rng, c.batch, c.width));
    const targets = f32(c.targets(rng, c.batch, c.width));
    const activation = c.activation === 'softmax' ? softmaxRows : sigmoidAll;
    const p = activation(z, c.batch, c.width);
    const fused = new Float32Array(p.length);
    loss.fusedGradient!(p, targets, fused, c.batch, c.width);

    expectGradientsClose(fused, numericChainGradient(loss, z, targets, c.batch, c.width, activation));

    // And the closed form (p − y)/batch — divided by batch×width for element-wise BCE.
    const divisor = c.activation === 'softmax' ? c.batch : c.batch * c.width;
    const y = (i: number, j: number) => (c.targets === indices ? (targets[i] === j ? 1 : 0) : targets[i * c.width + j]);
    for (let i = 0; i < c.batch; i++) {
      for (let j = 0; j < c.width; j++) {
        expect(fused[i * c.width + j]).toBeCloseTo((p[i * c.width + j] - y(i, j)) / divisor, 7);
      }
    }
  });

  it('keeps the exact chain rule (p·Σy − y)/batch when target rows do not sum to 1', () => {
    const loss = createLoss('categorical_crossentropy');
    const z = Float64Array.from([0.5, -1, 2, 0.1, 0.3, -0.4]);
    const targets = f32([0.5, 0, 1, 0.2, 0.2, 0.2]); // row sums 1.5 and 0.6
    const p = softmaxRows(z, 2, 3);
    const fused = new Float32Array(6);
    loss.fusedGradient!(p, targets, fused, 2, 3);
    expectGradientsClose(fused, numericChainGradient(loss, z, targets, 2, 3, softmaxRows));
    // First entry: (p₀₀·1.5 − 0.5)/2
    expect(fused[0]).toBeCloseTo((p[0] * 1.5 - 0.5) / 2, 7);
  });

  it('is not offered when predictions are logits', () => {
    expect(createLoss('categorical_crossentropy', { from_logits: true }).fusedActivation).toBeUndefined();
    expect(createLoss('binary_crossentropy', { from_logits: true }).fusedActivation).toBeUndefined();
    expect(createLoss('CrossEntropyLoss').fusedActivation).toBeUndefined();
    expect(createLoss('mse').fusedActivation).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// Hand-worked values on two samples
// ---------------------------------------------------------------------------

interface ValueCase {
  readonly loss: string;
  readonly options?: Readonly<Record<string, number | boolean>>;
  readonly predictions: readonly number[];
  readonly targets: readonly number[];
  readonly batch: number;
  readonly width: number;
  readonly expected: number;
}

const valueCases: [string, ValueCase][] = [
  // e = ŷ − y = [0.5, 0, 1, −1]; Σe² = 0.25 + 0 + 1 + 1 = 2.25; mean over 4 elements = 0.5625
  ['mse', { loss: 'mse', predictions: [0.5, 1, 2, 0], targets: [0, 1, 1, 1], batch: 2, width: 2, expected: 0.5625 }],
  // Σ|e| = 0.5 + 0 + 1 + 1 = 2.5; / 4 = 0.625
  ['mae', { loss: 'mae', predictions: [0.5, 1, 2, 0], targets: [0, 1, 1, 1], batch: 2, width: 2, expected: 0.625 }],
  // δ = 1, e = [0.5, −3]: ½·0.25 = 0.125; 1·(3 − ½) = 2.5; mean = 2.625/2 = 1.3125
  ['huber', { loss: 'huber', predictions: [0.5, -3], targets: [0, 0], batch: 2, width: 1, expected: 1.3125 }],
  // δ = 2, e = [0.5, −3]: 0.125; 2·(3 − 1) = 4; mean = 4.125/2 = 2.0625
  ['huber δ=2', { loss: 'huber', options: { delta: 2 }, predictions: [0.5, -3], targets: [0, 0], batch: 2, width: 1, expected: 2.0625 }],
  // cos([1,0],[1,0]) = 1; cos([1,1],[0,1]) = 1/√2 ≈ 0.7071068; L = −(1 + 0.7071068)/2 = −0.8535534
  ['cosine_similarity', { loss: 'cosine_similarity', predictions: [1, 0, 1, 1], targets: [1, 0, 0, 1], batch: 2, width: 2, expected: -0.8535534 }],
  // −[ln 0.9 + ln(1 − 0.2)]/2 = (0.1053605 + 0.2231436)/2 = 0.1642520
  ['binary_crossentropy', { loss: 'binary_crossentropy', predictions: [0.9, 0.2], targets: [1, 0], batch: 2, width: 1, expected: 0.164252 }],
  // z = 2, y = 1: max(2,0) − 2 + ln(1 + e⁻²) = 0.1269280; z = −1, y = 0: 0 + 0 + ln(1 + e⁻¹) = 0.3132617; mean 0.2200948
  ['binary_crossentropy from_logits', { loss: 'binary_crossentropy', options: { from_logits: true }, predictions: [2, -1], targets: [1, 0], batch: 2, width: 1, expected: 0.2200948 }],
  // classes 0 and 2: −[ln 0.7 + ln 0.6]/2 = (0.3566749 + 0.5108256)/2 = 0.4337503
  ['categorical_crossentropy one-hot', { loss: 'categorical_crossentropy', predictions: [0.7, 0.2, 0.1, 0.1, 0.3, 0.6], targets: [1, 0, 0, 0, 0, 1], batch: 2, width: 3, expected: 0.4337503 }],
  ['sparse_categorical_crossentropy', { loss: 'sparse_categorical_crossentropy', predictions: [0.7, 0.2, 0.1, 0.1, 0.3, 0.6], targets: [0, 2], batch: 2, width: 3, expected: 0.4337503 }],
  // row 1: lse(2,1,0) = ln(e² + e + 1) = ln 11.107338 = 2.4076060, minus z₀ = 2 → 0.4076060;
  // row 2: lse(0,0,0) = ln 3 = 1.0986123, minus z₁ = 0 → 1.0986123; mean 0.7531091
  ['categorical_crossentropy from_logits', { loss: 'categorical_crossentropy', options: { from_logits: true }, predictions: [2, 1, 0, 0, 0, 0], targets: [0, 1], batch: 2, width: 3, expected: 0.7531091 }],
  ['cross_entropy (PyTorch, logits)', { loss: 'CrossEntropyLoss', predictions: [2, 1, 0, 0, 0, 0], targets: [0, 1], batch: 2, width: 3, expected: 0.7531091 }],
  // −(x₀,₀ + x₁,₁)/2 = −(−0.5 − 0.1)/2 = 0.3
  ['nll', { loss: 'nll', predictions: [-0.5, -1, -2, -3, -0.1, -4], targets: [0, 1], batch: 2, width: 3, expected: 0.3 }],
  // row 1: 0.5·ln(0.5/0.25) + 0.5·ln(0.5/0.75) = 0.3465736 − 0.2027326 = 0.1438410;
  // row 2: 1·ln(1/0.5) + ε·ln(ε/0.5) (the 0 target clamped to ε = 1e-7) = 0.6931472 − 0.0000015 = 0.6931456;
  // mean = 0.4184933
  ['kl_divergence', { loss: 'kl_divergence', predictions: [0.25, 0.75, 0.5, 0.5], targets: [0.5, 0.5, 1, 0], batch: 2, width: 2, expected: 0.4184933 }],
  // 0/1 targets become ±1: y = [1, −1]; max(0, 1 − 0.3) = 0.7; max(0, 1 − (−1)(−2)) = 0; mean 0.35
  ['hinge 0/1 targets', { loss: 'hinge', predictions: [0.3, -2], targets: [1, 0], batch: 2, width: 1, expected: 0.35 }],
  ['hinge ±1 targets', { loss: 'hinge', predictions: [0.3, -2], targets: [1, -1], batch: 2, width: 1, expected: 0.35 }],
];

describe('hand-worked loss values', () => {
  it.each(valueCases)('%s', (_label, c) => {
    const loss = createLoss(c.loss, c.options);
    expect(loss.value(f32(c.predictions), f32(c.targets), c.batch, c.width)).toBeCloseTo(c.expected, 6);
  });

  it('clamps a zero probability to ε as Keras does', () => {
    // −ln(1e-7) = 16.1180957, once per sample, mean over 2 samples
    const value = createLoss('categorical_crossentropy').value(f32([0, 1, 0, 1]), f32([0, 0]), 2, 2);
    expect(value).toBeCloseTo(-Math.log(PROBABILITY_EPSILON), 5);
    expect(value).toBeCloseTo(16.1180957, 5);
  });
});

describe('numerical stability', () => {
  it('softmax cross-entropy from logits ±1000 is finite', () => {
    const loss = createLoss('categorical_crossentropy', { from_logits: true });
    const z = f32([1000, -1000, 0, -1000, 1000, 0]);
    const classes = f32([0, 0]);
    // row 1: lse = 1000, loss 1000 − 1000 = 0; row 2: lse = 1000, loss 1000 − (−1000) = 2000; mean 1000
    expect(loss.value(z, classes, 2, 3)).toBe(1000);
    const gradient = new Float32Array(6);
    loss.gradient(z, classes, gradient, 2, 3);
    // softmax rows are [1, 0, 0] and [0, 1, 0]: (p − y)/2 = [0, 0, 0] and [−½, ½, 0]
    expect(Array.from(gradient)).toEqual([0, 0, 0, -0.5, 0.5, 0]);
  });

  it('binary cross-entropy from logits ±100 is finite', () => {
    const loss = createLoss('binary_crossentropy', { from_logits: true });
    // z = 100, y = 0: 100 − 0 + ln(1 + e⁻¹⁰⁰) = 100; z = −100, y = 0: ln(1 + e⁻¹⁰⁰) ≈ 3.7e-44; mean 50
    expect(loss.value(f32([100, -100]), f32([0, 0]), 2, 1)).toBe(50);
    // z = 100, y = 1: 100 − 100 + tiny; z = −100, y = 1: 0 + 100 + tiny; mean 50
    expect(loss.value(f32([100, -100]), f32([1, 1]), 2, 1)).toBe(50);
    const gradient = new Float32Array(2);
    loss.gradient(f32([100, -100]), f32([0, 1]), gradient, 2, 1);
    // (σ(z) − y)/2 = [(1 − 0)/2, (0 − 1)/2]
    expect(Array.from(gradient)).toEqual([0.5, -0.5]);
  });
});

// ---------------------------------------------------------------------------
// Target layouts and argument checks
// ---------------------------------------------------------------------------

describe('target layouts', () => {
  it.each([
    ['one-hot rows', 6, 2, 3, 'dense'],
    ['class indices', 2, 2, 3, 'indices'],
    ['width 1 is always dense', 4, 4, 1, 'dense'],
  ] as const)('%s', (_label, length, batch, width, layout) => {
    expect(targetLayout(new Float32Array(length), batch, width)).toBe(layout);
  });

  it('names expected and actual length when targets fit neither layout', () => {
    const loss = createLoss('categorical_crossentropy');
    const call = () => loss.value(new Float32Array(6), new Float32Array(5), 2, 3);
    expect(call).toThrow(ConfigError);
    expect(call).toThrow('loss categorical_crossentropy: targets must hold batch × width = 2 × 3 = 6 values (dense) or batch = 2 class indices, got 5');
    expect(() => createLoss('mse').value(new Float32Array(2), new Float32Array(3), 2, 1))
      .toThrow('loss mse: targets must hold batch × width = 2 × 1 = 2 values, got 3');
  });

  it('rejects predictions, gradient buffers and class indices that do not fit', () => {
    const loss = createLoss('sparse_categorical_crossentropy');
    expect(() => loss.value(new Float32Array(5), f32([0, 1]), 2, 3))
      .toThrow('predictions must hold batch × width = 2 × 3 = 6 values, got 5');
    expect(() => loss.gradient(new Float32Array(6), f32([0, 1]), new Float32Array(4), 2, 3))
      .toThrow('the gradient buffer must hold batch × width = 2 × 3 = 6 values, got 4');
    expect(() => loss.value(new Float32Array(6), f32([0, 3]), 2, 3))
      .toThrow('the class index of sample 1 must be a whole number in [0, 2], got 3');
    expect(() => loss.value(new Float32Array(6), f32([0.5, 1]), 2, 3))
      .toThrow('the class index of sample 0 must be a whole number in [0, 2], got 0.5');
    expect(() => loss.value(new Float32Array(0), new Float32Array(0), 0, 3)).toThrow('batch must be a whole number ≥ 1, got 0');
  });
});

describe('loss registry', () => {
  it.each([
    ['mean_squared_error', 'mse'],
    ['MSELoss', 'mse'],
    ['L1Loss', 'mae'],
    ['HuberLoss', 'huber'],
    ['BCELoss', 'binary_crossentropy'],
    ['BCEWithLogitsLoss', 'binary_cross_entropy_with_logits'],
    ['CrossEntropyLoss', 'cross_entropy'],
    ['NLLLoss', 'nll'],
    ['kld', 'kl_divergence'],
    ['cosine_proximity', 'cosine_similarity'],
  ])('%s → %s', (alias, name) => {
    expect(losses.get(alias).name).toBe(name);
  });

  it('builds each loss under the name it is registered with', () => {
    for (const entry of losses.entries()) expect(entry.create().name).toBe(entry.name);
  });

  it('gives PyTorch entries their PyTorch inputs', () => {
    // BCEWithLogitsLoss on z = 0 is ln 2 whatever the target; BCELoss would read 0 as a clamped probability.
    expect(createLoss('BCEWithLogitsLoss').value(f32([0]), f32([1]), 1, 1)).toBeCloseTo(Math.LN2, 7);
    expect(createLoss('CrossEntropyLoss', { from_logits: false }).fusedActivation).toBe('softmax');
  });

  it('checks options by their language names', () => {
    expect(createLoss('huber', { delta: 2 }).value(f32([-3]), f32([0]), 1, 1)).toBe(4); // 2·(3 − 1)
    expect(() => createLoss('huber', { delta: 0 })).toThrow('loss huber: delta must be > 0, got 0');
    expect(() => createLoss('mse', { delta: 1 })).toThrow("loss mse: unknown parameter 'delta'");
    expect(() => createLoss('binary_crossentropy', { from_logit: true })).toThrow("did you mean 'from_logits'?");
    expect(() => createLoss('categorical_crossentropie')).toThrow("unknown loss 'categorical_crossentropie' (did you mean 'categorical_crossentropy'?)");
  });
});
