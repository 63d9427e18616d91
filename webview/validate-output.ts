import type { CellProblem, SummaryOutput } from '../src/protocol/cell-output';
import type { CellPayload } from '../src/protocol/live-output';

/**
 * A structural check of a saved payload before it is drawn. A notebook file
 * can be edited by hand or written by an older or newer version, and the
 * views read fields without asking; one bad output must cost that output,
 * not the cell. Outputs that fail are left out and named in a note, which is
 * drawn as a summary line at the end. The check follows
 * docs/nnlab-run.schema.json, written out by hand: the schema validator is
 * too large to bundle into the page. Numbers may also be null or "NaN"-style
 * strings, the forms a non-finite number takes in JSON.
 */

/** Returns where the value breaks its shape (e.g. "run.steps is not a number"), or undefined when it fits. */
type Check = (value: unknown, path: string) => string | undefined;

/** A payload whose outputs all passed, and what was left out. */
export interface ValidatedPayload {
  readonly status: CellPayload['status'];
  readonly problems: CellProblem[];
  readonly outputs: unknown[];
  /** One line per output or problem left out: which one and why. */
  readonly leftOut: string[];
}

const STATUSES: readonly CellPayload['status'][] = ['ok', 'error', 'cancelled', 'running', 'interrupted'];
const ROLES = ['initializer', 'activation', 'optimizer', 'loss', 'clipping', 'schedule', 'layer', 'metric'];
const NON_FINITE = ['NaN', 'Infinity', '-Infinity'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const num: Check = (value, path) =>
  typeof value === 'number' || value === null || (typeof value === 'string' && NON_FINITE.includes(value)) ? undefined : `${path} is not a number`;
const str: Check = (value, path) => (typeof value === 'string' ? undefined : `${path} is not text`);
const bool: Check = (value, path) => (typeof value === 'boolean' ? undefined : `${path} is not true or false`);
const oneOf =
  (choices: readonly string[]): Check =>
  (value, path) =>
    typeof value === 'string' && choices.includes(value) ? undefined : `${path} is not one of ${choices.join(', ')}`;
const arrayOf =
  (item: Check): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path} is not a list`;
    for (let i = 0; i < value.length; i++) {
      const broken = item(value[i], `${path}[${i}]`);
      if (broken !== undefined) return broken;
    }
    return undefined;
  };
const mapOf =
  (item: Check): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path} is not an object`;
    for (const [key, field] of Object.entries(value)) {
      const broken = item(field, `${path}.${key}`);
      if (broken !== undefined) return broken;
    }
    return undefined;
  };
/** An object with these fields; a key ending in `?` may be absent. Other fields are allowed: a newer version may add some. */
const shape =
  (fields: Readonly<Record<string, Check>>): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path} is not an object`;
    for (const [spec, check] of Object.entries(fields)) {
      const optional = spec.endsWith('?');
      const key = optional ? spec.slice(0, -1) : spec;
      const field = Object.hasOwn(value, key) ? value[key] : undefined;
      if (field === undefined) {
        if (optional) continue;
        return `${path}.${key} is missing`;
      }
      const broken = check(field, `${path}.${key}`);
      if (broken !== undefined) return broken;
    }
    return undefined;
  };

const location = shape({ cell: num, start: num, end: num, line: num, column: num });
const problem = shape({ code: str, severity: oneOf(['error', 'warning', 'info']), message: str, location });
const point = shape({ x: num, mean: num, min: num, max: num, last: num });
const series = shape({ loss: arrayOf(point), learningRate: arrayOf(point), gradNormBefore: arrayOf(point), gradNormAfter: arrayOf(point), clipped: arrayOf(point) });
const concept = shape({ role: oneOf(ROLES), name: str, options: mapOf((v, p) => (typeof v === 'boolean' ? undefined : str(v, p) === undefined ? undefined : num(v, p))), 'layer?': str });
const layerStats = shape({ layer: str, kind: str, 'frozen?': bool, 'activation?': str, 'initializer?': str, units: num, weightMean: num, weightStd: num });
const epoch = shape({
  epoch: num,
  step: num,
  trainLoss: num,
  'validationLoss?': num,
  metrics: mapOf(num),
  validationMetrics: mapOf(num),
  learningRate: num,
  layers: arrayOf(layerStats),
  'throughTime?': arrayOf(shape({ layer: str, kind: str, steps: num, 'bptt?': num, norms: arrayOf(num) })),
});
const diagnostic = shape({ code: str, severity: str, message: str, measured: num, threshold: num, 'layer?': str, 'step?': num, 'epoch?': num, 'location?': location });
const landscape = shape({
  features: arrayOf(str),
  scaled: bool,
  x: arrayOf(num),
  y: arrayOf(num),
  resolution: num,
  'classes?': arrayOf(str),
  values: arrayOf(num),
  'confidence?': arrayOf(num),
  points: arrayOf(shape({ x: num, y: num, target: num, split: str })),
  unitResolution: num,
  units: arrayOf(shape({ layer: str, unit: num, values: arrayOf(num) })),
});
const runFields = {
  label: str,
  status: str,
  steps: num,
  totalSteps: num,
  elapsedMs: num,
  epochs: arrayOf(epoch),
  series,
  schedulePreview: arrayOf(shape({ x: num, y: num })),
  'landscape?': landscape,
};
const run = shape({
  ...runFields,
  'threads?': num,
  'settings?': shape({ optimizer: str, learningRate: num, loss: str, 'clip?': shape({ method: str, threshold: num }), 'schedule?': str, batchSize: num }),
  concepts: arrayOf(concept),
  'divergence?': shape({ step: num, epoch: num, quantity: str, 'layer?': str, value: num }),
  'continued?': shape({ from: oneOf(['training', 'file']), runs: num, steps: num, 'initialLoss?': num }),
  'initTuning?': shape({
    method: oneOf(['metainit', 'gradinit']),
    objective: arrayOf(num),
    'constrained?': arrayOf(bool),
    scales: arrayOf(shape({ layer: str, parameter: str, base: str, scale: num })),
    batchSize: num,
  }),
  diagnostics: arrayOf(diagnostic),
  finalMetrics: mapOf(num),
});
const liveRun = shape({ ...runFields, epoch: num, 'latest?': shape({ step: num, epoch: num, loss: num, learningRate: num }) });

const OUTPUTS: Readonly<Record<string, Check>> = {
  summary: shape({ lines: arrayOf(str) }),
  train: shape({ title: str, run }),
  compare: shape({ title: str, setting: str, runs: arrayOf(run) }),
  inspect: shape({ title: str, layers: arrayOf(layerStats), concepts: arrayOf(concept) }),
  evaluate: shape({
    title: str,
    split: str,
    count: num,
    loss: num,
    metrics: mapOf(num),
    'confusion?': shape({ classes: arrayOf(str), counts: arrayOf(arrayOf(num)) }),
    'roc?': arrayOf(shape({ label: str, auc: num, points: arrayOf(shape({ fpr: num, tpr: num })) })),
  }),
  weights: shape({ title: str, action: oneOf(['save', 'load']), path: str, tensors: arrayOf(shape({ name: str, shape: arrayOf(num) })) }),
  live: shape({ action: oneOf(['train', 'compare']), title: str, runs: arrayOf(liveRun) }),
  'lr-finder': shape({
    title: str,
    sweep: shape({ start: num, end: num, steps: num, smoothing: num, batch: num }),
    optimizer: str,
    currentLr: num,
    rates: arrayOf(num),
    losses: arrayOf(num),
    smoothed: arrayOf(num),
    slopes: arrayOf(num),
    rule: shape({ skip: num, window: num }),
    'steepestWindow?': shape({ from: num, to: num }),
    suggestions: arrayOf(shape({ rule: oneOf(['steepest', 'minimum', 'divergence']), lr: num, label: str, explanation: str })),
    'use?': str,
    explanation: str,
  }),
  'gradient-survey': shape({
    title: str,
    steps: num,
    learningRate: num,
    norms: arrayOf(num),
    percentiles: arrayOf(shape({ p: num, value: num })),
    threshold: shape({ p: num, value: num }),
    histogram: shape({ edges: arrayOf(num), counts: arrayOf(num) }),
    'stoppedAt?': num,
    use: str,
    explanation: str,
  }),
};

/** Why an output cannot be drawn, or undefined when it can. */
export function outputProblem(output: unknown): string | undefined {
  if (!isRecord(output)) return 'it is not an object';
  const kind = output.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(OUTPUTS, kind)) return `its kind ${typeof kind === 'string' ? JSON.stringify(kind.slice(0, 40)) : typeof kind} is unknown`;
  return OUTPUTS[kind](output, kind);
}

/**
 * The payload with the outputs and problems that fit their shapes; throws
 * only when it is not a payload at all (no `outputs` list and no `kind`).
 */
export function validatePayload(json: unknown): ValidatedPayload {
  if (!isRecord(json)) throw new Error('NN Lab output: expected a cell result with "outputs", or a single output with a "kind"');
  if (!Array.isArray(json.outputs)) {
    if (typeof json.kind === 'string') return validatePayload({ status: 'ok', problems: [], outputs: [json] });
    throw new Error('NN Lab output: expected a cell result with "outputs", or a single output with a "kind"');
  }
  const leftOut: string[] = [];
  const outputs = json.outputs.filter((output, index) => {
    const broken = outputProblem(output);
    if (broken !== undefined) leftOut.push(`output ${index + 1}: ${broken}`);
    return broken === undefined;
  });
  const problems = (Array.isArray(json.problems) ? json.problems : []).filter((item: unknown, index): item is CellProblem => {
    const broken = problem(item, 'problem');
    if (broken !== undefined) leftOut.push(`problem ${index + 1}: ${broken}`);
    return broken === undefined;
  });
  const status = STATUSES.find((known) => known === json.status) ?? 'ok';
  return { status, problems, outputs, leftOut };
}

/** The note for what was left out, as a summary line the cell view draws; undefined when nothing was. */
export function leftOutNote(leftOut: readonly string[]): SummaryOutput | undefined {
  if (leftOut.length === 0) return undefined;
  const shown = leftOut.slice(0, 3).join('; ');
  const more = leftOut.length > 3 ? `; and ${leftOut.length - 3} more` : '';
  return { kind: 'summary', lines: [`Left out what this saved output holds but cannot be drawn: ${shown}${more}.`] };
}
