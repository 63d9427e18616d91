import type { Parameter } from '../../parameter';
import type { ParamSchema, ParamSpecs, ParamValue, Resolved } from '../../params';
import { Registry, type NamedEntry } from '../../registry';
import { Adagrad, adagradSchema } from './adagrad';
import { Adam, adamSchema, AdamW, adamwSchema } from './adam';
import type { Optimizer } from '../optimizer';
import { RMSprop, rmspropSchema } from './rmsprop';
import { momentumSchema, nesterovSchema, SGD, sgdSchema } from './sgd';

/** A named optimizer: its schema, and how to build it from language-spelled options. */
export interface OptimizerEntry extends NamedEntry {
  /** Options use language spellings (`weight_decay=0.01`) and are checked by `params`. */
  create(params: readonly Parameter[], options?: Readonly<Record<string, ParamValue>>): Optimizer;
}

function entry<S extends ParamSpecs>(
  name: string,
  aliases: readonly string[],
  schema: ParamSchema<S>,
  build: (params: readonly Parameter[], options: Resolved<S>) => Optimizer,
): OptimizerEntry {
  return {
    name,
    aliases,
    params: schema,
    create: (params, options = {}) => build(params, schema.resolveNamed(options)),
  };
}

/**
 * Every optimizer the language names. Lookup ignores case, so PyTorch's class
 * names (`SGD`, `Adam`, `AdamW`, `RMSprop`, `Adagrad`) resolve too.
 */
export const optimizers = new Registry<OptimizerEntry>('optimizer', [
  entry('sgd', ['gd', 'gradient_descent'], sgdSchema, (params, o) => new SGD(params, o)),
  entry('momentum', ['sgd_momentum', 'heavy_ball'], momentumSchema, (params, o) => new SGD(params, o, 'momentum')),
  entry('nesterov', ['nag', 'sgd_nesterov'], nesterovSchema, (params, o) => new SGD(params, o, 'nesterov')),
  entry('adagrad', [], adagradSchema, (params, o) => new Adagrad(params, o)),
  entry('rmsprop', [], rmspropSchema, (params, o) => new RMSprop(params, o)),
  entry('adam', [], adamSchema, (params, o) => new Adam(params, o)),
  entry('adamw', [], adamwSchema, (params, o) => new AdamW(params, o)),
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
