/**
 * Strict UTF-8 decoding. A lenient decoder turns every byte it cannot read
 * into U+FFFD, so a Latin-1 file would train on silently changed text; this
 * one refuses the file and says where the first bad byte is.
 */

/** The first byte of a file that is not UTF-8, located as an editor shows it. */
export class Utf8Error extends Error {
  override readonly name = 'Utf8Error';
  /** As Node names an illegal byte sequence. */
  readonly code = 'EILSEQ';

  constructor(
    /** Where the bad sequence starts, counted in bytes from 0. */
    readonly offset: number,
    /** Its line, from 1. */
    readonly line: number,
    /** Its column in characters from the line's start, from 1 (a byte-order mark is not counted). */
    readonly column: number,
    /** The byte at `offset`. */
    readonly byte: number,
  ) {
    super(`line ${line}, column ${column}: byte ${offset} (${hexByte(byte)}) is not UTF-8; save the file as UTF-8 text`);
  }
}

/** `0xE9`. */
export function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * The text of UTF-8 bytes, byte-order mark kept (a caller that skips it sees
 * it); throws a Utf8Error at the first byte that is not UTF-8, so nothing is
 * ever replaced by U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // The fast native decoder says only that something is wrong; find where.
    const offset = firstInvalidByte(bytes);
    // lastIndexOf from -1 would search from the end.
    let lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    if (lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf && offset >= 3) lineStart = 3;
    // Everything before the bad byte is valid, so its characters count the column.
    const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset)).length + 1;
    throw new Utf8Error(offset, line, column, bytes[offset]);
  }
}

/**
 * Where the first ill-formed sequence starts, by the rules TextDecoder
 * follows (Unicode table 3-7): no overlong forms, no surrogates, nothing
 * above U+10FFFF, no sequence cut short.
 */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    let following: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) following = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      following = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      following = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= following; k++) {
      const next = i + k < bytes.length ? bytes[i + k] : -1;
      if (next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) return i;
    }
    i += following + 1;
  }
  return bytes.length;
}
