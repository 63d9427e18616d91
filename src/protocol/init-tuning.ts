/** What MetaInit or GradInit did before training, as a run's output carries it. */
export interface InitTuningSummary {
  readonly method: 'metainit' | 'gradinit';
  /**
   * The objective per meta-step: MetaInit's gradient quotient before the
   * step, or GradInit's loss after the simulated optimizer step.
   */
  readonly objective: readonly number[];
  /** GradInit: per step, whether ‖g‖ exceeded γ, so the step lowered the gradient norm instead. */
  readonly constrained?: readonly boolean[];
  /** Per tuned weight tensor: its norm after tuning over its norm as the base initializer drew it. */
  readonly scales: readonly { readonly layer: string; readonly parameter: string; readonly base: string; readonly scale: number }[];
  /** Training rows in each tuning batch. */
  readonly batchSize: number;
}
