/** Hand-built safetensors files for the readers' tests. */

const encoder = new TextEncoder();

/** A safetensors file from a header text and data bytes; the length prefix is computed. */
export function safetensorsFile(header: string, data: ArrayLike<number> = []): Uint8Array {
  const json = encoder.encode(header);
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(Array.from(data), 8 + json.length);
  return bytes;
}

/** One header entry. */
export function headerEntry(name: string, dtype: string, shape: number[], begin: number, end: number): string {
  return `"${name}":{"dtype":"${dtype}","shape":[${shape.join(',')}],"data_offsets":[${begin},${end}]}`;
}
