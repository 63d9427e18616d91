import type { DiagnosticThresholds } from '../engine/diagnostics';
import { ConfigError } from '../engine/errors';
import { MetricError } from '../engine/metrics';
import { Sequential } from '../engine/model';
import { Rng } from '../engine/rng';
import type { RunConfig } from '../engine/train/config';
import { initialLayers } from '../engine/train/initialization';
import { parseCell } from '../lang';
import { lowerCell } from '../lang/lower';
import type { Instruction, TrainOptions } from '../lang/program';
import type { CellOutput, CellProblem, CellResult, SourceLocation } from '../protocol/cell-output';
import { DEFAULT_BATCH, DEFAULT_OPTIMIZER, modelParts, planRun, type RunPlan } from './build';
import { CellFailure, checkActivations, checkFit, checkModelSize, missingPieces, problem } from './checks';
import { checkedPath, dataKey, prepareData, type PreparedData } from './data';
import { declarationKey, DeclarationError, type Declarations } from './declarations';
import { declare, isDeclaration } from './interpret';
import type { SessionHost } from './host';
import { resolveLimits, type Limits } from './limits';
import { locate } from './location';
import { layerSummary } from './output-records';
import { describeData, describeModel } from './describe';
import { evaluate } from './evaluation';
import { encodeWeights, type WeightFile, type WeightFormat } from './weight-files';
import { loadWeights, saveWeights, type TrainedState } from './weight-statements';

import type { CellControl, RunningCell } from './run-control';
import { compare } from './compare-statement';
import { find } from './find-statement';
import { train } from './train-statement';

export type { CellControl, SessionProgress } from './run-control';

export interface SessionOptions {
  /** Replaces every seed the notebook gives (the CLI's --seed). */
  readonly seed?: number;
  /** Diagnostic thresholds that differ from the defaults (the editor's `nnlab.diagnostics.*` settings). */
  readonly thresholds?: Partial<DiagnosticThresholds>;
  /**
   * Threads a training step may use, counting its own (default 1). Above one,
   * and when the host can start threads, a large batch is split across them
   * (see src/engine/parallel): results then differ at float32 rounding.
   */
  readonly threads?: number;
  /** Sizes the session refuses to go past (the editor's `nnlab.limits.*` settings); the defaults where unset. */
  readonly limits?: Partial<Limits>;
}

/**
 * One notebook's kernel: the cells share its declarations as Python cells
 * share a kernel's variables. A later declaration replaces an earlier one;
 * `train` continues from the current weights while the model is unchanged.
 * A cell with a syntax or checking error changes nothing.
 */
export class NotebookSession {
  private declarations: Declarations = {};
  private data?: PreparedData;
  private trained?: TrainedState;
  private readonly limits: Limits;

  constructor(
    private readonly host: SessionHost,
    private readonly options: SessionOptions = {},
  ) {
    this.limits = resolveLimits(options.limits);
  }

  /** Runs one code cell: `cell` is its index in the notebook, for locations. */
  runCell(cell: number, source: string, control: CellControl = {}): CellResult {
    const parsed = parseCell(source);
    const program = lowerCell(parsed.cell);
    const at = (start: number, end: number) => locate(cell, source, start, end);
    const problems: CellProblem[] = [
      ...parsed.problems.map((p) => ({ code: p.code, severity: 'error' as const, message: p.message, location: at(p.start, p.end) })),
      ...program.problems.map((p) => ({ code: p.code, severity: p.severity, message: p.message, location: at(p.start, p.end) })),
    ];
    if (problems.some((p) => p.severity === 'error')) return { status: 'error', problems, outputs: [] };
    const outputs: CellOutput[] = [];
    const context: Context = { cell, at, outputs, control, modelDeclared: false };
    for (const instruction of program.instructions) {
      const location = at(instruction.start, instruction.end);
      const title = source.slice(instruction.start, instruction.end).split('\n')[0].trim();
      try {
        const output = this.execute(instruction, location, title, context);
        if (output) outputs.push(output);
      } catch (error) {
        return { status: 'error', problems: [...problems, ...this.problemsOf(error, location)], outputs };
      }
      if (control.signal?.aborted) return { status: 'cancelled', problems, outputs };
    }
    if (this.declarations.data && this.data?.key !== dataKey(this.declarations, this.options.seed)) {
      try {
        this.prepare(context);
      } catch (error) {
        return { status: 'error', problems: [...problems, ...this.problemsOf(error, this.declarations.data.location)], outputs };
      }
    }
    this.describeModelOnce(context);
    return { status: 'ok', problems, outputs };
  }

  /** Records a cell's declarations without running anything, as a preview replays the cells above it. */
  declare(cell: number, source: string, instructions: readonly Instruction[]): void {
    const at = (start: number, end: number) => locate(cell, source, start, end);
    for (const instruction of instructions) if (isDeclaration(instruction)) declare(this.declarations, instruction, at);
  }

  /** The run a `train` at `location` with `options` would make, planned without training, or the problems that stop it. */
  planTrain(options: TrainOptions, location: SourceLocation): { readonly plan: RunPlan } | { readonly problems: CellProblem[] } {
    const context: Context = { cell: location.cell, at: () => location, outputs: [], control: {}, modelDeclared: false };
    try {
      return { plan: this.planned('train', options, location, context).plan };
    } catch (error) {
      return { problems: this.problemsOf(error, location) };
    }
  }

  private execute(instruction: Instruction, location: SourceLocation, title: string, context: Context): CellOutput | undefined {
    if (isDeclaration(instruction)) {
      declare(this.declarations, instruction, context.at);
      if (instruction.kind === 'model') context.modelDeclared = true;
      return undefined;
    }
    switch (instruction.kind) {
      case 'train': {
        const { data, plan } = this.planned('train', instruction.options, location, context);
        const request = { data, plan, config: this.withHostOptions(plan), declarations: this.declarations, modelKey: this.modelKey(data), held: this.trained };
        const { output, trained } = train(request, title, location, context);
        this.trained = trained;
        return output;
      }
      case 'compare': {
        const batches = instruction.setting === 'batch' ? instruction.values.map((value) => (value.type === 'number' ? value.value : 0)) : [];
        const data = this.ready('compare', location, context, Math.max(instruction.options.batch ?? DEFAULT_BATCH, ...batches));
        const prepare = (declarations: Declarations) => prepareData(declarations, this.host, this.options.seed, this.limits);
        const setting = { data, declarations: this.declarations, seed: this.seed(instruction.options.seed), prepare, config: (plan: RunPlan) => this.withHostOptions(plan) };
        return compare(instruction, setting, title, location, context);
      }
      case 'inspect': {
        const { data, plan } = this.planned('inspect init', { epochs: 1 }, location, context);
        return { kind: 'inspect', title, layers: initialLayers(plan.config, data.train).map(layerSummary), concepts: plan.concepts };
      }
      case 'find': {
        const { steps, batch, seed } = instruction.options;
        const { data, plan } = this.planned(`find ${instruction.what}`, { steps, batch, seed }, location, context);
        return find(instruction, { data, plan, declarations: this.declarations, modelKey: this.modelKey(data), held: this.trained }, title);
      }
      case 'evaluate': {
        const data = this.ready('evaluate', location, context);
        return evaluate(this.trainedModel(data, 'evaluate', location), data, this.declarations, instruction.split, location, title);
      }
      case 'save':
        return saveWeights(this.host, checkedPath('save weights', instruction.path), this.trained, this.data && this.modelKey(this.data), location, title);
      case 'load': {
        const path = checkedPath('load weights', instruction.path);
        const data = this.ready('load weights', location, context);
        const loaded = loadWeights(this.host, path, this.untrainedModel(data), this.modelKey(data), location, title, { strict: instruction.strict, includeTop: instruction.includeTop });
        this.trained = loaded.trained;
        context.outputs.push(...loaded.notes);
        return loaded.output;
      }
    }
  }

  /**
   * The data and model an action needs, with every missing piece, misfit and
   * size past a limit reported at once; `batch` is the largest batch it trains on.
   */
  private ready(action: string, location: SourceLocation, context: Context, batch = DEFAULT_BATCH): PreparedData {
    const missing = missingPieces(this.declarations, action, location);
    if (missing.length > 0) throw new CellFailure(missing);
    const data = this.prepare(context);
    this.describeModelOnce(context);
    const misfits = checkFit(this.declarations, data);
    if (misfits.length > 0) throw new CellFailure(misfits);
    const tooLarge = [
      ...checkModelSize(this.declarations, data, this.declarations.optimizer?.value ?? DEFAULT_OPTIMIZER, this.limits),
      ...checkActivations(this.declarations, data, batch, this.limits),
    ];
    if (tooLarge.length > 0) throw new CellFailure(tooLarge);
    return data;
  }

  /** The data an action trains on and the run the declarations make of it with `options`. */
  private planned(action: string, options: TrainOptions, location: SourceLocation, context: Context): { readonly data: PreparedData; readonly plan: RunPlan } {
    const data = this.ready(action, location, context, options.batch);
    return { data, plan: planRun(this.declarations, data, options, {}, this.seed(options.seed)) };
  }

  /** What an instruction that failed tells the user: its located problems, or a value at the declaration that gave it. */
  private problemsOf(error: unknown, location: SourceLocation): CellProblem[] {
    if (error instanceof CellFailure) return error.problems;
    if (error instanceof ConfigError) return [problem('invalid-value', error.message, this.declaredAt(error, location))];
    throw error;
  }

  /** The model a cell declared, layer by layer, said once: before its first run, or at the end of the cell. */
  private describeModelOnce(context: Context): void {
    if (!context.modelDeclared) return;
    context.modelDeclared = false;
    context.outputs.push({ kind: 'summary', lines: describeModel(this.declarations.model!.value, this.data?.train.sampleShape) });
  }

  /** Loads the declared data if it changed, and says what was loaded; data that cannot be loaded is a problem at its line. */
  private prepare(context: Context): PreparedData {
    const before = this.data?.key;
    try {
      this.data = prepareData(this.declarations, this.host, this.options.seed, this.limits, this.data);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new CellFailure([problem('invalid-data', error.message, this.declaredAt(error, this.declarations.data!.location))]);
    }
    if (this.data.key !== before) context.outputs.push({ kind: 'summary', lines: describeData(this.data) });
    return this.data;
  }

  private trainedModel(data: PreparedData, action: string, location: SourceLocation): Sequential {
    if (!this.trained || this.trained.modelKey !== this.modelKey(data)) {
      throw new CellFailure([problem('not-trained', `${action} needs a trained model: run train (or load weights) after declaring the model`, location)]);
    }
    const model = this.untrainedModel(data);
    model.loadStateDict(this.trained.weights);
    return model;
  }

  /** The declared model with seed-0 weights, for weights to be loaded into. */
  private untrainedModel(data: PreparedData): Sequential {
    return new Sequential(data.train.sampleShape, modelParts(this.declarations, data).layers, new Rng(0));
  }

  private modelKey(data: PreparedData): string {
    return declarationKey({ layers: this.declarations.model?.value, features: data.train.features });
  }

  /** The weights trained or loaded last as a weight file PyTorch reads (see `encodeWeights`); undefined before any. */
  weightFile(format: WeightFormat): WeightFile | undefined {
    return this.trained && encodeWeights(format, this.trained.weights, this.trained.moduleIndices, this.trained.batchesTracked);
  }

  /** The plan's run with what the session's options add: diagnostic thresholds and helper threads. */
  private withHostOptions(plan: RunPlan): RunConfig {
    const { thresholds, threads = 1 } = this.options;
    const gradientThreads = this.host.gradientThreads;
    return {
      ...plan.config,
      ...(thresholds ? { thresholds } : {}),
      ...(threads > 1 && plan.replica && gradientThreads ? { createShards: gradientThreads(plan.replica, threads) } : {}),
    };
  }

  /** The line of the declaration a problem is about, else `fallback`. */
  private declaredAt(error: ConfigError, fallback: SourceLocation): SourceLocation {
    const declaration = error instanceof DeclarationError ? error.declaration : error instanceof MetricError ? 'metrics' : undefined;
    return (declaration && this.declarations[declaration]?.location) || fallback;
  }

  private seed(given: number | undefined): number {
    return this.options.seed ?? given ?? 0;
  }
}

/** What running one cell carries from statement to statement. */
interface Context extends RunningCell {
  readonly at: (start: number, end: number) => SourceLocation;
  readonly outputs: CellOutput[];
  /** A model was declared and not yet described. */
  modelDeclared: boolean;
}
