import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/protocol/cell-output';
import { availableQuantities, colourPosition, describeHeatmap, heatmapMatrix } from '../../webview/charts/layer-heatmap';
import { layerLabel } from '../../webview/run-data';

type Epoch = RunSummary['epochs'][number];
type Layer = Epoch['layers'][number];

function layer(name: string, kind: Layer['kind'], values: Partial<Layer>): Layer {
  const none = Number.NaN;
  return {
    layer: name,
    kind,
    units: 4,
    weightMean: none,
    weightStd: none,
    unitSpread: none,
    activationMean: 0,
    activationVariance: 1,
    preactivationVariance: none,
    deadFraction: null,
    saturatedFraction: null,
    gradientNorm: none,
    updateRatio: none,
    distanceFromStart: none,
    ...values,
  };
}

/** Three epochs of a dense relu layer, a dropout layer and a dense softmax output. */
const EPOCHS: Epoch[] = [0, 1, 2].map((epoch) => ({
  epoch,
  step: epoch * 10,
  trainLoss: 1,
  metrics: {},
  validationMetrics: {},
  learningRate: 0.1,
  layers: [
    layer('0', 'dense', { activation: 'relu', activationVariance: 10 ** -epoch, gradientNorm: 0.1, deadFraction: epoch / 4, updateRatio: epoch === 0 ? Number.NaN : 10 ** (-1 - epoch) }),
    layer('1', 'dropout', {}),
    layer('2', 'dense', { activation: 'softmax', activationVariance: 0.1, gradientNorm: 1, updateRatio: epoch === 0 ? Number.NaN : 1e-3 }),
  ],
}));

describe('layer heatmap', () => {
  it('offers the quantities the run has, and a row per layer that has the quantity', () => {
    expect(availableQuantities(EPOCHS)).toEqual(['activationVariance', 'gradientNorm', 'updateRatio', 'deadFraction']);
    const variance = heatmapMatrix(EPOCHS, 'activationVariance')!;
    expect(variance.rows).toEqual(['0 dense relu', '1 dropout', '2 dense softmax']);
    expect(variance.epochs).toEqual([0, 1, 2]);
    expect(variance.values).toEqual([1, 0.1, 0.01, 1, 1, 1, 0.1, 0.1, 0.1]);
    expect(variance.range).toEqual([0.01, 1]);
    // The dropout layer has no gradient of its own: no row.
    expect(heatmapMatrix(EPOCHS, 'gradientNorm')!.rows).toEqual(['0 dense relu', '2 dense softmax']);
    expect(heatmapMatrix(EPOCHS, 'saturatedFraction')).toBeUndefined();
  });

  it('labels a frozen layer as frozen, in the heatmap and on the per-layer charts', () => {
    const frozen = EPOCHS.map((epoch) => ({ ...epoch, layers: epoch.layers.map((l) => (l.layer === '0' ? { ...l, frozen: true } : l)) }));
    expect(heatmapMatrix(frozen, 'activationVariance')!.rows).toEqual(['0 dense relu (frozen)', '1 dropout', '2 dense softmax']);
    expect(frozen[0].layers.map(layerLabel)).toEqual(['0 relu (frozen)', '1 dropout', '2 softmax']);
  });

  it('places colours on a log scale, a 0–1 scale, or around the healthy update ratio', () => {
    const variance = heatmapMatrix(EPOCHS, 'activationVariance')!;
    // log10 range [−2, 0]: 0.1 sits halfway.
    expect(colourPosition(variance, 0.1)).toBeCloseTo(0.5, 12);
    expect(colourPosition(variance, 1)).toBe(1);
    expect(colourPosition(variance, null)).toBeNull();
    const dead = heatmapMatrix(EPOCHS, 'deadFraction')!;
    expect(colourPosition(dead, 0.25)).toBe(0.25);
    const updates = heatmapMatrix(EPOCHS, 'updateRatio')!;
    // Centred on 1e-3, a decade per half of the scale: 1e-3 → 0, 1e-2 → 0.5, 1e-1 → 1, 1e-5 → −1, beyond clamped.
    expect([1e-3, 1e-2, 1e-1, 1e-5, 1].map((v) => colourPosition(updates, v))).toEqual([0, 0.5, 1, -1, 1]);
    // Epoch 0 has no update: a gap, not a colour.
    expect(updates.values[0]).toBeNull();
  });

  it('reads out the first and last epoch of every row as text', () => {
    const text = describeHeatmap(heatmapMatrix(EPOCHS, 'activationVariance')!, String);
    expect(text).toBe(
      'Heatmap of activation variance per layer (rows, input side first) and epoch (columns). ' +
        'layer 0 dense relu: 1 at epoch 0, 0.01 at epoch 2; layer 1 dropout: 1 at epoch 0, 1 at epoch 2; layer 2 dense softmax: 0.1 at epoch 0, 0.1 at epoch 2.',
    );
  });
});
