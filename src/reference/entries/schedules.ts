import { aligned, type EntrySource, type SymbolSpec } from '../entry';

/**
 * Learning-rate schedules, as src/engine/optim/schedules/ computes η_t. t is
 * the optimizer step, counted from 0; η₀ is the optimizer's learning rate.
 */

const SYMBOLS = {
  step_size: 'T',
  gamma: String.raw`\gamma`,
  decay: String.raw`\lambda`,
  period: 'T',
  min: String.raw`\eta_{\min}`,
  t_mult: String.raw`T_{\text{mult}}`,
  max_lr: String.raw`\eta_{\max}`,
  total_steps: 'N',
  pct_start: 'p',
  div_factor: 'D',
  final_div_factor: 'D_f',
  steps: 'W',
  start_factor: 's',
  factor: 'f',
  patience: 'P',
  threshold: String.raw`\theta`,
  cooldown: 'C',
  min_lr: String.raw`\eta_{\min}`,
} satisfies Record<string, SymbolSpec>;

const PER_STEP = 'Here t counts optimizer steps (batches); PyTorch schedulers count whatever scheduler.step() is called for, usually epochs, so convert epochs to steps.';

/** The right-hand side both cosine entries share. */
const COSINE = String.raw`{{min}} + \tfrac12\left(\eta_0 - {{min}}\right)\left(1 + \cos\frac{\pi\, t_{\text{cur}}}{T_i}\right)`;

export const scheduleEntries: readonly EntrySource[] = [
  {
    name: 'constant',
    title: 'Constant learning rate',
    summary: 'The optimizer’s learning rate, unchanged for the whole run.',
    formula: String.raw`\eta_t = \eta_0`,
    plain: 'η_t = η₀',
    whenToUse: 'The default, and the baseline for judging any schedule; adaptive optimizers (Adam) often do well with it.',
    pitfalls: 'A rate large enough to make fast progress early is usually too large to settle into a minimum late: the loss stalls at a noisy floor.',
    references: ['Bottou 2012, Stochastic Gradient Descent Tricks'],
  },
  {
    name: 'step',
    title: 'Step decay',
    summary: 'Multiplies the rate by γ every T steps.',
    formula: String.raw`\eta_t = \eta_0 \cdot {{gamma}}^{\lfloor t / {{step_size}} \rfloor}`,
    symbols: SYMBOLS,
    plain: 'η_t = η₀·γ^⌊t/T⌋',
    whenToUse: 'Long SGD runs: the classic ImageNet recipe divides the rate by 10 every 30 epochs.',
    pitfalls: 'Each drop is sudden: the loss curve shows steps. T must fit the run length or the rate never (or too soon) drops.',
    variants: `PyTorch StepLR with gamma 0.1 as default. ${PER_STEP}`,
    references: ['He, Zhang, Ren & Sun 2016, Deep Residual Learning for Image Recognition'],
  },
  {
    name: 'exponential',
    title: 'Exponential decay',
    summary: 'Shrinks the rate by the same factor every step.',
    formula: String.raw`\eta_t = \eta_0\, e^{-{{decay}}\, t} \quad \text{or} \quad \eta_t = \eta_0 \cdot {{gamma}}^{t}`,
    symbols: SYMBOLS,
    plain: 'η_t = η₀·e^(−λt)  (decay=λ)   or   η_t = η₀·γ^t  (gamma=γ);  the same curve with γ = e^(−λ)',
    whenToUse: 'A smooth decay when the run length is not known in advance.',
    pitfalls: 'Per step, γ must be very close to 1: γ = 0.99 leaves η₀·0.99¹⁰⁰⁰ ≈ 4×10⁻⁵·η₀ after 1,000 steps. Give exactly one of decay and gamma.',
    variants: `Lecture notes write the continuous η₀e^(−λt) (decay); PyTorch ExponentialLR the per-step η₀γ^t (gamma). Keras ExponentialDecay's η₀·r^(t/s) is gamma = r^(1/s). ${PER_STEP}`,
    references: ['Bengio 2012, Practical Recommendations for Gradient-Based Training of Deep Architectures'],
  },
  {
    name: 'cosine',
    title: 'Cosine annealing',
    summary: 'Lowers the rate from η₀ to η_min along half a cosine over T steps, then holds it.',
    formula: aligned(String.raw`\eta_t &= ${COSINE}, \quad t_{\text{cur}} = t,\ T_i = {{period}} \quad (t < {{period}})`, String.raw`\eta_t &= {{min}} \quad (t \ge {{period}})`),
    symbols: SYMBOLS,
    plain: 'η_t = η_min + ½(η₀ − η_min)(1 + cos(πt/T)) for t < T, then η_min  (restarts=true: as cosine_restarts)',
    whenToUse: 'Most modern training runs: fast progress early, a gentle landing late. Set T to the run length (the language fills it from train).',
    pitfalls: 'With T shorter than the run, the rest of the run is spent at η_min. restarts=true turns it into cosine_restarts, t_mult applies only then.',
    variants: `Keras CosineDecay holds at the minimum after T, as here (its alpha is η_min/η₀). PyTorch CosineAnnealingLR's closed form climbs back up after T_max. ${PER_STEP}`,
    references: ['Loshchilov & Hutter 2017, SGDR: Stochastic Gradient Descent with Warm Restarts'],
  },
  {
    name: 'cosine_restarts',
    title: 'Cosine annealing with warm restarts (SGDR)',
    summary: 'Cosine annealing that jumps back to η₀ at the end of each period, each period T_mult times longer than the last.',
    formula: aligned(
      String.raw`\eta_t &= ${COSINE}`,
      String.raw`T_i &= {{period}} \cdot {{t_mult}}^{\,i}, \quad t_{\text{cur}} = \text{steps since the } i\text{-th restart}`,
    ),
    symbols: SYMBOLS,
    plain: 'η_t = η_min + ½(η₀ − η_min)(1 + cos(π·t_cur/T_i)),  T_i = T·T_mult^i,  t_cur = steps since the last restart',
    whenToUse: 'Long runs where restarts help escape poor regions, or snapshot ensembles taken at each period’s minimum.',
    pitfalls: 'Each restart raises the loss on purpose; the lr-too-high trend rule can fire on it.',
    variants: `PyTorch CosineAnnealingWarmRestarts (T_0, T_mult, eta_min) and Keras CosineDecayRestarts with m_mul = 1. t_mult defaults to 1 (equal periods). ${PER_STEP}`,
    references: ['Loshchilov & Hutter 2017, SGDR: Stochastic Gradient Descent with Warm Restarts'],
  },
  {
    name: 'cyclical',
    title: 'Cyclical learning rate',
    summary: 'Moves the rate up and down in triangles between η₀ and η_max, half a cycle every s steps.',
    formula: aligned(
      String.raw`c &= \left\lfloor 1 + \frac{t}{2 {{step_size}}} \right\rfloor, \quad x = \left|\frac{t}{{{step_size}}} - 2c + 1\right|`,
      String.raw`\eta_t &= \eta_0 + \left({{max_lr}} - \eta_0\right) \max(0, 1 - x) \cdot \text{scale}`,
      String.raw`\text{scale} &= 1 \ (\text{triangular}), \ \ 2^{1 - c} \ (\text{triangular2}), \ \ {{gamma}}^{t} \ (\text{exp\_range})`,
    ),
    symbols: { ...SYMBOLS, step_size: 's' },
    plain: 'c = ⌊1 + t/(2s)⌋, x = |t/s − 2c + 1|;  η_t = η₀ + (η_max − η₀)·max(0, 1 − x)·scale;  scale = 1, 1/2^(c−1) or γ^t',
    whenToUse: 'Training without tuning a single rate; also the range test (one rising half-cycle) for finding a good η.',
    pitfalls: 'The rising half raises the loss on purpose; end the run at a cycle’s low point. η_max must be ≥ η₀.',
    variants: 'PyTorch CyclicLR with equal up and down halves; it takes base_lr explicitly (here the optimizer’s rate) and by default also cycles momentum, which this schedule does not.',
    references: ['Smith 2017, Cyclical Learning Rates for Training Neural Networks'],
  },
  {
    name: 'one_cycle',
    title: 'One-cycle policy',
    summary: 'One rise from η_max/D to η_max over the first part of the run, then a long fall far below the start.',
    formula: aligned(
      String.raw`\eta_{\text{start}} &= {{max_lr}} / {{div_factor}}, \quad \eta_{\text{end}} = \eta_{\text{start}} / {{final_div_factor}}, \quad a = {{pct_start}}\, {{total_steps}} - 1`,
      String.raw`\eta_t &= \operatorname{anneal}\left(\eta_{\text{start}}, {{max_lr}}, \tfrac{t}{a}\right) \quad (t \le a)`,
      String.raw`\eta_t &= \operatorname{anneal}\left({{max_lr}}, \eta_{\text{end}}, \tfrac{t - a}{{{total_steps}} - 1 - a}\right) \quad (t > a)`,
      String.raw`\operatorname{anneal}(u, v, x) &= v + \tfrac{u - v}{2}\left(1 + \cos \pi x\right) \ \text{(cos)}, \quad u + (v - u)\,x \ \text{(linear)}`,
    ),
    symbols: SYMBOLS,
    plain: 'start = η_max/D, end = start/D_f, a = p·N − 1;  rise start → η_max over t ≤ a, fall η_max → end until N − 1 (cosine or linear);  held at end afterwards',
    whenToUse: 'Short fixed-length runs ("super-convergence"): fast training with a high peak rate. η_max defaults to the optimizer’s rate.',
    pitfalls: 'total_steps must match the run (the language fills it from train); pct_start·total_steps must exceed 1.',
    variants:
      'PyTorch OneCycleLR (three_phase=False) phase boundaries and defaults (pct_start 0.3, div_factor 25, final_div_factor 10⁴). PyTorch also cycles momentum between 0.85 and 0.95; here only the rate changes. PyTorch raises after step N; here the rate holds at η_end.',
    references: [
      'Smith & Topin 2018, Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates',
      'Smith 2018, A disciplined approach to neural network hyper-parameters: Part 1',
    ],
  },
  {
    name: 'warmup',
    title: 'Linear warmup',
    summary: 'Raises the rate linearly over the first W steps, then hands over to the rest of the schedule.',
    formula: aligned(
      String.raw`\eta_t &= \eta_{\text{next}}(0) \left({{start_factor}} + (1 - {{start_factor}}) \frac{t}{{{steps}}}\right) \quad (t < {{steps}})`,
      String.raw`\eta_t &= \eta_{\text{next}}(t - {{steps}}) \quad (t \ge {{steps}})`,
    ),
    symbols: SYMBOLS,
    plain: 'η_t = η_next(0)·(s + (1 − s)·t/W) for t < W, then η_next(t − W)   (η_next = η₀ alone, or the schedule after `then`)',
    whenToUse: 'Adam and large batches: the first updates, made while moment estimates and batch statistics are poor, stay small. The fix the diagnostics suggest for early divergence.',
    pitfalls: 'The schedule after it starts only when the warmup ends, so its own length (period, total_steps) counts from there.',
    variants: 'Starts from 0 by default, the ramp most papers describe; PyTorch LinearLR’s default start_factor is 1/3. As Keras CosineDecay(warmup_steps) and PyTorch SequentialLR(LinearLR, …), the next schedule keeps its whole shape.',
    references: ['Goyal et al. 2017, Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour'],
  },
  {
    name: 'reduce_on_plateau',
    title: 'Reduce on plateau',
    summary: 'Cuts the rate by a factor when the monitored value (the validation loss) has not improved for a number of epochs.',
    formula: aligned(
      String.raw`\text{improved} &\iff v < \text{best} \cdot (1 - {{threshold}}) \quad (\text{min, rel})`,
      String.raw`\text{bad epochs} > {{patience}} &\implies \eta \leftarrow \max\left(\eta \cdot {{factor}}, {{min_lr}}\right), \ \text{then } {{cooldown}} \text{ epochs of cooldown}`,
    ),
    symbols: SYMBOLS,
    plain: 'improved when v < best·(1 − θ) (min, rel; abs: v < best − θ);  after more than P bad epochs: η ← max(η·f, η_min), then C epochs of cooldown',
    whenToUse: 'When the right moment to lower the rate is unknown: the run tells. The fix the plateau diagnostic suggests.',
    pitfalls: 'It reacts once per epoch, and only after patience + 1 bad epochs; with a noisy validation loss it may cut too late or too often.',
    variants:
      'PyTorch ReduceLROnPlateau counting: it cuts after patience + 1 bad epochs. Keras ReduceLROnPlateau cuts after patience bad epochs and its min_delta is absolute (threshold_mode=abs here). mode=max for a value where higher is better (accuracy).',
    references: ['Krizhevsky, Sutskever & Hinton 2012, ImageNet Classification with Deep Convolutional Neural Networks'],
  },
];
