import { describe, expect, it } from 'vitest';
import { classCounts, loadDataset, loadIris, loadMnist, MNIST_PIXELS } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { readMnistDigit } from '../../../src/node/assets';
import { thrown } from '../thrown';

describe('iris', () => {
  const iris = loadIris();

  it('is 150 samples of 4 measurements, 50 of each species', () => {
    expect([iris.count, iris.features, iris.x.length, iris.y.length]).toEqual([150, 4, 600, 150]);
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(classCounts(iris)).toEqual([50, 50, 50]);
    expect(iris.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });

  it('keeps the rows of the UCI file: the first is a setosa 5.1, 3.5, 1.4, 0.2, the last a virginica 5.9, 3.0, 5.1, 1.8', () => {
    expect(Array.from(iris.x.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2].map(Math.fround));
    expect(iris.y[0]).toBe(0);
    expect(Array.from(iris.x.subarray(596))).toEqual([5.9, 3.0, 5.1, 1.8].map(Math.fround));
    expect(iris.y[149]).toBe(2);
  });

  it('is in the registry as iris and load_iris', () => {
    expect(loadDataset('load_iris').y).toEqual(iris.y);
  });
});

describe('mnist through the Node reader', () => {
  const digits = loadMnist({ samples: 50, seed: 3 }, readMnistDigit);

  it('is samples × 784 grey levels in [0, 1], 5 of each digit', () => {
    expect([digits.count, digits.features, digits.x.length]).toEqual([50, MNIST_PIXELS, 50 * 784]);
    // A flat row for a dense model, one 28 × 28 channel for a convolution.
    expect(digits.sampleShape).toEqual([1, 28, 28]);
    expect(digits.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(classCounts(digits)).toEqual(new Array(10).fill(5));
    let low = Infinity;
    let high = -Infinity;
    for (const v of digits.x) {
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
    expect([low, high]).toEqual([0, 1]);
    expect(digits.featureNames[783]).toBe('pixel783');
  });

  it('holds real images: every one has ink (some pixels above 0.5) and background', () => {
    for (let i = 0; i < digits.count; i++) {
      const image = digits.x.subarray(i * 784, (i + 1) * 784);
      const ink = image.filter((v) => v > 0.5).length;
      expect(ink).toBeGreaterThan(20);
      expect(ink).toBeLessThan(400);
    }
  });

  it('is the same subset for the same seed, another for another seed', () => {
    const again = loadMnist({ samples: 50, seed: 3 }, readMnistDigit);
    const other = loadMnist({ samples: 50, seed: 4 }, readMnistDigit);
    expect(again.x).toEqual(digits.x);
    expect(again.y).toEqual(digits.y);
    expect(other.x).not.toEqual(digits.x);
  });

  it('comes from the registry when the host passes the reader', () => {
    const viaRegistry = loadDataset('mnist', { samples: 50, seed: 3 }, { readMnistDigit });
    expect(viaRegistry.x).toEqual(digits.x);
  });
});

describe('mnist subset selection', () => {
  // A fake store: digit d has `stock[d]` images; pixel 0 encodes the digit and
  // pixel 1 the image's number, so each row says where it came from.
  const stock = [10, 10, 10, 10, 10, 2, 10, 10, 10, 10];
  const fakeReader = (digit: number): Float32Array => {
    const pixels = new Float32Array(stock[digit] * MNIST_PIXELS);
    for (let image = 0; image < stock[digit]; image++) {
      pixels[image * MNIST_PIXELS] = digit / 10;
      pixels[image * MNIST_PIXELS + 1] = image / 100;
    }
    return pixels;
  };

  it('gives a digit that runs out of images its share to the others, still within one of each other', () => {
    // Dealt one at a time: two rounds give 20; round three skips digit 5 (only 2
    // stored) and gives 9 more; the 30th goes to digit 0.
    const ds = loadMnist({ samples: 30, seed: 1 }, fakeReader);
    expect(classCounts(ds)).toEqual([4, 3, 3, 3, 3, 2, 3, 3, 3, 3]);
  });

  it('picks images without replacement and labels each with its digit', () => {
    const ds = loadMnist({ samples: 92, seed: 2 }, fakeReader);
    const seen = new Set<string>();
    for (let i = 0; i < ds.count; i++) {
      expect(ds.x[i * MNIST_PIXELS]).toBeCloseTo(ds.y[i] / 10, 6);
      seen.add(`${ds.y[i]}:${Math.round(ds.x[i * MNIST_PIXELS + 1] * 100)}`);
    }
    expect(seen.size).toBe(92);
  });

  it('takes only the digits first_digit..last_digit, numbered from 0 in that range', () => {
    // Digits 5..9 hold 2 + 4·10 = 42 images; 12 dealt one at a time give digit 5 both of its
    // two and the others 2 or 3 each: classes 0..4 are digits 5..9, so pixel 0 reads (class + 5)/10.
    const ds = loadMnist({ samples: 12, seed: 1, firstDigit: 5, lastDigit: 9 }, fakeReader);
    expect(ds.classes).toEqual(['5', '6', '7', '8', '9']);
    expect(classCounts(ds)).toEqual([2, 3, 3, 2, 2]);
    for (let i = 0; i < ds.count; i++) expect(ds.x[i * MNIST_PIXELS]).toBeCloseTo((ds.y[i] + 5) / 10, 6);
    expect(thrown(() => loadMnist({ firstDigit: 5, lastDigit: 4 }, fakeReader)).message).toBe('dataset mnist: last_digit must be ≥ first_digit (5), got 4');
  });

  it('refuses more samples than are stored, and files of the wrong size', () => {
    const cases: [() => unknown, string][] = [
      [() => loadMnist({ samples: 93 }, fakeReader), 'dataset mnist: samples must be ≤ 92, the images stored, got 93'],
      [() => loadMnist({ samples: 20000 }, fakeReader), 'dataset mnist: samples must be in [10, 10000], got 20000'],
      [() => loadMnist({}, () => new Float32Array(1000)), 'dataset mnist: the images of digit 0 hold 1000 values, not a whole number of 28×28 = 784 pixels'],
    ];
    for (const [action, message] of cases) {
      const error = thrown(action);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(message);
    }
  });
});
