import { ParamSchema } from '../params';
import { defineEntry, type OptionsEntry } from '../registry';

/**
 * Activation functions a = f(z), applied to a batch×width block. `backward`
 * turns dL/da into dL/dz using the saved z and a, so each derivative can use
 * whichever is cheaper (σ' = a(1−a) needs only a; GELU needs z).
 */
export interface Activation {
  readonly name: string;
  /** True when f acts on each element alone (everything but softmax). */
  readonly elementwise: boolean;
  /** For diagnostics: dying units (ReLU family) or saturation (tanh, sigmoid). */
  readonly family: 'relu' | 'saturating' | 'other';
  /**
   * ReLU family: the slope f′ below zero when it is a constant — 0 for relu,
   * α for leaky_relu — so diagnostics know whether a unit that is never
   * positive still learns. Absent where it is not constant (elu).
   */
  readonly negativeSlope?: number;
  forward(z: Float32Array, a: Float32Array, length: number, width: number): void;
  backward(z: Float32Array, a: Float32Array, gradA: Float32Array, gradZ: Float32Array, length: number, width: number): void;
}

/** A registered activation: name, aliases and its parameters. */
export type ActivationEntry = OptionsEntry<Activation>;

/** The entry of an activation without parameters (a given one is rejected by name). */
export function fixedActivation(name: string, aliases: readonly string[], activation: Activation): ActivationEntry {
  return defineEntry(name, aliases, new ParamSchema(`activation ${name}`, {}), () => activation);
}

/** linear: a = z. */
export const linear: Activation = {
  name: 'linear',
  elementwise: true,
  family: 'other',
  forward(z, a, length) {
    if (a !== z) a.set(z.subarray(0, length));
  },
  backward(_z, _a, gradA, gradZ, length) {
    if (gradZ !== gradA) gradZ.set(gradA.subarray(0, length));
  },
};
