import { decodeUtf8, hexByte, Utf8Error } from '../engine/utf8';

/**
 * A `.nnlab` file's bytes as the notebook's text and back, without VS Code.
 * The format module is byte-exact on text; this keeps the bytes exact too:
 * a byte order mark stays in the text (the format records and writes it back),
 * and a file that is not UTF-8 is refused rather than read with U+FFFD in
 * place of its bytes, which a save would then write over the original.
 */

const encoder = new TextEncoder();

/** A file's bytes as text; throws, naming the first byte that is not UTF-8 and its offset and line, when they are not. */
export function textOfFile(bytes: Uint8Array): string {
  try {
    return decodeUtf8(bytes);
  } catch (error) {
    if (!(error instanceof Utf8Error)) throw error;
    throw new Error(
      `This notebook is not UTF-8 text: byte ${hexByte(error.byte)} at offset ${error.offset} (line ${error.line}) cannot be read. ` +
        'NN Lab notebooks are UTF-8; convert the file to UTF-8 and open it again.',
    );
  }
}

/** The notebook's text as the file's bytes. */
export function fileOfText(text: string): Uint8Array {
  return encoder.encode(text);
}
