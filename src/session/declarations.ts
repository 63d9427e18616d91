import type { AugmentOptions } from '../engine/train/config';
import { ConfigError } from '../engine/errors';
import type { ConceptRef, DataSource, LayerSpec } from '../lang/program';
import type { SourceLocation } from '../protocol/cell-output';

/** A declaration and where it was written, so problems and diagnostics can point back at it. */
export interface Declared<T> {
  readonly value: T;
  readonly location: SourceLocation;
  /** For model layers: where each layer was written. */
  readonly parts?: readonly SourceLocation[];
}

/** What the cells run so far have declared; a later declaration replaces an earlier one. */
export interface Declarations {
  data?: Declared<DataSource>;
  split?: Declared<{ validation: number; test: number; seed: number; stratify: boolean }>;
  normalize?: Declared<'standard' | 'minmax' | 'none'>;
  augment?: Declared<AugmentOptions>;
  model?: Declared<readonly LayerSpec[]>;
  loss?: Declared<ConceptRef>;
  optimizer?: Declared<ConceptRef>;
  clip?: Declared<ConceptRef>;
  schedule?: Declared<readonly ConceptRef[]>;
  metrics?: Declared<readonly ConceptRef[]>;
}

/** A stable text for comparing declarations (offsets left out: moving a line is no change). */
export function declarationKey(value: unknown): string {
  return JSON.stringify(value, (key, v) => (key === 'start' || key === 'end' ? undefined : v));
}

/**
 * A ConfigError about one declaration (a split that leaves no training data,
 * a schedule whose min is above the learning rate), so the problem is shown
 * at the line that declared it rather than at the statement that ran.
 */
export class DeclarationError extends ConfigError {
  constructor(
    message: string,
    readonly declaration: keyof Declarations,
  ) {
    super(message);
  }
}

/** Runs `make`; a ConfigError it throws becomes a DeclarationError about `declaration`. */
export function attributeTo<T>(declaration: keyof Declarations, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof ConfigError && !(error instanceof DeclarationError)) throw new DeclarationError(error.message, declaration);
    throw error;
  }
}
