import type { ParamValue } from '../../params';
import { Registry } from '../../registry';
import { agcEntry } from './agc';
import { autoClipEntry } from './auto-clip';
import type { ClipperEntry, GradientClipper } from './clipper';
import { layerNormEntry } from './layer-norm';
import { noneEntry } from './none';
import { normEntry } from './norm';
import { valueEntry } from './value';

/**
 * Gradient clipping, applied to the gradients after backward and before the
 * optimizer step: by global norm, by value, per layer, adaptively (AutoClip
 * and AGC), or not at all. Each clipper rewrites `Parameter.grad` in place and
 * reports what it did in a ClipResult it owns, so a step allocates nothing.
 *
 * A non-finite gradient norm is reported and left alone by every clipper:
 * scaling cannot repair a NaN or an ∞ (∞·0 is NaN), and the divergence check
 * downstream stops the run on it.
 *
 * One file per clipper beside this registry; `clipper.ts` holds what they share.
 */

export { globalGradientNorm, type ClipperEntry, type ClipResult, type GradientClipper } from './clipper';
export { noClipping } from './none';
export { clipByGlobalNorm, type GlobalNormOptions } from './norm';
export { clipByValue, type ValueOptions } from './value';
export { clipByLayerNorm, type LayerNormOptions } from './layer-norm';
export { autoClip, AutoClipper, type AutoClipOptions, type AutoClipState } from './auto-clip';
export { adaptiveGradientClipping, type AgcOptions } from './agc';

/** Every clipping method by name (PyTorch and TensorFlow function names as aliases). */
export const clippers = new Registry<ClipperEntry>('clipping method', [
  noneEntry,
  normEntry,
  valueEntry,
  layerNormEntry,
  autoClipEntry,
  agcEntry,
]);

/**
 * The clipping method `name` (or an alias) with options in language spellings
 * (`max_norm=1`). Unknown names and bad parameters throw a ConfigError naming them.
 */
export function createClipper(name: string, options?: Readonly<Record<string, ParamValue>>): GradientClipper {
  return clippers.get(name).create(options);
}
