import { csvSchema } from '../engine/data/csv';
import { splitSchema } from '../engine/data/split';
import { layers } from '../engine/layers';
import type { ParamInfo } from '../engine/params';
import { normalizeName } from '../engine/registry';
import { catalog, lookup, registryOf } from '../reference/catalog';
import type { ConceptKind } from '../reference/entry';
import { loadWeightsParams } from './load-statement';
import { COMPARABLE_SETTINGS, type ComparableSetting } from './program';
import { augmentParams, evaluateParams, inspectParams, normalizeParams, STATEMENT_KEYWORDS, trainParams, type StatementKeyword } from './statements';

/**
 * The shapes of statements, layers and calls: what each positional value
 * stands for and which `key=value` parameters each takes. Hover, completion
 * and signature help read the same shapes, so `optimizer adam ` offers the
 * keys that hovering `beta1` explains. The parameters themselves come from
 * the engine's schemas through the catalog's registries, never retyped.
 */

/** A word a place accepts besides concept names: `csv` after `data`, `weights` after `save`. */
export interface Word {
  readonly word: string;
  readonly doc: string;
}

/** What a value written at some place stands for. */
export type Slot =
  /** A concept name or call: `he_normal`, `leaky_relu(0.2)`. */
  | { readonly type: 'concept'; readonly kind: ConceptKind; readonly words?: readonly Word[] }
  /** A parameter's value: a choice's values, true or false, or a number. */
  | { readonly type: 'param'; readonly param: ParamInfo }
  | { readonly type: 'word'; readonly words: readonly Word[] }
  /** A string: a path, a column name. */
  | { readonly type: 'text' };

/** One positional place that is not a parameter filled in order: a concept's name, dense's units. */
export interface Place {
  /** As signature help shows it: `adam`, `NAME`, `units`. */
  readonly label: string;
  readonly doc: string;
  readonly slot: Slot;
}

/** The arguments one statement, layer or call takes. */
export interface Shape {
  /** `optimizer`, `layer dense`, `he_normal`. */
  readonly label: string;
  /** Statements list their arguments after spaces, calls between parentheses. */
  readonly style: 'statement' | 'call';
  readonly summary: string;
  /** The concept whose parameters `params` are, once its name is known. */
  readonly concept?: { readonly kind: ConceptKind; readonly name: string };
  /** The positional places that come first. */
  readonly places: readonly Place[];
  /** Positional values past `places` repeat the last place (`metrics accuracy f1 auc`). */
  readonly repeats: boolean;
  /** Parameters that may be named, in the order positional values fill them. */
  readonly params: readonly ParamInfo[];
  /** Whether positional values after `places` fill `params` in order. */
  readonly fillsParams: boolean;
  /** Other spellings of keys: `val` for `validation`. */
  readonly keyAliases?: Readonly<Record<string, string>>;
  /** Keys whose values are concepts rather than plain values (`init=he_normal`). */
  readonly keySlots?: Readonly<Record<string, Slot>>;
}

/** The parameter a written key names, matched as the language matches (case, `-` as `_`, aliases). */
export function paramNamed(shape: Shape, key: string): ParamInfo | undefined {
  const name = normalizeName(key);
  const canonical = shape.keyAliases?.[name] ?? name;
  return shape.params.find((param) => param.name === canonical);
}

/** What the value of a named parameter stands for. */
export function keySlot(shape: Shape, param: ParamInfo): Slot {
  return shape.keySlots?.[param.name] ?? { type: 'param', param };
}

/** What the positional value number `index` (from 0) stands for, and the parameter it fills if any. */
export function positionAt(shape: Shape, index: number): { readonly slot: Slot; readonly param?: ParamInfo; readonly place?: Place } | undefined {
  const { places } = shape;
  if (index < places.length) return { slot: places[index].slot, place: places[index] };
  if (shape.repeats && places.length > 0) return { slot: places[places.length - 1].slot, place: places[places.length - 1] };
  if (!shape.fillsParams) return undefined;
  const param = shape.params[index - places.length];
  return param && { slot: keySlot(shape, param), param };
}

/** "default 0.9 · [0, 1)", "required · ≥ 1", "default fan_in · fan_in | fan_out", "default zeros · an initializer". */
export function paramDetail(param: ParamInfo, slot?: Slot): string {
  const first = param.required ? 'required' : param.default === undefined ? 'optional' : `default ${String(param.default)}`;
  const listed = param.values ? [...param.values, ...(param.range ? [param.range] : [])].join(' | ') : param.kind === 'boolean' ? 'true | false' : param.range;
  // A concept-valued key (init=) lists its kind, not the dozen names its completion shows.
  const valid = slot?.type === 'concept' ? `${article(KIND_WORDS[slot.kind])} ${KIND_WORDS[slot.kind]}` : listed;
  return valid === '' ? first : `${first} · ${valid}`;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** How a kind reads in text: "clipping method", "data set". */
export const KIND_WORDS: Readonly<Record<ConceptKind, string>> = {
  layer: 'layer',
  activation: 'activation',
  initializer: 'initializer',
  optimizer: 'optimizer',
  clipping: 'clipping method',
  schedule: 'schedule',
  loss: 'loss',
  metric: 'metric',
  dataset: 'data set',
  diagnostic: 'diagnostic',
  finder: 'finder',
};

/** The form and purpose of each statement, for completion and hover (docs/language.md has the full table). */
export const STATEMENT_DOCS: Readonly<Record<StatementKeyword, { readonly form: string; readonly summary: string }>> = {
  data: { form: 'data NAME [params] | data csv "file.csv" target=COLUMN', summary: 'The data set: a generator (spirals, moons, …), a stored one (iris, mnist) or a CSV file.' },
  split: { form: 'split val=0.2 [test=0.1] [seed=N] [stratify=true]', summary: 'Validation and test fractions, seeded and stratified by class.' },
  normalize: { form: 'normalize standard|minmax|none', summary: 'Feature scaling fitted on the training split only.' },
  augment: { form: 'augment noise=0.05', summary: 'Gaussian noise of that σ added to every training batch.' },
  model: { form: 'model + indented layers', summary: 'The network, first layer first, one layer per indented line.' },
  loss: { form: 'loss NAME [params]', summary: 'The loss the optimizer minimizes.' },
  optimizer: { form: 'optimizer NAME [params]', summary: 'The optimizer, e.g. optimizer sgd lr=0.1 momentum=0.9.' },
  clip: { form: 'clip METHOD [threshold] [params]', summary: 'Gradient clipping before each optimizer step.' },
  schedule: { form: 'schedule NAME [params] [then NAME [params]]', summary: 'The learning-rate schedule; warmup N then … puts a linear warmup in front.' },
  metrics: { form: 'metrics NAME …', summary: 'Metrics reported every epoch.' },
  train: { form: 'train [epochs=N] [steps=N] [batch=N] [seed=N] [patience=N]', summary: 'Trains, continuing from the current weights unless the model changed.' },
  compare: { form: 'compare SETTING=[v1, v2, …] [train params]', summary: 'Trains once per value of one setting with the same seed; results side by side.' },
  inspect: { form: 'inspect init', summary: 'One batch forward and backward at initialization: variance and gradient norm per layer.' },
  find: { form: 'find lr [start=1e-7] [end=10] [steps=100] [smoothing=0.98] | find clip [steps=100] [percentile=90]', summary: 'Suggests a learning rate (range test) or a clipping τ (gradient-norm survey) from a short run; the weights are put back.' },
  evaluate: { form: 'evaluate [split=test|validation|train]', summary: 'Loss, metrics, confusion matrix and ROC curve on a split.' },
  save: { form: 'save weights "file.safetensors"', summary: 'Writes the current weights as safetensors, named as the equivalent PyTorch nn.Sequential names them (JSON when the name ends in .json).' },
  load: { form: 'load weights "file.safetensors" [strict=false] [include_top=false]', summary: 'Reads weights into the current model, named by NN Lab, a PyTorch nn.Sequential or Keras; every missing or misshapen tensor is reported. strict=false loads what matches by name and shape, include_top=false all but the output layer.' },
};

/** The statement keyword a written word is, if any (`Train` and `train` alike). */
export function statementKeyword(written: string): StatementKeyword | undefined {
  const name = normalizeName(written);
  return (STATEMENT_KEYWORDS as readonly string[]).includes(name) ? (name as StatementKeyword) : undefined;
}

/** A parameter the engine has no schema for (a column name, a compared setting), described the same way. */
function syntheticParam(name: string, kind: ParamInfo['kind'], doc: string, extra: Partial<ParamInfo> = {}): ParamInfo {
  return { key: name, name, kind, doc, default: undefined, required: false, range: '', ...extra };
}

function concept(kind: ConceptKind, words?: readonly Word[]): Slot {
  return words === undefined ? { type: 'concept', kind } : { type: 'concept', kind, words };
}

/** The place a concept's name takes: `adam` once written, else `NAME` with the choices listed. */
function namePlace(kind: ConceptKind, entryName: string | undefined, words?: readonly Word[]): Place {
  const slot = concept(kind, words);
  if (entryName !== undefined) return { label: entryName, doc: lookup(kind, entryName)?.summary ?? '', slot };
  const names = catalog()
    .filter((entry) => entry.kind === kind)
    .map((entry) => entry.name);
  const extra = words?.map((word) => word.word) ?? [];
  return { label: kind === 'clipping' ? 'METHOD' : 'NAME', doc: `The ${KIND_WORDS[kind]}: ${[...names, ...extra].join(', ')}.`, slot };
}

/** The registered name a written one stands for, if the kind knows it. */
function registeredName(kind: ConceptKind, written: string | undefined): string | undefined {
  if (written === undefined) return undefined;
  const registry = registryOf(kind);
  return registry.has(written) ? registry.get(written).name : undefined;
}

/** `optimizer NAME [params]`: the first value names the concept, the rest are its parameters. */
function conceptStatement(keyword: string, kind: ConceptKind, first: string | undefined, summary: string, words?: readonly Word[]): Shape {
  const name = registeredName(kind, first);
  const params = name === undefined ? [] : registryOf(kind).get(name).params.describe();
  return {
    label: keyword,
    style: 'statement',
    summary: name === undefined ? summary : (lookup(kind, name)?.summary ?? summary),
    ...(name === undefined ? {} : { concept: { kind, name } }),
    places: [namePlace(kind, name, words)],
    repeats: false,
    params,
    fillsParams: true,
  };
}

/** A statement whose arguments are all parameters of one schema. */
function paramStatement(keyword: StatementKeyword, params: readonly ParamInfo[], extra: Partial<Shape> = {}): Shape {
  return { label: keyword, style: 'statement', summary: STATEMENT_DOCS[keyword].summary, places: [], repeats: false, params, fillsParams: true, ...extra };
}

const CSV_WORD: Word = { word: 'csv', doc: 'Your own CSV file: data csv "file.csv" target=COLUMN, the path relative to the notebook.' };
const WEIGHTS_WORD: Word = { word: 'weights', doc: 'The model’s weights: safetensors, or JSON when the file name ends in .json.' };

const csvShape: Shape = {
  label: 'data',
  style: 'statement',
  summary: CSV_WORD.doc,
  places: [
    { label: 'csv', doc: CSV_WORD.doc, slot: { type: 'word', words: [CSV_WORD] } },
    { label: '"file.csv"', doc: 'The path of the CSV file, relative to the notebook; its first line holds the column names.', slot: { type: 'text' } },
  ],
  repeats: false,
  params: [syntheticParam('target', 'choice', 'The header of the column to predict; every other column is a feature.', { required: true }), ...csvSchema.describe()],
  fillsParams: false,
  keySlots: { target: { type: 'text' } },
};

/** What each setting `compare` varies is a list of. */
const COMPARE_SLOTS: Readonly<Record<ComparableSetting, Slot>> = {
  init: concept('initializer'),
  recurrent_init: concept('initializer'),
  activation: concept('activation'),
  optimizer: concept('optimizer'),
  lr: { type: 'param', param: syntheticParam('lr', 'number', 'Learning rates to compare, each > 0.', { range: '> 0' }) },
  clip: concept('clipping'),
  schedule: concept('schedule'),
  batch: { type: 'param', param: trainParams.describe().find((param) => param.name === 'batch')! },
  normalize: { type: 'param', param: normalizeParams.describe()[0] },
};

const compareShape: Shape = paramStatement('compare', [
  ...COMPARABLE_SETTINGS.map((setting) =>
    syntheticParam(setting, COMPARE_SLOTS[setting].type === 'concept' ? 'choice' : 'number', `The values of ${setting} to compare, as a list: ${setting}=[a, b, …].`),
  ),
  ...trainParams.describe(),
], { keySlots: COMPARE_SLOTS, fillsParams: false });

/** `find lr|clip`: the finder first (its hover is the catalog's), then its options. */
function findShape(first: string | undefined): Shape {
  // Its options follow the finder, so none are offered before it is written.
  const name = registeredName('finder', first);
  return paramStatement('find', name === undefined ? [] : registryOf('finder').get(name).params.describe(), { places: [{ label: 'lr|clip', doc: 'What to look for.', slot: concept('finder') }], fillsParams: false });
}

function saveShape(keyword: 'save' | 'load'): Shape {
  return paramStatement(keyword, keyword === 'load' ? loadWeightsParams.describe() : [], {
    places: [
      { label: 'weights', doc: WEIGHTS_WORD.doc, slot: { type: 'word', words: [WEIGHTS_WORD] } },
      { label: '"file.safetensors"', doc: 'The file, relative to the notebook.', slot: { type: 'text' } },
    ],
    fillsParams: false,
  });
}

/**
 * The shape of one clause of a statement. `first` is the written name of the
 * clause's first positional value (or of its call), which decides the
 * parameters of `optimizer adam …`; undefined when none is written yet.
 */
export function statementShape(keyword: StatementKeyword, first: string | undefined): Shape | undefined {
  const summary = STATEMENT_DOCS[keyword].summary;
  switch (keyword) {
    case 'data':
      return first !== undefined && normalizeName(first) === 'csv' ? csvShape : conceptStatement('data', 'dataset', first, summary, [CSV_WORD]);
    case 'split':
      return paramStatement('split', splitSchema.describe(), { keyAliases: { val: 'validation' } });
    case 'normalize':
      return paramStatement('normalize', normalizeParams.describe());
    case 'augment':
      return paramStatement('augment', augmentParams.describe());
    case 'model':
      return paramStatement('model', [], { fillsParams: false });
    case 'loss':
      return conceptStatement('loss', 'loss', first, summary);
    case 'optimizer':
      return conceptStatement('optimizer', 'optimizer', first, summary);
    case 'clip':
      return conceptStatement('clip', 'clipping', first, summary);
    case 'schedule':
      return conceptStatement('schedule', 'schedule', first, summary);
    case 'metrics':
      return paramStatement('metrics', [], { places: [namePlace('metric', undefined)], repeats: true, fillsParams: false });
    case 'train':
      return paramStatement('train', trainParams.describe());
    case 'compare':
      return compareShape;
    case 'inspect':
      return paramStatement('inspect', inspectParams.describe());
    case 'find':
      return findShape(first);
    case 'evaluate':
      return paramStatement('evaluate', evaluateParams.describe());
    case 'save':
    case 'load':
      return saveShape(keyword);
  }
}

/** The shape of a layer line inside `model`; undefined for a name that is no layer. */
export function layerShape(written: string): Shape | undefined {
  const name = registeredName('layer', written);
  if (name === undefined) return undefined;
  const summary = lookup('layer', name)?.summary ?? '';
  const base = { label: name, style: 'statement', summary, concept: { kind: 'layer', name }, repeats: false } as const;
  const entry = layers.get(name);
  const all = entry.params.describe();
  const slotOf = (param: ParamInfo): Slot => {
    const option = entry.conceptOptions[param.name];
    return option ? concept(option.kind) : { type: 'param', param };
  };
  const places = all.slice(0, entry.positional);
  const named = all.slice(entry.positional);
  return {
    ...base,
    places: places.map((param) => ({ label: param.name, doc: param.doc, slot: slotOf(param) })),
    params: named,
    fillsParams: false,
    keySlots: Object.fromEntries(named.filter((param) => entry.conceptOptions[param.name]).map((param) => [param.name, slotOf(param)])),
  };
}

/** The shape of `name(…)` where a concept of `kind` is expected; undefined for an unknown name. */
export function callShape(kind: ConceptKind, written: string): Shape | undefined {
  const name = registeredName(kind, written);
  if (name === undefined) return undefined;
  return {
    label: name,
    style: 'call',
    summary: lookup(kind, name)?.summary ?? '',
    concept: { kind, name },
    places: [],
    repeats: false,
    params: registryOf(kind).get(name).params.describe(),
    fillsParams: true,
  };
}
