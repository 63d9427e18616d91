import { logistic } from '../engine/activations';
import type { Dataset } from '../engine/data/dataset';
import { Dense } from '../engine/layers/dense';
import type { Sequential } from '../engine/model';
import { Rng } from '../engine/rng';
import { LandscapeProbe, type LandscapeGrid } from '../engine/train/landscape';
import type { DecisionLandscape } from '../protocol/cell-output';
import type { PreparedData } from './data';

/**
 * The decision landscape of a run on two-feature data: the grid spans the
 * training and validation points with a margin, in the model's input space
 * (scaled when the notebook normalizes). Sizes are chosen so a map costs a
 * few milliseconds and a few tens of kilobytes in the notebook: a `train`
 * gets 48 × 48 output cells, 16 × 16 per unit map for the first 8 units of
 * the first 2 hidden layers, and at most 300 training and 100 validation
 * points; each arm of a `compare`, drawn side by side and small, 32 × 32
 * cells and no unit maps.
 */
const DETAIL = {
  full: { grid: { resolution: 48, unitResolution: 16, hiddenLayers: 2, unitsPerLayer: 8 }, points: { train: 300, validation: 100 } },
  overview: { grid: { resolution: 32, unitResolution: 2, hiddenLayers: 0, unitsPerLayer: 0 }, points: { train: 200, validation: 50 } },
} as const;
/** Room around the data, as a fraction of its range on each axis. */
const MARGIN = 0.1;

/** Makes the landscape of a model trained on `data`; undefined unless the data has exactly two features. */
export function landscapeMaker(data: PreparedData, detail: keyof typeof DETAIL): ((model: Sequential) => DecisionLandscape) | undefined {
  const { grid: sizes, points: limits } = DETAIL[detail];
  const { train, validation } = data;
  if (train.features !== 2) return undefined;
  const sets = validation ? [train, validation] : [train];
  const range = (feature: number): [number, number] => {
    let low = Infinity;
    let high = -Infinity;
    for (const set of sets) {
      for (let i = feature; i < set.x.length; i += 2) {
        low = Math.min(low, set.x[i]);
        high = Math.max(high, set.x[i]);
      }
    }
    const room = Math.max((high - low) * MARGIN, 0.1);
    return [low - room, high + room];
  };
  const grid: LandscapeGrid = { ...sizes, x: range(0), y: range(1) };
  const points = [...samplePoints(train, limits.train, 'train'), ...(validation ? samplePoints(validation, limits.validation, 'validation') : [])];
  const base = {
    features: [train.featureNames[0] ?? 'x1', train.featureNames[1] ?? 'x2'] as const,
    scaled: data.scaler !== undefined,
    x: grid.x,
    y: grid.y,
    resolution: grid.resolution,
    unitResolution: grid.unitResolution,
    points,
  };
  return (model) => {
    const { outputs, outputWidth, units } = new LandscapeProbe(model, grid, new Rng(0)).probe();
    const unitMaps = units.map(({ layer, unit, values }) => ({ layer, unit, values: Array.from(values, (v) => round(v, 3)) }));
    if (train.task === 'regression') {
      return { ...base, values: Array.from({ length: grid.resolution ** 2 }, (_, i) => round(outputs[i * outputWidth], 5)), units: unitMaps };
    }
    const { values, confidence } = classify(outputs, outputWidth, outputActivation(model));
    return { ...base, classes: train.classes ?? [], values, confidence, units: unitMaps };
  };
}

/** Up to `limit` samples spread evenly over the set. */
function samplePoints(set: Dataset, limit: number, split: 'train' | 'validation'): DecisionLandscape['points'] {
  const stride = Math.max(1, set.count / limit);
  const points: DecisionLandscape['points'][number][] = [];
  for (let k = 0; k < Math.min(limit, set.count); k++) {
    const i = Math.floor(k * stride);
    points.push({ x: round(set.x[i * 2], 5), y: round(set.x[i * 2 + 1], 5), target: set.y[i * set.targetWidth], split });
  }
  return points;
}

function outputActivation(model: Sequential): string {
  const last = model.outputLayer;
  return last instanceof Dense ? last.activation.name : 'linear';
}

/**
 * Each cell's predicted class and its probability. Outputs that are not
 * probabilities already (logits of a linear output layer) go through the
 * sigmoid or softmax the loss would apply.
 */
function classify(outputs: Float32Array, width: number, activation: string): { values: number[]; confidence: number[] } {
  const cells = outputs.length / width;
  const values: number[] = [];
  const confidence: number[] = [];
  for (let c = 0; c < cells; c++) {
    if (width === 1) {
      const p = activation === 'sigmoid' ? outputs[c] : logistic(outputs[c]);
      values.push(p >= 0.5 ? 1 : 0);
      confidence.push(round(Math.max(p, 1 - p), 3));
      continue;
    }
    const row = outputs.subarray(c * width, (c + 1) * width);
    let best = 0;
    for (let k = 1; k < width; k++) if (row[k] > row[best]) best = k;
    let probability = row[best];
    if (activation !== 'softmax') {
      let sum = 0;
      for (let k = 0; k < width; k++) sum += Math.exp(row[k] - row[best]);
      probability = 1 / sum;
    }
    values.push(best);
    confidence.push(round(probability, 3));
  }
  return { values, confidence };
}

function round(value: number, digits: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}
