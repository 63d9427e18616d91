import { ConfigError } from '../errors';
import { heUniform, weightShape } from '../initializers';
import { gemmNN, gemmNT, gemmTN } from '../kernels';
import { choice, number, optionalNumber, ParamSchema, requiredNumber, type Options } from '../params';
import { createParameter, type Parameter } from '../parameter';
import type { Rng } from '../rng';
import { BatchBuffer, type ForwardContext, type Layer } from './layer';
import { optionsOf, type LayerConfig, type LayerEntry } from './layer-entry';
import { layerNormBackward, layerNormForward } from './layernorm';
import { addRowVector, dropoutForward, multiplyInto, sumRows } from './row-ops';
import { MultiHeadSelfAttention } from './self-attention';

const schema = new ParamSchema('attention', {
  heads: requiredNumber({ min: 1, integer: true, doc: 'Number of attention heads; the features D must be divisible by it (PyTorch nhead, Keras num_heads).' }),
  ff: optionalNumber({ min: 1, integer: true, doc: 'Width of the feed-forward hidden layer; default 4·D (PyTorch dim_feedforward, default 2048).' }),
  dropout: number({ default: 0, min: 0, max: 1, maxExclusive: true, doc: 'Dropout on the attention weights, both branch outputs and the feed-forward hidden layer in training (PyTorch’s default 0.1).' }),
  norm: choice({ values: ['post', 'pre'] as const, default: 'post', doc: 'post: LayerNorm after each residual sum (PyTorch norm_first=False); pre: before each branch (norm_first=True).' }),
  eps: number({ default: 1e-5, min: 0, minExclusive: true, doc: 'ε of both layer norms (PyTorch layer_norm_eps).' }),
});

/** The options of `attention` as the language writes them. */
export const attentionParams = schema;

/** How a transformer block is built: the language options plus what the model builder knows. */
export type TransformerBlockOptions = Options<typeof schema.specs> & {
  /** Skip dL/dx for the first layer, where nobody reads it. */
  readonly needsInputGradient?: boolean;
};

/** One layer norm's parameters and the per-row values its backward pass reads. */
class NormState {
  readonly weight: Parameter;
  readonly bias: Parameter;
  readonly out: BatchBuffer;
  readonly normalized: BatchBuffer;
  readonly invStd: BatchBuffer;
  readonly gradWeight: Float64Array;
  readonly gradBias: Float64Array;

  constructor(
    layer: string,
    prefix: string,
    private readonly timesteps: number,
    private readonly features: number,
    private readonly eps: number,
  ) {
    this.weight = createParameter(layer, `${prefix}.weight`, [features], 'scale');
    this.bias = createParameter(layer, `${prefix}.bias`, [features], 'shift');
    this.weight.value.fill(1);
    this.out = new BatchBuffer(timesteps * features);
    this.normalized = new BatchBuffer(timesteps * features);
    this.invStd = new BatchBuffer(timesteps);
    this.gradWeight = new Float64Array(features);
    this.gradBias = new Float64Array(features);
  }

  forward(input: Float32Array, batch: number): Float32Array {
    const out = this.out.forBatch(batch);
    layerNormForward(input, out, this.normalized.forBatch(batch), this.invStd.forBatch(batch), batch * this.timesteps, this.features, this.weight.value, this.bias.value, this.eps);
    return out;
  }

  /** Writes dγ, dβ and adds dL/dinput into `gradInput` (a residual sum) when given. */
  backward(gradOutput: Float32Array, batch: number, gradInput: Float32Array | undefined, accumulate: boolean): void {
    layerNormBackward(
      gradOutput, this.normalized.forBatch(batch), this.invStd.forBatch(batch), batch * this.timesteps, this.features,
      this.weight.value, this.gradWeight, this.gradBias, gradInput, accumulate,
    );
    this.weight.grad.set(this.gradWeight);
    this.bias.grad.set(this.gradBias);
  }
}

/**
 * One transformer encoder block on [timesteps, features] samples, as PyTorch's
 * nn.TransformerEncoderLayer(D, heads, ff, dropout, activation='relu',
 * batch_first=True, norm_first) (formulas and the post-LN/pre-LN choice in
 * ./attention.entry.ts):
 *   post: u = LN₁(x + Drop(MHA(x))),  y = LN₂(u + Drop(FF(u)))
 *   pre:  u = x + Drop(MHA(LN₁(x))),  y = u + Drop(FF(LN₂(u)))
 * with FF(z) = W₂·Drop(relu(W₁z + b₁)) + b₂. Both forms share one pass: the
 * attention input a, the middle sum u, the feed-forward input f and the last
 * sum r are each either a layer norm or its argument.
 */
export class TransformerBlock implements Layer {
  readonly kind = 'attention';
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly timesteps: number;
  readonly features: number;
  readonly heads: number;
  /** Width of the feed-forward hidden layer. */
  readonly ff: number;
  readonly dropout: number;
  readonly norm: 'post' | 'pre';
  readonly eps: number;
  readonly attention: MultiHeadSelfAttention;
  readonly linear1Weight: Parameter;
  readonly linear1Bias: Parameter;
  readonly linear2Weight: Parameter;
  readonly linear2Bias: Parameter;
  readonly norm1: NormState;
  readonly norm2: NormState;
  readonly parameters: readonly Parameter[];
  readonly buffers = [];
  private readonly needsInputGradient: boolean;
  private readonly attentionBranch: BatchBuffer;
  private readonly attentionMask: BatchBuffer;
  private readonly middleSum: BatchBuffer;
  private readonly hidden: BatchBuffer;
  private readonly droppedHidden: BatchBuffer;
  private readonly hiddenMask: BatchBuffer;
  private readonly ffOut: BatchBuffer;
  private readonly ffMask: BatchBuffer;
  private readonly lastSum: BatchBuffer;
  private readonly gradLastSum: BatchBuffer;
  private readonly gradBranch: BatchBuffer;
  private readonly gradHidden: BatchBuffer;
  private readonly gradFfInput: BatchBuffer;
  private readonly gradMiddle: BatchBuffer;
  private readonly gradMiddleSum: BatchBuffer;
  private readonly gradAttentionInput: BatchBuffer;
  private readonly gradInput: BatchBuffer;
  private readonly biasSums: Float64Array;
  private ffInput: Float32Array = new Float32Array(0);
  private dropped = false;

  constructor(
    readonly name: string,
    inputShape: readonly number[],
    options: TransformerBlockOptions,
    rng: Rng,
  ) {
    const { needsInputGradient, ...languageOptions } = options;
    const resolved = schema.resolve(languageOptions);
    if (inputShape.length !== 2 || inputShape.some((size) => !Number.isInteger(size) || size < 1)) {
      throw new ConfigError(`attention ${name}: input shape must be [timesteps, features] of whole numbers ≥ 1, got [${inputShape.join(', ')}]`);
    }
    const [T, D] = inputShape;
    checkHeads(`attention ${name}`, D, resolved.heads);
    this.timesteps = T;
    this.features = D;
    this.heads = resolved.heads;
    this.ff = resolved.ff ?? 4 * D;
    this.dropout = resolved.dropout;
    this.norm = resolved.norm;
    this.eps = resolved.eps;
    this.needsInputGradient = needsInputGradient ?? true;
    this.inputShape = [T, D];
    this.outputShape = this.inputShape;
    this.inputSize = T * D;
    this.outputSize = this.inputSize;

    const F = this.ff;
    this.attention = new MultiHeadSelfAttention(name, T, D, this.heads, rng);
    this.linear1Weight = createParameter(name, 'linear1.weight', [F, D], 'weight');
    this.linear1Bias = createParameter(name, 'linear1.bias', [F], 'bias');
    this.linear2Weight = createParameter(name, 'linear2.weight', [D, F], 'weight');
    this.linear2Bias = createParameter(name, 'linear2.bias', [D], 'bias');
    // nn.Linear.reset_parameters: kaiming_uniform_(a=√5), U(±1/√fan_in), and a bias from the same bound.
    const linearDefault = heUniform({ negativeSlope: Math.sqrt(5) });
    linearDefault.fill(this.linear1Weight.value, weightShape(F, D), rng);
    linearDefault.fill(this.linear1Bias.value, { rows: F, cols: 1, fanIn: D, fanOut: F }, rng);
    linearDefault.fill(this.linear2Weight.value, weightShape(D, F), rng);
    linearDefault.fill(this.linear2Bias.value, { rows: D, cols: 1, fanIn: F, fanOut: D }, rng);
    this.norm1 = new NormState(name, 'norm1', T, D, this.eps);
    this.norm2 = new NormState(name, 'norm2', T, D, this.eps);
    // The order of nn.TransformerEncoderLayer's state dict.
    this.parameters = [
      ...this.attention.parameters,
      this.linear1Weight, this.linear1Bias, this.linear2Weight, this.linear2Bias,
      this.norm1.weight, this.norm1.bias, this.norm2.weight, this.norm2.bias,
    ];

    const sample = T * D;
    this.attentionBranch = new BatchBuffer(sample);
    this.attentionMask = new BatchBuffer(sample);
    this.middleSum = new BatchBuffer(sample);
    this.hidden = new BatchBuffer(T * F);
    this.droppedHidden = new BatchBuffer(T * F);
    this.hiddenMask = new BatchBuffer(T * F);
    this.ffOut = new BatchBuffer(sample);
    this.ffMask = new BatchBuffer(sample);
    this.lastSum = new BatchBuffer(sample);
    this.gradLastSum = new BatchBuffer(sample);
    this.gradBranch = new BatchBuffer(sample);
    this.gradHidden = new BatchBuffer(T * F);
    this.gradFfInput = new BatchBuffer(sample);
    this.gradMiddle = new BatchBuffer(sample);
    this.gradMiddleSum = new BatchBuffer(sample);
    this.gradAttentionInput = new BatchBuffer(sample);
    this.gradInput = new BatchBuffer(sample);
    this.biasSums = new Float64Array(Math.max(F, D));
  }

  /** The attention weights of the last forward pass, [batch, heads, timesteps, timesteps] (see MultiHeadSelfAttention). */
  get attentionWeights(): Float32Array {
    return this.attention.attentionWeights;
  }

  forward(input: Float32Array, batch: number, context: ForwardContext): Float32Array {
    const { timesteps: T, features: D, ff: F } = this;
    const rows = batch * T;
    const pre = this.norm === 'pre';
    this.dropped = context.training && this.dropout > 0;

    const attentionInput = pre ? this.norm1.forward(input, batch) : input;
    const branch = this.dropBranch(this.attention.forward(attentionInput, batch, this.dropped ? this.dropout : 0, context.rng), this.attentionBranch, this.attentionMask, batch, context.rng);
    const middleSum = this.middleSum.forBatch(batch);
    for (let i = 0; i < middleSum.length; i++) middleSum[i] = input[i] + branch[i];
    const middle = pre ? middleSum : this.norm1.forward(middleSum, batch);

    this.ffInput = pre ? this.norm2.forward(middle, batch) : middle;
    const hidden = this.hidden.forBatch(batch);
    gemmNT(hidden, this.ffInput, this.linear1Weight.value, rows, F, D);
    addRowVector(hidden, rows, F, this.linear1Bias.value);
    for (let i = 0; i < hidden.length; i++) if (hidden[i] < 0) hidden[i] = 0;
    const hiddenOut = this.dropBranch(hidden, this.droppedHidden, this.hiddenMask, batch, context.rng);
    const ffOut = this.ffOut.forBatch(batch);
    gemmNT(ffOut, hiddenOut, this.linear2Weight.value, rows, D, F);
    addRowVector(ffOut, rows, D, this.linear2Bias.value);
    const ffBranch = this.dropBranch(ffOut, this.ffOut, this.ffMask, batch, context.rng);
    const lastSum = this.lastSum.forBatch(batch);
    for (let i = 0; i < lastSum.length; i++) lastSum[i] = middle[i] + ffBranch[i];
    return pre ? lastSum : this.norm2.forward(lastSum, batch);
  }

  backward(gradOutput: Float32Array, batch: number): Float32Array {
    const { timesteps: T, features: D, ff: F } = this;
    const rows = batch * T;
    const pre = this.norm === 'pre';

    let gradLastSum = gradOutput;
    if (!pre) {
      gradLastSum = this.gradLastSum.forBatch(batch);
      this.norm2.backward(gradOutput, batch, gradLastSum, false);
    }
    // Feed-forward branch: dropout, linear2, dropout, relu, linear1.
    const gradFfOut = this.undropBranch(gradLastSum, this.ffMask, this.gradBranch, batch);
    gemmTN(this.linear2Weight.grad, gradFfOut, this.dropped ? this.droppedHidden.forBatch(batch) : this.hidden.forBatch(batch), D, F, rows);
    sumRows(gradFfOut, rows, D, this.linear2Bias.grad, this.biasSums);
    const gradHidden = this.gradHidden.forBatch(batch);
    gemmNN(gradHidden, gradFfOut, this.linear2Weight.value, rows, F, D);
    if (this.dropped) multiplyInto(gradHidden, this.hiddenMask.forBatch(batch), gradHidden);
    const hidden = this.hidden.forBatch(batch);
    for (let i = 0; i < gradHidden.length; i++) if (hidden[i] <= 0) gradHidden[i] = 0;
    gemmTN(this.linear1Weight.grad, gradHidden, this.ffInput, F, D, rows);
    sumRows(gradHidden, rows, F, this.linear1Bias.grad, this.biasSums);

    // dL/du: the residual path plus the feed-forward input's gradient (through LN₂ in pre form).
    const gradMiddle = this.gradMiddle.forBatch(batch);
    if (pre) {
      const gradFfInput = this.gradFfInput.forBatch(batch);
      gemmNN(gradFfInput, gradHidden, this.linear1Weight.value, rows, D, F);
      gradMiddle.set(gradLastSum);
      this.norm2.backward(gradFfInput, batch, gradMiddle, true);
    } else {
      gradMiddle.set(gradLastSum);
      gemmNN(gradMiddle, gradHidden, this.linear1Weight.value, rows, D, F, true);
    }

    let gradMiddleSum = gradMiddle;
    if (!pre) {
      gradMiddleSum = this.gradMiddleSum.forBatch(batch);
      this.norm1.backward(gradMiddle, batch, gradMiddleSum, false);
    }
    const gradAttentionOut = this.undropBranch(gradMiddleSum, this.attentionMask, this.gradBranch, batch);
    const gradInput = this.gradInput.forBatch(batch);
    if (pre) {
      // LN₁'s γ and β need dL/da even when nobody reads dL/dx.
      const gradAttentionInput = this.gradAttentionInput.forBatch(batch);
      this.attention.backward(gradAttentionOut, batch, gradAttentionInput);
      if (this.needsInputGradient) gradInput.set(gradMiddleSum);
      this.norm1.backward(gradAttentionInput, batch, this.needsInputGradient ? gradInput : undefined, true);
    } else if (this.needsInputGradient) {
      gradInput.set(gradMiddleSum);
      this.attention.backward(gradAttentionOut, batch, gradInput, true);
    } else {
      this.attention.backward(gradAttentionOut, batch, undefined);
    }
    return gradInput;
  }

  /** Drop(x) in a training pass with dropout, into `out` (which may hold x); x itself otherwise. */
  private dropBranch(x: Float32Array, out: BatchBuffer, mask: BatchBuffer, batch: number, rng: Rng): Float32Array {
    if (!this.dropped) return x;
    const target = out.forBatch(batch);
    dropoutForward(x, mask.forBatch(batch), target, this.dropout, rng);
    return target;
  }

  /** The gradient through `dropBranch`'s mask, into `out`; g itself without dropout. */
  private undropBranch(g: Float32Array, mask: BatchBuffer, out: BatchBuffer, batch: number): Float32Array {
    if (!this.dropped) return g;
    const target = out.forBatch(batch);
    multiplyInto(g, mask.forBatch(batch), target);
    return target;
  }
}

function checkHeads(owner: string, features: number, heads: number): void {
  if (features % heads !== 0) throw new ConfigError(`${owner}: ${features} features do not split into ${heads} heads; features must be a multiple of heads`);
}

/** `attention 4` in the language: a transformer block with 4 heads on a [timesteps, features] sequence, kept in shape. */
export const attentionLayer: LayerEntry = {
  name: 'attention',
  aliases: ['TransformerEncoderLayer', 'TransformerEncoder'],
  params: attentionParams,
  positional: 1,
  conceptOptions: {},
  inputRanks: [2],
  outputShape: (input, config) => {
    checkHeads('attention', input[1], (config as LayerConfig & { heads: number }).heads);
    return [...input];
  },
  parameterCount: (input, config) => {
    const D = input[1];
    const F = (config as LayerConfig & TransformerBlockOptions).ff ?? 4 * D;
    // in_proj [3D, D] + 3D, out_proj D² + D, linear1 FD + F, linear2 DF + D, two norms 2D each.
    return 4 * D * D + 4 * D + 2 * F * D + F + D + 4 * D;
  },
  create: (name, input, config, rng, isFirst) => new TransformerBlock(name, input, { ...optionsOf<TransformerBlockOptions>(config), needsInputGradient: !isFirst }, rng),
};
