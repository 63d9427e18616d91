import type { ParamValue } from '../params';
import { Registry } from '../registry';
import { fixedActivation, linear, type Activation, type ActivationEntry } from './activation';
import { geluEntry } from './gelu';
import { rectifierEntries } from './rectifiers';
import { saturatingEntries } from './saturating';
import { softmaxEntry } from './softmax';

/**
 * Activation functions a = f(z), one file per family beside this registry:
 * `activation` (the interface and linear), `rectifiers` (the ReLU family),
 * `saturating` (tanh, sigmoid), `gelu`, `softmax`.
 */

export { linear, type Activation, type ActivationEntry } from './activation';
export { elu, leakyRelu, relu } from './rectifiers';
export { logistic, sigmoid, tanh } from './saturating';
export { erf, gelu } from './gelu';
export { softmax } from './softmax';

/** Every activation by name (Keras spelling; PyTorch class names as aliases). */
export const activations = new Registry<ActivationEntry>('activation', [
  fixedActivation('linear', ['identity', 'none'], linear),
  ...rectifierEntries,
  geluEntry,
  ...saturatingEntries,
  softmaxEntry,
]);

/** An activation by name, e.g. createActivation('leaky_relu', { alpha: 0.2 }). */
export function createActivation(name: string, options?: Readonly<Record<string, ParamValue>>): Activation {
  return activations.get(name).create(options);
}
