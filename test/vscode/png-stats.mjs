// What a screenshot holds, in a few numbers: its size, how many colours it
// uses and how much its brightness varies. A blank or half-painted window has
// few colours and little variation. Decodes the PNGs Chromium writes (8-bit
// RGB or RGBA, not interlaced) with Node's zlib alone.
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 2: 3, 6: 4 };

/** { width, height, colours (distinct RGB values), luminanceSpread (standard deviation, 0–255) } of a PNG. */
export function pngStats(png) {
  const { width, height, channels, pixels } = decode(png);
  const colours = new Set();
  let sum = 0;
  let sumSquares = 0;
  for (let offset = 0; offset < pixels.length; offset += channels) {
    const [r, g, b] = [pixels[offset], pixels[offset + 1], pixels[offset + 2]];
    colours.add((r << 16) | (g << 8) | b);
    const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += luminance;
    sumSquares += luminance * luminance;
  }
  const count = width * height;
  const mean = sum / count;
  return { width, height, colours: colours.size, luminanceSpread: Math.sqrt(Math.max(0, sumSquares / count - mean * mean)) };
}

function decode(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let width = 0;
  let height = 0;
  let channels = 0;
  const data = [];
  for (let offset = 8; offset < png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      channels = CHANNELS[body[9]];
      if (body[8] !== 8 || !channels || body[12] !== 0) throw new Error(`unsupported PNG: bit depth ${body[8]}, colour type ${body[9]}, interlace ${body[12]}`);
    } else if (type === 'IDAT') {
      data.push(body);
    }
    offset += 12 + length;
  }
  return { width, height, channels, pixels: unfilter(inflateSync(Buffer.concat(data)), width, height, channels) };
}

/** Undoes the per-row filters of PNG (none, sub, up, average, Paeth). */
function unfilter(raw, width, height, channels) {
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let row = 0; row < height; row += 1) {
    const filter = raw[row * (stride + 1)];
    const source = row * (stride + 1) + 1;
    const target = row * stride;
    for (let x = 0; x < stride; x += 1) {
      const left = x >= channels ? pixels[target + x - channels] : 0;
      const up = row > 0 ? pixels[target + x - stride] : 0;
      const upLeft = row > 0 && x >= channels ? pixels[target + x - stride - channels] : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      pixels[target + x] = (raw[source + x] + predicted) & 0xff;
    }
  }
  return pixels;
}

function paeth(left, up, upLeft) {
  const estimate = left + up - upLeft;
  const toLeft = Math.abs(estimate - left);
  const toUp = Math.abs(estimate - up);
  const toUpLeft = Math.abs(estimate - upLeft);
  if (toLeft <= toUp && toLeft <= toUpLeft) return left;
  return toUp <= toUpLeft ? up : upLeft;
}
