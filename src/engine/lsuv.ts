import type { Initializer, LsuvInitializer } from './initializers';
import type { ActivatedLayer } from './layers/layer';
import type { Sequential } from './model';
import type { Rng } from './rng';

/** How far LSUV got on one layer. */
export interface LsuvLayerReport {
  readonly layer: string;
  /** Variance of the layer's output z on the batch after calibration. */
  readonly variance: number;
  /** Rescalings applied (0 when the orthogonal start already fit). */
  readonly iterations: number;
  /** Whether |variance − 1| ended within the tolerance. */
  readonly converged: boolean;
}

function isLsuv(initializer: Initializer): initializer is LsuvInitializer {
  return 'calibration' in initializer;
}

/**
 * Layer-sequential unit-variance calibration (Mishkin & Matas 2016, "All you
 * need is a good init"): after the orthogonal start, take each LSUV-initialised
 * layer with a kernel in order and divide its weights by √Var(z) of its output z on a
 * data batch until |Var(z) − 1| < tolerance or the iteration budget is spent.
 * Earlier layers are fixed before later ones are measured, so each sees the
 * calibrated signal. Runs in evaluation mode (no dropout, running BN stats).
 */
export function calibrateLsuv(model: Sequential, inputs: Float32Array, batch: number, rng: Rng): LsuvLayerReport[] {
  const context = { training: false, rng };
  const reports: LsuvLayerReport[] = [];
  for (const layer of model.activatedLayers) {
    const initializer = layer.kernelInitializer;
    if (!isLsuv(initializer)) continue;
    const { tolerance, maxIterations } = initializer.calibration;
    let iterations = 0;
    model.forward(inputs, batch, context);
    let variance = outputVariance(layer);
    while (Math.abs(variance - 1) >= tolerance && iterations < maxIterations && variance > 0) {
      const scale = 1 / Math.sqrt(variance);
      const weights = layer.weight.value;
      for (let i = 0; i < weights.length; i++) weights[i] *= scale;
      iterations++;
      model.forward(inputs, batch, context);
      variance = outputVariance(layer);
    }
    reports.push({ layer: layer.name, variance, iterations, converged: Math.abs(variance - 1) < tolerance });
  }
  return reports;
}

/** Population variance of every element of the layer's last z. */
export function outputVariance(layer: ActivatedLayer): number {
  const z = layer.preactivation;
  let mean = 0;
  for (let i = 0; i < z.length; i++) mean += z[i];
  mean /= z.length;
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += (z[i] - mean) * (z[i] - mean);
  return sum / z.length;
}
