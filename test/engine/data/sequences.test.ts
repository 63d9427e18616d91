import { describe, expect, it } from 'vitest';
import { classCounts, datasets, loadDataset, makeCharText, PAD_TOKEN, SHAPE_CLASSES } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { readCharText } from '../../../src/node/assets';
import { thrown } from '../thrown';

describe('adding', () => {
  const ds = loadDataset('adding', { n: 200, length: 12, seed: 4 });

  it('holds T steps of (value, marker) with exactly one marker in each half, and the sum of the marked values as target', () => {
    expect([ds.count, ds.features, ds.sampleShape, ds.task, ds.targetWidth]).toEqual([200, 24, [12, 2], 'regression', 1]);
    for (let i = 0; i < ds.count; i++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < 12; t++) {
        const value = ds.x[i * 24 + 2 * t];
        const marker = ds.x[i * 24 + 2 * t + 1];
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThan(1);
        expect([0, 1]).toContain(marker);
        if (marker === 1) {
          marked.push(t);
          sum += value;
        }
      }
      expect(marked.length).toBe(2);
      expect(marked[0]).toBeLessThan(6);
      expect(marked[1]).toBeGreaterThanOrEqual(6);
      expect(ds.y[i]).toBeCloseTo(sum, 6);
    }
  });

  it('defaults to length 50 and repeats for a seed', () => {
    expect(loadDataset('adding', { n: 3 }).sampleShape).toEqual([50, 2]);
    expect(loadDataset('adding', { n: 200, length: 12, seed: 4 }).x).toEqual(ds.x);
    expect(loadDataset('adding', { n: 200, length: 12, seed: 5 }).x).not.toEqual(ds.x);
  });
});

describe('copy_memory', () => {
  it('lays out symbols, blanks, the delimiter and blanks; the target is blanks then the symbols', () => {
    const ds = loadDataset('copy_memory', { n: 50, symbols: 3, delay: 5, alphabet: 4, seed: 2 });
    const steps = 5 + 2 * 3;
    expect([ds.features, ds.sampleShape, ds.targetWidth, ds.classes]).toEqual([steps, [steps], steps, ['blank', '1', '2', '3', '4', 'delimiter']]);
    for (let i = 0; i < ds.count; i++) {
      const x = Array.from(ds.x.subarray(i * steps, (i + 1) * steps));
      const y = Array.from(ds.y.subarray(i * steps, (i + 1) * steps));
      const symbols = x.slice(0, 3);
      for (const s of symbols) expect(s).toBeGreaterThanOrEqual(1), expect(s).toBeLessThanOrEqual(4);
      // 3 symbols, delay − 1 = 4 blanks, the delimiter 5, 3 blanks.
      expect(x.slice(3)).toEqual([0, 0, 0, 0, 5, 0, 0, 0]);
      expect(y).toEqual([0, 0, 0, 0, 0, 0, 0, 0, ...symbols]);
    }
    expect(PAD_TOKEN).toBe(0);
  });
});

describe('sine_sequence', () => {
  it('without noise, is a sine of the set period whose next value is the target', () => {
    const ds = loadDataset('sine_sequence', { n: 20, length: 8, period: 16, noise: 0, seed: 1 });
    expect([ds.features, ds.sampleShape, ds.task]).toEqual([8, [8, 1], 'regression']);
    for (let i = 0; i < ds.count; i++) {
      // sin(a + 2ω) = 2 cos ω sin(a + ω) − sin a holds for any phase, and for the target as the step after the window.
      const w = (2 * Math.PI) / 16;
      const seq = [...ds.x.subarray(i * 8, (i + 1) * 8), ds.y[i]];
      for (let t = 2; t < seq.length; t++) expect(seq[t]).toBeCloseTo(2 * Math.cos(w) * seq[t - 1] - seq[t - 2], 5);
    }
  });
});

describe('reversal', () => {
  it('reverses tokens 1…vocab, never drawing the padding token 0', () => {
    const ds = loadDataset('reversal', { n: 100, length: 6, vocab: 5, seed: 3 });
    expect([ds.sampleShape, ds.targetWidth, ds.classes?.length]).toEqual([[6], 6, 6]);
    for (let i = 0; i < ds.count; i++) {
      const x = Array.from(ds.x.subarray(i * 6, (i + 1) * 6));
      expect(Array.from(ds.y.subarray(i * 6, (i + 1) * 6))).toEqual([...x].reverse());
    }
    expect(classCounts(ds)[0]).toBe(0);
    expect(Math.min(...ds.x)).toBe(1);
    expect(Math.max(...ds.x)).toBe(5);
  });

  it('sorts instead with sort=true', () => {
    const ds = loadDataset('reversal', { n: 30, length: 7, vocab: 9, sort: true, seed: 3 });
    for (let i = 0; i < ds.count; i++) {
      const x = Array.from(ds.x.subarray(i * 7, (i + 1) * 7));
      expect(Array.from(ds.y.subarray(i * 7, (i + 1) * 7))).toEqual([...x].sort((a, b) => a - b));
    }
  });
});

describe('char_text', () => {
  const text = readCharText();

  it('ships chapter I of Alice in Wonderland', () => {
    expect(text.startsWith('CHAPTER I\n\nDown the Rabbit-Hole\n\nAlice was beginning to get very tired')).toBe(true);
    expect(text.length).toBeGreaterThan(10_000);
  });

  it('turns windows of the text into character ids and the next character as the class', () => {
    const ds = loadDataset('char_text', { n: 300, length: 10, seed: 1 }, { readCharText });
    const classes = ds.classes!;
    const decode = (ids: ArrayLike<number>) => Array.from(ids, (id) => ({ space: ' ', newline: '\n' })[classes[id]] ?? classes[id]).join('');
    expect([ds.count, ds.sampleShape, ds.targetWidth]).toEqual([300, [10], 1]);
    for (let i = 0; i < ds.count; i++) {
      const window = decode(ds.x.subarray(i * 10, (i + 1) * 10));
      expect(text).toContain(window + decode([ds.y[i]]));
    }
  });

  it('takes distinct windows, and refuses more than the text holds', () => {
    const read = () => 'abcabcab';
    const ds = makeCharText({ n: 5, length: 3, seed: 0 }, read);
    expect(ds.classes).toEqual(['a', 'b', 'c']);
    const rows = new Set(Array.from({ length: 5 }, (_, i) => ds.x.subarray(i * 3, i * 3 + 3).join(',') + '→' + ds.y[i]));
    // 8 characters hold 5 windows of 3 with a next character: all 5, and abc→a appears at two starts.
    expect(rows).toEqual(new Set(['0,1,2→0', '1,2,0→1', '2,0,1→2']));
    const error = thrown(() => makeCharText({ n: 6, length: 3 }, read));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('dataset char_text: n must be ≤ 5, the windows of 3 characters the text of 8 holds, got 6');
    expect(thrown(() => loadDataset('char_text')).message).toBe('dataset char_text: no reader for its text was given; the host must pass readCharText');
  });
});

describe('shapes', () => {
  it('makes balanced 1 × size × size images, one shape per class', () => {
    const ds = loadDataset('shapes', { n: 41, size: 12, noise: 0, seed: 6 });
    expect([ds.features, ds.sampleShape, ds.classes]).toEqual([144, [1, 12, 12], [...SHAPE_CLASSES]]);
    expect(classCounts(ds)).toEqual([11, 10, 10, 10]);
    for (let i = 0; i < ds.count; i++) {
      const image = ds.x.subarray(i * 144, (i + 1) * 144);
      const rows = new Set<number>();
      const columns = new Set<number>();
      image.forEach((value, p) => {
        expect([0, 1]).toContain(value);
        if (value === 1) rows.add(Math.floor(p / 12)), columns.add(p % 12);
      });
      const lit = image.reduce((sum, value) => sum + value, 0);
      const shape = SHAPE_CLASSES[ds.y[i]];
      // Strokes are 1 pixel wide at size 12: a bar lights one row (or column), a square its outline, a cross two lines through its middle.
      if (shape === 'horizontal_bar') expect([rows.size, lit]).toEqual([1, columns.size]);
      if (shape === 'vertical_bar') expect([columns.size, lit]).toEqual([1, rows.size]);
      if (shape === 'square') expect([rows.size, lit]).toEqual([columns.size, 4 * rows.size - 4]);
      if (shape === 'cross') expect([rows.size, lit]).toEqual([columns.size, 2 * rows.size - 1]);
      expect(lit).toBeGreaterThanOrEqual(3);
    }
  });

  it('adds σε to every pixel and is registered as generated', () => {
    const clean = loadDataset('shapes', { n: 8, noise: 0, seed: 1 });
    const noisy = loadDataset('shapes', { n: 8, noise: 0.1, seed: 1 });
    expect(noisy.y).toEqual(clean.y);
    expect(noisy.x).not.toEqual(clean.x);
    expect(datasets.get('shapes').origin).toBe('generated');
  });
});
