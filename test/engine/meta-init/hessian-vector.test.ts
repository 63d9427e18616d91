import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { createInitializer } from '../../../src/engine/initializers';
import { createLoss } from '../../../src/engine/losses';
import { BatchGradient } from '../../../src/engine/meta-init/batch-gradient';
import { gradientQuotient, hessianVectorProduct } from '../../../src/engine/meta-init/hessian-vector';
import { quotientAt } from '../../../src/engine/meta-init/metainit';
import { Sequential } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';

describe('finite-difference Hessian-vector product', () => {
  // L(w) = ½·wᵀAw + bᵀw, so ∇L = Aw + b and H·v = A·v exactly.
  const A = [
    [4, 1, -2],
    [1, 3, 0.5],
    [-2, 0.5, 5],
  ];
  const b = [0.3, -1, 2];
  const gradient = (w: Float64Array) => Float64Array.from(A.map((row, i) => row.reduce((sum, a, j) => sum + a * w[j], b[i])));

  it('equals A·v on a quadratic, with or without ∇L(w) given', () => {
    const w = Float64Array.of(0.5, -1.5, 2);
    const v = Float64Array.of(1, 2, -0.5);
    const expected = A.map((row) => row.reduce((sum, a, j) => sum + a * v[j], 0)); // [7, 6.75, -3.5]
    for (const product of [hessianVectorProduct(gradient, w, v), hessianVectorProduct(gradient, w, v, gradient(w))]) {
      product.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 8));
    }
  });

  it('converges on a non-quadratic as the step shrinks', () => {
    // L = Σ wᵢ⁴/4: ∇L = w³, H = diag(3w²).
    const cubic = (w: Float64Array) => w.map((x) => x ** 3);
    const w = Float64Array.of(1, -2);
    const v = Float64Array.of(1, 1);
    const exact = [3, 12];
    const error = (step: number) => Math.max(...hessianVectorProduct(cubic, w, v, undefined, step).map((x, i) => Math.abs(x - exact[i])));
    expect(error(1e-4)).toBeLessThan(error(1e-2) / 50);
    expect(error(1e-5)).toBeLessThan(1e-3);
  });

  it('is zero for a zero vector', () => {
    expect([...hessianVectorProduct(gradient, Float64Array.of(1, 2, 3), new Float64Array(3))]).toEqual([0, 0, 0]);
  });
});

describe('gradient quotient', () => {
  it('matches the paper’s formula worked by hand', () => {
    // g = [2, −1, 0], Hg = [1, −3, 0.5], ε = 0.1 (sign 0 = +1):
    // |(2 − 1)/(2.1) − 1| = 0.523810, |(−1 + 3)/(−1.1) − 1| = 2.818182, |(0 − 0.5)/0.1 − 1| = 6; mean 3.113997.
    expect(gradientQuotient(Float64Array.of(2, -1, 0), Float64Array.of(1, -3, 0.5), 0.1)).toBeCloseTo(3.113997, 5);
  });

  it('of a one-unit linear network with squared error is |Hg/g| worked by hand', () => {
    // ŷ = w·x + b, x = 2, y = 1, w = 1, b = 0: e = 1, L = e².
    // g = (2e·x, 2e) = (4, 2); H = 2·[[x², x], [x, 1]] = [[8, 4], [4, 2]]; Hg = (40, 20).
    // GQ = ½·(|(4 − 40)/4 − 1| + |(2 − 20)/2 − 1|) = ½·(10 + 10) = 10 (ε = 10⁻⁵ moves it by 2·10⁻⁵).
    const layer = { kind: 'dense' as const, units: 1, activation: createActivation('linear'), kernelInitializer: createInitializer('ones') };
    const model = new Sequential([1], [layer], new Rng(1));
    const objective = new BatchGradient(model, createLoss('mse'), new Rng(1));
    objective.useBatch(Float32Array.of(2), Float32Array.of(1), 1);
    expect(quotientAt(objective, objective.read(), 1e-5)).toBeCloseTo(10, 3);
  });

  it('of a small tanh network agrees at two finite-difference steps', () => {
    const rng = new Rng(5);
    const layers = [8, 8, 3].map((units, i) => ({ kind: 'dense' as const, units, activation: createActivation(i === 2 ? 'softmax' : 'tanh'), kernelInitializer: createInitializer('glorot_normal') }));
    const model = new Sequential([4], layers, rng);
    const objective = new BatchGradient(model, createLoss('sparse_categorical_crossentropy'), rng);
    const x = Float32Array.from({ length: 16 * 4 }, () => rng.normal());
    const y = Float32Array.from({ length: 16 }, (_, i) => i % 3);
    objective.useBatch(x, y, 16);
    const w = objective.read();
    const at = (p: Float64Array) => objective.at(p).gradient;
    const g = at(w);
    const coarse = gradientQuotient(g, hessianVectorProduct(at, w, g, g, 1e-3), 1e-5);
    const fine = gradientQuotient(g, hessianVectorProduct(at, w, g, g, 1e-4), 1e-5);
    expect(Math.abs(coarse - fine) / fine).toBeLessThan(0.02);
  });
});
