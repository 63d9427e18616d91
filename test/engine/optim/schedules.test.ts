import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/engine/errors';
import {
  constantRate,
  cosineAnnealing,
  createSchedule,
  cyclical,
  exponentialDecay,
  isMonitored,
  linearWarmup,
  oneCycle,
  reduceOnPlateau,
  schedules,
  stepDecay,
  withWarmup,
  type LearningRateSchedule,
  type MonitoredSchedule,
} from '../../../src/engine/optim/schedules';

/** Checks η_t at each listed step t against its hand-worked value. */
function expectRates(schedule: LearningRateSchedule, cases: ReadonlyArray<readonly [step: number, rate: number]>): void {
  for (const [step, rate] of cases) {
    expect(schedule.rate(step), `${schedule.name} at t=${step}`).toBeCloseTo(rate, 12);
  }
}

/** Feeds one monitored value per epoch and checks the rate after each. */
function expectPlateau(schedule: MonitoredSchedule, epochs: ReadonlyArray<readonly [value: number, rateAfter: number]>): void {
  epochs.forEach(([value, rate], epoch) => {
    schedule.observe(value);
    expect(schedule.rate(0), `after epoch ${epoch} (value ${value})`).toBeCloseTo(rate, 15);
  });
}

describe('constant, step and exponential', () => {
  it('constant keeps η0', () => {
    expectRates(constantRate(0.1), [
      [0, 0.1],
      [1000, 0.1],
    ]);
  });

  it('step is η0·γ^⌊t/T⌋', () => {
    // η0 = 0.1, T = 10, γ = 0.5: ⌊9/10⌋ = 0, ⌊10/10⌋ = 1, ⌊25/10⌋ = 2 → 0.1·0.25.
    expectRates(stepDecay(0.1, { stepSize: 10, gamma: 0.5 }), [
      [0, 0.1],
      [9, 0.1],
      [10, 0.05],
      [25, 0.025],
    ]);
    // Default γ = 0.1 (PyTorch StepLR): t = 30, T = 10 → 0.1·0.1³ = 1e-4.
    expectRates(stepDecay(0.1, { stepSize: 10 }), [[30, 1e-4]]);
  });

  it('exponential is η0·e^(−λt) or η0·γ^t', () => {
    // λ = 0.1, t = 10: 0.1·e^(−1) = 0.1·0.36787944117144233.
    expectRates(exponentialDecay(0.1, { decay: 0.1 }), [
      [0, 0.1],
      [10, 0.036787944117144233],
    ]);
    // γ = 0.9, t = 2: 0.1·0.81.
    expectRates(exponentialDecay(0.1, { gamma: 0.9 }), [
      [0, 0.1],
      [2, 0.081],
    ]);
  });
});

describe('cosine annealing', () => {
  it('follows η_min + ½(η0 − η_min)(1 + cos(πt/T)) and holds at η_min after T', () => {
    // η0 = 1, T = 100: t = 25 → ½(1 + cos(π/4)) = ½(1 + 0.7071067811865476);
    // t = 50 is the midpoint ½(1 + cos(π/2)) = 0.5; t = 100 → ½(1 + cos π) = 0.
    expectRates(cosineAnnealing(1, { period: 100 }), [
      [0, 1],
      [25, 0.8535533905932737],
      [50, 0.5],
      [100, 0],
      [150, 0],
    ]);
    // η_min = 0.1: the midpoint is 0.1 + ½·0.9 = 0.55, and it holds at 0.1.
    expectRates(cosineAnnealing(1, { period: 100, min: 0.1 }), [
      [50, 0.55],
      [100, 0.1],
      [130, 0.1],
    ]);
  });

  it('restarts every period with t_mult = 1', () => {
    // T = 10: t = 10 restarts at η0, t = 15 is the midpoint of the second period.
    expectRates(cosineAnnealing(1, { period: 10, restarts: true }), [
      [5, 0.5],
      [10, 1],
      [15, 0.5],
      [29, 0.5 * (1 + Math.cos((Math.PI * 9) / 10))],
    ]);
  });

  it('grows the periods by t_mult', () => {
    // T = 10, t_mult = 2: periods [0, 10), [10, 30), [30, 70).
    // t = 20 → t_cur = 10 of T_i = 20 → 0.5; t = 30 restarts; t = 50 → 20 of 40 → 0.5.
    expectRates(createSchedule('cosine_restarts', 1, { period: 10, t_mult: 2 }), [
      [10, 1],
      [20, 0.5],
      [29, 0.5 * (1 + Math.cos((Math.PI * 19) / 20))],
      [30, 1],
      [50, 0.5],
      [70, 1],
    ]);
    // t_mult = 3: periods [0, 10), [10, 40), [40, 130); t = 130 is exactly a restart.
    expectRates(createSchedule('SGDR', 1, { period: 10, t_mult: 3 }), [
      [25, 0.5],
      [130, 1],
    ]);
  });
});

describe('cyclical', () => {
  // η0 = 0.1, max_lr = 1, s = 10.  cycle = ⌊1 + t/20⌋, x = |t/10 − 2·cycle + 1|.
  it('triangular', () => {
    // t = 5: cycle 1, x = |0.5 − 1| = 0.5 → 0.1 + 0.9·0.5 = 0.55.
    // t = 20: cycle 2, x = |2 − 3| = 1 → 0.1.  t = 30: cycle 2, x = 0 → 1.
    expectRates(cyclical(0.1, { maxLr: 1, stepSize: 10 }), [
      [0, 0.1],
      [5, 0.55],
      [10, 1],
      [15, 0.55],
      [20, 0.1],
      [30, 1],
    ]);
  });

  it('triangular2 halves the amplitude each cycle', () => {
    // t = 30: cycle 2, x = 0, scale ½ → 0.1 + 0.45.  t = 50: cycle 3, scale ¼ → 0.1 + 0.225.
    expectRates(cyclical(0.1, { maxLr: 1, stepSize: 10, mode: 'triangular2' }), [
      [10, 1],
      [30, 0.55],
      [50, 0.325],
    ]);
  });

  it('exp_range scales by γ^t', () => {
    // γ = 0.99: t = 5 → 0.1 + 0.9·0.5·0.99⁵ = 0.1 + 0.45·0.9509900499;
    // t = 10 → 0.1 + 0.9·0.99¹⁰ = 0.1 + 0.9·0.9043820750088043.
    expectRates(createSchedule('CyclicLR', 0.1, { max_lr: 1, step_size: 10, mode: 'exp_range', gamma: 0.99 }), [
      [5, 0.527945522455],
      [10, 0.9139438675079239],
    ]);
  });
});

describe('one_cycle', () => {
  // max_lr = 0.1, div 25 → starts at 0.004; final_div 1e4 → ends at 4e-7.
  it('matches PyTorch OneCycleLR at t = 0, the end of phase 1 and the last step', () => {
    // N = 100, pct_start 0.3: phase 1 ends at 0.3·100 − 1 = 29, phase 2 at 99.
    expectRates(oneCycle(0.1, { totalSteps: 100 }), [
      [0, 0.004],
      [29, 0.1],
      [99, 4e-7],
      [120, 4e-7],
    ]);
  });

  it('anneals by cosine inside each phase', () => {
    // pct_start 0.25, N = 100: phase 1 is [0, 24], phase 2 is [24, 99] (75 steps).
    // t = 12: pct ½ → (0.004 + 0.1)/2 = 0.052.
    // t = 49: pct ⅓, cos(π/3) = ½ → 4e-7 + (0.1 − 4e-7)·¾ = 0.0750001.
    expectRates(createSchedule('OneCycleLR', 0.05, { max_lr: 0.1, total_steps: 100, pct_start: 0.25 }), [
      [12, 0.052],
      [24, 0.1],
      [49, 0.0750001],
    ]);
    // Linear: t = 49 → 0.1 + (4e-7 − 0.1)/3 = 0.0666668.
    expectRates(oneCycle(0.1, { totalSteps: 100, pctStart: 0.25, annealStrategy: 'linear' }), [
      [12, 0.052],
      [49, 0.0666668],
    ]);
  });
});

describe('warmup', () => {
  it('composes with step decay: ramp over W steps, then the inner schedule shifted by W', () => {
    // W = 20 in front of 0.1·0.5^⌊t/10⌋: t = 10 = W/2 → 0.1·½; t = 30 → inner(10) = 0.05.
    const schedule = withWarmup(stepDecay(0.1, { stepSize: 10, gamma: 0.5 }), { steps: 20 });
    expectRates(schedule, [
      [0, 0],
      [10, 0.05],
      [20, 0.1],
      [30, 0.05],
      [45, 0.025],
    ]);
    expect(schedule.name).toBe('warmup then step');
  });

  it('composes with cosine and starts from startFactor·η_inner(0)', () => {
    // W = 10 in front of cosine(η0 = 1, T = 100); s = 0.5: t = 0 → 0.5, t = 5 → 0.5 + 0.5·0.5.
    expectRates(withWarmup(cosineAnnealing(1, { period: 100 }), { steps: 10, startFactor: 0.5 }), [
      [0, 0.5],
      [5, 0.75],
      [10, 1],
      [60, 0.5],
      [110, 0],
    ]);
  });

  it('composes with one_cycle, ramping to its starting rate', () => {
    // one_cycle starts at 0.1/25 = 0.004; W = 4: t = 2 → 0.002; t = 4 → 0.004; t = 33 → inner(29) = 0.1.
    expectRates(withWarmup(oneCycle(0.1, { totalSteps: 100 }), { steps: 4 }), [
      [2, 0.002],
      [4, 0.004],
      [33, 0.1],
    ]);
  });

  it('is a schedule of its own: warmup then constant', () => {
    // η0 = 0.2, W = 4: t = 1 → 0.05, t = 2 → 0.1.
    const schedule = createSchedule('warmup', 0.2, { steps: 4 });
    expectRates(schedule, [
      [0, 0],
      [1, 0.05],
      [2, 0.1],
      [4, 0.2],
      [1000, 0.2],
    ]);
    expect(schedule.name).toBe('warmup');
    expectRates(linearWarmup(0.2, { steps: 0 }), [[0, 0.2]]);
  });

  it('keeps a plateau schedule monitored', () => {
    const schedule = withWarmup(reduceOnPlateau(1, { patience: 0, factor: 0.5 }), { steps: 2 });
    expect(isMonitored(schedule)).toBe(true);
    expect(schedule.rate(1)).toBeCloseTo(0.5, 15); // 1·(0 + 1/2)
    schedule.observe(3);
    schedule.observe(3); // no improvement, patience 0 → 0.5
    expect(schedule.rate(2)).toBe(0.5);
    expect(schedule.getState().rate).toBe(0.5);
  });
});

describe('reduce_on_plateau', () => {
  it('reduces after patience + 1 epochs without improvement', () => {
    // threshold 0: any decrease is an improvement. Bad epochs 1, 2, 3 > 2 → 0.5.
    expectPlateau(reduceOnPlateau(1, { patience: 2, factor: 0.5, threshold: 0 }), [
      [10, 1],
      [10, 1],
      [10, 1],
      [10, 0.5],
      [10, 0.5],
      [9, 0.5], // improvement resets the count
      [9, 0.5],
      [9, 0.5],
      [9, 0.25],
    ]);
  });

  it('does not count bad epochs during cooldown', () => {
    // patience 0, cooldown 2: reduce at epoch 1, epochs 2 and 3 are cooldown, reduce again at 4.
    expectPlateau(reduceOnPlateau(1, { patience: 0, cooldown: 2, factor: 0.5 }), [
      [10, 1],
      [11, 0.5],
      [11, 0.5],
      [11, 0.5],
      [11, 0.25],
    ]);
  });

  it('never goes below min_lr and skips reductions smaller than eps', () => {
    // max(1·0.1, 0.05) = 0.1, max(0.01, 0.05) = 0.05, then 0.05 − 0.05 = 0 < eps: stays.
    expectPlateau(createSchedule('ReduceLROnPlateau', 1, { patience: 0, min_lr: 0.05 }) as MonitoredSchedule, [
      [5, 1],
      [5, 0.1],
      [5, 0.05],
      [5, 0.05],
    ]);
    // 1e-8 → 5e-9 would change the rate by 5e-9 < eps = 1e-8: skipped.
    expectPlateau(reduceOnPlateau(1e-8, { patience: 0, factor: 0.5 }), [
      [1, 1e-8],
      [1, 1e-8],
    ]);
  });

  it('needs a relative or absolute margin to count an improvement', () => {
    // rel 0.1: 9.5 is not < 10·0.9 = 9 → bad → 0.1; 8.9 < 9 is an improvement.
    expectPlateau(reduceOnPlateau(1, { patience: 0, threshold: 0.1 }), [
      [10, 1],
      [9.5, 0.1],
      [8.9, 0.1],
    ]);
    // abs 0.5: 9.6 is not < 9.5 → bad; 9.4 improves, then 9.3 is not < 8.9 → bad.
    expectPlateau(reduceOnPlateau(1, { patience: 0, threshold: 0.5, thresholdMode: 'abs' }), [
      [10, 1],
      [9.6, 0.1],
      [9.4, 0.1],
      [9.3, 0.01],
    ]);
  });

  it('mode max treats higher as better', () => {
    // rel 1e-4: 0.6 > 0.5·1.0001 improves; 0.6 then 0.59 are bad epochs 1, 2 > patience 1.
    expectPlateau(reduceOnPlateau(1, { mode: 'max', patience: 1, factor: 0.5 }), [
      [0.5, 1],
      [0.6, 1],
      [0.6, 1],
      [0.59, 0.5],
    ]);
  });

  it('counts NaN as a bad epoch and ignores the step number', () => {
    const schedule = reduceOnPlateau(1, { patience: 0 });
    schedule.observe(1);
    schedule.observe(NaN);
    expect(schedule.rate(0)).toBeCloseTo(0.1, 15);
    expect(schedule.rate(12345)).toBeCloseTo(0.1, 15);
  });

  it('round-trips its state through JSON', () => {
    const options = { patience: 1, cooldown: 1, factor: 0.5 };
    const original = reduceOnPlateau(1, options);
    expect(JSON.parse(JSON.stringify(original.getState()))).toEqual({ rate: 1, best: null, badEpochs: 0, cooldownLeft: 0 });
    for (const value of [5, 4, 4, 4]) original.observe(value); // reduces at the 4th epoch, cooldown 1
    const saved = JSON.parse(JSON.stringify(original.getState()));
    expect(saved).toEqual({ rate: 0.5, best: 4, badEpochs: 0, cooldownLeft: 1 });

    const resumed = reduceOnPlateau(1, options);
    resumed.setState(saved);
    for (const value of [4, 4, 4, 3.9, 4, 4]) {
      original.observe(value);
      resumed.observe(value);
      expect(resumed.getState()).toEqual(original.getState());
    }
    // Reduced at the 7th epoch (0.25); 3.9 improves; two bad epochs → 0.125.
    expect(resumed.rate(0)).toBe(0.125);
  });
});

describe('registry', () => {
  it('resolves names and PyTorch aliases', () => {
    const cases: ReadonlyArray<readonly [alias: string, name: string]> = [
      ['StepLR', 'step'],
      ['ExponentialLR', 'exponential'],
      ['CosineAnnealingLR', 'cosine'],
      ['cosine_annealing', 'cosine'],
      ['CosineAnnealingWarmRestarts', 'cosine_restarts'],
      ['CyclicLR', 'cyclical'],
      ['OneCycleLR', 'one_cycle'],
      ['ReduceLROnPlateau', 'reduce_on_plateau'],
      ['warmup', 'warmup'],
      ['constant', 'constant'],
    ];
    for (const [alias, name] of cases) expect(schedules.get(alias).name).toBe(name);
  });

  it('takes language spellings', () => {
    // step_size = 10, gamma = 0.5: t = 10 → 0.05.
    expectRates(createSchedule('step', 0.1, { step_size: 10, gamma: 0.5 }), [[10, 0.05]]);
    expect(isMonitored(createSchedule('plateau', 0.1))).toBe(true);
    expect(isMonitored(createSchedule('cosine', 0.1, { period: 5 }))).toBe(false);
  });

  it('suggests a name for a typo', () => {
    expect(() => createSchedule('cosin', 0.1)).toThrow("unknown schedule 'cosin' (did you mean 'cosine'?)");
  });
});

describe('bad parameters', () => {
  const cases: ReadonlyArray<readonly [name: string, baseLr: number, options: Record<string, number | string | boolean>, message: RegExp]> = [
    ['step', 0.1, {}, /schedule step: step_size is required/],
    ['step', 0.1, { step_size: 0 }, /schedule step: step_size must be ≥ 1, got 0/],
    ['step', 0.1, { step_size: 1.5 }, /schedule step: step_size must be a whole number, got 1.5/],
    ['step', 0.1, { step_size: 10, gamma: 0 }, /schedule step: gamma must be in \(0, 1\], got 0/],
    ['step', 0.1, { step_size: 10, gamma: 1.5 }, /gamma must be in \(0, 1\], got 1.5/],
    ['exponential', 0.1, {}, /schedule exponential: give exactly one of decay .* or gamma .*neither/],
    ['exponential', 0.1, { decay: 0.1, gamma: 0.9 }, /give exactly one of decay .* or gamma .*both/],
    ['exponential', 0.1, { decay: -1 }, /schedule exponential: decay must be ≥ 0, got -1/],
    ['cosine', 0.1, {}, /schedule cosine: period is required/],
    ['cosine', 0.1, { perod: 10 }, /schedule cosine: unknown parameter 'perod' \(did you mean 'period'\?\)/],
    ['cosine', 0.1, { period: 10, min: 0.5 }, /schedule cosine: min must be ≤ the base learning rate 0.1, got 0.5/],
    ['cosine', 0.1, { period: 10, t_mult: 2 }, /schedule cosine: t_mult only applies with restarts=true/],
    ['cosine_restarts', 0.1, { period: 10, t_mult: 0.5 }, /schedule cosine_restarts: t_mult must be ≥ 1, got 0.5/],
    ['cyclical', 0.1, {}, /schedule cyclical: max_lr is required/],
    ['cyclical', 0.1, { max_lr: 0.01 }, /schedule cyclical: max_lr must be ≥ the base learning rate 0.1, got 0.01/],
    ['cyclical', 0.1, { max_lr: 1, gamma: 0.9 }, /schedule cyclical: gamma only applies with mode=exp_range/],
    ['cyclical', 0.1, { max_lr: 1, mode: 'sine' }, /schedule cyclical: mode must be one of triangular, triangular2, exp_range, got sine/],
    ['one_cycle', 0.1, {}, /schedule one_cycle: total_steps is required/],
    ['one_cycle', 0.1, { total_steps: 100, pct_start: 1 }, /schedule one_cycle: pct_start must be in \(0, 1\), got 1/],
    ['one_cycle', 0.1, { total_steps: 3, pct_start: 0.3 }, /schedule one_cycle: pct_start·total_steps must be > 1/],
    ['one_cycle', 0.1, { total_steps: 100, div_factor: 0.5 }, /schedule one_cycle: div_factor must be ≥ 1, got 0.5/],
    ['one_cycle', 0, { total_steps: 100 }, /schedule one_cycle: max_lr must be > 0/],
    ['warmup', 0.1, {}, /schedule warmup: steps is required/],
    ['warmup', 0.1, { steps: 10, start_factor: 2 }, /schedule warmup: start_factor must be in \[0, 1\], got 2/],
    ['reduce_on_plateau', 0.1, { factor: 1 }, /schedule reduce_on_plateau: factor must be in \[0, 1\), got 1/],
    ['reduce_on_plateau', 0.1, { patience: -1 }, /schedule reduce_on_plateau: patience must be ≥ 0, got -1/],
    ['reduce_on_plateau', 0.1, { threshold_mode: 'relative' }, /threshold_mode must be one of rel, abs, got relative/],
    ['constant', -1, {}, /schedule constant: the base learning rate must be a finite number ≥ 0, got -1/],
    ['cosine', NaN, { period: 10 }, /schedule cosine: the base learning rate must be a finite number ≥ 0, got NaN/],
  ];

  it.each(cases)('%s with %s / %o throws', (name, baseLr, options, message) => {
    expect(() => createSchedule(name, baseLr, options)).toThrow(ConfigError);
    expect(() => createSchedule(name, baseLr, options)).toThrow(message);
  });

  it('checks warmup options and saved plateau state', () => {
    expect(() => withWarmup(constantRate(0.1), { steps: -1 })).toThrow(/schedule warmup: steps must be ≥ 0, got -1/);
    const schedule = reduceOnPlateau(0.1);
    expect(() => schedule.setState({ rate: -1, best: null, badEpochs: 0, cooldownLeft: 0 })).toThrow(/saved state rate must be/);
    expect(() => schedule.setState({ rate: 0.1, best: null, badEpochs: 1.5, cooldownLeft: 0 })).toThrow(
      /saved state badEpochs must be a whole number ≥ 0, got 1.5/,
    );
  });
});
