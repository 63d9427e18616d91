import type { CellResult, RunSummary } from '../../protocol/cell-output';

/**
 * A cell's per-epoch figures as a file: CSV for a spreadsheet, JSON for a
 * script. One row per run and epoch (epoch 0 is the network before
 * training); per-layer statistics are left out — they are in the saved
 * notebook's output.
 */

/** The runs a cell's result holds: one per train statement, one per compare arm. */
export function runsOf(result: Pick<CellResult, 'outputs'>): RunSummary[] {
  return result.outputs.flatMap((output) => (output.kind === 'train' ? [output.run] : output.kind === 'compare' ? output.runs : []));
}

/** `run,epoch,step,train_loss,val_loss,learning_rate,<metric>,val_<metric>…`; an empty field where there is no value. */
export function epochsCsv(runs: readonly RunSummary[]): string {
  const metrics = [...new Set(runs.flatMap((run) => run.epochs.flatMap((e) => [...Object.keys(e.metrics), ...Object.keys(e.validationMetrics)])))];
  const header = ['run', 'epoch', 'step', 'train_loss', 'val_loss', 'learning_rate', ...metrics, ...metrics.map((m) => `val_${m}`)];
  const rows = runs.flatMap((run) =>
    run.epochs.map((e) => [
      run.label,
      e.epoch,
      e.step,
      e.trainLoss,
      e.validationLoss,
      e.learningRate,
      ...metrics.map((m) => e.metrics[m]),
      ...metrics.map((m) => e.validationMetrics[m]),
    ]),
  );
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** `[{ run, status, epochs: [{ epoch, step, trainLoss, validationLoss, learningRate, metrics, validationMetrics }] }]`. */
export function epochsJson(runs: readonly RunSummary[]): string {
  const table = runs.map((run) => ({
    run: run.label,
    status: run.status,
    epochs: run.epochs.map(({ epoch, step, trainLoss, validationLoss, learningRate, metrics, validationMetrics }) => ({
      epoch,
      step,
      trainLoss,
      ...(validationLoss !== undefined ? { validationLoss } : {}),
      learningRate,
      metrics,
      validationMetrics,
    })),
  }));
  return `${JSON.stringify(table, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? String(value) : value), 2)}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
