/**
 * Compiling the engine's WebAssembly SIMD modules (the matrix kernel, the
 * optimizer updates, the ReLU family) from their generated base64 text.
 */

/** A generated module's bytes from its base64 text. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The compiled module, or null where this runtime cannot run it: no
 * WebAssembly, or no SIMD, which WebAssembly.validate reports by rejecting
 * the module's own bytes.
 */
export function compileWasm(base64: string): WebAssembly.Module | null {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return null;
  try {
    const bytes = decodeBase64(base64);
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  } catch {
    return null;
  }
}
