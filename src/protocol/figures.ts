/**
 * How a diagnostic's figures are written and its layers ordered: the engine
 * writes figures into its messages and the report writes a group's range of
 * them, and the two must read alike. Kept in the protocol, beside the codes,
 * so the report and the renderer need nothing of the engine.
 */

/** A figure as a message shows it: three significant digits, exponent form outside [0.001, 100 000). */
export function formatFigure(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(x.toPrecision(3)));
  const [mantissa, exponent] = x.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')}e${exponent.replace('+', '')}`;
}

/** A fraction as a percentage: whole percent, or two significant digits below 1 %. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (percent !== 0 && Math.abs(percent) < 1) return `${Number(percent.toPrecision(2))} %`;
  return `${Math.round(percent)} %`;
}

/** Orders layer names as positions: `2` before `10`; names that are not numbers after, alphabetically. */
export function compareLayerNames(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const [x, y] = [Number(a), Number(b)];
  const [xNumeric, yNumeric] = [a.trim() !== '' && Number.isFinite(x), b.trim() !== '' && Number.isFinite(y)];
  if (xNumeric && yNumeric) return x - y;
  if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
  return a < b ? -1 : 1;
}
