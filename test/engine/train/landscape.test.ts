import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { createInitializer } from '../../../src/engine/initializers';
import { Sequential, type LayerConfig } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';
import { LandscapeProbe, type LandscapeGrid } from '../../../src/engine/train/landscape';

function dense(units: number, activation: string): LayerConfig {
  return { kind: 'dense', units, activation: createActivation(activation), kernelInitializer: createInitializer('glorot_uniform'), biasInitializer: createInitializer('zeros') };
}

/** Sets every named tensor of the model to the given values. */
function setWeights(model: Sequential, values: Record<string, number[]>): void {
  model.loadStateDict(model.stateDict().map((t) => ({ name: t.name, shape: t.shape, value: Float32Array.from(values[t.name]) })));
}

const GRID: LandscapeGrid = { x: [-2, 2], y: [0, 4], resolution: 4, unitResolution: 2, hiddenLayers: 2, unitsPerLayer: 8 };

describe('LandscapeProbe', () => {
  it('evaluates the model at every cell centre, x fastest from the lowest corner', () => {
    // f(x, y) = 2x − y + 0.5. Cells are 1 wide: centres x ∈ {−1.5, −0.5, 0.5, 1.5}, y ∈ {0.5, 1.5, 2.5, 3.5}.
    const model = new Sequential(2, [dense(1, 'linear')], new Rng(1));
    setWeights(model, { '0.weight': [2, -1], '0.bias': [0.5] });
    const { outputs, outputWidth, units } = new LandscapeProbe(model, GRID, new Rng(1)).probe();
    expect(outputWidth).toBe(1);
    const expected = [0.5, 1.5, 2.5, 3.5].flatMap((y) => [-1.5, -0.5, 0.5, 1.5].map((x) => 2 * x - y + 0.5));
    expect([...outputs]).toEqual(expected);
    // An output layer is not a hidden layer: no unit maps.
    expect(units).toEqual([]);
  });

  it('maps each unit of the first hidden layers over the coarser grid', () => {
    // Hidden relu units: u₀ = relu(x), u₁ = relu(y − 2); unit grid centres x ∈ {−1, 1}, y ∈ {1, 3}.
    const model = new Sequential(2, [dense(2, 'relu'), dense(1, 'linear')], new Rng(1));
    setWeights(model, { '0.weight': [1, 0, 0, 1], '0.bias': [0, -2], '1.weight': [1, 1], '1.bias': [0] });
    const { units, outputs } = new LandscapeProbe(model, GRID, new Rng(1)).probe();
    expect(units.map((u) => [u.layer, u.unit, [...u.values]])).toEqual([
      ['0', 0, [0, 1, 0, 1]],
      ['0', 1, [0, 0, 1, 1]],
    ]);
    // The output map still has the full resolution: at (1.5, 3.5), relu(1.5) + relu(1.5) = 3.
    expect(outputs).toHaveLength(16);
    expect(outputs[15]).toBe(3);
  });

  it('changes nothing in the model, and refuses a model without two inputs or a bad resolution', () => {
    const model = new Sequential(2, [dense(4, 'tanh'), { kind: 'dropout', rate: 0.5 }, dense(3, 'softmax')], new Rng(3));
    const before = model.stateDict().map((t) => [...t.value]);
    const probe = new LandscapeProbe(model, GRID, new Rng(1));
    const first = probe.probe();
    // Evaluation mode: dropout is off, so probing twice gives the same map.
    expect([...probe.probe().outputs]).toEqual([...first.outputs]);
    expect(model.stateDict().map((t) => [...t.value])).toEqual(before);
    expect(() => new LandscapeProbe(new Sequential(3, [dense(1, 'linear')], new Rng(1)), GRID, new Rng(1))).toThrow('landscape: a map of the input plane needs a model with 2 inputs, this one has 3');
    expect(() => new LandscapeProbe(model, { ...GRID, resolution: 1 }, new Rng(1))).toThrow('landscape: resolution must be a whole number in [2, 256], got 1');
  });
});
