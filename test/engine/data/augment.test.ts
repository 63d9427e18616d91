import { describe, expect, it } from 'vitest';
import { BatchIterator, createDataset, ImageAugmentation, transformImage, type ImageShape } from '../../../src/engine/data';
import { ConfigError } from '../../../src/engine/errors';
import { Rng } from '../../../src/engine/rng';
import { thrown } from '../thrown';

/** The pixels of a 1-channel image as rows, for readable expectations. */
function rows(image: Float32Array, height: number, width: number): number[][] {
  return Array.from({ length: height }, (_, r) => Array.from(image.subarray(r * width, (r + 1) * width)));
}

const one: (height: number, width: number) => ImageShape = (height, width) => ({ channels: 1, height, width });

describe('transformImage', () => {
  it('a shift moves a pixel by exactly that many pixels and fills with 0', () => {
    const source = new Float32Array(25);
    source[1 * 5 + 1] = 0.7; // row 1, column 1
    source[4 * 5 + 4] = 0.3; // corner: shifted out
    const out = new Float32Array(25).fill(9);
    transformImage(source, out, one(5, 5), { dx: 2, dy: 1, degrees: 0 });
    const expected = new Float32Array(25);
    expected[2 * 5 + 3] = 0.7; // row 1 + 1, column 1 + 2
    expect(out).toEqual(expected);
  });

  it('a 90° turn of a square image maps every pixel exactly, anticlockwise', () => {
    // 4 × 4 (centre between pixels) and 3 × 3 (centre on a pixel): a turn by +90° takes
    // (row r, column c) to (size − 1 − c, r): the right column becomes the top row.
    for (const size of [3, 4]) {
      const source = Float32Array.from({ length: size * size }, (_, p) => p + 1);
      const out = new Float32Array(size * size);
      transformImage(source, out, one(size, size), { dx: 0, dy: 0, degrees: 90 });
      for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) expect(out[(size - 1 - c) * size + r]).toBe(source[r * size + c]);
    }
    const out = new Float32Array(9);
    transformImage(Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), out, one(3, 3), { dx: 0, dy: 0, degrees: -90 });
    expect(rows(out, 3, 3)).toEqual([[7, 4, 1], [8, 5, 2], [9, 6, 3]]);
  });

  it('reads between pixels bilinearly, turning every channel alike', () => {
    // Two channels of 1 × 3. A 180° turn about the centre reverses each row exactly.
    const source = Float32Array.from([1, 2, 3, 10, 20, 30]);
    const out = new Float32Array(6);
    transformImage(source, out, { channels: 2, height: 1, width: 3 }, { dx: 0, dy: 0, degrees: 180 });
    expect(Array.from(out)).toEqual([3, 2, 1, 30, 20, 10]);
    // 45° on a 3 × 3 with only the centre lit keeps the centre at 1 (it is the pivot).
    const centre = new Float32Array(9);
    centre[4] = 1;
    transformImage(centre.slice(), centre, one(3, 3), { dx: 0, dy: 0, degrees: 45 });
    expect(centre[4]).toBeCloseTo(1, 12);
  });
});

describe('ImageAugmentation', () => {
  const shape = [1, 6, 6];
  const batch = Float32Array.from({ length: 4 * 36 }, (_, i) => (i * 37) % 11);

  it('is the same for the same seed, in place or into a buffer, and different for another seed', () => {
    const a = new ImageAugmentation(shape, { shift: 2, rotate: 15 }, 5).apply(batch.slice());
    const out = new Float32Array(batch.length);
    const b = new ImageAugmentation(shape, { shift: 2, rotate: 15 }, new Rng(5)).apply(batch, out);
    expect(b).toBe(out);
    expect(b).toEqual(a);
    expect(new ImageAugmentation(shape, { shift: 2, rotate: 15 }, 6).apply(batch.slice())).not.toEqual(a);
  });

  it('with shift only, moves each image by whole pixels within ±shift', () => {
    const image = new Float32Array(36);
    image[2 * 6 + 3] = 1;
    const augment = new ImageAugmentation(shape, { shift: 1 }, 3);
    const moves = new Set<string>();
    for (let k = 0; k < 60; k++) {
      const out = augment.apply(image, new Float32Array(36));
      const at = out.indexOf(1);
      expect(out.reduce((sum, v) => sum + v, 0)).toBe(1);
      moves.add(`${Math.floor(at / 6) - 2},${(at % 6) - 3}`);
    }
    expect(moves.size).toBe(9);
  });

  it('is an augmentation the batch iterator applies, and refuses data that are not images', () => {
    const ds = createDataset({ name: 'img', x: batch, y: new Float32Array([0, 1, 0, 1]), task: 'classification', features: 36, sampleShape: shape, classes: ['a', 'b'] });
    const iterator = new BatchIterator(ds, { batchSize: 4, shuffle: false, augment: new ImageAugmentation(ds.sampleShape, { shift: 1 }, 2) });
    expect(iterator.next()!.x).toEqual(new ImageAugmentation(shape, { shift: 1 }, 2).apply(batch.slice()));
    const error = thrown(() => new ImageAugmentation([36], { shift: 1 }, 0));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('augment: shifts and rotations need images (sample shape [C, H, W]), got sample shape [36]');
    expect(thrown(() => new ImageAugmentation(shape, { rotate: 200 }, 0)).message).toBe('augment: rotate must be in [0, 180], got 200');
  });
});
