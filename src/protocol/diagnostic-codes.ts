/**
 * The stable diagnostic codes, in the order findings are listed; documented
 * in docs/diagnostics.md. The engine's checks find them and the report groups
 * by them, so they live in the protocol both sides read.
 */
export const DIAGNOSTIC_CODES = [
  'symmetry', 'vanishing-gradients', 'exploding-gradients', 'vanishing-through-time', 'exploding-through-time', 'dying-relu', 'saturation', 'frequent-clipping',
  'divergence', 'lr-too-high', 'plateau', 'init-mismatch', 'overfitting', 'update-ratio',
] as const;

/** One of the DIAGNOSTIC_CODES. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
