/**
 * A `.nnlab` file's bytes as the notebook's text and back, without VS Code.
 * The format module is byte-exact on text; this keeps the bytes exact too:
 * a byte order mark stays in the text (the format records and writes it back),
 * and a file that is not UTF-8 is refused rather than read with U+FFFD in
 * place of its bytes, which a save would then write over the original.
 */

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the text instead of dropping it silently.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A file's bytes as text; throws, naming the first byte that is not UTF-8 and its offset and line, when they are not. */
export function textOfFile(bytes: Uint8Array): string {
  const bad = firstInvalidUtf8(bytes);
  if (bad !== undefined) {
    const hex = bytes[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new Error(
      `This notebook is not UTF-8 text: byte 0x${hex} at offset ${bad} (line ${lineAt(bytes, bad)}) cannot be read. ` +
        'NN Lab notebooks are UTF-8; convert the file to UTF-8 and open it again.',
    );
  }
  return decoder.decode(bytes);
}

/** The notebook's text as the file's bytes. */
export function fileOfText(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * The offset of the first byte that breaks UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or undefined when all is
 * valid. A character whose continuation is wrong or missing is reported at
 * its lead byte, which is where a decoder would put the first U+FFFD.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const shape = sequenceShape(lead);
    if (shape === undefined) return i;
    const [length, low, high] = shape;
    for (let k = 1; k < length; k++) {
      const byte = bytes[i + k] ?? -1;
      if (k === 1 ? !inRange(byte, low, high) : !inRange(byte, 0x80, 0xbf)) return i;
    }
    i += length;
  }
  return undefined;
}

/** Length of the sequence a lead byte starts and the range its second byte must fall in. */
function sequenceShape(lead: number): [number, number, number] | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return undefined;
}

function inRange(byte: number, low: number, high: number): boolean {
  return byte >= low && byte <= high;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
