import { isActivated, unitLayout, type ActivatedLayer, type Layer } from '../layers/layer';
import type { Sequential } from '../model';
import type { LayerStats } from './records';

/**
 * Outputs this close to an asymptote count as saturated: tanh |a| > 0.99
 * (|z| > 2.65) and sigmoid a < 0.01 or a > 0.99 (|z| > 4.6), where the slope
 * has fallen below 2 % of its peak and the unit barely learns.
 */
const SATURATION_MARGIN = 0.01;

/** Steps per epoch whose update-to-weight ratio is measured: enough for a steady mean, few enough to cost nothing. */
export const UPDATE_SAMPLES_PER_EPOCH = 16;

/** Running sums for one layer over the batches of an epoch. */
class LayerAccumulator {
  outputSum = 0;
  outputSumSquares = 0;
  outputCount = 0;
  preactivationSum = 0;
  preactivationSumSquares = 0;
  saturated = 0;
  gradientNormSum = 0;
  gradientSteps = 0;
  updateRatioSum = 0;
  updateSamples = 0;
  /** Per unit: was z ever positive this epoch (ReLU family only). */
  readonly everPositive: Uint8Array;
  readonly family: 'relu' | 'saturating' | 'other';
  /** Units of the output (dense units, conv filters) and the values each owns in a row. */
  readonly units: number;
  readonly unitStride: number;
  /** Layers with a kernel: the kernel as the run started, and before the sampled update (buffers made once). */
  readonly kernelAtStart?: Float32Array;
  readonly kernelBeforeUpdate?: Float32Array;
  readonly activated?: ActivatedLayer;

  constructor(readonly layer: Layer) {
    this.activated = isActivated(layer) ? layer : undefined;
    this.family = this.activated ? this.activated.activation.family : 'other';
    ({ units: this.units, stride: this.unitStride } = unitLayout(layer.outputShape));
    this.everPositive = new Uint8Array(this.family === 'relu' ? this.units : 0);
    if (isActivated(layer)) {
      this.kernelAtStart = new Float32Array(layer.weight.value);
      this.kernelBeforeUpdate = new Float32Array(layer.weight.value.length);
    }
  }

  reset(): void {
    this.outputSum = this.outputSumSquares = this.outputCount = 0;
    this.preactivationSum = this.preactivationSumSquares = 0;
    this.saturated = this.gradientNormSum = this.gradientSteps = 0;
    this.updateRatioSum = this.updateSamples = 0;
    this.everPositive.fill(0);
  }
}

/**
 * Per-layer statistics of a run, accumulated batch by batch over an epoch:
 * activation mean and variance, dead and saturated units, gradient norms,
 * and on a few sampled steps the update-to-weight ratio. Reads the arrays
 * the last forward and backward left, so it costs one pass over each
 * layer's output and gradients per step and allocates nothing.
 */
export class LayerStatistics {
  private readonly accumulators: LayerAccumulator[];

  constructor(private readonly model: Sequential) {
    this.accumulators = model.layers.map((layer) => new LayerAccumulator(layer));
  }

  reset(): void {
    for (const accumulator of this.accumulators) accumulator.reset();
  }

  /** Adds the activations of the model's last forward pass over `batch` samples. */
  observeForward(batch: number): void {
    this.accumulators.forEach((acc, index) => {
      const output = this.model.layerOutputs[index];
      const length = batch * acc.layer.outputSize;
      let sum = 0;
      let sumSquares = 0;
      for (let i = 0; i < length; i++) {
        sum += output[i];
        sumSquares += output[i] * output[i];
      }
      acc.outputSum += sum;
      acc.outputSumSquares += sumSquares;
      acc.outputCount += length;
      if (!acc.activated) return;
      const z = acc.activated.preactivation;
      let zSum = 0;
      let zSumSquares = 0;
      for (let i = 0; i < length; i++) {
        zSum += z[i];
        zSumSquares += z[i] * z[i];
      }
      acc.preactivationSum += zSum;
      acc.preactivationSumSquares += zSumSquares;
      if (acc.family === 'relu') {
        const { units, unitStride, everPositive } = acc;
        if (unitStride === 1) {
          for (let i = 0; i < length; i++) if (z[i] > 0) everPositive[i % units] = 1;
        } else {
          for (let i = 0; i < length; i++) if (z[i] > 0) everPositive[Math.floor(i / unitStride) % units] = 1;
        }
      } else if (acc.family === 'saturating') {
        acc.saturated += countSaturated(acc.activated.activation.name, output, length);
      }
    });
  }

  /** Adds each layer's gradient norm from the model's last backward pass. */
  observeBackward(): void {
    for (const acc of this.accumulators) {
      // A frozen layer's gradient is not used, and below the first trained layer not even computed: left unmeasured.
      if (acc.layer.parameters.length === 0 || acc.layer.frozen) continue;
      let sumSquares = 0;
      for (const parameter of acc.layer.parameters) {
        const grad = parameter.grad;
        for (let i = 0; i < grad.length; i++) sumSquares += grad[i] * grad[i];
      }
      acc.gradientNormSum += Math.sqrt(sumSquares);
      acc.gradientSteps += 1;
    }
  }

  /** Keeps each kernel as it is before a sampled step's update; call {@link observeUpdate} after it. */
  beforeUpdate(): void {
    for (const acc of this.accumulators) if (acc.activated) acc.kernelBeforeUpdate!.set(acc.activated.weight.value);
  }

  /** Adds ‖W − W_before‖ / ‖W_before‖ of each kernel for the step since {@link beforeUpdate}. */
  observeUpdate(): void {
    for (const acc of this.accumulators) {
      // A frozen kernel does not move by design: its ratio stays unmeasured rather than 0, which would read as a layer that fails to learn.
      if (!acc.activated || acc.layer.frozen) continue;
      const ratio = relativeDistance(acc.activated.weight.value, acc.kernelBeforeUpdate!);
      if (!Number.isFinite(ratio)) continue;
      acc.updateRatioSum += ratio;
      acc.updateSamples += 1;
    }
  }

  /** The statistics of everything observed since the last reset. */
  summarize(): LayerStats[] {
    return this.accumulators.map((acc) => {
      const layer = acc.layer;
      const dense = acc.activated;
      const weight = dense ? dense.weight.value : layer.kind === 'batchnorm' ? layer.parameters[0].value : undefined;
      const [weightMean, weightStd] = weight ? meanAndStd(weight) : [Number.NaN, Number.NaN];
      const count = acc.outputCount;
      const outputMean = count > 0 ? acc.outputSum / count : Number.NaN;
      const zMean = count > 0 ? acc.preactivationSum / count : Number.NaN;
      const units = acc.units;
      return {
        layer: layer.name,
        kind: layer.kind,
        ...(layer.frozen ? { frozen: true } : {}),
        ...(dense ? { activation: dense.activation.name, initializer: dense.kernelInitializer.name } : {}),
        ...(dense?.activation.negativeSlope !== undefined ? { negativeSlope: dense.activation.negativeSlope } : {}),
        units,
        weightMean,
        weightStd,
        unitSpread: dense ? unitSpread(dense.weight.value, units, dense.weight.value.length / units) : Number.NaN,
        activationMean: outputMean,
        activationVariance: count > 0 ? Math.max(0, acc.outputSumSquares / count - outputMean * outputMean) : Number.NaN,
        preactivationVariance: dense && count > 0 ? Math.max(0, acc.preactivationSumSquares / count - zMean * zMean) : Number.NaN,
        deadFraction: acc.family === 'relu' && count > 0 ? 1 - acc.everPositive.reduce((n, v) => n + v, 0) / units : null,
        saturatedFraction: acc.family === 'saturating' && count > 0 ? acc.saturated / count : null,
        gradientNorm: acc.gradientSteps > 0 ? acc.gradientNormSum / acc.gradientSteps : Number.NaN,
        updateRatio: acc.updateSamples > 0 ? acc.updateRatioSum / acc.updateSamples : Number.NaN,
        distanceFromStart: dense ? relativeDistance(dense.weight.value, acc.kernelAtStart!) : Number.NaN,
      };
    });
  }
}

function countSaturated(activation: string, output: Float32Array, length: number): number {
  let saturated = 0;
  if (activation === 'tanh') {
    for (let i = 0; i < length; i++) if (Math.abs(output[i]) > 1 - SATURATION_MARGIN) saturated++;
  } else {
    for (let i = 0; i < length; i++) if (output[i] < SATURATION_MARGIN || output[i] > 1 - SATURATION_MARGIN) saturated++;
  }
  return saturated;
}

/** ‖a − b‖ / ‖b‖, NaN when ‖b‖ is zero. */
function relativeDistance(a: Float32Array, b: Float32Array): number {
  let difference = 0;
  let reference = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    difference += d * d;
    reference += b[i] * b[i];
  }
  return reference > 0 ? Math.sqrt(difference / reference) : Number.NaN;
}

function meanAndStd(values: Float32Array): [number, number] {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) * (values[i] - mean);
  return [mean, Math.sqrt(squares / values.length)];
}

/** max over units i of ‖W_i − W̄‖: zero exactly when every unit has the same incoming weights. */
function unitSpread(weight: Float32Array, units: number, inputs: number): number {
  const meanRow = new Float64Array(inputs);
  for (let i = 0; i < units; i++) for (let j = 0; j < inputs; j++) meanRow[j] += weight[i * inputs + j] / units;
  let spread = 0;
  for (let i = 0; i < units; i++) {
    let squares = 0;
    for (let j = 0; j < inputs; j++) {
      const d = weight[i * inputs + j] - meanRow[j];
      squares += d * d;
    }
    spread = Math.max(spread, Math.sqrt(squares));
  }
  return spread;
}
