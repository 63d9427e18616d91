import { describe, expect, it } from 'vitest';
// @ts-expect-error: a Node script without type declarations
import { withoutRelaxedMadd } from '../../../scripts/build-wasm.mjs';

const spelledOut = withoutRelaxedMadd as (text: string) => string;

describe('the plain build of a module with relaxed_madd', () => {
  it('writes relaxed_madd a b c as a multiply then an add, keeping the operands whole', () => {
    expect(spelledOut('(local.set $c (f32x4.relaxed_madd (local.get $a) (v128.load offset=16 (local.get $p)) (local.get $c)))'))
      .toBe('(local.set $c (f32x4.add (f32x4.mul (local.get $a) (v128.load offset=16 (local.get $p))) (local.get $c)))');
  });

  it('rewrites a relaxed_madd nested in another one, and leaves other text alone', () => {
    expect(spelledOut(';; x\n(f32x4.relaxed_madd (local.get $a) (local.get $b)\n  (f32x4.relaxed_madd (local.get $c) (local.get $d) (local.get $e)))'))
      .toBe(';; x\n(f32x4.add (f32x4.mul (local.get $a) (local.get $b)) (f32x4.add (f32x4.mul (local.get $c) (local.get $d)) (local.get $e)))');
    expect(spelledOut('(f32x4.add (local.get $a) (local.get $b))')).toBe('(f32x4.add (local.get $a) (local.get $b))');
  });

  it('refuses a relaxed_madd whose operands it cannot see', () => {
    expect(() => spelledOut('(f32x4.relaxed_madd (local.get $a) (local.get $b))')).toThrow('needs its three operands');
  });
});
