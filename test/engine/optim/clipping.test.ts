import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import {
  adaptiveGradientClipping,
  autoClip,
  clipByGlobalNorm,
  clipByLayerNorm,
  clipByValue,
  clippers,
  createClipper,
  globalGradientNorm,
  noClipping,
  type ClipResult,
} from '../../../src/engine/optim/clipping';
import { createParameter, type Parameter } from '../../../src/engine/parameter';
import { Rng } from '../../../src/engine/rng';

/** A parameter with the given gradient (and weights, for AGC). */
function param(layer: string, suffix: string, shape: number[], grad: number[], value: number[] = []): Parameter {
  const p = createParameter(layer, suffix, shape, suffix === 'bias' ? 'bias' : 'weight');
  p.grad.set(grad);
  p.value.set(value);
  return p;
}

function grads(params: readonly Parameter[]): number[] {
  return params.flatMap((p) => [...p.grad]);
}

function expectResult(result: ClipResult, expected: ClipResult): void {
  expect(result.clipped).toBe(expected.clipped);
  expect(result.normBefore).toBeCloseTo(expected.normBefore, 6);
  expect(result.normAfter).toBeCloseTo(expected.normAfter, 6);
  expect(result.threshold).toBe(expected.threshold);
}

function expectGrads(params: readonly Parameter[], expected: readonly number[]): void {
  const actual = grads(params);
  expect(actual.length).toBe(expected.length);
  actual.forEach((g, i) => expect(g, `gradient ${i}`).toBeCloseTo(expected[i], 6));
}

/** ‖g‖ = √(3² + 4² + 12²) = √169 = 13, split over two layers. */
function thirteen(): Parameter[] {
  return [param('0', 'weight', [1, 2], [3, 4]), param('1', 'weight', [1, 1], [12])];
}

describe('globalGradientNorm', () => {
  it('is the L2 norm over every gradient', () => {
    expect(globalGradientNorm(thirteen())).toBe(13);
    expect(globalGradientNorm([])).toBe(0);
  });
});

describe('norm (clip_by_global_norm)', () => {
  it('scales to τ and keeps the direction', () => {
    // τ = 6.5 = 13/2: every component halves → [1.5, 2, 6].
    const params = thirteen();
    const before = grads(params);
    expectResult(clipByGlobalNorm({ maxNorm: 6.5 }).clip(params), { normBefore: 13, normAfter: 6.5, clipped: true, threshold: 6.5 });
    expectGrads(params, [1.5, 2, 6]);
    expect(globalGradientNorm(params)).toBeCloseTo(6.5, 6);
    const after = grads(params);
    const dot = before.reduce((sum, g, i) => sum + g * after[i], 0);
    const cosine = dot / (13 * globalGradientNorm(params));
    expect(Math.abs(cosine - 1)).toBeLessThan(1e-6);
  });

  it('leaves gradients at or below τ untouched', () => {
    for (const maxNorm of [13, 20]) {
      const params = thirteen();
      expectResult(createClipper('norm', { max_norm: maxNorm }).clip(params), { normBefore: 13, normAfter: 13, clipped: false, threshold: maxNorm });
      expect(grads(params)).toEqual([3, 4, 12]);
    }
  });

  it('reports a non-finite norm without touching the gradients', () => {
    const params = [param('0', 'weight', [1, 3], [1, NaN, 2]), param('1', 'weight', [1, 1], [3])];
    const result = clipByGlobalNorm({ maxNorm: 1 }).clip(params);
    expect(result.normBefore).toBeNaN();
    expect(result.clipped).toBe(false);
    expect(grads(params)).toEqual([1, NaN, 2, 3]);
    const infinite = [param('0', 'weight', [1, 2], [Infinity, 2])];
    expect(clipByGlobalNorm({ maxNorm: 1 }).clip(infinite).clipped).toBe(false);
    expect(grads(infinite)).toEqual([Infinity, 2]);
  });

  it('reuses one result object', () => {
    const clipper = clipByGlobalNorm({ maxNorm: 1 });
    const first = clipper.clip(thirteen());
    const second = clipper.clip([param('0', 'weight', [1, 1], [0.5])]);
    expect(second).toBe(first);
    expect(first.normBefore).toBe(0.5);
  });
});

describe('value (clip_by_value)', () => {
  it('clamps each component into [−τ, τ]', () => {
    // τ = 5: [3, −7, 12, −1] → [3, −5, 5, −1].
    // ‖before‖ = √(9 + 49 + 144 + 1) = √203, ‖after‖ = √(9 + 25 + 25 + 1) = √60.
    const params = [param('0', 'weight', [2, 2], [3, -7, 12, -1])];
    expectResult(clipByValue({ clipValue: 5 }).clip(params), { normBefore: Math.sqrt(203), normAfter: Math.sqrt(60), clipped: true, threshold: 5 });
    expect(grads(params)).toEqual([3, -5, 5, -1]);
  });

  it('reports clipped = false when every component is inside', () => {
    const params = thirteen();
    expectResult(createClipper('clip_grad_value_', { clip_value: 12 }).clip(params), { normBefore: 13, normAfter: 13, clipped: false, threshold: 12 });
    expect(grads(params)).toEqual([3, 4, 12]);
  });
});

describe('layer_norm (per-layer norm clipping)', () => {
  it('clips each layer to τ on its own, weights and biases together', () => {
    // Layer 0: weight [3, 0] and bias [4] → ‖g₀‖ = 5 > 2, scaled by 0.4 → [1.2, 0], [1.6].
    // Layer 1: [0.6, 0.8] → ‖g₁‖ = 1 ≤ 2, untouched.
    // ‖before‖ = √(25 + 1) = √26, ‖after‖ = √(4 + 1) = √5.
    const params = [
      param('0', 'weight', [1, 2], [3, 0]),
      param('0', 'bias', [1], [4]),
      param('1', 'weight', [1, 2], [0.6, 0.8]),
    ];
    const clipper = clipByLayerNorm({ maxNorm: 2 });
    expectResult(clipper.clip(params), { normBefore: Math.sqrt(26), normAfter: Math.sqrt(5), clipped: true, threshold: 2 });
    expectGrads(params, [1.2, 0, 1.6, 0.6, 0.8]);

    // The same list again, with layer 0 now at norm 0.5: nothing to clip.
    params[0].grad.set([0.3, 0]);
    params[1].grad.set([0.4]);
    expect(clipper.clip(params).clipped).toBe(false);
    expectGrads(params, [0.3, 0, 0.4, 0.6, 0.8]);
    // A different list regroups: one layer of norm 13 → scaled to 2.
    const other = [param('a', 'weight', [1, 2], [3, 4]), param('a', 'bias', [1], [12])];
    expectResult(clipper.clip(other), { normBefore: 13, normAfter: 2, clipped: true, threshold: 2 });
    expectGrads(other, [(3 * 2) / 13, (4 * 2) / 13, (12 * 2) / 13]);
  });

  it('differs from global clipping when one layer dominates', () => {
    // Global τ = 2 would shrink layer 1 too; per layer it keeps [0.6, 0.8].
    const perLayer = [param('0', 'weight', [1, 2], [30, 40]), param('1', 'weight', [1, 2], [0.6, 0.8])];
    createClipper('per_layer', { max_norm: 2 }).clip(perLayer);
    expectGrads(perLayer, [1.2, 1.6, 0.6, 0.8]);
  });
});

describe('adaptive (AutoClip)', () => {
  it('clips at the percentile of the norm history, the current norm included', () => {
    // p = 10, window 5. Norms arrive 30, 50, 10, 40, 20.
    // Step 1: history [30] → τ = 30, not clipped. Step 2: [30, 50] → rank 0.1 → 30 + 0.1·20 = 32 < 50: clipped.
    // Step 5: sorted [10, 20, 30, 40, 50], rank 0.1·4 = 0.4 → 10 + 0.4·10 = 14 < 20: clipped to 14.
    const clipper = autoClip({ percentile: 10, window: 5 });
    const expected: ReadonlyArray<readonly [norm: number, threshold: number, clipped: boolean]> = [
      [30, 30, false],
      [50, 32, true],
      [10, 14, false], // sorted [10, 30, 50], rank 0.1·2 = 0.2 → 10 + 0.2·20 = 14 > 10
      [40, 16, true], // sorted [10, 30, 40, 50], rank 0.3 → 10 + 0.3·20 = 16
      [20, 14, true],
    ];
    for (const [norm, threshold, clipped] of expected) {
      const params = [param('0', 'weight', [1, 1], [norm])];
      const result = clipper.clip(params);
      expect(result.threshold).toBeCloseTo(threshold, 12);
      expect(result.clipped).toBe(clipped);
      expect(result.normBefore).toBe(norm);
      expect(params[0].grad[0]).toBeCloseTo(Math.min(norm, threshold), 5);
    }
  });

  it('forgets norms older than the window', () => {
    // Window 3, median: after 10, 1, 2, 3 the history is [1, 2, 3] → τ = 2
    // (with 10 still in it the median would be 2.5).
    const clipper = createClipper('autoclip', { percentile: 50, window: 3 });
    let result: ClipResult | undefined;
    for (const norm of [10, 1, 2, 3]) result = clipper.clip([param('0', 'weight', [1, 1], [norm])]);
    expect(result?.threshold).toBe(2);
  });

  it('keeps its sorted history equal to a fresh sort', () => {
    const rng = new Rng(7);
    const window = 7;
    const percentile = 30;
    const clipper = autoClip({ percentile, window });
    const history: number[] = [];
    for (let step = 0; step < 200; step++) {
      // Repeated values exercise removal of duplicates.
      const norm = rng.int(5) + rng.int(2) * 0.5;
      history.push(norm);
      const recent = history.slice(-window).sort((a, b) => a - b);
      const rank = (percentile / 100) * (recent.length - 1);
      const low = Math.floor(rank);
      const high = Math.min(low + 1, recent.length - 1);
      const expected = recent[low] + (recent[high] - recent[low]) * (rank - low);
      expect(clipper.clip([param('0', 'weight', [1, 1], [norm])]).threshold).toBeCloseTo(expected, 12);
    }
  });

  it('round-trips its history and skips non-finite norms', () => {
    const clipper = autoClip({ percentile: 50, window: 3 });
    for (const norm of [4, 1, 2, 3]) clipper.clip([param('0', 'weight', [1, 1], [norm])]);
    clipper.clip([param('0', 'weight', [1, 1], [NaN])]);
    expect(clipper.getState()).toEqual({ history: [1, 2, 3] });

    const resumed = autoClip({ percentile: 50, window: 3 });
    resumed.setState(JSON.parse(JSON.stringify(clipper.getState())));
    // Next norm 6: history [2, 3, 6] → median 3 for both.
    expect(resumed.clip([param('0', 'weight', [1, 1], [6])]).threshold).toBe(3);
    expect(clipper.clip([param('0', 'weight', [1, 1], [6])]).threshold).toBe(3);
    expect(() => resumed.setState({ history: [1, -2] })).toThrow(/clip adaptive: saved state history must hold finite norms ≥ 0, got -2/);
  });
});

describe('agc (unit-wise adaptive gradient clipping)', () => {
  it('caps ‖G_i‖/max(‖W_i‖, ε) at λ for every row and bias element', () => {
    // λ = 0.05, ε = 1e-3.
    // Weight row 0: ‖W‖ = 5 → cap 0.25; ‖G‖ = 0.5 → scaled by ½ → [0.15, 0.2].
    // Weight row 1: ‖W‖ = 0 → cap 0.05·1e-3 = 5e-5; ‖G‖ = 1 → [5e-5, 0].
    // Bias: |b₀| = 2 → cap 0.1 > 0.05, kept; |b₁| = 1 → cap 0.05 < 0.2 → −0.05.
    const weight = param('0', 'weight', [2, 2], [0.3, 0.4, 1, 0], [3, 4, 0, 0]);
    const bias = param('0', 'bias', [2], [0.05, -0.2], [2, -1]);
    const params = [weight, bias];
    // ‖before‖² = 0.25 + 1 + 0.0025 + 0.04; ‖after‖² = 0.0625 + 2.5e-9 + 0.0025 + 0.0025.
    expectResult(adaptiveGradientClipping({ clipping: 0.05 }).clip(params), {
      normBefore: Math.sqrt(1.2925),
      normAfter: Math.sqrt(0.0675000025),
      clipped: true,
      threshold: 0.05,
    });
    expectGrads(params, [0.15, 0.2, 5e-5, 0, 0.05, -0.05]);
    const rows: ReadonlyArray<readonly [grad: number, weight: number]> = [
      [Math.hypot(0.15, 0.2), 5],
      [5e-5, 1e-3],
      [0.05, 2],
      [0.05, 1],
    ];
    for (const [g, w] of rows) expect(g / w).toBeLessThanOrEqual(0.05 + 1e-7);
  });

  it('uses the defaults λ = 0.01, ε = 1e-3 and leaves small gradients alone', () => {
    // ‖W‖ = 5 → cap 0.05; ‖G‖ = 0.01 → untouched.
    const params = [param('0', 'weight', [1, 2], [0.006, 0.008], [3, 4])];
    expectResult(createClipper('agc').clip(params), { normBefore: 0.01, normAfter: 0.01, clipped: false, threshold: 0.01 });
    expectGrads(params, [0.006, 0.008]);
  });
});

describe('none', () => {
  it('measures the norm and changes nothing', () => {
    const params = thirteen();
    expectResult(noClipping().clip(params), { normBefore: 13, normAfter: 13, clipped: false, threshold: Infinity });
    expect(grads(params)).toEqual([3, 4, 12]);
    expect(createClipper('none').name).toBe('none');
  });
});

describe('registry and bad parameters', () => {
  it('resolves names and aliases', () => {
    const cases: ReadonlyArray<readonly [alias: string, name: string]> = [
      ['clip_grad_norm_', 'norm'],
      ['clip_by_global_norm', 'norm'],
      ['clip_by_value', 'value'],
      ['per_layer', 'layer_norm'],
      ['AutoClip', 'adaptive'],
      ['agc', 'agc'],
      ['none', 'none'],
    ];
    for (const [alias, name] of cases) expect(clippers.get(alias).name).toBe(name);
    expect(() => createClipper('nrom')).toThrow("unknown clipping method 'nrom' (did you mean 'norm'?)");
  });

  const cases: ReadonlyArray<readonly [name: string, options: Record<string, number>, message: RegExp]> = [
    ['norm', {}, /clip norm: max_norm is required/],
    ['norm', { max_norm: 0 }, /clip norm: max_norm must be > 0, got 0/],
    ['norm', { max_nrom: 1 }, /clip norm: unknown parameter 'max_nrom' \(did you mean 'max_norm'\?\)/],
    ['value', { clip_value: -1 }, /clip value: clip_value must be > 0, got -1/],
    ['value', {}, /clip value: clip_value is required/],
    ['layer_norm', { max_norm: -2 }, /clip layer_norm: max_norm must be > 0, got -2/],
    ['adaptive', { percentile: 101 }, /clip adaptive: percentile must be in \[0, 100\], got 101/],
    ['adaptive', { window: 0 }, /clip adaptive: window must be in \[1, 100000\], got 0/],
    ['adaptive', { window: 1e9 }, /clip adaptive: window must be in \[1, 100000\], got 1000000000/],
    ['adaptive', { window: 2.5 }, /clip adaptive: window must be a whole number, got 2.5/],
    ['agc', { clipping: 0 }, /clip agc: clipping must be > 0, got 0/],
    ['agc', { eps: 0 }, /clip agc: eps must be > 0, got 0/],
    ['none', { max_norm: 1 }, /clip none: unknown parameter 'max_norm'; it takes no parameters/],
  ];

  it.each(cases)('%s with %o throws', (name, options, message) => {
    expect(() => createClipper(name, options)).toThrow(ConfigError);
    expect(() => createClipper(name, options)).toThrow(message);
  });
});
