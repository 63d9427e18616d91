/**
 * Cells with the cursor written in: `optimizer adam |` is the text
 * `optimizer adam ` with the cursor at offset 15. The marker is the one `|`
 * of the text; the language has no `|` of its own.
 */
export function withCursor(marked: string): { readonly text: string; readonly offset: number } {
  const offset = marked.indexOf('|');
  if (offset < 0 || marked.indexOf('|', offset + 1) >= 0) throw new Error(`mark the cursor with exactly one '|': ${marked}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}
