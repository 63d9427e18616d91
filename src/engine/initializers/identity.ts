import { ParamSchema, number } from '../params';
import type { Options, ParamSpecs } from '../params';
import { defineEntry } from '../registry';
import { checkTarget } from './initializer';
import type { Initializer, InitializerEntry } from './initializer';

const identitySpecs = {
  gain: number({ default: 1, min: 0, minExclusive: true, doc: 'The value on the diagonal: W = gain·I.' }),
} satisfies ParamSpecs;

/** Options of identity. */
export type IdentityOptions = Options<typeof identitySpecs>;

const schema = new ParamSchema('initializer identity', identitySpecs);

/**
 * W = gain·I (./identity.entry.ts), the IRNN recurrent start (Le et al. 2015).
 * A non-square rows×cols weight gets gain on its main diagonal and zeros
 * elsewhere, as Keras's Identity (eye(rows, cols)) and PyTorch's eye_ do.
 * Draws nothing from the Rng.
 */
export function identity(options: IdentityOptions = {}): Initializer {
  const { gain } = schema.resolve(options);
  return {
    name: 'identity',
    fill(target, shape) {
      checkTarget('identity', target, shape);
      target.fill(0);
      const diagonal = Math.min(shape.rows, shape.cols);
      for (let i = 0; i < diagonal; i++) target[i * shape.cols + i] = gain;
    },
  };
}

/** Registry entry: identity, with PyTorch's eye_ as aliases. */
export const identityEntries: readonly InitializerEntry[] = [defineEntry('identity', ['eye', 'eye_'], schema, identity)];
