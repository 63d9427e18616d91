import { aligned, type EntrySource } from '../../../reference/entry';
import { NON_FINITE } from './clipper.entry';

/** The catalog text of the `adaptive` clipper (./auto-clip.ts). */
export const autoClipText: EntrySource = {
  name: 'adaptive',
  title: 'AutoClip (adaptive norm clipping)',
  summary: 'Global-norm clipping with τ set each step to a percentile of the recent gradient norms, so there is no threshold to tune.',
  formula: aligned(
    String.raw`\tau_t &= \operatorname{percentile}_{{{percentile}}}\left\{ \lVert g_s \rVert : t - {{window}} < s \le t \right\}`,
    String.raw`g &\leftarrow g \cdot \min\left(1, \frac{\tau_t}{\lVert g \rVert}\right)`,
  ),
  symbols: { percentile: 'p', window: 'W' },
  plain: 'τ_t = p-th percentile of the last W gradient norms (the current one included);  g ← g·min(1, τ_t/‖g‖)',
  whenToUse: 'When the right τ is unknown or drifts during training: the default p = 10 clips the largest 90 % of steps to the 10th-percentile norm, as the paper recommends.',
  pitfalls: `With p = 10 most steps are clipped by design, so frequent-clipping can fire; that is the method, not a fault. ${NON_FINITE}`,
  variants: 'The paper keeps every norm of the run; here the last `window` norms (default 1000), so memory is bounded and τ follows the gradient scale as training moves on. The percentile interpolates linearly, as numpy.percentile. Not in PyTorch or Keras.',
  references: ['Seetharaman, Wichern, Pardo & Le Roux 2020, AutoClip: Adaptive Gradient Clipping for Source Separation Networks'],
};
