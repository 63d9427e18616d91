import { ConfigError } from '../errors';
import { number, ParamSchema, type Options } from '../params';
import { Rng } from '../rng';
import type { Augmentation } from './preprocessing';

/**
 * Image augmentation for training batches: each image is shifted and
 * rotated by its own random amount, so the network sees a slightly different
 * copy of every image each epoch (Simard, Steinkraus & Platt 2003 for MNIST;
 * torchvision's RandomAffine with translate and degrees).
 */

export const imageAugmentSchema = new ParamSchema('augment', {
  shift: number({
    default: 0,
    min: 0,
    max: 64,
    integer: true,
    doc: 'Largest shift in pixels: each image moves by whole pixels drawn uniformly from −shift…shift, across and down apart; what moves in is 0.',
  }),
  rotate: number({
    default: 0,
    min: 0,
    max: 180,
    doc: 'Largest rotation in degrees: each image turns about its centre by an angle drawn uniformly from [−rotate, rotate] (positive is anticlockwise), read bilinearly; what turns in is 0.',
  }),
});

/** Options of `ImageAugmentation`; each field is documented in `imageAugmentSchema`. */
export type ImageAugmentOptions = Options<typeof imageAugmentSchema.specs>;

/** An image's layout: channels, height, width (NCHW without the N). */
export interface ImageShape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/** One image's move: right by dx and down by dy pixels after turning anticlockwise by `degrees` about the centre. */
export interface ImageTransform {
  readonly dx: number;
  readonly dy: number;
  readonly degrees: number;
}

/** [C, H, W], or [H, W] as one channel; anything else is not an image. */
export function imageShapeOf(sampleShape: readonly number[], owner = 'augment'): ImageShape {
  if (sampleShape.length === 3) return { channels: sampleShape[0], height: sampleShape[1], width: sampleShape[2] };
  if (sampleShape.length === 2) return { channels: 1, height: sampleShape[0], width: sampleShape[1] };
  throw new ConfigError(`${owner}: shifts and rotations need images (sample shape [C, H, W]), got sample shape [${sampleShape.join(', ')}]`);
}

/** cos and sin of an angle in degrees, exact at multiples of 90° so a quarter turn moves pixels without blur. */
function cosSin(degrees: number): [number, number] {
  const quarter = degrees / 90;
  if (Number.isInteger(quarter)) {
    const exact: [number, number][] = [[1, 0], [0, 1], [-1, 0], [0, -1]];
    return exact[((quarter % 4) + 4) % 4];
  }
  const radians = (degrees * Math.PI) / 180;
  return [Math.cos(radians), Math.sin(radians)];
}

/**
 * Writes one transformed image (`shape.channels` planes from `sourceOffset`
 * of `source`) into `out` at `outOffset`. Each output pixel is read back
 * through the inverse transform from the source, bilinearly between its four
 * nearest pixels, with 0 outside the image; a whole-pixel position is copied
 * exactly. Rotation is about the image centre ((W − 1)/2, (H − 1)/2), with
 * rows running down the screen.
 */
export function transformImage(
  source: ArrayLike<number>,
  out: Float32Array,
  shape: ImageShape,
  transform: ImageTransform,
  sourceOffset = 0,
  outOffset = 0,
): void {
  const { channels, height, width } = shape;
  const [cos, sin] = cosSin(transform.degrees);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const plane = height * width;
  const at = (base: number, row: number, column: number): number =>
    row >= 0 && row < height && column >= 0 && column < width ? source[base + row * width + column] : 0;
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      // Undo the shift, then turn back by −θ (y down: an anticlockwise turn on screen).
      const u = column - transform.dx - centreX;
      const v = row - transform.dy - centreY;
      const x = centreX + u * cos - v * sin;
      const y = centreY + u * sin + v * cos;
      const left = Math.floor(x);
      const top = Math.floor(y);
      const fx = x - left;
      const fy = y - top;
      for (let c = 0; c < channels; c++) {
        const base = sourceOffset + c * plane;
        let value: number;
        if (fx === 0 && fy === 0) {
          value = at(base, top, left);
        } else {
          const upper = (1 - fx) * at(base, top, left) + fx * at(base, top, left + 1);
          const lower = (1 - fx) * at(base, top + 1, left) + fx * at(base, top + 1, left + 1);
          value = (1 - fy) * upper + fy * lower;
        }
        out[outOffset + c * plane + row * width + column] = value;
      }
    }
  }
}

/**
 * Random shifts and rotations of a batch of images, one draw per image from
 * the generator, so a run repeats exactly for the same seed. Works in place
 * (the default) or into the caller's buffer; the one image of scratch it
 * needs is made once, so a batch allocates nothing.
 *
 *   const augment = new ImageAugmentation(dataset.sampleShape, { shift: 2, rotate: 10 }, rng);
 *   augment.apply(batch.x); // or augment.apply(batch.x, out)
 */
export class ImageAugmentation implements Augmentation {
  readonly shape: ImageShape;
  readonly shift: number;
  readonly rotate: number;
  private readonly rng: Rng;
  private readonly scratch: Float32Array;

  constructor(sampleShape: readonly number[], options: ImageAugmentOptions, rng: Rng | number) {
    const o = imageAugmentSchema.resolve(options);
    this.shape = imageShapeOf(sampleShape);
    this.shift = o.shift;
    this.rotate = o.rotate;
    this.rng = typeof rng === 'number' ? new Rng(rng) : rng;
    this.scratch = new Float32Array(this.shape.channels * this.shape.height * this.shape.width);
  }

  /** The next image's transform: each part drawn only when its option is above 0. */
  private draw(): ImageTransform {
    const whole = (): number => (this.shift > 0 ? this.rng.int(2 * this.shift + 1) - this.shift : 0);
    const dx = whole();
    const dy = whole();
    const degrees = this.rotate > 0 ? this.rng.uniformIn(-this.rotate, this.rotate) : 0;
    return { dx, dy, degrees };
  }

  apply(x: Float32Array, out: Float32Array = x): Float32Array {
    const size = this.scratch.length;
    if (out.length !== x.length) throw new ConfigError(`augment: the output must hold ${x.length} values, got ${out.length}`);
    if (x.length % size !== 0) throw new ConfigError(`augment: ${x.length} values are not a whole number of images of ${size}`);
    for (let offset = 0; offset < x.length; offset += size) {
      const transform = this.draw();
      // Through the scratch image, so writing `out` in place never reads a pixel already moved.
      this.scratch.set(x.subarray(offset, offset + size));
      transformImage(this.scratch, out, this.shape, transform, 0, offset);
    }
    return out;
  }
}
