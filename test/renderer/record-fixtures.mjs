// Records the renderer tests' payloads from real runs of the CLI:
//
//   node test/renderer/record-fixtures.mjs [name …]
//
// runs examples/initializers.nnlab, examples/clipping.nnlab,
// test/renderer/fixtures/renderer.nnlab and recurrent.nnlab (or only the
// named ones: `… recurrent` records recurrent.json alone, and live.json is
// rewritten only with both renderer and clipping) with `nnlab run --json`, and writes
// each code cell's result (status, problems, outputs: what the notebook
// renderer receives) to test/renderer/fixtures/<name>.json. To keep the
// files small, without changing what the charts show, per-step series are
// merged into at most 80 buckets (min of mins, max of maxes, mean of means),
// epochs are thinned to about 10 (the first and last always kept), ROC
// curves to at most 60 points, and numbers rounded to 4 significant digits.
// live.json holds two snapshots of the fixture's training cell part-way
// through, and one of the clipping comparison, in the controller's live
// payload form (src/protocol/live-output.ts), cut from the recorded runs. They carry the run's schedulePreview, which
// LiveRun does not list yet: the planned curve is known before the first
// step, and the renderer draws it whenever a live run has it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const fixtures = join(here, 'fixtures');

/**
 * Name, notebook, and whether to keep only the cells that add an output kind
 * not seen in an earlier cell (the second comparison of initializers.nnlab
 * draws nothing the first does not).
 */
const NOTEBOOKS = [
  ['initializers', join(root, 'examples/initializers.nnlab'), 'new-kinds'],
  ['clipping', join(root, 'examples/clipping.nnlab'), 'all'],
  ['renderer', join(fixtures, 'renderer.nnlab'), 'all'],
  ['recurrent', join(fixtures, 'recurrent.nnlab'), 'all'],
];

const MAX_BUCKETS = 80;
const MAX_EPOCHS = 10;
const MAX_ROC_POINTS = 60;

function main() {
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
  const named = process.argv.slice(2);
  for (const [name, notebook, keep] of NOTEBOOKS.filter(([name]) => named.length === 0 || named.includes(name))) {
    const seen = new Set();
    const cells = record(notebook).filter((cell) => {
      const kinds = cell.result.outputs.map((output) => output.kind);
      const adds = kinds.some((kind) => !seen.has(kind));
      kinds.forEach((kind) => seen.add(kind));
      return keep === 'all' || adds;
    });
    write(`${name}.json`, { notebook: `${basename(notebook)}`, cells });
    if (name === 'renderer') live.snapshots = liveSnapshots(cells);
    if (name === 'clipping') live.compare = liveCompare(cells);
  }
  if (live.snapshots.length > 0 && live.compare !== undefined) write('live.json', live);
}

/** Live snapshots, cut from the recorded runs. */
const live = { snapshots: [], compare: undefined };

/** Runs a notebook in a scratch folder (it may save weights next to itself) and returns its cells' results. */
function record(notebook) {
  const scratch = mkdtempSync(join(tmpdir(), 'nnlab-fixture-'));
  try {
    const copy = join(scratch, basename(notebook));
    copyFileSync(notebook, copy);
    const out = join(scratch, 'run.json');
    execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'run', copy, '--json', out], { cwd: scratch, stdio: ['ignore', 'ignore', 'inherit'] });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    return report.cells.map((cell) => ({ index: cell.index, result: compactResult(cell) }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function write(file, value) {
  const text = `${JSON.stringify(value)}\n`;
  writeFileSync(join(fixtures, file), text);
  console.log(`${file}: ${(text.length / 1024).toFixed(0)} KB`);
}

function compactResult(cell) {
  return round({ status: cell.status, problems: cell.problems, outputs: cell.outputs.map(compactOutput) });
}

function compactOutput(output) {
  switch (output.kind) {
    case 'train':
      return { ...output, run: compactRun(output.run) };
    case 'compare':
      return { ...output, runs: output.runs.map(compactRun) };
    case 'evaluate':
      return output.roc ? { ...output, roc: output.roc.map((curve) => ({ ...curve, points: thin(curve.points, MAX_ROC_POINTS) })) } : output;
    default:
      return output;
  }
}

function compactRun(run) {
  const series = Object.fromEntries(Object.entries(run.series).map(([key, points]) => [key, merge(points, MAX_BUCKETS)]));
  return { ...run, series, epochs: thin(run.epochs, MAX_EPOCHS + 1), schedulePreview: thin(run.schedulePreview, MAX_BUCKETS) };
}

/** Merges neighbouring buckets until there are at most `max`, as the engine's downsampling would have. */
function merge(points, max) {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const merged = [];
  for (let i = 0; i < points.length; i += size) {
    const group = points.slice(i, i + size);
    const finite = (values) => values.map(Number).filter(Number.isFinite);
    const means = finite(group.map((p) => p.mean));
    merged.push({
      x: group[Math.floor(group.length / 2)].x,
      mean: means.length > 0 ? means.reduce((a, b) => a + b, 0) / means.length : 'NaN',
      min: Math.min(...finite(group.map((p) => p.min))),
      max: Math.max(...finite(group.map((p) => p.max))),
      last: group[group.length - 1].last,
    });
  }
  return merged;
}

/** Every k-th item so that at most `max` remain, the first and last always kept. */
function thin(items, max) {
  if (items.length <= max) return items;
  const step = (items.length - 1) / (max - 1);
  const picked = new Set(Array.from({ length: max }, (_, i) => Math.round(i * step)));
  return items.filter((_, i) => picked.has(i));
}

function round(value) {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(4));
  if (Array.isArray(value)) return value.map(round);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
}

/** A finished run as a LiveRun (src/protocol/live-output.ts) that has taken `fraction` of its steps. */
function liveRun(run, fraction, status) {
  const step = Math.round(run.totalSteps * fraction);
  const epochs = run.epochs.filter((e) => e.step <= step);
  const series = Object.fromEntries(Object.entries(run.series).map(([key, points]) => [key, points.filter((p) => p.x <= step)]));
  const at = (key) => series[key].at(-1)?.last ?? 0;
  return {
    label: run.label,
    status,
    steps: step,
    totalSteps: run.totalSteps,
    elapsedMs: Math.round(run.elapsedMs * fraction),
    epochs,
    schedulePreview: run.schedulePreview,
    epoch: epochs.length,
    latest: { step, epoch: epochs.length, loss: at('loss'), learningRate: at('learningRate'), gradNormBefore: at('gradNormBefore'), gradNormAfter: at('gradNormAfter'), clipped: at('clipped') > 0 },
    series,
  };
}

/** As src/worker/live.ts sends a cell while it trains: only the live output, without the cell's other outputs. */
function livePayload(index, output) {
  return { index, result: { status: 'running', problems: [], outputs: [output] } };
}

/** The fixture's training cell at 40 % and at 75 % of its steps. */
function liveSnapshots(cells) {
  const cell = cells.find((c) => c.result.outputs.some((o) => o.kind === 'train'));
  const train = cell.result.outputs.find((o) => o.kind === 'train');
  return [0.4, 0.75].map((fraction) => livePayload(cell.index, { kind: 'live', action: 'train', title: train.title, runs: [liveRun(train.run, fraction, 'running')] }));
}

/** The clipping comparison while its second arm trains: the first arm finished, the second half-way. */
function liveCompare(cells) {
  const cell = cells.find((c) => c.result.outputs.some((o) => o.kind === 'compare'));
  const compare = cell.result.outputs.find((o) => o.kind === 'compare');
  const [first, second] = compare.runs;
  const runs = [liveRun(first, first.steps / first.totalSteps, 'finished'), liveRun(second, 0.5, 'running')];
  return livePayload(cell.index, { kind: 'live', action: 'compare', title: `compare: ${second.label} (2 of ${compare.runs.length})`, runs });
}

main();
