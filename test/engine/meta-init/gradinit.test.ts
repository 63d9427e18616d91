import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { createInitializer } from '../../../src/engine/initializers';
import { createLoss } from '../../../src/engine/losses';
import { BatchGradient } from '../../../src/engine/meta-init/batch-gradient';
import { scaleGradient, type SimulatedStep } from '../../../src/engine/meta-init/gradinit';
import { norm } from '../../../src/engine/meta-init/hessian-vector';
import type { TensorSlice } from '../../../src/engine/meta-init/tensor-slices';
import type { TuningBatch } from '../../../src/engine/meta-init/tuning-batches';
import { Sequential } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';

/**
 * GradInit's gradient with respect to the scales α, against central finite
 * differences of the quantity it lowers: the loss after one simulated step
 * (SGD, whose derivative carries the −ηH·g̃ term, and Adam's sign step),
 * and ‖g‖₂ under the constraint.
 */

const rng = new Rng(21);
const layers = [6, 3].map((units, i) => ({ kind: 'dense' as const, units, activation: createActivation(i === 1 ? 'softmax' : 'tanh'), kernelInitializer: createInitializer('glorot_normal', { gain: 1.5 }) }));
const model = new Sequential([4], layers, rng);
const objective = new BatchGradient(model, createLoss('sparse_categorical_crossentropy'), rng);
const batch = (rows: number): TuningBatch => ({ inputs: Float32Array.from({ length: rows * 4 }, () => rng.normal()), targets: Float32Array.from({ length: rows }, (_, i) => (i * 7) % 3), rows });
const batches = [batch(16), batch(16)] as const;
const start = objective.read();
const tensors: TensorSlice[] = objective.parameters.flatMap((p, i) => (p.role === 'weight' ? [{ layer: p.layer, name: p.name, offset: objective.offsets[i], length: p.value.length }] : []));
const alpha = Float64Array.of(1.1, 0.8);

function scaledPoint(scales: Float64Array): Float64Array {
  const point = Float64Array.from(start);
  tensors.forEach((t, j) => {
    for (let i = t.offset; i < t.offset + t.length; i++) point[i] *= scales[j];
  });
  return point;
}

/** L(θ − η·A[g(θ; S)]; S̃) or ‖g(θ; S)‖₂ at scales α. */
function measured(scales: Float64Array, step: SimulatedStep, what: 'loss after step' | 'gradient norm'): number {
  const point = scaledPoint(scales);
  objective.useBatch(batches[0].inputs, batches[0].targets, batches[0].rows);
  const g = objective.at(point).gradient;
  if (what === 'gradient norm') return norm(g);
  const after = point.map((w, i) => w - step.lr * (step.kind === 'sgd' ? g[i] : Math.sign(g[i])));
  objective.useBatch(batches[1].inputs, batches[1].targets, batches[1].rows);
  return objective.at(after).loss;
}

function finiteDifference(step: SimulatedStep, what: 'loss after step' | 'gradient norm', delta = 1e-3): number[] {
  return tensors.map((_, j) => {
    const up = Float64Array.from(alpha);
    const down = Float64Array.from(alpha);
    up[j] += delta;
    down[j] -= delta;
    return (measured(up, step, what) - measured(down, step, what)) / (2 * delta);
  });
}

function expectClose(actual: Float64Array, expected: number[], relative: number): void {
  expected.forEach((value, j) => expect(Math.abs(actual[j] - value)).toBeLessThan(relative * Math.abs(value)));
}

describe('GradInit scale gradient', () => {
  it('of the loss after an SGD step, (I − ηH)·g̃ read per tensor, matches finite differences', () => {
    const step: SimulatedStep = { kind: 'sgd', lr: 0.5 };
    const result = scaleGradient(objective, start, tensors, alpha, batches, step, Infinity);
    expect(result.constrained).toBe(false);
    const expected = finiteDifference(step, 'loss after step');
    expectClose(result.scaleGradient!, expected, 0.02);
    // Without the −ηH·g̃ term the answer would be off by more than the tolerance.
    const point = scaledPoint(alpha);
    objective.useBatch(batches[0].inputs, batches[0].targets, batches[0].rows);
    const g = objective.at(point).gradient;
    objective.useBatch(batches[1].inputs, batches[1].targets, batches[1].rows);
    const gAfter = objective.at(point.map((w, i) => w - step.lr * g[i])).gradient;
    const naive = tensors.map((t) => {
      let sum = 0;
      for (let i = t.offset; i < t.offset + t.length; i++) sum += start[i] * gAfter[i];
      return sum;
    });
    expect(Math.max(...expected.map((value, j) => Math.abs(naive[j] - value) / Math.abs(value)))).toBeGreaterThan(0.05);
  });

  it('of the loss after Adam’s sign step is g̃ read per tensor', () => {
    const step: SimulatedStep = { kind: 'adam', lr: 0.01 };
    const result = scaleGradient(objective, start, tensors, alpha, batches, step, Infinity);
    expectClose(result.scaleGradient!, finiteDifference(step, 'loss after step', 1e-4), 0.02);
  });

  it('of ‖g‖₂ when the gradient norm is above γ', () => {
    const step: SimulatedStep = { kind: 'sgd', lr: 0.5 };
    const result = scaleGradient(objective, start, tensors, alpha, batches, step, 0);
    expect(result.constrained).toBe(true);
    expectClose(result.scaleGradient!, finiteDifference(step, 'gradient norm'), 0.02);
  });
});
