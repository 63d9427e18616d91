import { describe, expect, it } from 'vitest';
import { signatureAt, type Signature } from '../../src/lang/signature';
import { withCursor } from './cursor-marker';

function signature(marked: string): Signature | undefined {
  const { text, offset } = withCursor(marked);
  return signatureAt(text, offset);
}

/** The label with the active parameter in brackets: `optimizer adam [lr=0.001] beta1=0.9 …`. */
function shown(marked: string): string {
  const found = signature(marked);
  if (found === undefined) return 'nothing';
  const active = found.activeParameter === undefined ? undefined : found.parameters[found.activeParameter];
  if (active === undefined) return found.label;
  return `${found.label.slice(0, active.start)}[${found.label.slice(active.start, active.end)}]${found.label.slice(active.end)}`;
}

describe('signature help', () => {
  it('a concept statement lists the concept’s parameters with their defaults', () => {
    const found = signature('optimizer adam |')!;
    expect(found.label).toMatch(/^optimizer adam lr=0\.001 beta1=0\.9 beta2=0\.999 /);
    expect(found.documentation).toMatch(/\S/);
    // Each parameter's span is its text in the label.
    const texts = found.parameters.map((p) => found.label.slice(p.start, p.end));
    expect(texts.slice(0, 3)).toEqual(['adam', 'lr=0.001', 'beta1=0.9']);
  });

  it.each([
    // The name first, then positional values fill parameters in order.
    ['optimizer |', 'optimizer [NAME]'],
    ['clip norm |', 'clip norm [max_norm]'],
    ['optimizer adam be|', 'optimizer adam [lr=0.001]'],
    ['optimizer adam beta2=|', 'beta2=0.999]'],
    ['optimizer adam beta2=0.9|9', 'beta2=0.999]'],
    ['optimizer adam bet|a2=0.99', 'beta2=0.999]'],
    ['train epochs=3 batch=|', 'batch=32]'],
    ['split val=|', 'validation=0]'],
  ])('%j marks %s', (marked, expected) => {
    expect(shown(marked)).toContain(expected);
  });

  it('inside a call: the call’s own parameters', () => {
    expect(shown('model\n  dense 8 relu init=he_normal(|')).toMatch(/^he_normal\(\[gain=1\], mode=fan_in, /);
    expect(shown('model\n  dense 8 leaky_relu(|')).toMatch(/^leaky_relu\(\[alpha=0\.01\]\)$/);
  });

  it('a layer: units and activation, then its keys', () => {
    expect(shown('model\n  dense |')).toBe('dense [units] activation init=glorot_uniform bias_init=zeros use_bias=true trainable=true');
    expect(shown('model\n  dense 8 |')).toBe('dense units [activation] init=glorot_uniform bias_init=zeros use_bias=true trainable=true');
    expect(shown('model\n  dense 8 relu |')).toBe('dense units activation init=glorot_uniform bias_init=zeros use_bias=true trainable=true');
  });

  it('metrics repeats its one place; a list belongs to the key that holds it', () => {
    expect(shown('metrics accuracy f1 |')).toBe('metrics [NAME] …');
    expect(shown('compare init=[zeros, |')).toContain('[init=…]');
  });

  it('schedule clauses each have their own signature', () => {
    expect(shown('schedule warmup 100 then cosine |')).toMatch(/^schedule cosine /);
  });

  it('each link of a chained compare value has its own signature', () => {
    expect(shown('compare schedule=[constant, warmup(|')).toMatch(/^warmup\(\[steps\]/);
    expect(shown('compare schedule=[constant, warmup(100) then step(|')).toMatch(/^step\(\[step_size\]/);
    // Between the links, the list belongs to the key that holds it.
    expect(shown('compare schedule=[constant, warmup(100) then |')).toContain('[schedule=…]');
  });

  it.each([['|'], ['opt|'], ['frobnicate |'], ['train epochs=3 # |']])('nothing at %j', (marked) => {
    expect(signature(marked)).toBeUndefined();
  });
});
