/**
 * Python literals for the exported script. Numbers use JavaScript's
 * shortest round-trip spelling, which Python's float() reads back to the
 * same double, so a hyper-parameter in the script is exactly ours.
 */

/** A number as Python source: `0.001`, `1e-07` style exponents, whole numbers without a point. */
export function pyNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} has no Python literal here`);
  return String(value);
}

/** A float literal: whole numbers get `.0`, so a learning rate of 1 reads as a rate. */
export function pyFloat(value: number): string {
  const text = pyNumber(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A string literal; JSON's escapes are Python's. */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** True/False. */
export function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}
