import type { Parameter } from '../../parameter';
import type { ParamValue } from '../../params';
import { Registry } from '../../registry';
import type { Optimizer, OptimizerEntry } from '../optimizer';
import { adagradEntry } from './adagrad';
import { adamEntries } from './adam';
import { rmspropEntry } from './rmsprop';
import { sgdEntries } from './sgd';

export type { OptimizerEntry } from '../optimizer';

/**
 * Every optimizer the language names. Lookup ignores case, so PyTorch's class
 * names (`SGD`, `Adam`, `AdamW`, `RMSprop`, `Adagrad`) resolve too.
 */
export const optimizers = new Registry<OptimizerEntry>('optimizer', [
  ...sgdEntries,
  adagradEntry,
  rmspropEntry,
  ...adamEntries,
]);

/**
 * Builds the optimizer a name or alias stands for. Throws ConfigError for an
 * unknown name ("unknown optimizer 'adamm' (did you mean 'adam'?)") and for
 * an unknown or out-of-range option.
 */
export function createOptimizer(
  name: string,
  params: readonly Parameter[],
  options?: Readonly<Record<string, ParamValue>>,
): Optimizer {
  return optimizers.get(name).create(params, options);
}
