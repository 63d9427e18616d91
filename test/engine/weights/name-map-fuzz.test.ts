import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { ConfigError } from '../../../src/engine/errors';
import { Sequential, type LayerConfig, type NamedTensor } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';
import { mapWeightNames, type IntegerTensor } from '../../../src/engine/weights';

/**
 * Name matching on hostile files: names and shapes drawn from pieces of real
 * PyTorch and Keras names mixed with junk. Every file is either matched or
 * refused with a short ConfigError; nothing else is thrown.
 */

const MODELS: LayerConfig[][] = [
  [{ kind: 'dense', units: 2, activation: createActivation('tanh') }, { kind: 'dense', units: 1 }],
  [{ kind: 'dense', units: 2, activation: createActivation('relu') }, { kind: 'dropout', rate: 0.1 }, { kind: 'batchnorm' }, { kind: 'dense', units: 1, useBias: false }],
  [{ kind: 'batchnorm' }],
];
const PREFIXES = ['', '', 'net.', 'a.', 'sequential/', 'x/'];
const INDICES = ['0', '1', '2', '3', '10', '007', '-1', '', 'dense', 'dense_1', 'dense_2', 'batch_normalization', 'batch_normalization_1', 'constructor', '__proto__'];
const ROLES = ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked', 'kernel', 'gamma', 'beta', 'moving_mean', 'moving_variance', 'toString', 'hasOwnProperty', ''];
const SEPARATORS = ['.', '.', '/', '/', '', '..', ':0'];

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

function randomFile(rng: Rng): { tensors: NamedTensor[]; integers: IntegerTensor[] } {
  const tensors: NamedTensor[] = [];
  const integers: IntegerTensor[] = [];
  const seen = new Set<string>();
  const count = rng.int(10);
  for (let i = 0; i < count; i++) {
    let name = `${pick(rng, PREFIXES)}${pick(rng, INDICES)}${pick(rng, SEPARATORS)}${pick(rng, ROLES)}${rng.int(8) === 0 ? ':0' : ''}`;
    if (rng.int(20) === 0) name = 'x'.repeat(100_000) + name;
    if (seen.has(name)) continue;
    seen.add(name);
    const shape = Array.from({ length: rng.int(3) }, () => rng.int(4));
    const size = shape.reduce((a, b) => a * b, 1);
    if (rng.int(5) === 0) integers.push({ name, dtype: 'I64', shape, values: Array.from({ length: size }, () => rng.int(3) - 1) });
    else tensors.push({ name, shape, value: new Float32Array(size) });
  }
  return { tensors, integers };
}

describe('mapWeightNames on hostile files', () => {
  it('matches or refuses 3,000 random files with a short ConfigError, and nothing else', () => {
    const rng = new Rng(11);
    let refused = 0;
    for (let i = 0; i < 3000; i++) {
      const model = new Sequential(3, pick(rng, MODELS), new Rng(i));
      const file = randomFile(rng);
      try {
        const mapping = mapWeightNames(model, file);
        expect(mapping.lines.every((line) => line.length < 2000)).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message.length).toBeLessThan(4000);
        refused++;
      }
    }
    // Most random files are refused; the point is that none escapes as another error.
    expect(refused).toBeGreaterThan(2000);
  });

  it('refuses 20,000 bad names in well under a second with a message that lists a dozen', () => {
    const model = new Sequential(3, MODELS[0], new Rng(0));
    const tensors = Array.from({ length: 20_000 }, (_, i) => ({ name: `junk${i}`, shape: [1], value: new Float32Array(1) }));
    const start = performance.now();
    let message = '';
    try {
      mapWeightNames(model, { tensors });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(performance.now() - start).toBeLessThan(1000);
    expect(message).toMatch(/^model: cannot load weights: 'junk0' is neither an nn\.Sequential name/);
    expect(message).toContain('… (20000 in all)');
    expect(message.length).toBeLessThan(2000);
  });
});
