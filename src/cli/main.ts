// First, so the engine's WebAssembly kernels may use relaxed SIMD where a flag turns it on (Node 20).
import '../node/relaxed-simd';
import { writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { activeKernelBuild, type KernelBuild } from '../engine/kernels';
import { cellFirstLines } from '../format/cell-lines';
import { deserializeNotebook } from '../format/notebook-format';
import { createNodeHost } from '../node/host';
import { TRAINING_THREADS, isThreadCount } from '../node/threads';
import type { CellResult } from '../protocol/cell-output';
import { DEFAULT_LIMITS, isLimit, LIMIT_SETTINGS, type Limits } from '../session/limits';
import { NotebookSession } from '../session/session';
import { EXPORT_USAGE, exportCommand } from './export';
import { ALLOW_FOLDER_HINT, readNotebookFile } from './notebook-file';
import { ProgressReporter } from './progress';
import { describeOutputs, formatProblem, type Locator } from '../report/output-text';

const USAGE = `Usage: nnlab run NOTEBOOK.nnlab [--json OUT.json] [--seed N] [--threads N] [--allow-folder DIR]…
                 [--max-parameters N] [--max-data-values N] [--max-activations N]

Runs every code cell of a notebook in order, as VS Code's "Run All" does.
  --json OUT.json  write the full result (schema: docs/output-schema.md)
  --seed N         replace every seed in the notebook with N
  --threads N      threads a training step may use, ${TRAINING_THREADS.min}–${TRAINING_THREADS.max} (default ${TRAINING_THREADS.default});
                   a large batch is split across them
  --max-parameters N   refuse a model with more trainable parameters than N
                       (default ${DEFAULT_LIMITS.maxParameters}; setting ${LIMIT_SETTINGS.maxParameters})
  --max-data-values N  refuse a data set of more than N values, samples × features
                       (default ${DEFAULT_LIMITS.maxDataValues}; setting ${LIMIT_SETTINGS.maxDataValues})
  --max-activations N  refuse a model holding more than N activations for one batch,
                       samples × units of every layer
                       (default ${DEFAULT_LIMITS.maxActivations}; setting ${LIMIT_SETTINGS.maxActivations})
  --allow-folder DIR  let the notebook read and write files in DIR too (repeatable);
                   otherwise only inside the notebook's own folder
Progress goes to stderr, the summary to stdout. Exit status: 0 when every
cell ran, 1 when a cell failed (printed as file:line:column: message), 2 for
a usage error.`;

/** The `--json` file: every code cell's result. */
export interface RunReport {
  readonly format: 'nnlab-run';
  readonly version: 1;
  readonly notebook: string;
  readonly seed: number | null;
  /** Threads a training step could use; results depend on it at float32 rounding. */
  readonly threads: number;
  /** The matrix kernel and its build (activeKernelBuild): results repeat bit for bit only under the same one. */
  readonly kernel: KernelBuild;
  readonly status: 'ok' | 'error';
  readonly cells: readonly ({ readonly index: number; readonly source: string; readonly error: { readonly message: string; readonly line: number; readonly column: number } | null } & CellResult)[];
}

interface Arguments {
  readonly notebook: string;
  readonly json?: string;
  readonly seed?: number;
  readonly threads?: number;
  /** Folders besides the notebook's own where it may read and write files. */
  readonly allowFolders: readonly string[];
  /** Sizes past which a cell is refused (the flags --max-parameters, --max-data-values, --max-activations). */
  readonly limits: Partial<Limits>;
}

/** The flag that sets each limit. */
const LIMIT_FLAGS: Readonly<Record<string, keyof Limits>> = {
  '--max-parameters': 'maxParameters',
  '--max-data-values': 'maxDataValues',
  '--max-activations': 'maxActivations',
};

class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Arguments | 'help' {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return 'help';
  const [command, ...rest] = argv;
  if (command !== 'run') throw new UsageError(`unknown command '${command}'; the commands are run and export`);
  let notebook: string | undefined;
  let json: string | undefined;
  let seed: number | undefined;
  let threads: number | undefined;
  const limits: Partial<Record<keyof Limits, number>> = {};
  const allowFolders: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') {
      json = rest[++i];
      if (json === undefined) throw new UsageError('--json needs a file name');
    } else if (arg === '--seed') {
      const text = rest[++i];
      seed = Number(text);
      if (text === undefined || !Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed needs a whole number ≥ 0, got ${text ?? 'nothing'}`);
    } else if (arg === '--threads') {
      const text = rest[++i];
      threads = Number(text);
      if (text === undefined || !isThreadCount(threads)) throw new UsageError(`--threads needs a whole number from ${TRAINING_THREADS.min} to ${TRAINING_THREADS.max}, got ${text ?? 'nothing'}`);
    } else if (arg === '--allow-folder') {
      const folder = rest[++i];
      if (folder === undefined) throw new UsageError('--allow-folder needs a folder');
      allowFolders.push(resolve(folder));
    } else if (Object.hasOwn(LIMIT_FLAGS, arg)) {
      const text = rest[++i];
      const value = Number(text);
      if (text === undefined || !isLimit(value)) throw new UsageError(`${arg} needs a whole number ≥ 1, got ${text ?? 'nothing'}`);
      limits[LIMIT_FLAGS[arg]] = value;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (notebook === undefined) {
      notebook = arg;
    } else {
      throw new UsageError(`one notebook at a time; got ${notebook} and ${arg}`);
    }
  }
  if (notebook === undefined) throw new UsageError('which notebook? nnlab run NOTEBOOK.nnlab');
  return { notebook, limits, allowFolders, ...(json !== undefined ? { json } : {}), ...(seed !== undefined ? { seed } : {}), ...(threads !== undefined ? { threads } : {}) };
}

/** Runs the CLI; returns the exit status. */
export function main(argv: readonly string[], stdout = process.stdout, stderr = process.stderr): number {
  if (argv[0] === 'export') return exportCommand(argv.slice(1), stdout, stderr);
  let args: Arguments | 'help';
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`nnlab: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args === 'help') {
    stdout.write(`${USAGE}\n\n${EXPORT_USAGE}\n`);
    return 0;
  }
  const path = resolve(args.notebook);
  const text = readNotebookFile(path, args.notebook, stderr);
  if (text === undefined) return 2;
  const notebook = deserializeNotebook(text);
  const threads = args.threads ?? TRAINING_THREADS.default;
  const host = createNodeHost(dirname(path), { roots: [dirname(path), ...args.allowFolders], widenHint: ALLOW_FOLDER_HINT });
  const session = new NotebookSession(host, { ...(args.seed !== undefined ? { seed: args.seed } : {}), threads, limits: args.limits });
  const progress = new ProgressReporter(stderr, basename(path));
  const locator = notebookLocator(args.notebook, text, notebook.cells);
  const cells: RunReport['cells'][number][] = [];
  let failed = false;
  notebook.cells.forEach((cell, index) => {
    if (cell.kind !== 'code' || failed) return;
    const result = session.runCell(index, cell.source, { onProgress: (p) => progress.update(p) });
    progress.finish();
    const firstError = result.problems.find((p) => p.severity === 'error');
    cells.push({
      index,
      source: cell.source,
      error: firstError ? { message: firstError.message, line: firstError.location.line, column: firstError.location.column } : null,
      ...result,
    });
    const lines = describeOutputs(locator, result.outputs);
    if (lines.length > 0) stdout.write(`── cell ${index + 1} ${'─'.repeat(40)}\n${lines.join('\n')}\n\n`);
    for (const problem of result.problems) stderr.write(`${formatProblem(locator, problem)}\n`);
    failed = result.status !== 'ok';
  });
  if (args.json) {
    const report: RunReport = { format: 'nnlab-run', version: 1, notebook: args.notebook, seed: args.seed ?? null, threads, kernel: activeKernelBuild(), status: failed ? 'error' : 'ok', cells };
    writeFileSync(resolve(args.json), `${JSON.stringify(report, replacer, 2)}\n`);
  }
  return failed ? 1 : 0;
}

/** Non-finite numbers have no JSON form; write them as strings rather than as null. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/**
 * Maps a cell's locations to lines of the notebook file, so the printed
 * `file:line:column` opens the right place: each code cell's first line is
 * found by searching for its source in the file, in order.
 */
function notebookLocator(file: string, text: string, cells: readonly { source: string }[]): Locator {
  const firstLines = cellFirstLines(text, cells);
  return (location) => {
    if (!location) return file;
    return `${file}:${location.line + (firstLines.get(location.cell) ?? 0)}:${location.column}`;
  };
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
