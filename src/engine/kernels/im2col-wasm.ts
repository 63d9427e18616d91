/**
 * im2col and col2im for stride 1 on the f32x4 kernels of im2col.wat. A group
 * of an image's channel planes is copied into the kernel's memory, padded
 * there once, and its patch-matrix rows written as vector copies of
 * contiguous runs (or, for col2im, added back run by run); the result is
 * copied out whole. The scalar loops they replace move one value at a time.
 */
import { AreaViews, ChunkViews, instantiateWasm, WASM_PAGE_BYTES } from '../wasm-module';
import type { ConvGeometry } from './im2col';
import { im2colWasmBase64 } from './im2col-wasm.generated';

/** im2col and col2im of one sample of a batch of images, for the geometries `covers` accepts. */
export interface RearrangeKernels {
  /** Whether the kernels handle this geometry: stride 1 (any padding and dilation). */
  covers(g: ConvGeometry): boolean;
  /** Writes sample `sample` of `input` (samples of C·H·W) as its patch matrix [C·kh·kw, Ho·Wo] into `col`, as im2col with a row stride of Ho·Wo. */
  im2col(input: Float32Array, sample: number, g: ConvGeometry, col: Float32Array): void;
  /** Overwrites sample `sample` of `image` with col2im of the patch matrix `col` [C·kh·kw, Ho·Wo], adding each pixel's taps in the same order. */
  col2im(col: Float32Array, g: ConvGeometry, image: Float32Array, sample: number): void;
}

interface Exports {
  pad(src: number, planes: number, height: number, width: number, padTop: number, padLeft: number, paddedHeight: number, paddedWidth: number, dst: number): void;
  patches(src: number, planes: number, paddedHeight: number, paddedWidth: number, kernelHeight: number, kernelWidth: number, dilationHeight: number, dilationWidth: number, outHeight: number, outWidth: number, dst: number): void;
  accumulate(src: number, planes: number, paddedHeight: number, paddedWidth: number, kernelHeight: number, kernelWidth: number, dilationHeight: number, dilationWidth: number, outHeight: number, outWidth: number, dst: number): void;
  crop(src: number, planes: number, paddedHeight: number, paddedWidth: number, padTop: number, padLeft: number, height: number, width: number, dst: number): void;
}

/** Patch-matrix floats per group, 64 KB; one channel's rows larger than that are a group of their own. */
const CHUNK = 16384;
/** Floats past an area's values that the kernels' last vectors may read or write. */
const SLACK = 8;

/** How one geometry is cut: channel groups and the sizes of one group's areas. */
interface Plan {
  /** Channels per group, a divisor of the channels, so groups never straddle samples. */
  readonly groupChannels: number;
  readonly groups: number;
  readonly paddedHeight: number;
  readonly paddedWidth: number;
  readonly padded: boolean;
  /** Floats of one group's image, its padded planes and its patch-matrix rows. */
  readonly imageFloats: number;
  readonly patchFloats: number;
  readonly largest: number;
}

function planOf(g: ConvGeometry): Plan {
  const { channels, height, width, kernelHeight, kernelWidth, outHeight, outWidth } = g;
  // With stride 1 the padded image is exactly the span the taps cover.
  const paddedHeight = outHeight + g.dilationHeight * (kernelHeight - 1);
  const paddedWidth = outWidth + g.dilationWidth * (kernelWidth - 1);
  const rowsPerChannel = kernelHeight * kernelWidth * outHeight * outWidth;
  let groupChannels = 1;
  for (let d = channels; d > 1; d--) {
    if (channels % d === 0 && d * rowsPerChannel <= CHUNK) {
      groupChannels = d;
      break;
    }
  }
  const padded = paddedHeight !== height || paddedWidth !== width;
  const imageFloats = groupChannels * height * width;
  const patchFloats = groupChannels * rowsPerChannel;
  const paddedFloats = padded ? groupChannels * paddedHeight * paddedWidth : 0;
  return {
    groupChannels, groups: channels / groupChannels, paddedHeight, paddedWidth, padded,
    imageFloats, patchFloats, largest: Math.max(imageFloats, patchFloats, paddedFloats),
  };
}

/** The kernels, or undefined where WebAssembly SIMD is missing. */
export function createRearrangeKernels(): RearrangeKernels | undefined {
  const instance = instantiateWasm<Exports>(im2colWasmBase64);
  if (instance === undefined) return undefined;
  const { exports: kernels, memory } = instance;
  const plans = new WeakMap<ConvGeometry, Plan>();
  const chunks = new ChunkViews();
  // Three areas of `area` floats: the result, the operand, the padded planes.
  let area = 0;
  let heap = new Float32Array(memory.buffer);
  let results = new AreaViews(heap, 0);

  function prepare(g: ConvGeometry): Plan {
    let plan = plans.get(g);
    if (plan === undefined) {
      plan = planOf(g);
      plans.set(g, plan);
    }
    if (plan.largest + SLACK > area) {
      area = (plan.largest + SLACK + 3) & ~3;
      const bytes = 3 * area * 4;
      if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / WASM_PAGE_BYTES));
      heap = new Float32Array(memory.buffer);
      results = new AreaViews(heap, 0);
    }
    return plan;
  }

  /** `images`' group views: samples of C·H·W cut into groups of whole planes. */
  function groupsOf(images: Float32Array, plan: Plan): Float32Array[] {
    return chunks.of(images, images.length - (images.length % plan.imageFloats), plan.imageFloats);
  }

  return {
    covers: (g) => g.strideHeight === 1 && g.strideWidth === 1,

    im2col(input, sample, g, col) {
      const plan = prepare(g);
      const images = groupsOf(input, plan);
      const rows = chunks.of(col, plan.groups * plan.patchFloats, plan.patchFloats);
      const operand = area * 4;
      const paddedAt = 2 * area * 4;
      for (let group = 0; group < plan.groups; group++) {
        heap.set(images[sample * plan.groups + group], area);
        if (plan.padded) {
          kernels.pad(operand, plan.groupChannels, g.height, g.width, g.padTop, g.padLeft, plan.paddedHeight, plan.paddedWidth, paddedAt);
        }
        kernels.patches(
          plan.padded ? paddedAt : operand, plan.groupChannels, plan.paddedHeight, plan.paddedWidth,
          g.kernelHeight, g.kernelWidth, g.dilationHeight, g.dilationWidth, g.outHeight, g.outWidth, 0,
        );
        rows[group].set(results.of(plan.patchFloats));
      }
    },

    col2im(col, g, image, sample) {
      const plan = prepare(g);
      const images = groupsOf(image, plan);
      const rows = chunks.of(col, plan.groups * plan.patchFloats, plan.patchFloats);
      const paddedAt = 2 * area * 4;
      for (let group = 0; group < plan.groups; group++) {
        heap.set(rows[group], area);
        kernels.accumulate(
          area * 4, plan.groupChannels, plan.paddedHeight, plan.paddedWidth,
          g.kernelHeight, g.kernelWidth, g.dilationHeight, g.dilationWidth, g.outHeight, g.outWidth,
          plan.padded ? paddedAt : 0,
        );
        if (plan.padded) kernels.crop(paddedAt, plan.groupChannels, plan.paddedHeight, plan.paddedWidth, g.padTop, g.padLeft, g.height, g.width, 0);
        images[sample * plan.groups + group].set(results.of(plan.imageFloats));
      }
    },
  };
}
