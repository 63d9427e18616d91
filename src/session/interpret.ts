import type { Instruction } from '../lang/program';
import type { SourceLocation } from '../protocol/cell-output';
import type { Declarations, Declared } from './declarations';

/** A statement that declares something (data, a model, an optimizer…) rather than acting on it. */
export type Declaration = Extract<Instruction, { kind: keyof Declarations }>;

/** The value each declaring statement stores, by kind. */
const VALUES: { readonly [K in keyof Declarations]-?: (instruction: Extract<Instruction, { kind: K }>) => NonNullable<Declarations[K]>['value'] } = {
  data: (i) => i.source,
  split: ({ validation, test, seed, stratify }) => ({ validation, test, seed, stratify }),
  normalize: (i) => i.method,
  augment: ({ noise, shift, rotate }) => ({ noise, shift, rotate }),
  model: (i) => i.layers,
  loss: (i) => i.loss,
  optimizer: (i) => i.optimizer,
  clip: (i) => i.clip,
  schedule: (i) => i.stages,
  metrics: (i) => i.metrics,
};

/** True for the statements `declare` records. */
export function isDeclaration(instruction: Instruction): instruction is Declaration {
  return instruction.kind in VALUES;
}

/**
 * Records a declaration where `at` places it, replacing an earlier one of
 * its kind; a model also keeps where each layer was written.
 */
export function declare(declarations: Declarations, instruction: Declaration, at: (start: number, end: number) => SourceLocation): void {
  const value = (VALUES[instruction.kind] as (declaration: Declaration) => unknown)(instruction);
  const parts = instruction.kind === 'model' ? { parts: instruction.layers.map((layer) => at(layer.start, layer.end)) } : {};
  (declarations as Record<string, Declared<unknown>>)[instruction.kind] = { value, location: at(instruction.start, instruction.end), ...parts };
}
