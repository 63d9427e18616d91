import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the `attention` layer (a transformer encoder block), ./attention.ts. */
export const attentionText: EntrySource = {
  name: 'attention',
  title: 'Transformer block (multi-head self-attention)',
  summary:
    'One transformer encoder block: every timestep gathers information from every other through multi-head self-attention, then each goes through a two-layer feed-forward net, both with residual connections and layer norms.',
  formula: aligned(
    String.raw`\operatorname{Attention}(Q, K, V) &= \operatorname{softmax}\!\Big(\frac{Q K^{\top}}{\sqrt{d_h}}\Big) V, \quad d_h = D / {{heads}}`,
    String.raw`\operatorname{MHA}(x) &= \big[\text{head}_1 \cdots \text{head}_{{heads}}\big] W_O^{\top} + b_O, \quad \text{head}_i = \operatorname{Attention}(x W_{Q,i}^{\top} + b_{Q,i},\ x W_{K,i}^{\top} + b_{K,i},\ x W_{V,i}^{\top} + b_{V,i})`,
    String.raw`\operatorname{FF}(u) &= \operatorname{relu}(u W_1^{\top} + b_1)\, W_2^{\top} + b_2, \quad W_1 \in \mathbb{R}^{{{ff}} \times D}`,
    String.raw`\text{post-LN: } u &= \operatorname{LN}_1\big(x + \operatorname{MHA}(x)\big), \quad y = \operatorname{LN}_2\big(u + \operatorname{FF}(u)\big)`,
    String.raw`\text{pre-LN: } u &= x + \operatorname{MHA}\big(\operatorname{LN}_1(x)\big), \quad y = u + \operatorname{FF}\big(\operatorname{LN}_2(u)\big)`,
    String.raw`&\text{training: dropout with rate } {{dropout}} \text{ on the softmax weights, on MHA and FF outputs and on the relu output}`,
  ),
  symbols: { heads: 'h', ff: String.raw`d_{\text{ff}}`, dropout: 'p' },
  plain:
    'Attention(Q, K, V) = softmax(QKᵀ/√d_h)·V with d_h = D/h;  MHA(x) = [head₁ … head_h]·W_Oᵀ + b_O, headᵢ = Attention(xW_Qᵢᵀ + b_Qᵢ, xW_Kᵢᵀ + b_Kᵢ, xW_Vᵢᵀ + b_Vᵢ);  FF(u) = relu(uW₁ᵀ + b₁)·W₂ᵀ + b₂ with W₁ [d_ff, D];  post-LN: u = LN₁(x + MHA(x)), y = LN₂(u + FF(u));  pre-LN: u = x + MHA(LN₁(x)), y = u + FF(LN₂(u));  training: dropout p on the softmax weights, the MHA and FF outputs and the relu output',
  whenToUse:
    'On sequences [timesteps, features] where any step may depend on any other, however far apart: put a positional encoding first, stack a few blocks, and read the last step or an average. Several heads let the block attend to several relations at once; the attention weights show which steps each step read.',
  pitfalls:
    'Post-LN (the original, PyTorch’s default) puts a layer norm after each residual sum, so the gradient reaching the last layers is large at initialization and training diverges without learning-rate warmup; pre-LN keeps an identity path from output to input, trains without warmup and tolerates larger learning rates (Xiong et al. 2020), but its output is not normalized, so add a final layernorm. Cost and memory grow with T²: every step attends to every step. Without a positional encoding the block cannot tell the order of the steps. D must be divisible by the number of heads.',
  variants:
    'As PyTorch’s nn.TransformerEncoderLayer(D, heads, ff, dropout, activation="relu", batch_first=True), norm=post being norm_first=False (PyTorch’s default) and norm=pre norm_first=True; parameter names are its state-dict names (self_attn.in_proj_weight holds W_Q, W_K, W_V stacked, [3D, D]). Defaults differ: dropout 0 here, 0.1 in PyTorch; ff = 4·D here (as the paper’s 2048 = 4·512), a fixed 2048 in PyTorch. Initialization as PyTorch: in_proj_weight xavier_uniform over the whole [3D, D] matrix, bound √(6/(D + 3D)); in_proj_bias and out_proj.bias zeros; out_proj.weight, linear1 and linear2 keep nn.Linear’s kaiming_uniform with a = √5, U(±1/√fan_in), and their biases U(±1/√fan_in); norms γ = 1, β = 0 (nn.Transformer, the whole model, re-draws every matrix xavier_uniform; a lone encoder layer keeps these). The attention weights kept for charts are each head’s softmax before dropout; PyTorch returns them after dropout and averaged over the heads unless average_attn_weights=False. Keras’s MultiHeadAttention has separate query, key and value kernels and no block; keras-nlp’s TransformerEncoder is the block, with normalize_first for pre-LN.',
  references: [
    'Vaswani et al. 2017, Attention Is All You Need',
    'Xiong et al. 2020, On Layer Normalization in the Transformer Architecture',
    'Ba, Kiros & Hinton 2016, Layer Normalization',
  ],
};
