/**
 * The stable diagnostic codes, in the order findings are listed, each with
 * what its measured figure is: a fraction (dead units, clipped steps),
 * shown as a percentage as its message shows it, or a plain figure (a
 * variance, a ratio). Documented in docs/diagnostics.md. The engine's checks
 * find them and the report groups by them, so they live in the protocol both
 * sides read.
 */
const FIGURES = {
  'symmetry': 'figure',
  'vanishing-gradients': 'figure',
  'exploding-gradients': 'figure',
  'vanishing-through-time': 'figure',
  'exploding-through-time': 'figure',
  'dying-relu': 'fraction',
  'saturation': 'fraction',
  'frequent-clipping': 'fraction',
  'divergence': 'figure',
  'lr-too-high': 'figure',
  'plateau': 'fraction',
  'chance-level': 'fraction',
  'init-mismatch': 'figure',
  'overfitting': 'figure',
  'update-ratio': 'figure',
} as const satisfies Readonly<Record<string, 'fraction' | 'figure'>>;

/** One of the DIAGNOSTIC_CODES. */
export type DiagnosticCode = keyof typeof FIGURES;

export const DIAGNOSTIC_CODES = Object.keys(FIGURES) as readonly DiagnosticCode[];

/** Whether a code's measured figure and threshold are fractions, shown as percentages. */
export function measuresFraction(code: DiagnosticCode): boolean {
  return FIGURES[code] === 'fraction';
}
