import { ConfigError } from '../errors';
import { number, ParamSchema, type Options } from '../params';
import { Rng } from '../rng';
import { balancedCounts, createDataset, type Dataset } from './dataset';

/**
 * Synthetic data sets for seeing what a network can and cannot separate. Each
 * is a pure function of its options: the same seed gives the same rows. Every
 * random number is drawn whatever the noise level, so the same seed at two
 * noise levels gives the same clean points, moved by σ·ε. Classes are balanced
 * (the first n mod k classes get one sample more) and rows come out shuffled,
 * as sklearn's generators shuffle by default.
 */

function sampleCount(fallback: number) {
  return number({ default: fallback, min: 1, max: 1_000_000, integer: true, doc: 'Number of samples, shared evenly by the classes.' });
}

function noiseLevel(fallback: number, where = 'every coordinate') {
  return number({ default: fallback, min: 0, doc: `Standard deviation σ of the Gaussian noise added to ${where}.` });
}

const seed = number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seed of the random draws: the same seed gives the same data.' });

const classCount = (fallback: number) => number({ default: fallback, min: 2, max: 1000, integer: true, doc: 'Number of classes.' });

export const spiralsSchema = new ParamSchema('dataset spirals', {
  n: sampleCount(300),
  noise: noiseLevel(0.1),
  seed,
  classes: classCount(3),
  turns: number({ default: 1, min: 0, minExclusive: true, max: 10, doc: 'Full turns each arm makes from the centre to radius 1.' }),
});

export const moonsSchema = new ParamSchema('dataset moons', {
  n: sampleCount(100),
  noise: noiseLevel(0, 'every coordinate (sklearn default 0)'),
  seed,
});

export const circlesSchema = new ParamSchema('dataset circles', {
  n: sampleCount(100),
  noise: noiseLevel(0, 'every coordinate (sklearn default 0)'),
  seed,
  factor: number({ default: 0.8, min: 0, max: 1, maxExclusive: true, doc: 'Radius of the inner circle over the outer one.' }),
});

export const xorSchema = new ParamSchema('dataset xor', {
  n: sampleCount(200),
  noise: noiseLevel(0.1),
  seed,
});

export const blobsSchema = new ParamSchema('dataset blobs', {
  n: sampleCount(100),
  noise: noiseLevel(0, 'every coordinate, on top of the spread'),
  seed,
  classes: classCount(3),
  features: number({ default: 2, min: 1, max: 10000, integer: true, doc: 'Number of features (dimensions).' }),
  spread: number({ default: 1, min: 0, doc: 'Standard deviation of each blob around its centre (sklearn cluster_std).' }),
  box: number({ default: 10, min: 0, minExclusive: true, doc: 'Centres are drawn uniformly in [−box, box] per feature (sklearn center_box).' }),
});

export const linearSchema = new ParamSchema('dataset linear', {
  n: sampleCount(100),
  noise: noiseLevel(0.1, 'the target'),
  seed,
  features: number({ default: 1, min: 1, max: 10000, integer: true, doc: 'Number of features (inputs).' }),
});

export const sineSchema = new ParamSchema('dataset sine', {
  n: sampleCount(100),
  noise: noiseLevel(0.1, 'the target'),
  seed,
  low: number({ default: -Math.PI, doc: 'Lower end of the x range.' }),
  high: number({ default: Math.PI, doc: 'Upper end of the x range.' }),
});

/** A class-ordered block of points, filled by a generator and shuffled on the way out. */
class PointBuilder {
  readonly x: Float32Array;
  readonly y: Float32Array;
  private row = 0;

  constructor(
    readonly count: number,
    readonly features: number,
  ) {
    this.x = new Float32Array(count * features);
    this.y = new Float32Array(count);
  }

  add(label: number, ...coordinates: number[]): void {
    this.x.set(coordinates, this.row * this.features);
    this.y[this.row++] = label;
  }

  /** Rows in a seeded random order. */
  shuffled(rng: Rng): { x: Float32Array; y: Float32Array } {
    const order = rng.shuffle(Array.from({ length: this.count }, (_, i) => i));
    const x = new Float32Array(this.x.length);
    const y = new Float32Array(this.count);
    order.forEach((from, to) => {
      x.set(this.x.subarray(from * this.features, (from + 1) * this.features), to * this.features);
      y[to] = this.y[from];
    });
    return { x, y };
  }
}

function classification(name: string, points: PointBuilder, rng: Rng, classes: number, featureNames?: readonly string[]): Dataset {
  const { x, y } = points.shuffled(rng);
  const names = Array.from({ length: classes }, (_, c) => String(c));
  return createDataset({ name, x, y, task: 'classification', features: points.features, classes: names, featureNames });
}

function atLeastOnePerClass(owner: string, n: number, classes: number): void {
  if (n < classes) throw new ConfigError(`${owner}: n must be ≥ classes (${classes}) so every class has a sample, got ${n}`);
}

/**
 * Interleaved spiral arms, one per class (the CS231n "spiral" data, Karpathy).
 * Class j of k, sample i of m: r = (i+1)/m, θ = 2πj/k + 2π·turns·r,
 * x = (r cos θ, r sin θ) + σε. No line separates two arms, so it shows what
 * hidden layers add.
 */
export function makeSpirals(options: Options<typeof spiralsSchema.specs> = {}): Dataset {
  const o = spiralsSchema.resolve(options);
  atLeastOnePerClass(spiralsSchema.owner, o.n, o.classes);
  const rng = new Rng(o.seed);
  const points = new PointBuilder(o.n, 2);
  balancedCounts(o.n, o.classes).forEach((m, j) => {
    for (let i = 0; i < m; i++) {
      const r = (i + 1) / m;
      const theta = (2 * Math.PI * j) / o.classes + 2 * Math.PI * o.turns * r;
      points.add(j, r * Math.cos(theta) + rng.normal(0, o.noise), r * Math.sin(theta) + rng.normal(0, o.noise));
    }
  });
  return classification('spirals', points, rng, o.classes);
}

/**
 * Two interleaving half circles (sklearn make_moons). With t evenly spaced in
 * [0, 1]: class 0 is (cos πt, sin πt), centre (0, 0); class 1 is
 * (1 − cos πt, 1 − sin πt − 0.5), centre (1, 0.5); both radius 1, plus σε.
 */
export function makeMoons(options: Options<typeof moonsSchema.specs> = {}): Dataset {
  const o = moonsSchema.resolve(options);
  atLeastOnePerClass(moonsSchema.owner, o.n, 2);
  const rng = new Rng(o.seed);
  const points = new PointBuilder(o.n, 2);
  balancedCounts(o.n, 2).forEach((m, label) => {
    for (let i = 0; i < m; i++) {
      const angle = Math.PI * (m === 1 ? 0 : i / (m - 1));
      const [cx, cy] = label === 0 ? [Math.cos(angle), Math.sin(angle)] : [1 - Math.cos(angle), 1 - Math.sin(angle) - 0.5];
      points.add(label, cx + rng.normal(0, o.noise), cy + rng.normal(0, o.noise));
    }
  });
  return classification('moons', points, rng, 2);
}

/**
 * A circle inside a circle (sklearn make_circles). With t = 2πi/m, i < m:
 * class 0 (outer) is (cos t, sin t), class 1 (inner) is factor·(cos t, sin t),
 * plus σε. Separable by the radius, not by any line.
 */
export function makeCircles(options: Options<typeof circlesSchema.specs> = {}): Dataset {
  const o = circlesSchema.resolve(options);
  atLeastOnePerClass(circlesSchema.owner, o.n, 2);
  const rng = new Rng(o.seed);
  const points = new PointBuilder(o.n, 2);
  balancedCounts(o.n, 2).forEach((m, label) => {
    const radius = label === 0 ? 1 : o.factor;
    for (let i = 0; i < m; i++) {
      const angle = (2 * Math.PI * i) / m;
      points.add(label, radius * Math.cos(angle) + rng.normal(0, o.noise), radius * Math.sin(angle) + rng.normal(0, o.noise));
    }
  });
  return classification('circles', points, rng, 2);
}

/**
 * The XOR problem (Minsky & Papert 1969): u ~ U(0, 1)², signs s from the
 * quadrant, x = (s₁u₁, s₂u₂) + σε; class 1 when the signs differ (quadrants II
 * and IV), class 0 when they agree. Each class alternates between its two
 * quadrants, so all four hold the same number of points. The label comes from
 * the clean point: noise pushes some points across an axis.
 */
export function makeXor(options: Options<typeof xorSchema.specs> = {}): Dataset {
  const o = xorSchema.resolve(options);
  atLeastOnePerClass(xorSchema.owner, o.n, 2);
  const rng = new Rng(o.seed);
  const points = new PointBuilder(o.n, 2);
  // [s₁, s₂] of each class's two quadrants.
  const quadrants = [
    [[1, 1], [-1, -1]],
    [[-1, 1], [1, -1]],
  ];
  balancedCounts(o.n, 2).forEach((m, label) => {
    for (let i = 0; i < m; i++) {
      const [s1, s2] = quadrants[label][i % 2];
      const u1 = rng.uniform();
      const u2 = rng.uniform();
      points.add(label, s1 * u1 + rng.normal(0, o.noise), s2 * u2 + rng.normal(0, o.noise));
    }
  });
  return classification('xor', points, rng, 2);
}

/**
 * Isotropic Gaussian blobs (sklearn make_blobs): centres c_j ~ U(−box, box)^d,
 * then x = c_j + spread·ε + σε for the samples of class j.
 */
export function makeBlobs(options: Options<typeof blobsSchema.specs> = {}): Dataset {
  const o = blobsSchema.resolve(options);
  atLeastOnePerClass(blobsSchema.owner, o.n, o.classes);
  const rng = new Rng(o.seed);
  const centres = Array.from({ length: o.classes }, () => Array.from({ length: o.features }, () => rng.uniformIn(-o.box, o.box)));
  const points = new PointBuilder(o.n, o.features);
  balancedCounts(o.n, o.classes).forEach((m, label) => {
    for (let i = 0; i < m; i++) {
      points.add(label, ...centres[label].map((c) => c + rng.normal(0, o.spread) + rng.normal(0, o.noise)));
    }
  });
  return classification('blobs', points, rng, o.classes);
}

/**
 * Linear regression data (as sklearn make_regression, with unit-scale
 * weights): w ~ N(0, 1)^d and b ~ N(0, 1) drawn once from the seed,
 * x ~ U(−1, 1)^d, y = w·x + b + σε. With σ = 0 a linear model fits it exactly.
 */
export function makeLinear(options: Options<typeof linearSchema.specs> = {}): Dataset {
  const o = linearSchema.resolve(options);
  const rng = new Rng(o.seed);
  const weights = Array.from({ length: o.features }, () => rng.normal());
  const bias = rng.normal();
  const x = new Float32Array(o.n * o.features);
  const y = new Float32Array(o.n);
  for (let i = 0; i < o.n; i++) {
    let sum = bias;
    for (let j = 0; j < o.features; j++) {
      const value = rng.uniformIn(-1, 1);
      x[i * o.features + j] = value;
      sum += weights[j] * value;
    }
    y[i] = sum + rng.normal(0, o.noise);
  }
  return createDataset({ name: 'linear', x, y, task: 'regression', features: o.features });
}

/** A noisy sine wave: x ~ U(low, high), y = sin x + σε; one input, one target. */
export function makeSine(options: Options<typeof sineSchema.specs> = {}): Dataset {
  const o = sineSchema.resolve(options);
  if (!(o.low < o.high)) throw new ConfigError(`${sineSchema.owner}: low must be below high, got low=${o.low} and high=${o.high}`);
  const rng = new Rng(o.seed);
  const x = new Float32Array(o.n);
  const y = new Float32Array(o.n);
  for (let i = 0; i < o.n; i++) {
    x[i] = rng.uniformIn(o.low, o.high);
    y[i] = Math.sin(x[i]) + rng.normal(0, o.noise);
  }
  return createDataset({ name: 'sine', x, y, task: 'regression', features: 1, featureNames: ['x'] });
}
