/**
 * im2col and col2im: the rearrangement that turns a 2-D convolution into one
 * matrix product (Chellapilla et al. 2006). Each column of the patch matrix
 * is one output position; each row one (channel, kernel row, kernel column)
 * tap, in the order of a PyTorch weight [out, in, kh, kw] flattened to
 * [out, in·kh·kw]. Taps that fall in the zero padding read 0.
 */

/** Where a kernel's taps land on one image: everything im2col and col2im need. */
export interface ConvGeometry {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  /** Zero rows above the image; any below are implied by `outHeight`. */
  readonly padTop: number;
  /** Zero columns left of the image; any on the right are implied by `outWidth`. */
  readonly padLeft: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/**
 * PyTorch's output length along one axis:
 * ⌊(n + padding − d·(k − 1) − 1)/s⌋ + 1, where `padding` is both sides together.
 */
export function convOutputLength(n: number, kernel: number, stride: number, padding: number, dilation: number): number {
  return Math.floor((n + padding - dilation * (kernel - 1) - 1) / stride) + 1;
}

/**
 * Writes one image's patch matrix [C·kh·kw, Ho·Wo] into `col`, row r starting
 * at `colStart + r·rowStride`. A row stride of Ho·Wo packs one sample's
 * matrix; a row stride of batch·Ho·Wo with `colStart` = sample·Ho·Wo lays a
 * whole batch side by side as [C·kh·kw, batch·Ho·Wo].
 */
export function im2col(
  input: Float32Array, inputStart: number, g: ConvGeometry,
  col: Float32Array, colStart: number, rowStride: number,
): void {
  const { height, width, outHeight, outWidth, strideHeight, strideWidth } = g;
  let row = 0;
  for (let c = 0; c < g.channels; c++) {
    const plane = inputStart + c * height * width;
    for (let ki = 0; ki < g.kernelHeight; ki++) {
      const rowOffset = ki * g.dilationHeight - g.padTop;
      for (let kj = 0; kj < g.kernelWidth; kj++, row++) {
        const columnOffset = kj * g.dilationWidth - g.padLeft;
        // The output columns whose tap lands inside the image: x = ox·s + offset ∈ [0, width).
        const first = columnOffset >= 0 ? 0 : Math.ceil(-columnOffset / strideWidth);
        const end = Math.min(outWidth, Math.max(first, Math.ceil((width - columnOffset) / strideWidth)));
        let at = colStart + row * rowStride;
        for (let oy = 0; oy < outHeight; oy++, at += outWidth) {
          const y = oy * strideHeight + rowOffset;
          if (y < 0 || y >= height) {
            col.fill(0, at, at + outWidth);
            continue;
          }
          const line = plane + y * width + columnOffset;
          for (let ox = 0; ox < first; ox++) col[at + ox] = 0;
          if (strideWidth === 1) {
            for (let ox = first; ox < end; ox++) col[at + ox] = input[line + ox];
          } else {
            for (let ox = first; ox < end; ox++) col[at + ox] = input[line + ox * strideWidth];
          }
          for (let ox = end; ox < outWidth; ox++) col[at + ox] = 0;
        }
      }
    }
  }
}

/**
 * The adjoint of im2col: adds every tap of the patch matrix back onto the
 * pixel it was read from (taps in the padding are dropped), so
 * dL/dx = col2im(dL/dcol). Overwrites the image at `imageStart` first.
 */
export function col2im(
  col: Float32Array, colStart: number, rowStride: number, g: ConvGeometry,
  image: Float32Array, imageStart: number,
): void {
  const { height, width, outHeight, outWidth, strideHeight, strideWidth } = g;
  image.fill(0, imageStart, imageStart + g.channels * height * width);
  let row = 0;
  for (let c = 0; c < g.channels; c++) {
    const plane = imageStart + c * height * width;
    for (let ki = 0; ki < g.kernelHeight; ki++) {
      const rowOffset = ki * g.dilationHeight - g.padTop;
      for (let kj = 0; kj < g.kernelWidth; kj++, row++) {
        const columnOffset = kj * g.dilationWidth - g.padLeft;
        const first = columnOffset >= 0 ? 0 : Math.ceil(-columnOffset / strideWidth);
        const end = Math.min(outWidth, Math.max(first, Math.ceil((width - columnOffset) / strideWidth)));
        let at = colStart + row * rowStride;
        for (let oy = 0; oy < outHeight; oy++, at += outWidth) {
          const y = oy * strideHeight + rowOffset;
          if (y < 0 || y >= height) continue;
          const line = plane + y * width + columnOffset;
          for (let ox = first; ox < end; ox++) image[line + ox * strideWidth] += col[at + ox];
        }
      }
    }
  }
}
