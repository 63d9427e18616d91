import { aligned, type EntrySource } from '../../../reference/entry';
import { SCHEDULE_SYMBOLS } from './symbols.entry';

/** The catalog text of the `warmup` schedule (./warmup.ts). */
export const warmupText: EntrySource = {
  name: 'warmup',
  title: 'Linear warmup',
  summary: 'Raises the rate linearly over the first W steps, then hands over to the rest of the schedule.',
  formula: aligned(
    String.raw`\eta_t &= \eta_{\text{next}}(0) \left({{start_factor}} + (1 - {{start_factor}}) \frac{t}{{{steps}}}\right) \quad (t < {{steps}})`,
    String.raw`\eta_t &= \eta_{\text{next}}(t - {{steps}}) \quad (t \ge {{steps}})`,
  ),
  symbols: SCHEDULE_SYMBOLS,
  plain: 'η_t = η_next(0)·(s + (1 − s)·t/W) for t < W, then η_next(t − W)   (η_next = η₀ alone, or the schedule after `then`)',
  whenToUse: 'Adam and large batches: the first updates, made while moment estimates and batch statistics are poor, stay small. The fix the diagnostics suggest for early divergence.',
  pitfalls: 'The schedule after it starts only when the warmup ends, so its own length (period, total_steps) counts from there.',
  variants: 'Starts from 0 by default, the ramp most papers describe; PyTorch LinearLR’s default start_factor is 1/3. As Keras CosineDecay(warmup_steps) and PyTorch SequentialLR(LinearLR, …), the next schedule keeps its whole shape.',
  references: ['Goyal et al. 2017, Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour'],
};
