import type { ParamValue } from '../params';
import { Registry } from '../registry';
import { fixedEntries } from './fixed';
import { identityEntries } from './identity';
import type { Initializer, InitializerEntry } from './initializer';
import { orthogonalEntries } from './orthogonal';
import { tunedEntries } from './tuned';
import { varianceScalingEntries } from './variance-scaling';

/**
 * Weight initializers: how a layer's parameters start before the first step.
 * Names are Keras's (`glorot_uniform`, `he_normal`); PyTorch's are aliases
 * (`xavier_uniform`, `kaiming_normal_`). `he` and `xavier` alone are not
 * names: each could mean a normal or a uniform draw.
 *
 * One file per family beside this registry: `fixed` (shape-free draws and
 * constants), `variance-scaling` (Glorot, He, LeCun), `orthogonal` (and LSUV),
 * `identity` (the IRNN recurrent start), `tuned` (MetaInit and GradInit,
 * tuned on data like LSUV).
 */

export { weightShape, weightShapeOf } from './initializer';
export type { Initializer, InitializerEntry, WeightShape } from './initializer';
export { constant, ones, pretrained, randomNormal, randomUniform, smallRandom, zeros } from './fixed';
export type { ConstantOptions, RandomNormalOptions, RandomUniformOptions, SmallRandomOptions } from './fixed';
export { glorotNormal, glorotUniform, heNormal, heUniform, lecunNormal, lecunUniform } from './variance-scaling';
export type { GlorotOptions, HeOptions, LecunOptions, VarianceScalingInitializer } from './variance-scaling';
export { lsuv, orthogonal } from './orthogonal';
export type { LsuvCalibration, LsuvInitializer, LsuvOptions, OrthogonalOptions } from './orthogonal';
export { identity } from './identity';
export { gradinit, isTuned, metainit } from './tuned';
export type { GradInitOptions, GradInitSettings, MetaInitOptions, MetaInitSettings, TunedInitializer, TuningSettings } from './tuned';
export type { IdentityOptions } from './identity';

/**
 * Every initializer the language can name. PyTorch spellings are aliases;
 * note that `uniform` and `normal` keep Keras's defaults (±0.05 and σ = 0.05),
 * not PyTorch's ([0, 1) and σ = 1).
 */
export const initializers = new Registry<InitializerEntry>('initializer', [
  ...fixedEntries,
  ...varianceScalingEntries,
  ...orthogonalEntries,
  ...identityEntries,
  ...tunedEntries,
]);

/**
 * The initializer a name or alias stands for, built from options in language
 * spelling: `createInitializer('kaiming_normal', { mode: 'fan_out' })`.
 */
export function createInitializer(name: string, options: Readonly<Record<string, ParamValue>> = {}): Initializer {
  return initializers.get(name).create(options);
}
