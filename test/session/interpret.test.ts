import { describe, expect, it } from 'vitest';
import { parseCell } from '../../src/lang';
import { lowerCell } from '../../src/lang/lower';
import type { Declarations } from '../../src/session/declarations';
import { declare, isDeclaration } from '../../src/session/interpret';
import { locate } from '../../src/session/location';

/** Declares every declaring statement of `source` as cell 0; returns the actions left over. */
function declareAll(declarations: Declarations, source: string): string[] {
  const { instructions } = lowerCell(parseCell(source).cell);
  const at = (start: number, end: number) => locate(0, source, start, end);
  return instructions.flatMap((instruction) => {
    if (!isDeclaration(instruction)) return [instruction.kind];
    declare(declarations, instruction, at);
    return [];
  });
}

describe('declare', () => {
  it('records each declaration at its line, a model with each layer, and leaves actions alone', () => {
    const declarations: Declarations = {};
    const actions = declareAll(declarations, 'data spirals n=100\nsplit val=0.2 seed=3\nmodel\n  dense 8 relu\n  dense 2 softmax\noptimizer sgd lr=0.1\ntrain epochs=1');
    expect(actions).toEqual(['train']);
    expect(declarations.data?.location.line).toBe(1);
    expect(declarations.split?.value).toEqual({ validation: 0.2, test: 0, seed: 3, stratify: expect.any(Boolean) });
    expect(declarations.model?.value.map((layer) => layer.kind)).toEqual(['dense', 'dense']);
    expect(declarations.model?.parts?.map((part) => part.line)).toEqual([4, 5]);
    expect(declarations.optimizer?.value).toMatchObject({ name: 'sgd', options: { lr: 0.1 } });
    expect(declarations.optimizer?.location.line).toBe(6);
  });

  it('replaces an earlier declaration of the same kind', () => {
    const declarations: Declarations = {};
    declareAll(declarations, 'optimizer sgd\nschedule cosine');
    declareAll(declarations, '\noptimizer adam');
    expect(declarations.optimizer).toMatchObject({ value: { name: 'adam' }, location: { line: 2 } });
    expect(declarations.schedule?.value.map((stage) => stage.name)).toEqual(['cosine']);
  });
});
