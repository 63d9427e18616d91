import { ConfigError } from '../errors';
import { activeKernels } from '../kernels';
import type { Parameter } from '../parameter';
import { number, type NumberParam, type ParamSchema, type ParamSpecs, type Resolved } from '../params';
import { defineContextEntry, type ContextEntry } from '../registry';
import { WasmUpdater } from './update-wasm';

/**
 * What an optimizer needs to resume a run exactly where it stopped: the step
 * count (Adam's bias correction and Adagrad's lr decay depend on it), the
 * learning rate, and every per-parameter buffer, by slot then parameter name:
 * `slots.exp_avg['0.weight']`. Slot names follow PyTorch's `state_dict`.
 */
export interface OptimizerState {
  readonly stepCount: number;
  readonly lr: number;
  readonly slots: Readonly<Record<string, Readonly<Record<string, Float32Array>>>>;
}

/** The learning-rate spec every optimizer shares: η > 0, always with a default. */
export type LearningRateParam = NumberParam & { readonly default: number };

/** The learning-rate spec every optimizer shares: η > 0. */
export function learningRate(defaultValue: number): LearningRateParam {
  return { kind: 'number', default: defaultValue, min: 0, minExclusive: true, doc: 'Learning rate η: the step size.' };
}

/** A coefficient in [0, 1): momentum μ, decay rates β and α. */
export function decayRate(defaultValue: number, doc: string): NumberParam {
  return number({ default: defaultValue, min: 0, max: 1, maxExclusive: true, doc });
}

/** ε > 0, added to a denominator so it never divides by zero. */
export function epsilon(defaultValue: number): NumberParam {
  return number({ default: defaultValue, min: 0, minExclusive: true, doc: 'ε added to the denominator for numerical stability.' });
}

/** L2 penalty λ ≥ 0 added to the gradient: g ← g + λw. */
export function l2WeightDecay(): NumberParam {
  return number({ default: 0, min: 0, doc: 'L2 penalty λ: the gradient becomes g + λw (PyTorch weight_decay).' });
}

/** A named optimizer: its schema, the facts other parts read about it, and how to build it. */
export interface OptimizerEntry extends ContextEntry<readonly Parameter[], Optimizer> {
  /** Per-parameter step sizes (Adagrad, RMSprop, Adam): they cross flat regions that stall plain gradient descent. */
  readonly adaptive: boolean;
  /** η when a cell gives no `lr`, read from the schema so it is written once. */
  readonly defaultLr: number;
}

/** The registry entry of an optimizer, built from its parameters first; the default rate is read from the schema's `lr`. */
export function defineOptimizer<S extends ParamSpecs & { readonly lr: LearningRateParam }>(
  name: string,
  aliases: readonly string[],
  schema: ParamSchema<S>,
  build: (params: readonly Parameter[], options: Resolved<S>) => Optimizer,
  { adaptive }: { readonly adaptive: boolean },
): OptimizerEntry {
  return { ...defineContextEntry(name, aliases, schema, build), adaptive, defaultLr: schema.specs.lr.default };
}

/**
 * The base of every optimizer, after tinygrad's `nn/optim.py`: it owns the
 * parameters, the learning rate, the step count and the per-parameter buffers;
 * a subclass writes only its update rule for one parameter tensor.
 *
 * Weight decay, where an optimizer offers it, applies to every parameter as in
 * PyTorch (biases and normalisation scales included).
 *
 * Each rule exists twice: a JavaScript loop in float64, and a WebAssembly
 * SIMD kernel in float32 (update.wat) that runs whenever the matrix products
 * run in WebAssembly (`useKernels`), so one choice decides a step's
 * arithmetic and a seeded run stays bit-identical under it. The per-parameter
 * buffers live in the kernel's memory for the whole run.
 */
export abstract class Optimizer {
  /** Current learning rate; a schedule sets it before each step. */
  lr: number;
  readonly params: readonly Parameter[];
  private steps = 0;
  private readonly slots = new Map<string, Float32Array[]>();
  /** Undefined where WebAssembly SIMD is missing or its memory could not hold the buffers. */
  private wasm = WasmUpdater.create();

  /** `owner` reads as "optimizer adam" and starts every error message. */
  protected constructor(
    protected readonly owner: string,
    params: readonly Parameter[],
    lr: number,
  ) {
    if (params.length === 0) throw new ConfigError(`${owner}: got no parameters to optimize`);
    const names = new Set<string>();
    for (const { name } of params) {
      if (names.has(name)) throw new ConfigError(`${owner}: parameter '${name}' is given twice`);
      names.add(name);
    }
    this.params = [...params];
    this.lr = lr;
  }

  /** The registered name, as the language spells it (`adam`, `momentum`). */
  get name(): string {
    return this.owner.replace(/^optimizer /, '');
  }

  /** Updates applied so far. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * One update from each parameter's gradient. Gradients are read as the last
   * backward pass left them (overwritten, not accumulated) and are not changed.
   */
  step(): void {
    this.steps += 1;
    for (let index = 0; index < this.params.length; index++) this.update(index, this.steps);
  }

  /**
   * Applies the update rule to `params[index]`, in one loop over its values.
   * `t` is the 1-based number of this step.
   */
  protected abstract update(index: number, t: number): void;

  /**
   * One buffer per parameter, made now and kept for the whole run, so a step
   * allocates nothing; `getState` saves it under `name`.
   */
  protected slot(name: string, initialValue = 0): Float32Array[] {
    const lengths = this.params.map((parameter) => parameter.value.length);
    let buffers = this.wasm?.allocate(lengths, initialValue);
    if (buffers === undefined) {
      this.wasm = undefined;
      buffers = lengths.map((length) => new Float32Array(length).fill(initialValue));
    }
    this.slots.set(name, buffers);
    return buffers;
  }

  /**
   * The WebAssembly kernels when this step should use them: the matrix
   * products run in WebAssembly and every buffer is in its memory. Otherwise
   * the update takes its JavaScript loop.
   */
  protected get fastUpdate(): WasmUpdater | undefined {
    return activeKernels() === 'wasm' ? this.wasm : undefined;
  }

  /** A deep copy of everything a resumed run needs. */
  getState(): OptimizerState {
    const slots: Record<string, Record<string, Float32Array>> = {};
    for (const [slot, buffers] of this.slots) {
      const byParameter: Record<string, Float32Array> = {};
      this.params.forEach((parameter, index) => {
        byParameter[parameter.name] = buffers[index].slice();
      });
      slots[slot] = byParameter;
    }
    return { stepCount: this.steps, lr: this.lr, slots };
  }

  /**
   * Restores a state from `getState` into the existing buffers. Everything is
   * checked before anything is written, so a mismatch leaves this optimizer as
   * it was.
   */
  setState(state: OptimizerState): void {
    if (!Number.isInteger(state.stepCount) || state.stepCount < 0) {
      throw new ConfigError(`${this.owner}: saved step count must be a whole number ≥ 0, got ${state.stepCount}`);
    }
    if (!(Number.isFinite(state.lr) && state.lr > 0)) {
      throw new ConfigError(`${this.owner}: saved lr must be > 0, got ${state.lr}`);
    }
    const expected = [...this.slots.keys()].sort();
    const given = Object.keys(state.slots).sort();
    if (expected.join() !== given.join()) {
      throw new ConfigError(
        `${this.owner}: saved state has slots [${given.join(', ')}], this optimizer keeps [${expected.join(', ')}]`,
      );
    }
    for (const slot of expected) this.checkSlot(slot, state.slots[slot]);

    for (const [slot, buffers] of this.slots) {
      this.params.forEach((parameter, index) => buffers[index].set(state.slots[slot][parameter.name]));
    }
    this.steps = state.stepCount;
    this.lr = state.lr;
  }

  private checkSlot(slot: string, saved: Readonly<Record<string, Float32Array>>): void {
    for (const parameter of this.params) {
      const buffer = saved[parameter.name];
      if (buffer === undefined) {
        throw new ConfigError(`${this.owner}: saved state has no ${slot} for parameter '${parameter.name}'`);
      }
      if (buffer.length !== parameter.value.length) {
        throw new ConfigError(
          `${this.owner}: saved ${slot} for '${parameter.name}' has ${buffer.length} values, the parameter has ${parameter.value.length}`,
        );
      }
    }
    const known = new Set(this.params.map((parameter) => parameter.name));
    const extra = Object.keys(saved).find((name) => !known.has(name));
    if (extra !== undefined) {
      throw new ConfigError(`${this.owner}: saved ${slot} is for parameter '${extra}', which this optimizer does not hold`);
    }
  }
}
