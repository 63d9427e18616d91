import type { EntrySource } from '../../reference/entry';
import { diagnostic, REFERENCES } from './symbols.entry';

/** The catalog text of frequent-clipping, the diagnostic ./clipping.ts checks. */
export const clippingTexts: readonly EntrySource[] = [
  diagnostic({
    name: 'frequent-clipping',
    title: 'Frequent clipping',
    summary: 'Gradient clipping acts on most steps, so τ, not the gradient, sets the step length.',
    lines: [String.raw`f_{\text{clip}} &= \frac{\#\{\text{clipped steps}\}}{\#\{\text{recent steps}\}} > {{clipping_fraction}}, \quad \#\{\text{recent steps}\} \ge {{min_window_steps}}`],
    plain: 'f_clip = clipped steps / recent steps > clipping_fraction, over at least min_window_steps recent steps; typical norm = median ‖g‖ before clipping',
    whenToUse: 'A warning: clipping is meant for the rare spike; clipping every step makes every update η·τ long whatever the gradient says. Fix: raise τ toward the typical gradient norm (the median shown in the message), or lower the learning rate.',
    pitfalls: 'AutoClip (adaptive) clips most steps by design.',
    references: [REFERENCES.pascanu],
  }),
];
