import { describe, expect, it } from 'vitest';
import { ParamSchema, boolean, choice, languageName, number, optionalNumber, requiredNumber } from '../../src/engine/params';

const schema = new ParamSchema('optimizer demo', {
  lr: number({ default: 0.01, min: 0, minExclusive: true, doc: 'learning rate' }),
  beta2: number({ default: 0.999, min: 0, max: 1, maxExclusive: true, doc: 'decay' }),
  warmupSteps: number({ default: 0, min: 0, integer: true, doc: 'steps' }),
  limit: optionalNumber({ min: 0, doc: 'optional' }),
  nesterov: boolean({ default: false, doc: 'flag' }),
  mode: choice({ values: ['min', 'max'] as const, default: 'min', doc: 'direction' }),
});

describe('ParamSchema', () => {
  it('fills defaults and keeps given values, including a real 0', () => {
    expect(schema.resolve({ lr: 0.5, warmupSteps: 0 })).toEqual({
      lr: 0.5,
      beta2: 0.999,
      warmupSteps: 0,
      limit: undefined,
      nesterov: false,
      mode: 'min',
    });
  });

  it.each([
    [{ lr: -0.1 }, 'optimizer demo: lr must be > 0, got -0.1'],
    [{ lr: 0 }, 'optimizer demo: lr must be > 0, got 0'],
    [{ beta2: 1.2 }, 'optimizer demo: beta2 must be in [0, 1), got 1.2'],
    [{ beta2: 1 }, 'optimizer demo: beta2 must be in [0, 1), got 1'],
    [{ warmupSteps: 2.5 }, 'optimizer demo: warmup_steps must be a whole number, got 2.5'],
    [{ lr: Number.NaN }, 'optimizer demo: lr must be a finite number, got NaN'],
    [{ nesterov: 1 }, 'optimizer demo: nesterov must be true or false, got 1'],
    [{ mode: 'up' }, 'optimizer demo: mode must be one of min, max, got up'],
  ])('rejects %o', (options, message) => {
    expect(() => schema.resolve(options as never)).toThrow(message);
  });

  it('resolves language spellings and suggests the nearest parameter', () => {
    expect(schema.resolveNamed({ warmup_steps: 10 }).warmupSteps).toBe(10);
    expect(() => schema.resolveNamed({ beta3: 0.9 })).toThrow(
      "optimizer demo: unknown parameter 'beta3' (did you mean 'beta2'?); it takes lr, beta2, warmup_steps, limit, nesterov, mode",
    );
  });

  it('describes each parameter for documentation', () => {
    const beta2 = schema.describe().find((p) => p.name === 'beta2')!;
    expect(beta2).toMatchObject({ key: 'beta2', kind: 'number', default: 0.999, range: '[0, 1)' });
    expect(schema.describe().find((p) => p.name === 'mode')!.values).toEqual(['min', 'max']);
  });

  it('insists on a required parameter and marks it in the description', () => {
    const period = new ParamSchema('schedule demo', { period: requiredNumber({ min: 1, doc: 'steps per cycle' }) });
    expect(() => period.resolve({})).toThrow('schedule demo: period is required — steps per cycle');
    expect(period.resolve({ period: 4 }).period).toBe(4);
    expect(period.describe()[0]).toMatchObject({ required: true, default: undefined });
  });

  it('spells camelCase keys in snake_case', () => {
    expect(languageName('weightDecay')).toBe('weight_decay');
    expect(languageName('beta1')).toBe('beta1');
  });
});

describe('a choice that also takes a whole number', () => {
  const schema = new ParamSchema('conv2d', {
    padding: choice({ values: ['valid', 'same'], default: 'valid', orWholeNumber: { min: 0 }, doc: 'padding' }),
  });

  it('accepts its names and whole numbers from the minimum up', () => {
    expect(schema.resolveNamed({ padding: 'same' }).padding).toBe('same');
    expect(schema.resolveNamed({ padding: 0 }).padding).toBe(0);
    expect(schema.resolveNamed({ padding: 3 }).padding).toBe(3);
  });

  it.each([-1, 1.5, 'full'])('refuses %j, naming both kinds of value', (value) => {
    expect(() => schema.checkNamed('padding', value)).toThrow(`conv2d: padding must be one of valid, same or a whole number ≥ 0, got ${value}`);
  });

  it('describes the numbers as part of its range', () => {
    expect(schema.describe()[0]).toMatchObject({ kind: 'choice', values: ['valid', 'same'], range: 'a whole number ≥ 0' });
  });

  it('leaves a plain choice refusing numbers', () => {
    const plain = new ParamSchema('normalize', { method: choice({ values: ['standard', 'none'], default: 'standard', doc: 'method' }) });
    expect(() => plain.checkNamed('method', 1)).toThrow('normalize: method must be one of standard, none, got 1');
  });
});
