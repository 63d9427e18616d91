import type { RunData } from './run-data';

/**
 * The finished `train` runs drawn anywhere in this notebook's outputs. VS
 * Code renders every output of a notebook in one page, so a run's view can
 * offer the runs of other cells to draw beside its own — a comparison
 * across cells, as TensorBoard overlays runs, without writing a `compare`.
 */

/** A run another view may draw beside its own. */
export interface SharedRun {
  /** The view that drew it; unique in the page. */
  readonly key: string;
  /** What its output is titled: the statement, "train epochs=40 batch=32". */
  readonly title: string;
  readonly run: RunData;
}

export class RunRegistry {
  private readonly runs = new Map<string, SharedRun>();
  private readonly listeners = new Set<() => void>();

  /** Offers a finished run to the other views (replacing the view's earlier one). */
  publish(shared: SharedRun): void {
    this.runs.set(shared.key, shared);
    this.notify();
  }

  /** Takes a view's run back: the view went away, or its cell is running again. */
  withdraw(key: string): void {
    if (this.runs.delete(key)) this.notify();
  }

  /** Every run but the view's own, in the order they were first drawn. */
  others(key: string): SharedRun[] {
    return [...this.runs.values()].filter((shared) => shared.key !== key);
  }

  /** Calls `listener` whenever a run is offered or taken back; returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
