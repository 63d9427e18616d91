import { ConfigError } from '../errors';

/**
 * How targets sit next to a batch×width block of predictions. Losses and
 * metrics share these rules so a data set feeds either without conversion:
 *
 * - `dense`: one target per prediction (one-hot rows, probabilities, 0/1 for
 *   width 1, regression values), `targets.length === batch × width`;
 * - `indices`: one class index per sample, stored as a float,
 *   `width > 1 && targets.length === batch` (Keras "sparse" labels, the
 *   PyTorch CrossEntropyLoss target).
 */
export type TargetLayout = 'dense' | 'indices';

function checkSize(owner: string, what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${owner}: ${what} must be a whole number ≥ 1, got ${value}`);
  }
}

/**
 * Which layout `targets` uses; throws a ConfigError naming the expected and
 * actual lengths when it is neither.
 */
export function targetLayout(targets: ArrayLike<number>, batch: number, width: number, owner = 'targets'): TargetLayout {
  checkSize(owner, 'batch', batch);
  checkSize(owner, 'width', width);
  if (targets.length === batch * width) return 'dense';
  if (width > 1 && targets.length === batch) return 'indices';
  const expected = width > 1
    ? `batch × width = ${batch} × ${width} = ${batch * width} values (dense) or batch = ${batch} class indices`
    : `batch × width = ${batch} × 1 = ${batch} values`;
  throw new ConfigError(`${owner}: targets must hold ${expected}, got ${targets.length}`);
}

/**
 * Checks one call's buffers — predictions (and a gradient buffer, if given)
 * hold batch×width values, targets fit one layout, class indices are whole
 * numbers in [0, width) — and returns the layout. Loops once over the indices
 * but allocates nothing, so it is safe on the training hot path.
 */
export function checkBatch(
  owner: string,
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  batch: number,
  width: number,
  gradient?: ArrayLike<number>,
): TargetLayout {
  const layout = targetLayout(targets, batch, width, owner);
  const size = batch * width;
  if (predictions.length !== size) {
    throw new ConfigError(`${owner}: predictions must hold batch × width = ${batch} × ${width} = ${size} values, got ${predictions.length}`);
  }
  if (gradient !== undefined && gradient.length !== size) {
    throw new ConfigError(`${owner}: the gradient buffer must hold batch × width = ${batch} × ${width} = ${size} values, got ${gradient.length}`);
  }
  if (layout === 'indices') {
    for (let i = 0; i < batch; i++) {
      const index = targets[i];
      if (!Number.isInteger(index) || index < 0 || index >= width) {
        throw new ConfigError(`${owner}: the class index of sample ${i} must be a whole number in [0, ${width - 1}], got ${index}`);
      }
    }
  }
  return layout;
}

/** y[sample, column], reading a class index as its one-hot row. */
export function targetAt(targets: ArrayLike<number>, layout: TargetLayout, sample: number, column: number, width: number): number {
  if (layout === 'indices') return targets[sample] === column ? 1 : 0;
  return targets[sample * width + column];
}

/** Index of the first largest value in row `sample` (ties go to the lower index, as argmax in NumPy and Keras). */
export function argmaxRow(values: ArrayLike<number>, sample: number, width: number): number {
  const row = sample * width;
  let best = 0;
  for (let j = 1; j < width; j++) {
    if (values[row + j] > values[row + best]) best = j;
  }
  return best;
}

/** The true class of a sample: its index, or the argmax of its dense row. */
export function targetClass(targets: ArrayLike<number>, layout: TargetLayout, sample: number, width: number): number {
  return layout === 'indices' ? targets[sample] : argmaxRow(targets, sample, width);
}
