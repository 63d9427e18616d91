import type { SymbolSpec } from '../../../reference/entry';

/**
 * The notation every schedule's catalog text shares. t is the optimizer
 * step, counted from 0; η₀ is the optimizer's learning rate.
 */

/** The TeX symbol of each schedule parameter a formula shows. */
export const SCHEDULE_SYMBOLS = {
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

/** How t is counted here and in PyTorch. */
export const PER_STEP = 'Here t counts optimizer steps (batches); PyTorch schedulers count whatever scheduler.step() is called for, usually epochs, so convert epochs to steps.';
