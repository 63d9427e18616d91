/** The MIME type of a training cell's output, read by the notebook renderer. */
export const RUN_OUTPUT_MIME = 'application/vnd.nnlab.run+json';

/** A training run as a cell output carries it. */
export interface RunOutput {
  /** Shown above the charts, e.g. "train epochs=40 batch=32". */
  readonly title: string;
  /** Optimizer step of each recorded loss value. */
  readonly steps: readonly number[];
  /** Training loss at those steps. */
  readonly loss: readonly number[];
}
