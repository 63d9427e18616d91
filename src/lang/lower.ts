import { activations } from '../engine/activations';
import { datasets } from '../engine/data/datasets';
import { csvSchema } from '../engine/data/csv';
import { splitSchema } from '../engine/data/split';
import { didYouMean, quoted } from '../engine/errors';
import { initializers } from '../engine/initializers';
import { layers } from '../engine/layers';
import { losses } from '../engine/losses';
import { metrics } from '../engine/metrics';
import { clippers } from '../engine/optim/clipping';
import { optimizers } from '../engine/optim/optimizers';
import { schedules } from '../engine/optim/schedules';
import { createParameter } from '../engine/parameter';
import type { ParamValue } from '../engine/params';
import { normalizeName, type NamedEntry, type OptionsEntry, type Registry } from '../engine/registry';
import type { ArgumentNode, CellNode, ChainNode, ClauseNode, ListItemNode, NameNode, Span, StatementNode, ValueNode } from './nodes';
import {
  COMPARABLE_SETTINGS,
  type CellProgram,
  type ComparableSetting,
  type CompareValue,
  type ConceptRef,
  type Instruction,
  type LayerSpec,
  type TrainOptions,
} from './program';
import { lowerFind } from './find-statement';
import { lowerLoadOptions } from './load-statement';
import { bindOptions, conceptParts, literalValue, numberValue, ProblemList, resolveConcept } from './resolve';
import { augmentParams, evaluateParams, inspectParams, normalizeParams, STATEMENT_KEYWORDS, trainParams, type StatementKeyword } from './statements';
import { writtenValue } from './written';

/** One parameter built to check optimizer options that only construction can check. */
const probeParameters = [createParameter('probe', 'weight', [1], 'weight')];

/**
 * Gives a parsed cell its meaning: resolves every name and checks every
 * parameter, reporting each problem at the characters it is about and going
 * on to the next statement. Problems that need other cells (train with no
 * model) are the session's to find.
 */
export function lowerCell(cell: CellNode): CellProgram {
  const problems = new ProblemList();
  const instructions: Instruction[] = [];
  for (const statement of cell.statements) {
    const instruction = lowerStatement(statement, problems);
    if (instruction) instructions.push(instruction);
  }
  return { instructions, problems: problems.items };
}

function lowerStatement(statement: StatementNode, problems: ProblemList): Instruction | undefined {
  const keyword = normalizeName(statement.keyword.text) as StatementKeyword;
  if (!(STATEMENT_KEYWORDS as readonly string[]).includes(keyword)) {
    problems.error(statement.keyword, 'unknown-statement', `unknown statement ${quoted(statement.keyword.text)}${didYouMean(keyword, STATEMENT_KEYWORDS)}`);
    return undefined;
  }
  if (keyword !== 'model' && statement.body.length > 0) {
    problems.error(statement.body[0], 'unexpected-indent', `only model takes indented lines; ${quoted(statement.keyword.text)} does not`);
  }
  if (keyword !== 'schedule' && statement.clauses.length > 1) {
    // A compare chains inside one item of its list; between its arguments `then` has no meaning.
    const where = keyword === 'compare' ? ', but an item of compare schedule=[…] can: schedule=[constant, warmup(100) then cosine]' : '';
    problems.error(statement.clauses[1], 'unexpected-then', `'then' chains schedules; ${quoted(statement.keyword.text)} cannot use it${where}`);
  }
  const args = statement.clauses[0]?.args ?? [];
  const span = { start: statement.start, end: statement.end };
  const lowered = LOWERERS[keyword](statement, args, problems);
  return lowered && ({ ...span, ...lowered } as Instruction);
}

/** An instruction without its span (the statement's span is added once, in lowerStatement). */
type Lowered = (Instruction extends infer I ? (I extends unknown ? Omit<I, 'start' | 'end'> : never) : never) | undefined;
type Lowerer = (statement: StatementNode, args: readonly ArgumentNode[], problems: ProblemList) => Lowered;

const LOWERERS: Record<StatementKeyword, Lowerer> = {
  data: lowerData,
  split: (statement, args, problems) => {
    const options = bindOptions(splitSchema, args, statement.keyword, problems, {}, { val: 'validation' });
    if (!options) return undefined;
    const o = splitSchema.resolveNamed(options);
    return { kind: 'split', validation: o.validation, test: o.test, seed: o.seed, stratify: o.stratify };
  },
  normalize: (statement, args, problems) => {
    const options = bindOptions(normalizeParams, args, statement.keyword, problems);
    return options && { kind: 'normalize', method: normalizeParams.resolveNamed(options).method };
  },
  augment: (statement, args, problems) => {
    const options = bindOptions(augmentParams, args, statement.keyword, problems);
    return options && { kind: 'augment', ...augmentParams.resolveNamed(options) };
  },
  model: lowerModel,
  loss: (statement, args, problems) => {
    const loss = conceptStatement(losses, statement, args, problems, (entry, options) => entry.create(options));
    return loss && { kind: 'loss', loss };
  },
  optimizer: (statement, args, problems) => {
    const optimizer = conceptStatement(optimizers, statement, args, problems, (entry, options) => entry.create(probeParameters, options));
    return optimizer && { kind: 'optimizer', optimizer };
  },
  clip: (statement, args, problems) => {
    const clip = conceptStatement(clippers, statement, args, problems, (entry, options) => entry.create(options));
    return clip && { kind: 'clip', clip };
  },
  schedule: lowerSchedule,
  metrics: (statement, args, problems) => {
    if (args.length === 0) problems.error(statement.keyword, 'missing-value', 'metrics needs at least one metric name, e.g. metrics accuracy');
    const refs = args.map((arg) => conceptValue(metrics, arg, problems, 'metric', (entry, options) => entry.create(options)));
    return refs.every((ref) => ref !== undefined) ? { kind: 'metrics', metrics: refs as ConceptRef[] } : undefined;
  },
  train: (statement, args, problems) => {
    const options = trainOptions(args, statement, problems);
    return options && { kind: 'train', options };
  },
  compare: lowerCompare,
  inspect: (statement, args, problems) => {
    const options = bindOptions(inspectParams, args, statement.keyword, problems);
    return options && { kind: 'inspect', what: inspectParams.resolveNamed(options).what };
  },
  find: lowerFind,
  evaluate: (statement, args, problems) => {
    const options = bindOptions(evaluateParams, args, statement.keyword, problems);
    if (!options) return undefined;
    const split = evaluateParams.resolveNamed(options).split;
    return { kind: 'evaluate', ...(split === 'auto' ? {} : { split }) };
  },
  save: (statement, args, problems) => weightsFile('save', statement, args, problems),
  load: (statement, args, problems) => weightsFile('load', statement, args, problems),
};

/** `loss NAME …`, `optimizer NAME …`, `clip METHOD …`: the first value names the concept, the rest are its options. */
function conceptStatement<E extends NamedEntry>(
  registry: Registry<E>,
  statement: StatementNode,
  args: readonly ArgumentNode[],
  problems: ProblemList,
  build: (entry: E, options: Record<string, ParamValue>) => unknown,
): ConceptRef | undefined {
  const [first, ...rest] = args;
  if (first === undefined || first.key !== undefined) {
    problems.error(statement.keyword, 'missing-value', `${statement.keyword.text} needs ${registry.kind === 'optimizer' ? 'an' : 'a'} ${registry.kind} name first, e.g. ${statement.keyword.text} ${registry.entries()[0].name}`);
    return undefined;
  }
  const parts = conceptParts(first.value, problems, registry.kind);
  if (!parts) return undefined;
  return resolveConcept(registry, parts.name, [...parts.args, ...rest], statement, problems, build);
}

/** A concept written as a value: `relu`, `leaky_relu(0.2)`, `top_k_accuracy(k=3)`. */
function conceptValue<E extends NamedEntry>(
  registry: Registry<E>,
  arg: ArgumentNode | { value: ValueNode; key?: undefined },
  problems: ProblemList,
  kind: string,
  build?: (entry: E, options: Record<string, ParamValue>) => unknown,
): ConceptRef | undefined {
  const parts = conceptParts(arg.value, problems, kind);
  return parts && resolveConcept(registry, parts.name, parts.args, arg.value, problems, build);
}

function lowerData(statement: StatementNode, args: readonly ArgumentNode[], problems: ProblemList): Lowered {
  const [first, ...rest] = args;
  if (first === undefined || first.key !== undefined || first.value.type !== 'name' && first.value.type !== 'call') {
    problems.error(first?.value ?? statement.keyword, 'missing-value', 'data needs a data set name first, e.g. data spirals, data iris, or data csv "file.csv" target=label');
    return undefined;
  }
  if (first.value.type === 'name' && normalizeName(first.value.text) === 'csv') return lowerCsv(statement, first.value, rest, problems);
  const dataset = conceptStatement(datasets, statement, args, problems, () => undefined);
  return dataset && { kind: 'data', source: { kind: 'named', dataset } };
}

function lowerCsv(statement: StatementNode, csv: NameNode, args: readonly ArgumentNode[], problems: ProblemList): Lowered {
  const [path, ...rest] = args;
  if (path === undefined || path.key !== undefined || path.value.type !== 'string') {
    // A wrong value in the path's place is squiggled itself; a missing path, at `csv`.
    problems.error(path === undefined || path.key !== undefined ? csv : path.value, 'missing-value', 'data csv needs the file\'s path as a string next: data csv "file.csv" target=label');
    return undefined;
  }
  const targetArg = rest.find((arg) => arg.key && normalizeName(arg.key.text) === 'target');
  const target = targetArg && literalValue(targetArg.value, problems, 'data csv: target');
  if (targetArg === undefined) problems.error(statement.keyword, 'missing-value', 'data csv needs target=COLUMN, the header of the column to predict');
  const options = bindOptions(csvSchema, rest.filter((arg) => arg !== targetArg), statement.keyword, problems);
  if (typeof target !== 'string' || !options) return undefined;
  return { kind: 'data', source: { kind: 'csv', path: path.value.value, target, task: csvSchema.resolveNamed(options).task } };
}

function lowerModel(statement: StatementNode, args: readonly ArgumentNode[], problems: ProblemList): Lowered {
  if (args.length > 0) problems.error(args[0], 'unexpected-value', 'model takes no values; write its layers on the indented lines below it');
  if (statement.body.length === 0) {
    problems.error(statement.keyword, 'missing-value', 'model needs its layers on indented lines below it, e.g.\n  dense 16 relu\n  dense 1 sigmoid');
    return undefined;
  }
  const layers = statement.body.map((line) => lowerLayer(line, problems));
  return layers.every((layer) => layer !== undefined) ? { kind: 'model', layers: layers as LayerSpec[] } : undefined;
}

function lowerLayer(line: StatementNode, problems: ProblemList): LayerSpec | undefined {
  if (line.clauses.length > 1) problems.error(line.clauses[1], 'unexpected-then', "'then' chains schedules; a layer cannot use it");
  if (line.body.length > 0) problems.error(line.body[0], 'unexpected-indent', 'layers take no indented lines of their own');
  if (!layers.has(line.keyword.text)) {
    problems.error(line.keyword, 'unknown-layer', `unknown layer ${quoted(line.keyword.text)}${didYouMean(normalizeName(line.keyword.text), layers.allNames())}; a layer line starts with a layer's name, such as dense, conv2d or lstm`);
    return undefined;
  }
  const entry = layers.get(line.keyword.text);
  const resolvers = Object.fromEntries(
    Object.entries(entry.conceptOptions).map(([name, option]) => {
      const family: Registry<OptionsEntry<unknown>> = option.kind === 'activation' ? activations : initializers;
      return [name, (value: ValueNode) => conceptValue(family, { value }, problems, option.kind, (concept, options) => concept.create(options))];
    }),
  );
  const concepts = { resolvers, refs: {} as Record<string, ConceptRef>, positional: entry.positional };
  const options = bindOptions(entry.params, line.clauses[0]?.args ?? [], line.keyword, problems, {}, {}, concepts);
  if (!options) return undefined;
  return { kind: entry.name, options, concepts: concepts.refs, start: line.start, end: line.end };
}

/**
 * Schedule parameters that default to the run's length (each entry's
 * `runLength`), known only when `train` runs: placeholders stand in for them
 * while the rest of the options are checked.
 */
const RUN_LENGTH_PLACEHOLDERS = Object.fromEntries(schedules.entries().flatMap(({ runLength }) => (runLength ? [[runLength.param, 1000] as const] : [])));

function lowerSchedule(statement: StatementNode, _args: readonly ArgumentNode[], problems: ProblemList): Lowered {
  const stages: ConceptRef[] = [];
  statement.clauses.forEach((clause: ClauseNode, index) => {
    const [first, ...rest] = clause.args;
    if (first === undefined || first.key !== undefined) {
      // A clause left empty beside a 'then' is the parser's to report.
      if (first !== undefined || statement.clauses.length === 1) {
        problems.error(index === 0 ? statement.keyword : clause, 'missing-value', 'schedule needs a schedule name, e.g. schedule cosine or schedule warmup 100 then cosine');
      }
      return;
    }
    const stage = scheduleStage(first.value, rest, clause, index === statement.clauses.length - 1, problems);
    if (stage) stages.push(stage);
  });
  return stages.length === statement.clauses.length ? { kind: 'schedule', stages } : undefined;
}

/**
 * One stage of a schedule, `value` naming it and `rest` giving more of its
 * options; a stage before the last must be a warmup, which hands over to the
 * stage after it. Undefined after reporting at `span`.
 */
function scheduleStage(value: ValueNode, rest: readonly ArgumentNode[], span: Span, last: boolean, problems: ProblemList): ConceptRef | undefined {
  const parts = conceptParts(value, problems, 'schedule');
  const stage = parts && resolveConcept(schedules, parts.name, [...parts.args, ...rest], span, problems, undefined, RUN_LENGTH_PLACEHOLDERS);
  if (stage && !last && stage.name !== 'warmup') {
    problems.error(span, 'invalid-chain', `only warmup can come before 'then'; ${stage.name} is a whole schedule on its own`);
    return undefined;
  }
  return stage;
}

function trainOptions(args: readonly ArgumentNode[], statement: StatementNode, problems: ProblemList): TrainOptions | undefined {
  const options = bindOptions(trainParams, args, statement.keyword, problems);
  if (!options) return undefined;
  const o = trainParams.resolveNamed(options);
  const given = (name: string) => name in options;
  return {
    ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(given('batch') ? { batch: o.batch } : {}),
    ...(given('seed') ? { seed: o.seed } : {}),
    ...(o.patience !== undefined ? { patience: o.patience } : {}),
    ...(given('min_delta') ? { minDelta: o.minDelta } : {}),
    ...(given('restore_best') ? { restoreBest: o.restoreBest } : {}),
  };
}

function lowerCompare(statement: StatementNode, args: readonly ArgumentNode[], problems: ProblemList): Lowered {
  const lists = args.filter((arg) => arg.key && arg.value.type === 'list');
  // `compare lr=0.1` names a comparable setting with a single value: say it wants a list, not "unknown parameter".
  // (`batch=32` is also how a compare sets its runs' batch size, so it stays a train option.)
  const trainKeys = new Set(trainParams.describe().map((param) => param.name));
  const single = args.find((arg) => {
    const key = arg.key && normalizeName(arg.key.text);
    return key && arg.value.type !== 'list' && !trainKeys.has(key) && (COMPARABLE_SETTINGS as readonly string[]).includes(key);
  });
  if (single) {
    const name = single.key!.text;
    problems.error(single, 'invalid-compare', `compare: ${name} takes a list of the values to compare, e.g. ${name}=[${exampleValues(normalizeName(name) as ComparableSetting)}]`);
    return undefined;
  }
  if (lists.length !== 1) {
    problems.error(lists[1] ?? statement.keyword, 'invalid-compare', 'compare varies exactly one setting given as a list, e.g. compare init=[zeros, he_normal] epochs=20');
    return undefined;
  }
  const listArg = lists[0];
  const setting = normalizeName(listArg.key!.text) as ComparableSetting;
  if (!(COMPARABLE_SETTINGS as readonly string[]).includes(setting)) {
    problems.error(listArg.key!, 'invalid-compare', `compare cannot vary ${quoted(listArg.key!.text)}${didYouMean(setting, COMPARABLE_SETTINGS)}; it varies ${COMPARABLE_SETTINGS.join(', ')}`);
    return undefined;
  }
  const items = listArg.value.type === 'list' ? listArg.value.items : [];
  if (items.length < 2) problems.error(listArg.value, 'invalid-compare', 'compare needs at least two values to compare');
  const values = items.map((item) => compareValue(setting, item, problems));
  const options = trainOptions(args.filter((arg) => arg !== listArg), statement, problems);
  if (!options || items.length < 2 || values.some((value) => value === undefined)) return undefined;
  return { kind: 'compare', setting, values: values as CompareValue[], options };
}

function exampleValues(setting: ComparableSetting): string {
  const examples: Record<ComparableSetting, string> = {
    init: 'glorot_uniform, he_normal',
    recurrent_init: 'orthogonal, identity',
    activation: 'relu, tanh',
    optimizer: 'sgd, adam',
    lr: '0.1, 0.01',
    clip: 'none, norm(1.0)',
    schedule: 'constant, cosine',
    batch: '16, 64',
    normalize: 'none, standard',
  };
  return examples[setting];
}

function compareValue(setting: ComparableSetting, item: ListItemNode, problems: ProblemList): CompareValue | undefined {
  if (item.type === 'chain') return chainedSchedule(setting, item, problems);
  if (setting === 'lr' || setting === 'batch') {
    const value = numberValue(item, problems, `compare ${setting}`);
    const valid = value !== undefined && value > 0 && (setting === 'lr' || Number.isInteger(value));
    if (value !== undefined && !valid) problems.error(item, 'invalid-value', `compare ${setting}: ${setting === 'lr' ? 'a learning rate must be > 0' : 'a batch must be a whole number ≥ 1'}, got ${value}`);
    return valid ? { type: 'number', value: value!, start: item.start, end: item.end } : undefined;
  }
  if (setting === 'normalize') {
    const method = literalValue(item, problems, 'compare normalize');
    if (method === undefined) return undefined;
    try {
      normalizeParams.checkNamed('method', method);
    } catch (error) {
      problems.fromConfigError(item, error);
      return undefined;
    }
    return { type: 'concept', name: String(method), options: {}, start: item.start, end: item.end };
  }
  const value = { value: item };
  const ref =
    setting === 'init' || setting === 'recurrent_init'
      ? conceptValue(initializers, value, problems, 'initializer', (entry, options) => entry.create(options))
      : setting === 'activation'
        ? conceptValue(activations, value, problems, 'activation', (entry, options) => entry.create(options))
        : setting === 'optimizer'
          ? conceptValue(optimizers, value, problems, 'optimizer', (entry, options) => entry.create(probeParameters, options))
          : setting === 'clip'
            ? conceptValue(clippers, value, problems, 'clipping method', (entry, options) => entry.create(options))
            : scheduleStage(item, [], item, true, problems);
  return ref && { type: 'concept', ...ref };
}

/** `warmup(100) then cosine` as one arm of `compare schedule=[…]`: the stages the `schedule` statement would make. */
function chainedSchedule(setting: ComparableSetting, chain: ChainNode, problems: ProblemList): CompareValue | undefined {
  if (setting !== 'schedule') {
    problems.error(chain, 'unexpected-then', `'then' chains schedules: in a schedule statement, or in an item of compare schedule=[…]; ${setting} values cannot be chained`);
    return undefined;
  }
  const stages = chain.links.map((link, index) => scheduleStage(link, [], link, index === chain.links.length - 1, problems));
  if (stages.some((stage) => stage === undefined)) return undefined;
  return { type: 'chain', stages: stages as ConceptRef[], written: writtenValue(chain), start: chain.start, end: chain.end };
}

function weightsFile(kind: 'save' | 'load', statement: StatementNode, args: readonly ArgumentNode[], problems: ProblemList): Lowered {
  const [what, path, ...extra] = args;
  if (!what || what.key || what.value.type !== 'name' || normalizeName(what.value.text) !== 'weights' || !path || path.key || path.value.type !== 'string') {
    problems.error(what?.value ?? statement.keyword, 'missing-value', `write ${kind} weights "file.safetensors" (or a .json file)`);
    return undefined;
  }
  if (kind === 'load') return lowerLoadOptions(path.value.value, extra, statement, problems);
  for (const arg of extra) problems.error(arg, 'unexpected-value', `${kind} weights takes only the file's path`);
  return { kind, path: path.value.value };
}
