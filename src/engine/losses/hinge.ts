import { parameterlessLoss, type Loss, type LossEntry } from './loss';
import { checkBatch, targetAt, type TargetLayout } from './targets';

/**
 * Hinge loss (./hinge.entry.ts): dℓ/dŷ = −y inside the margin (y·ŷ < 1), 0
 * outside and at the kink. 0/1 targets are read as 2y − 1 only when every
 * target of the batch is 0 or 1, so class indices (one-hot rows) work as given.
 */
export class Hinge implements Loss {
  readonly name = 'hinge';
  private readonly owner = 'loss hinge';

  value(predictions: Float32Array, targets: Float32Array, batch: number, width: number): number {
    const layout = checkBatch(this.owner, predictions, targets, batch, width);
    const zeroOne = allZeroOne(targets, layout);
    let sum = 0;
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const y = signedTarget(targetAt(targets, layout, i, j, width), zeroOne);
        sum += Math.max(0, 1 - y * predictions[i * width + j]);
      }
    }
    return sum / (batch * width);
  }

  gradient(predictions: Float32Array, targets: Float32Array, gradient: Float32Array, batch: number, width: number): void {
    const layout = checkBatch(this.owner, predictions, targets, batch, width, gradient);
    const zeroOne = allZeroOne(targets, layout);
    const scale = 1 / (batch * width);
    for (let i = 0; i < batch; i++) {
      for (let j = 0; j < width; j++) {
        const k = i * width + j;
        const y = signedTarget(targetAt(targets, layout, i, j, width), zeroOne);
        gradient[k] = 1 - y * predictions[k] > 0 ? -y * scale : 0;
      }
    }
  }
}

/** Keras's test for 0/1 labels: every target is 0 or 1 (class indices always read as one-hot 0/1). */
function allZeroOne(targets: Float32Array, layout: TargetLayout): boolean {
  if (layout === 'indices') return true;
  for (let k = 0; k < targets.length; k++) {
    if (targets[k] !== 0 && targets[k] !== 1) return false;
  }
  return true;
}

function signedTarget(y: number, zeroOne: boolean): number {
  return zeroOne ? 2 * y - 1 : y;
}

/** Registry entries for the margin losses. */
export const hingeLosses: LossEntry[] = [parameterlessLoss('hinge', [], () => new Hinge())];
