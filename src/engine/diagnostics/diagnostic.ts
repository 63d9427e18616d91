import type { DiagnosticCode } from '../../protocol/diagnostic-codes';

export { DIAGNOSTIC_CODES, type DiagnosticCode } from '../../protocol/diagnostic-codes';

export type Severity = 'error' | 'warning' | 'info';

/**
 * The declaration a diagnostic is about, so the language can put the squiggle
 * on the line that declared it: a layer (with `layer`), or a run-wide setting.
 */
export type DiagnosticSubject = 'layer' | 'optimizer' | 'clip' | 'schedule' | 'loss' | 'train';

/** One finding about a run: what was measured, against what, and what to do. */
export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One sentence with the measured figure and the threshold. */
  readonly message: string;
  readonly measured: number;
  readonly threshold: number;
  readonly subject: DiagnosticSubject;
  /** Layer position name, for layer diagnostics. */
  readonly layer?: string;
  /** Step (or, for epoch-level findings, the step at the end of that epoch) where it was seen. */
  readonly step?: number;
  readonly epoch?: number;
  /** What to change, in one sentence. */
  readonly fix: string;
  /** The catalog name of the concept the fix is about (`he_normal`, `norm`, `batchnorm`, …). */
  readonly fixConcept: string;
}
