import { Dense } from '../layers/dense';
import { BatchBuffer, type ForwardContext } from '../layers/layer';
import type { Loss } from '../losses';
import type { Sequential } from '../model';

/**
 * The measuring half of a training step: forward → loss → backward over one
 * batch, leaving dL/dθ of the batch's mean loss in every parameter's grad.
 * Shared by the training step and by the replicas that compute a share of a
 * split batch (src/engine/parallel), so both run exactly the same arithmetic.
 *
 * When the output layer's activation is the one the loss fuses with (softmax
 * with cross-entropy, sigmoid with binary cross-entropy) the gradient starts
 * from dL/dz = (p − y)/N instead of chaining through the activation.
 */
export class LossGradient {
  private readonly gradOutput: BatchBuffer;
  private readonly fused: boolean;

  constructor(
    readonly model: Sequential,
    readonly loss: Loss,
  ) {
    const output = model.outputLayer;
    this.fused = output instanceof Dense && loss.fusedActivation !== undefined && loss.fusedActivation === output.activation.name;
    this.gradOutput = new BatchBuffer(model.outputWidth);
  }

  /**
   * The mean loss over `batch` samples (over each timestep's prediction when
   * the model returns sequences, as a loss over PyTorch's flattened (N·T, C)
   * view); every parameter's grad is overwritten
   * with its gradient times `gradientScale`. Backward is linear in dL/doutput,
   * so the scale is applied to that batch×width block before backward
   * rather than to every parameter after it. `inputs` and `targets` hold
   * exactly the batch (losses check the length).
   */
  compute(inputs: Float32Array, targets: Float32Array, batch: number, context: ForwardContext, gradientScale = 1): number {
    const { model, loss } = this;
    const width = model.outputWidth;
    const rows = batch * model.outputSteps;
    const predictions = model.forward(inputs, batch, context);
    const value = loss.value(predictions, targets, rows, width);
    const grad = this.gradOutput.forBatch(rows);
    if (this.fused) loss.fusedGradient!(predictions, targets, grad, rows, width);
    else loss.gradient(predictions, targets, grad, rows, width);
    if (gradientScale !== 1) for (let i = 0; i < grad.length; i++) grad[i] *= gradientScale;
    if (this.fused) model.backwardFromLogits(grad, batch);
    else model.backward(grad, batch);
    return value;
  }
}
