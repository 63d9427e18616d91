import { glorotUniform, heUniform, weightShape } from '../initializers';
import { gemmNN, gemmNT, gemmTN } from '../kernels';
import { createParameter, type Parameter } from '../parameter';
import type { Rng } from '../rng';
import { BatchBuffer } from './layer';
import { addRowVector, dropoutForward, multiplyInto, sumRows } from './row-ops';

/**
 * One (sample, head) block after another of a batch buffer, as cached views,
 * so the per-head matrix products take plain arrays without a view being
 * made per step.
 */
class HeadSlices {
  private source: Float32Array | undefined;
  private views: Float32Array[] = [];

  constructor(
    private readonly buffer: BatchBuffer,
    private readonly sliceLength: number,
  ) {}

  /** The whole buffer for `batch` samples. */
  whole(batch: number): Float32Array {
    return this.buffer.forBatch(batch);
  }

  forBatch(batch: number): readonly Float32Array[] {
    const whole = this.buffer.forBatch(batch);
    if (whole !== this.source) {
      this.source = whole;
      const length = this.sliceLength;
      this.views = Array.from({ length: whole.length / length }, (_, i) => whole.subarray(i * length, (i + 1) * length));
    }
    return this.views;
  }
}

/**
 * Multi-head self-attention on [timesteps, features] samples, as PyTorch's
 * nn.MultiheadAttention(D, heads, batch_first=True) called with query = key =
 * value (Vaswani et al. 2017; formulas in ./attention.entry.ts):
 * [Q K V] = x·W_inᵀ + b_in, each split into `heads` blocks of D/heads columns;
 * per head A = softmax(Q Kᵀ/√d_h) and O = A·V; the heads' O side by side go
 * through out_proj. Parameters are named `<layer>.self_attn.*` as in
 * nn.TransformerEncoderLayer's state dict.
 *
 * Q, K, V and O are kept head-major ([sample, head, timestep, d_h]) so that
 * each head's products run on contiguous blocks through the GEMM kernels.
 */
export class MultiHeadSelfAttention {
  readonly inProjWeight: Parameter;
  readonly inProjBias: Parameter;
  readonly outProjWeight: Parameter;
  readonly outProjBias: Parameter;
  readonly parameters: readonly Parameter[];
  readonly headSize: number;
  private readonly scale: number;
  private readonly sampleSize: number;
  private readonly projected: BatchBuffer;
  private readonly queries: HeadSlices;
  private readonly keys: HeadSlices;
  private readonly values: HeadSlices;
  private readonly weights: HeadSlices;
  private readonly droppedWeights: HeadSlices;
  private readonly weightMask: BatchBuffer;
  private readonly headOutputs: HeadSlices;
  private readonly joined: BatchBuffer;
  private readonly out: BatchBuffer;
  private readonly gradJoined: BatchBuffer;
  private readonly gradHeadOutputs: HeadSlices;
  private readonly gradWeights: HeadSlices;
  private readonly gradQueries: HeadSlices;
  private readonly gradKeys: HeadSlices;
  private readonly gradValues: HeadSlices;
  private readonly gradProjected: BatchBuffer;
  private readonly biasSums: Float64Array;
  private input: Float32Array = new Float32Array(0);
  private lastBatch = 0;
  private dropped = false;

  constructor(
    layer: string,
    readonly timesteps: number,
    readonly features: number,
    readonly heads: number,
    rng: Rng,
  ) {
    const [T, D] = [timesteps, features];
    this.headSize = D / heads;
    this.scale = 1 / Math.sqrt(this.headSize);
    this.sampleSize = T * D;
    this.inProjWeight = createParameter(layer, 'self_attn.in_proj_weight', [3 * D, D], 'weight');
    this.inProjBias = createParameter(layer, 'self_attn.in_proj_bias', [3 * D], 'bias');
    this.outProjWeight = createParameter(layer, 'self_attn.out_proj.weight', [D, D], 'weight');
    this.outProjBias = createParameter(layer, 'self_attn.out_proj.bias', [D], 'bias');
    this.parameters = [this.inProjWeight, this.inProjBias, this.outProjWeight, this.outProjBias];
    // MultiheadAttention._reset_parameters: xavier_uniform_ on the whole [3D, D]
    // in_proj_weight (fan_out 3D), zero biases; out_proj keeps nn.Linear's
    // kaiming_uniform_(a=√5) weight, U(±1/√D), and has its bias zeroed.
    glorotUniform().fill(this.inProjWeight.value, weightShape(3 * D, D), rng);
    heUniform({ negativeSlope: Math.sqrt(5) }).fill(this.outProjWeight.value, weightShape(D, D), rng);

    const headBlock = T * this.headSize;
    const sample = this.sampleSize;
    const scores = heads * T * T;
    this.projected = new BatchBuffer(3 * sample);
    this.queries = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.keys = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.values = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.weights = new HeadSlices(new BatchBuffer(scores), T * T);
    this.droppedWeights = new HeadSlices(new BatchBuffer(scores), T * T);
    this.weightMask = new BatchBuffer(scores);
    this.headOutputs = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.joined = new BatchBuffer(sample);
    this.out = new BatchBuffer(sample);
    this.gradJoined = new BatchBuffer(sample);
    this.gradHeadOutputs = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.gradWeights = new HeadSlices(new BatchBuffer(scores), T * T);
    this.gradQueries = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.gradKeys = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.gradValues = new HeadSlices(new BatchBuffer(sample), headBlock);
    this.gradProjected = new BatchBuffer(3 * sample);
    this.biasSums = new Float64Array(3 * D);
  }

  /**
   * softmax(QKᵀ/√d_h) of the last forward pass, [batch, heads, timesteps,
   * timesteps] row-major (row: the attending step, column: the attended one),
   * before dropout.
   */
  get attentionWeights(): Float32Array {
    return this.weights.whole(this.lastBatch);
  }

  /**
   * The block's output before the residual, batch×[timesteps, features]. A
   * `dropoutRate` above 0 drops attention weights with masks drawn from `rng`
   * (a training pass).
   */
  forward(input: Float32Array, batch: number, dropoutRate: number, rng: Rng): Float32Array {
    const { timesteps: T, features: D, headSize } = this;
    const rows = batch * T;
    this.input = input;
    this.lastBatch = batch;
    const projected = this.projected.forBatch(batch);
    gemmNT(projected, input, this.inProjWeight.value, rows, 3 * D, D);
    addRowVector(projected, rows, 3 * D, this.inProjBias.value);
    this.moveHeads(projected, this.queries.whole(batch), this.keys.whole(batch), this.values.whole(batch), batch, true);

    const q = this.queries.forBatch(batch);
    const k = this.keys.forBatch(batch);
    const v = this.values.forBatch(batch);
    const weights = this.weights.forBatch(batch);
    for (let block = 0; block < weights.length; block++) gemmNT(weights[block], q[block], k[block], T, T, headSize);
    softmaxRows(this.weights.whole(batch), T, this.scale);

    this.dropped = dropoutRate > 0;
    let attended = weights;
    if (this.dropped) {
      dropoutForward(this.weights.whole(batch), this.weightMask.forBatch(batch), this.droppedWeights.whole(batch), dropoutRate, rng);
      attended = this.droppedWeights.forBatch(batch);
    }
    const o = this.headOutputs.forBatch(batch);
    for (let block = 0; block < o.length; block++) gemmNN(o[block], attended[block], v[block], T, headSize, T);

    const joined = this.joined.forBatch(batch);
    this.joinHeads(this.headOutputs.whole(batch), joined, batch, true);
    const out = this.out.forBatch(batch);
    gemmNT(out, joined, this.outProjWeight.value, rows, D, D);
    addRowVector(out, rows, D, this.outProjBias.value);
    return out;
  }

  /**
   * Writes every parameter's gradient from dL/d(output) and, when `gradInput`
   * is given, dL/d(input) into it (added to what it holds with `accumulate`).
   */
  backward(gradOutput: Float32Array, batch: number, gradInput: Float32Array | undefined, accumulate = false): void {
    const { timesteps: T, features: D, headSize } = this;
    const rows = batch * T;
    gemmTN(this.outProjWeight.grad, gradOutput, this.joined.forBatch(batch), D, D, rows);
    sumRows(gradOutput, rows, D, this.outProjBias.grad, this.biasSums);
    const gradJoined = this.gradJoined.forBatch(batch);
    gemmNN(gradJoined, gradOutput, this.outProjWeight.value, rows, D, D);
    this.joinHeads(this.gradHeadOutputs.whole(batch), gradJoined, batch, false);

    const q = this.queries.forBatch(batch);
    const k = this.keys.forBatch(batch);
    const v = this.values.forBatch(batch);
    const attended = this.dropped ? this.droppedWeights.forBatch(batch) : this.weights.forBatch(batch);
    const gradO = this.gradHeadOutputs.forBatch(batch);
    const gradWeights = this.gradWeights.forBatch(batch);
    const gradV = this.gradValues.forBatch(batch);
    for (let block = 0; block < gradO.length; block++) {
      gemmNT(gradWeights[block], gradO[block], v[block], T, T, headSize);
      gemmTN(gradV[block], attended[block], gradO[block], T, headSize, T);
    }
    const gradScores = this.gradWeights.whole(batch);
    if (this.dropped) multiplyInto(gradScores, this.weightMask.forBatch(batch), gradScores);
    softmaxRowsBackward(this.weights.whole(batch), gradScores, T, this.scale);
    const gradQ = this.gradQueries.forBatch(batch);
    const gradK = this.gradKeys.forBatch(batch);
    for (let block = 0; block < gradQ.length; block++) {
      gemmNN(gradQ[block], gradWeights[block], k[block], T, headSize, T);
      gemmTN(gradK[block], gradWeights[block], q[block], T, headSize, T);
    }

    const gradProjected = this.gradProjected.forBatch(batch);
    this.moveHeads(gradProjected, this.gradQueries.whole(batch), this.gradKeys.whole(batch), this.gradValues.whole(batch), batch, false);
    gemmTN(this.inProjWeight.grad, gradProjected, this.input, 3 * D, D, rows);
    sumRows(gradProjected, rows, 3 * D, this.inProjBias.grad, this.biasSums);
    if (gradInput) gemmNN(gradInput, gradProjected, this.inProjWeight.value, rows, D, 3 * D, accumulate);
  }

  /**
   * Between [timestep, Q | K | V] rows and the head-major q, k, v blocks:
   * `split` copies rows into blocks, otherwise blocks into rows.
   */
  private moveHeads(projected: Float32Array, q: Float32Array, k: Float32Array, v: Float32Array, batch: number, split: boolean): void {
    const { timesteps: T, features: D, heads, headSize } = this;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < T; t++) {
        const row = (b * T + t) * 3 * D;
        for (let h = 0; h < heads; h++) {
          const column = row + h * headSize;
          const at = ((b * heads + h) * T + t) * headSize;
          for (let i = 0; i < headSize; i++) {
            if (split) {
              q[at + i] = projected[column + i];
              k[at + i] = projected[column + D + i];
              v[at + i] = projected[column + 2 * D + i];
            } else {
              projected[column + i] = q[at + i];
              projected[column + D + i] = k[at + i];
              projected[column + 2 * D + i] = v[at + i];
            }
          }
        }
      }
    }
  }

  /** Between head-major blocks and [timestep, features] rows with the heads side by side: `join` copies blocks into rows, otherwise rows into blocks. */
  private joinHeads(blocks: Float32Array, rows: Float32Array, batch: number, join: boolean): void {
    const { timesteps: T, features: D, heads, headSize } = this;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < T; t++) {
        const row = (b * T + t) * D;
        for (let h = 0; h < heads; h++) {
          const at = ((b * heads + h) * T + t) * headSize;
          const column = row + h * headSize;
          for (let i = 0; i < headSize; i++) {
            if (join) rows[column + i] = blocks[at + i];
            else blocks[at + i] = rows[column + i];
          }
        }
      }
    }
  }
}

/** In place, each row of `width` scores s becomes softmax(scale·s), shifted by the row's maximum so exp never overflows. */
function softmaxRows(scores: Float32Array, width: number, scale: number): void {
  for (let at = 0; at < scores.length; at += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, scores[at + j]);
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(scale * (scores[at + j] - max));
      scores[at + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) scores[at + j] /= sum;
  }
}

/**
 * In place, dL/dA becomes dL/ds for A = softmax(scale·s) row by row:
 * dsⱼ = scale·Aⱼ·(dAⱼ − Σₖ Aₖ·dAₖ).
 */
function softmaxRowsBackward(weights: Float32Array, grad: Float32Array, width: number, scale: number): void {
  for (let at = 0; at < weights.length; at += width) {
    let dot = 0;
    for (let j = 0; j < width; j++) dot += weights[at + j] * grad[at + j];
    for (let j = 0; j < width; j++) grad[at + j] = scale * weights[at + j] * (grad[at + j] - dot);
  }
}
