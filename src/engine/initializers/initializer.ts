import { ConfigError } from '../errors';
import type { OptionsEntry } from '../registry';
import type { Rng } from '../rng';

/**
 * What every weight initializer is: the shape facts it reads, the interface it
 * implements and the registry entry that builds it from language options. The
 * initializers themselves live beside this file; `./index` is the registry
 * that gathers them.
 */

/**
 * Shape facts an initializer needs. The tensor is read as a rows×cols matrix
 * in row-major order; `fanIn` and `fanOut` are the numbers of inputs feeding
 * one unit and of units one input feeds, which the variance-scaling rules
 * divide by.
 */
export interface WeightShape {
  readonly rows: number;
  readonly cols: number;
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Fills a tensor once, when a model is built; not on the training hot path. */
export interface Initializer {
  /** The Keras spelling of the concept, e.g. `he_normal`. */
  readonly name: string;
  /**
   * Writes rows·cols values into `target`, drawing from `rng` only. Throws a
   * ConfigError when `target` does not hold rows·cols values.
   */
  fill(target: Float32Array, shape: WeightShape, rng: Rng): void;
}

/** The rule Var(W) = scale/n a variance-scaling initializer draws by at its default gain and mode; n is fan_in or the mean of the fans. */
export type VarianceRule = { readonly scale: 1 | 2; readonly fan: 'fan_in' | 'fan_avg' };

/** A registered initializer: its names, its parameters, how to build it from language options, and for the variance-scaling family its rule. */
export type InitializerEntry = OptionsEntry<Initializer> & { readonly variance?: VarianceRule };

/**
 * The shape of a dense weight [units, inputs] in PyTorch layout: each of the
 * `rows` units reads `cols` inputs, so fan_in = cols and fan_out = rows.
 */
export function weightShape(rows: number, cols: number): WeightShape {
  checkDimension('rows', rows);
  checkDimension('cols', cols);
  return { rows, cols, fanIn: cols, fanOut: rows };
}

/**
 * The shape facts of any parameter tensor, with fans computed as PyTorch and
 * Keras compute them:
 * - [] (a scalar): 1×1, fan_in = fan_out = 1.
 * - [n] (a bias or a normalisation scale): n×1 with fan_in = fan_out = n, as
 *   Keras does for 1-D shapes. PyTorch refuses fans of a 1-D tensor; Keras's
 *   choice lets every initializer fill a bias without a special case.
 * - [out, in]: as `weightShape(out, in)`.
 * - [out, in, k₁, …] (a convolution kernel in PyTorch layout): the receptive
 *   field r = k₁·k₂·… multiplies both fans, fan_in = in·r, fan_out = out·r,
 *   and the matrix is out × (in·r).
 */
export function weightShapeOf(dimensions: readonly number[]): WeightShape {
  dimensions.forEach((size, axis) => checkDimension(`dimension ${axis}`, size));
  if (dimensions.length === 0) return { rows: 1, cols: 1, fanIn: 1, fanOut: 1 };
  if (dimensions.length === 1) {
    const size = dimensions[0];
    return { rows: size, cols: 1, fanIn: size, fanOut: size };
  }
  const [outputs, inputs, ...kernel] = dimensions;
  const receptiveField = kernel.reduce((product, size) => product * size, 1);
  return {
    rows: outputs,
    cols: inputs * receptiveField,
    fanIn: inputs * receptiveField,
    fanOut: outputs * receptiveField,
  };
}

/**
 * Every initializer checks its target first, so a layer that allocated the
 * wrong buffer fails at build time with both sizes in the message.
 */
export function checkTarget(name: string, target: Float32Array, shape: WeightShape): void {
  const size = shape.rows * shape.cols;
  if (target.length !== size) {
    throw new ConfigError(
      `initializer ${name}: a ${shape.rows}×${shape.cols} weight holds ${size} values, but the target holds ${target.length}`,
    );
  }
}

function checkDimension(what: string, size: number): void {
  if (!Number.isInteger(size) || size < 1) {
    throw new ConfigError(`weight shape: ${what} must be a whole number ≥ 1, got ${size}`);
  }
}
