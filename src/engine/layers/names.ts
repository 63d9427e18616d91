import { activations } from '../activations';
import { initializers } from '../initializers';
import { boolean, choice, ParamSchema, requiredNumber } from '../params';
import { Registry, type NamedEntry } from '../registry';
import { batchNormParams } from './batchnorm';
import { dropoutParams } from './dropout';

/**
 * The names of the layers, for the language and the catalog: the layers
 * themselves are built from typed configs (see model.ts), so their names and
 * their parameters as the language writes them live here.
 */

const names = (registry: Registry<NamedEntry>): string[] => registry.entries().map((entry) => entry.name);

/**
 * The parameters of `dense` as the language writes them (`dense 32 relu
 * init=he_normal`); positional values fill them in this order. The engine's
 * Dense takes the resolved objects (DenseOptions), not these names.
 */
export const denseParams = new ParamSchema('layer dense', {
  units: requiredNumber({ min: 1, integer: true, doc: 'Number of units: the width of the output.' }),
  activation: choice({ values: names(activations), default: 'linear', doc: 'f applied to z = xWᵀ + b (a name or a call such as leaky_relu(0.2)).' }),
  init: choice({ values: names(initializers), default: 'glorot_uniform', doc: 'Initializer of the weight W [units, inputs] (Keras’s default glorot_uniform).' }),
  biasInit: choice({ values: names(initializers), default: 'zeros', doc: 'Initializer of the bias b; it sees the layer’s fans.' }),
  useBias: boolean({ default: true, doc: 'Whether the layer has a bias b.' }),
});

/** Every layer by name (Keras spelling; PyTorch class names as aliases). */
export const layers = new Registry<NamedEntry>('layer', [
  { name: 'dense', aliases: ['Linear'], params: denseParams },
  { name: 'batchnorm', aliases: ['BatchNorm1d', 'BatchNormalization', 'batch_norm'], params: batchNormParams },
  { name: 'dropout', aliases: [], params: dropoutParams },
]);

