// Workload (e): a notebook cell training in the real worker (dist/worker.js),
// driven by the Kernel as the extension drives it, while this thread plays
// the extension host: it receives every live snapshot and turns it into the
// output items the controller sends to the editor. Meanwhile its event-loop
// delay is sampled every millisecond.
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { liveText, payloadJson } from '../../src/extension/cell-report';
import { Kernel } from '../../src/extension/kernel';
import { UPDATE_RATE } from '../../src/protocol/worker-messages';

/** The notebook: a spirals classifier of four hidden ReLU layers, trained until cancelled. */
export const NOTEBOOK_CELLS = [
  ['data spirals n=1000 classes=3 noise=0.1 seed=7', 'model', ...Array<string>(4).fill('  dense 32 relu'), '  dense 3 softmax', 'loss sparse_categorical_crossentropy', 'optimizer adam lr=0.001', 'metrics accuracy'].join('\n'),
  'train epochs=100000 batch=10 seed=1',
] as const;

export interface ResponsivenessResult {
  /** Event-loop delay of this thread while the cell trained, in milliseconds (each sample includes the 1 ms sampling interval). */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Live snapshots per second between the first and the last received (the chart's steady refresh rate). */
  readonly updatesPerSecond: number;
  /** Longest wait between two snapshots, in milliseconds. */
  readonly longestGapMs: number;
  readonly updates: number;
  /** Seconds the cell trained, from its start to the Stop (the first snapshot comes after the run is set up). */
  readonly seconds: number;
  /** Largest snapshot as the controller serialises it, in bytes. */
  readonly largestUpdateBytes: number;
  /** Steps the worker took before it was stopped. */
  readonly steps: number;
  readonly updateRate: number;
}

/** The delay histogram's sampling interval, in milliseconds: the finest perf_hooks offers. */
const RESOLUTION_MS = 1;

/**
 * Runs the notebook's declarations, then its training cell for `seconds`
 * (cancelled then, as the Stop button does), measuring only while it trains.
 * `workerScript` is the bundled worker the extension ships.
 */
export async function measureResponsiveness(workerScript: string, seconds: number, updateRate: number = UPDATE_RATE.default): Promise<ResponsivenessResult> {
  const kernel = new Kernel({ workerScript, notebookFolder: join(__dirname, '..'), updateRate: () => updateRate });
  try {
    const declarations = await kernel.run(0, NOTEBOOK_CELLS[0]).outcome;
    if (declarations.kind !== 'result' || declarations.result.status !== 'ok') throw new Error(`the notebook's first cell failed: ${JSON.stringify(declarations)}`);
    const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    const arrivals: number[] = [];
    let largestUpdateBytes = 0;
    let steps = 0;
    let started = 0;
    const run = kernel.run(1, NOTEBOOK_CELLS[1], {
      onStart: () => {
        started = performance.now();
        delay.enable();
      },
      onProgress: (payload) => {
        arrivals.push(performance.now());
        // What the controller does with each snapshot before handing it to the editor.
        const json = payloadJson(payload, 6);
        liveText(payload);
        largestUpdateBytes = Math.max(largestUpdateBytes, json.length);
        const output = payload.outputs[0];
        if (output?.kind === 'live') steps = output.runs[output.runs.length - 1]?.steps ?? steps;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const elapsed = (performance.now() - started) / 1000;
    delay.disable();
    run.cancel();
    const outcome = await run.outcome;
    if (outcome.kind !== 'result') throw new Error(`the training cell did not finish normally: ${JSON.stringify(outcome)}`);
    const ms = (nanoseconds: number) => nanoseconds / 1e6;
    const updates = arrivals.length;
    const window = (arrivals[updates - 1] - arrivals[0]) / 1000;
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
    return {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
      updatesPerSecond: updates > 1 ? (updates - 1) / window : 0,
      longestGapMs: Math.max(0, ...gaps),
      updates,
      seconds: elapsed,
      largestUpdateBytes,
      steps,
      updateRate,
    };
  } finally {
    kernel.dispose();
  }
}
