/**
 * The 0-based line of the `.nnlab` file each code cell's source starts on,
 * by cell index, found by searching for the sources in order; so a cell's
 * `line:column` can be printed as the file's.
 */
export function cellFirstLines(text: string, cells: readonly { readonly source: string }[]): Map<number, number> {
  const firstLines = new Map<number, number>();
  let from = 0;
  cells.forEach((cell, index) => {
    const found = text.indexOf(cell.source, from);
    if (found < 0) return;
    firstLines.set(index, text.slice(0, found).split('\n').length - 1);
    from = found + cell.source.length;
  });
  return firstLines;
}
