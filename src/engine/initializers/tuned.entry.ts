import { aligned, type EntrySource } from '../../reference/entry';

/** The catalog text of the initializers ./tuned.ts draws and src/engine/meta-init tunes. */
export const tunedTexts: readonly EntrySource[] = [
  {
    name: 'metainit',
    title: 'MetaInit (gradient-quotient tuning)',
    summary: 'The base draw, then each weight tensor’s norm tuned by sign-SGD with momentum so that a gradient step changes the gradient as little as possible.',
    formula: aligned(
      String.raw`\mathrm{GQ}(\theta) &= \frac{1}{N} \sum_{i=1}^{N} \left| \frac{g_i - (Hg)_i}{g_i + {{epsilon}}\,\operatorname{sign} g_i} - 1 \right|, \quad g = \nabla_\theta L, \quad Hg \approx \frac{\nabla L(\theta + h g) - \nabla L(\theta)}{h}`,
      String.raw`m_j &\leftarrow {{momentum}}\, m_j - {{lr}} \operatorname{sign}\frac{\partial\, \mathrm{GQ}}{\partial \lVert W_j \rVert}, \qquad W_j \leftarrow \frac{\lVert W_j \rVert + m_j}{\lVert W_j \rVert} W_j \quad ({{steps}} \text{ steps})`,
    ),
    symbols: { epsilon: String.raw`\epsilon`, momentum: String.raw`\mu`, lr: String.raw`\eta`, steps: 'T' },
    plain:
      'GQ = (1/N)·Σᵢ |(gᵢ − (Hg)ᵢ)/(gᵢ + ε·sign gᵢ) − 1|, g = ∇L, Hg ≈ (∇L(θ + h·g) − ∇L(θ))/h; per weight tensor W_j: m_j ← μ·m_j − η·sign(∂GQ/∂‖W_j‖), ‖W_j‖ ← ‖W_j‖ + m_j, for T steps',
    whenToUse:
      'Watching an initializer learn: the gradient quotient is small where a step of size 1 leaves the gradient nearly unchanged (low curvature along the step), and MetaInit rescales each layer to get there, with no assumption about the architecture. It lifts a vanishing stack back toward unit variance.',
    pitfalls:
      'The quotient is also near 1 for a network that passes no signal (g ≈ 0, so the ε term dominates), and on a narrow network it can reach that floor by shrinking the last layers: read the per-layer scales, not only the falling objective. Each meta-step costs 2·(tensors + 1) gradients. Hg is a finite difference (h·‖g‖ = 10⁻³·max(‖θ‖, 1)), which is inexact across ReLU kinks.',
    variants:
      'As the authors’ code: N counts every parameter, only tensors with two or more axes are tuned, sign 0 = +1, lr 0.1, momentum 0.9, ε = 10⁻⁵ (their 500 steps on random inputs; here 100 steps on shuffled training batches, in evaluation mode). ∂GQ/∂‖W_j‖ is the sign of GQ(W_j·1.01) − GQ(W) on the same batch instead of double backpropagation; a norm never falls below 1 % of its start. base and base_gain choose the draw that is tuned.',
    references: ['Dauphin & Schoenholz 2019, MetaInit: Initializing learning by learning to initialize (NeurIPS)'],
  },
  {
    name: 'gradinit',
    title: 'GradInit (one-step-loss tuning)',
    summary: 'The base draw, then a scale α per parameter tensor tuned so the loss after one simulated optimizer step is lowest, while the first gradient’s norm stays below γ.',
    formula: aligned(
      String.raw`\theta_j &= \alpha_j \theta^0_j, \quad g = \nabla L(\theta; S), \quad \theta' = \theta - \eta\, A[g], \quad A[g] = g \ (\text{SGD}),\ \operatorname{sign} g \ (\text{Adam})`,
      String.raw`\min_{\alpha \ge {{min_scale}}} &\ L(\theta'; \tilde S) \quad \text{s.t.} \quad \lVert g \rVert_p \le {{gamma}} \quad (p = 2 \text{ SGD},\ p = 1 \text{ Adam})`,
      String.raw`\alpha &\leftarrow \operatorname{Adam}_{{{lr}}}\left(\nabla_\alpha \begin{cases} \lVert g \rVert_p & \lVert g \rVert_p > {{gamma}} \\ L(\theta'; \tilde S) & \text{otherwise} \end{cases}\right) \quad ({{steps}} \text{ steps})`,
    ),
    symbols: { min_scale: String.raw`\alpha_{\min}`, gamma: String.raw`\gamma`, lr: String.raw`\tau`, steps: 'T' },
    plain:
      'θ_j = α_j·θ⁰_j; g = ∇L(θ; S); θ′ = θ − η·A[g] (A = g for SGD, sign g for Adam); minimise L(θ′; S̃) over α ≥ α_min subject to ‖g‖_p ≤ γ: each step, Adam (rate τ) on α lowers ‖g‖_p when it exceeds γ, else L(θ′; S̃); T steps',
    whenToUse:
      'A network whose first steps blow up or stall under the optimizer and learning rate you mean to use: GradInit sets each layer’s scale for that optimizer, and the bound γ on the first gradient pulls an exploding stack back first.',
    pitfalls:
      'The scales move by about τ per step, so a start far off needs many steps or a larger τ. A network that passes no signal gives the one-step loss no slope to follow: GradInit cannot lift a vanishing stack the way LSUV or MetaInit can. η is the run’s learning rate.',
    variants:
      'S and S̃ are two consecutive shuffled training batches; ∇_θ L(θ′) = (I − ηH)·g̃ for SGD (Hg̃ by a finite difference of gradients) and g̃ for Adam, whose sign step has zero derivative; ∇_θ‖g‖₂ = Hg/‖g‖₂, ∇_θ‖g‖₁ = H·sign g. Defaults here: α_min = 0.01 (the paper’s), γ = 1, τ = 0.01, 100 steps, Adam β = (0.9, 0.999) on α; measured in evaluation mode. The first step of momentum and Nesterov SGD is plain SGD’s, so they simulate as sgd; rmsprop and adagrad as adam. base and base_gain choose the draw that is tuned.',
    references: ['Zhu, Ni, Xu, Kong, Huang & Goldstein 2021, GradInit: Learning to initialize neural networks for stable and efficient training (NeurIPS)'],
  },
];
