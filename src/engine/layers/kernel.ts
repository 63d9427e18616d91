import { createInitializer, type Initializer, type WeightShape } from '../initializers';
import { createParameter, type Parameter } from '../parameter';
import type { Rng } from '../rng';

/** How a layer with a kernel (dense, conv2d) is told to fill it. */
export interface KernelOptions {
  readonly kernelInitializer?: Initializer;
  readonly biasInitializer?: Initializer;
  readonly useBias?: boolean;
}

/** A layer's kernel W and bias b, filled; `parameters` lists them in state-dict order. */
export interface Kernel {
  readonly weight: Parameter;
  readonly bias: Parameter | undefined;
  readonly parameters: readonly Parameter[];
  readonly kernelInitializer: Initializer;
}

/**
 * Creates and fills the weight (`weightShape`, its first axis the layer's
 * units) and the bias of a layer. The bias sees the same fans as its
 * layer, as PyTorch's Linear and Conv2d resets do; the kernel is drawn
 * first, so a seeded model keeps its weights.
 */
export function createKernel(
  name: string,
  weightShape: readonly number[],
  fans: WeightShape,
  options: KernelOptions,
  defaults: { readonly init: string; readonly biasInit: string },
  rng: Rng,
): Kernel {
  const kernelInitializer = options.kernelInitializer ?? createInitializer(defaults.init);
  const weight = createParameter(name, 'weight', weightShape, 'weight');
  const bias = options.useBias ?? true ? createParameter(name, 'bias', [weightShape[0]], 'bias') : undefined;
  kernelInitializer.fill(weight.value, fans, rng);
  if (bias) (options.biasInitializer ?? createInitializer(defaults.biasInit)).fill(bias.value, { ...fans, cols: 1 }, rng);
  return { weight, bias, parameters: bias ? [weight, bias] : [weight], kernelInitializer };
}
