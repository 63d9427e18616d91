import { aligned, type EntrySource } from '../../../reference/entry';
import { SCHEDULE_SYMBOLS } from './symbols.entry';

/** The catalog text of the `cyclical` and `one_cycle` schedules (./cyclical.ts). */
export const cyclicalTexts: readonly EntrySource[] = [
  {
    name: 'cyclical',
    title: 'Cyclical learning rate',
    summary: 'Moves the rate up and down in triangles between η₀ and η_max, half a cycle every s steps.',
    formula: aligned(
      String.raw`c &= \left\lfloor 1 + \frac{t}{2 {{step_size}}} \right\rfloor, \quad x = \left|\frac{t}{{{step_size}}} - 2c + 1\right|`,
      String.raw`\eta_t &= \eta_0 + \left({{max_lr}} - \eta_0\right) \max(0, 1 - x) \cdot \text{scale}`,
      String.raw`\text{scale} &= 1 \ (\text{triangular}), \ \ 2^{1 - c} \ (\text{triangular2}), \ \ {{gamma}}^{t} \ (\text{exp\_range})`,
    ),
    symbols: { ...SCHEDULE_SYMBOLS, step_size: 's' },
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
    symbols: SCHEDULE_SYMBOLS,
    plain: 'start = η_max/D, end = start/D_f, a = p·N − 1;  rise start → η_max over t ≤ a, fall η_max → end until N − 1, each by anneal(u, v, x) = v + (u − v)(1 + cos πx)/2 or linearly;  held at end afterwards',
    whenToUse: 'Short fixed-length runs ("super-convergence"): fast training with a high peak rate. η_max defaults to the optimizer’s rate.',
    pitfalls: 'total_steps must match the run (the language fills it from train); pct_start·total_steps must exceed 1.',
    variants:
      'PyTorch OneCycleLR (three_phase=False) phase boundaries and defaults (pct_start 0.3, div_factor 25, final_div_factor 10⁴). PyTorch also cycles momentum between 0.85 and 0.95; here only the rate changes. PyTorch raises after step N; here the rate holds at η_end.',
    references: [
      'Smith & Topin 2018, Super-Convergence: Very Fast Training of Neural Networks Using Large Learning Rates',
      'Smith 2018, A disciplined approach to neural network hyper-parameters: Part 1',
    ],
  },
];
