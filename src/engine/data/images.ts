import { number, ParamSchema, type Options } from '../params';
import { Rng } from '../rng';
import { balancedCounts, createDataset, type Dataset } from './dataset';

/** The classes of `shapes`, in class-index order. */
export const SHAPE_CLASSES = ['horizontal_bar', 'vertical_bar', 'square', 'cross'] as const;

export const shapesSchema = new ParamSchema('dataset shapes', {
  n: number({ default: 1000, min: 4, max: 100_000, integer: true, doc: 'Number of images, shared evenly by the 4 shapes.' }),
  size: number({ default: 16, min: 8, max: 64, integer: true, doc: 'Width and height of the square images, in pixels.' }),
  noise: number({ default: 0.1, min: 0, doc: 'Standard deviation σ of the Gaussian noise added to every pixel.' }),
  seed: number({ default: 0, min: 0, max: 4294967295, integer: true, doc: 'Seed of the random draws: the same seed gives the same images.' }),
});

/**
 * Synthetic grey images of four shapes: a horizontal bar, a vertical bar, a
 * square outline and a cross (a plus sign), drawn in 1 on 0 with random size
 * and position, plus σε on every pixel. One channel, channels first
 * (sampleShape [1, size, size]). A convolution finds a bar wherever it is; a
 * dense layer must learn each position apart, which is what the set is for.
 * Strokes are size/16 pixels wide (at least 1); bars are size/2 to size − 2
 * long, squares and crosses size/4 to size − 4 across. Classes are balanced
 * and come out shuffled.
 */
export function makeShapes(options: Options<typeof shapesSchema.specs> = {}): Dataset {
  const o = shapesSchema.resolve(options);
  const rng = new Rng(o.seed);
  const pixels = o.size * o.size;
  const labels = rng.shuffle(balancedCounts(o.n, SHAPE_CLASSES.length).flatMap((count, label) => new Array<number>(count).fill(label)));
  const x = new Float32Array(o.n * pixels);
  labels.forEach((label, i) => {
    const image = x.subarray(i * pixels, (i + 1) * pixels);
    drawShape(image, o.size, label, rng);
    for (let p = 0; p < pixels; p++) image[p] += rng.normal(0, o.noise);
  });
  return createDataset({
    name: 'shapes',
    x,
    y: Float32Array.from(labels),
    task: 'classification',
    features: pixels,
    sampleShape: [1, o.size, o.size],
    classes: SHAPE_CLASSES,
    featureNames: Array.from({ length: pixels }, (_, p) => `pixel${p}`),
  });
}

function drawShape(image: Float32Array, size: number, label: number, rng: Rng): void {
  const stroke = Math.max(1, Math.floor(size / 16));
  const between = (low: number, high: number): number => low + rng.int(high - low + 1);
  const fill = (top: number, left: number, height: number, width: number): void => {
    for (let r = top; r < top + height; r++) for (let c = left; c < left + width; c++) image[r * size + c] = 1;
  };
  const shape = SHAPE_CLASSES[label];
  if (shape === 'horizontal_bar' || shape === 'vertical_bar') {
    const length = between(Math.floor(size / 2), size - 2);
    const along = between(0, size - length);
    const across = between(0, size - stroke);
    if (shape === 'horizontal_bar') fill(across, along, stroke, length);
    else fill(along, across, length, stroke);
    return;
  }
  const span = between(Math.max(3 * stroke, Math.floor(size / 4)), size - 4);
  const top = between(0, size - span);
  const left = between(0, size - span);
  if (shape === 'square') {
    fill(top, left, stroke, span);
    fill(top + span - stroke, left, stroke, span);
    fill(top, left, span, stroke);
    fill(top, left + span - stroke, span, stroke);
  } else {
    const middle = Math.floor((span - stroke) / 2);
    fill(top + middle, left, stroke, span);
    fill(top, left + middle, span, stroke);
  }
}
