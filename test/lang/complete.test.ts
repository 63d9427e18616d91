import { describe, expect, it } from 'vitest';
import { complete, type Candidate } from '../../src/lang/complete';
import { STATEMENT_KEYWORDS } from '../../src/lang/statements';
import { withCursor } from './cursor-marker';

function candidates(marked: string): readonly Candidate[] {
  const { text, offset } = withCursor(marked);
  return complete(text, offset).candidates;
}

function labels(marked: string): string[] {
  return candidates(marked).map((candidate) => candidate.label);
}

function find(marked: string, label: string): Candidate {
  const found = candidates(marked).find((candidate) => candidate.label === label);
  if (found === undefined) throw new Error(`no candidate '${label}' at ${JSON.stringify(marked)}: ${labels(marked).join(', ')}`);
  return found;
}

describe('complete: statements and layers at the start of a line', () => {
  it('offers every statement keyword at the margin, in the order of the docs', () => {
    expect(labels('|')).toEqual([...STATEMENT_KEYWORDS]);
    expect(labels('data moons\nopt|')).toEqual([...STATEMENT_KEYWORDS]);
  });

  it('a keyword carries its form and a space, so the list reopens on its first argument', () => {
    const optimizer = find('|', 'optimizer');
    expect(optimizer.detail).toBe('optimizer NAME [params]');
    expect(optimizer.insertText).toBe('optimizer ');
    expect(optimizer.retrigger).toBe(true);
    // model takes nothing on its line: the layers go below it.
    expect(find('|', 'model').insertText).toBe('model');
  });

  it('offers layer names on the indented lines of model', () => {
    const all = ['dense', 'batchnorm', 'dropout', 'conv2d', 'maxpool', 'avgpool', 'global_avgpool', 'flatten', 'embedding', 'rnn', 'lstm', 'gru', 'layernorm', 'positional', 'attention'];
    expect(labels('model\n  |')).toEqual(all);
    expect(labels('model\n  dense 8 relu\n  dr|')).toEqual(all);
    // A PyTorch spelling finds the layer.
    expect(find('model\n  |', 'batchnorm').filterText).toContain('BatchNorm1d');
  });

  it('the word being typed is what a candidate replaces', () => {
    const { text, offset } = withCursor('optimizer ad|am');
    const { replace } = complete(text, offset);
    expect(text.slice(replace.start, replace.end)).toBe('adam');
  });
});

describe('complete: concept names where a concept is expected', () => {
  it.each([
    ['optimizer |', 'optimizer', 'adam'],
    ['loss |', 'loss', 'mse'],
    ['clip |', 'clipping', 'norm'],
    ['schedule |', 'schedule', 'cosine'],
    ['schedule warmup 100 then |', 'schedule', 'cosine'],
    ['metrics accuracy |', 'metric', 'f1'],
    ['data |', 'dataset', 'spirals'],
    ['model\n  dense 32 |', 'activation', 'relu'],
    ['model\n  dense 32 relu init=|', 'initializer', 'he_normal'],
    ['model\n  dense 32 relu bias_init=con|', 'initializer', 'constant'],
    ['compare init=[zeros, |', 'initializer', 'he_normal'],
    ['compare optimizer=[|', 'optimizer', 'sgd'],
    ['compare schedule=[constant, warmup(100) then |', 'schedule', 'cosine'],
  ])('%j offers %s names such as %s', (marked, kind, name) => {
    const candidate = find(marked, name);
    expect(candidate.kind).toBe('concept');
    expect(candidate.conceptKind).toBe(kind);
  });

  it('a concept shows its title, and its summary and plain formula as documentation', () => {
    const adam = find('optimizer |', 'adam');
    expect(adam.detail).toMatch(/^Adam/);
    expect(adam.documentation).toContain('\n\n');
    expect(adam.documentation).toMatch(/m̂|β|η/);
  });

  it('aliases are filter text, so kaiming_normal finds he_normal', () => {
    expect(find('model\n  dense 8 relu init=|', 'he_normal').filterText.split(' ')).toContain('kaiming_normal');
  });

  it('data offers csv beside the named data sets', () => {
    expect(labels('data |')).toContain('csv');
  });

  it('only the names of the expected kind', () => {
    expect(labels('optimizer |')).not.toContain('relu');
    expect(labels('model\n  dense 32 |')).not.toContain('adam');
  });
});

describe('complete: parameter keys and values', () => {
  it('after optimizer adam, its keys with default and range', () => {
    const beta1 = find('optimizer adam |', 'beta1=');
    expect(beta1.kind).toBe('parameter');
    expect(beta1.insertText).toBe('beta1=');
    expect(beta1.detail).toBe('default 0.9 · [0, 1)');
    expect(labels('optimizer adam |')).toContain('lr=');
  });

  it('a key already given is not offered again', () => {
    expect(labels('optimizer adam lr=0.01 |')).not.toContain('lr=');
    expect(labels('optimizer adam lr=0.01 |')).toContain('beta2=');
  });

  it('keys of statements, layers and calls', () => {
    expect(labels('train |')).toEqual(expect.arrayContaining(['epochs=', 'batch=', 'seed=', 'patience=']));
    expect(labels('model\n  dense 32 relu |')).toEqual(['init=', 'bias_init=', 'use_bias=', 'trainable=']);
    expect(labels('model\n  dense 32 relu init=he_normal(|')).toEqual(expect.arrayContaining(['mode=']));
    expect(labels('split |')).toEqual(expect.arrayContaining(['validation=', 'test=', 'stratify=']));
    expect(labels('compare |')).toEqual(expect.arrayContaining(['init=', 'optimizer=', 'lr=', 'epochs=']));
  });

  it('a required parameter says so; a concept-valued key names its kind', () => {
    expect(find('model\n  dense 8 |', 'init=').detail).toBe('default glorot_uniform · an initializer');
    expect(find('train |', 'epochs=').detail).toBe('optional · ≥ 1');
  });

  it('choice and boolean values, the default marked', () => {
    expect(labels('normalize |')).toEqual(['standard', 'minmax', 'none', 'method=']);
    expect(find('normalize |', 'standard').detail).toBe('method (default)');
    expect(labels('model\n  dense 8 relu init=he_normal(mode=|')).toEqual(['fan_in', 'fan_out']);
    expect(labels('model\n  dense 8 relu use_bias=|')).toEqual(['true', 'false']);
    expect(labels('evaluate split=|')).toEqual(['auto', 'test', 'validation', 'train']);
  });

  it('keys whose values have candidates reopen the list', () => {
    expect(find('model\n  dense 8 |', 'init=').retrigger).toBe(true);
    expect(find('optimizer adam |', 'amsgrad=').retrigger).toBe(true);
    expect(find('optimizer adam |', 'lr=').retrigger).toBe(false);
  });

  it('then, after a warmup clause', () => {
    expect(labels('schedule warmup 100 |')).toContain('then');
    expect(labels('optimizer adam |')).not.toContain('then');
  });

  it('then, after an item of a list of schedules', () => {
    expect(labels('compare schedule=[constant, warmup(100) |')).toContain('then');
    expect(labels('compare schedule=[constant, warmup(100) th|')).toContain('then');
    expect(find('compare schedule=[constant, warmup(100) |', 'then').detail).toContain('warmup(N) then NAME');
    // Not where an item starts, and not in a list of anything else.
    expect(labels('compare schedule=[constant, |')).not.toContain('then');
    expect(labels('compare schedule=[constant, warmup(100) then |')).not.toContain('then');
    expect(labels('compare init=[zeros |')).not.toContain('then');
  });

  it('nothing where nothing fits: numbers, strings, comments, unknown statements', () => {
    expect(labels('model\n  dense |')).toEqual(['init=', 'bias_init=', 'use_bias=', 'trainable=']);
    expect(labels('optimizer adam lr=0.0|1')).toEqual([]);
    expect(labels('save weights "ru|')).toEqual([]);
    expect(labels('train epochs=3 # more |')).toEqual([]);
    expect(labels('frobnicate |')).toEqual([]);
    expect(labels('optimizer adamm |')).toEqual([]);
  });
});
