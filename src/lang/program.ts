import type { AugmentOptions } from '../engine/train/config';
import type { GradientSurveyOptions } from '../engine/train/gradient-survey';
import type { LrFinderOptions } from '../engine/train/lr-finder';
import type { LayerDescription } from '../engine/layers';
import type { ParamValue } from '../engine/params';
import type { Span } from './nodes';

/**
 * The meaning of a cell: its statements in order, each a declaration (what
 * the session remembers) or an action (what it does with what it remembers).
 * Names are resolved to their registered spelling and parameters checked, so
 * the session only builds and runs.
 */

/** A named concept with its options, as written: `he_normal(mode=fan_out)`. */
export interface ConceptRef extends Span {
  /** The registered name (an alias resolves to it). */
  readonly name: string;
  /** Options in language spelling, each already checked against the concept's schema. */
  readonly options: Readonly<Record<string, ParamValue>>;
}

/**
 * One layer line of `model` (`conv2d 16 3 relu padding=same`): the layer's
 * registered kind, its literal options in language spelling, and the
 * concepts it names (activation, initializers), each already checked.
 */
export interface LayerSpec extends Span, LayerDescription {
  readonly concepts: Readonly<Record<string, ConceptRef>>;
}

export type DataSource =
  | { readonly kind: 'named'; readonly dataset: ConceptRef }
  | { readonly kind: 'csv'; readonly path: string; readonly target: string; readonly task: 'auto' | 'classification' | 'regression' };

/** How long and how a `train` (or each arm of a `compare`) runs. */
export interface TrainOptions {
  readonly epochs?: number;
  readonly steps?: number;
  readonly batch?: number;
  readonly seed?: number;
  readonly patience?: number;
  readonly minDelta?: number;
  readonly restoreBest?: boolean;
}

/** The settings `compare` can vary. */
export const COMPARABLE_SETTINGS = ['init', 'recurrent_init', 'activation', 'optimizer', 'lr', 'clip', 'schedule', 'batch', 'normalize'] as const;
export type ComparableSetting = (typeof COMPARABLE_SETTINGS)[number];

/**
 * One value of a compared setting: a concept (`he_normal`, `adam(lr=0.01)`),
 * a number (`lr`, `batch`), or a chained schedule (`warmup(100) then cosine`):
 * its stages as the `schedule` statement makes them, and how it was written,
 * which labels its arm.
 */
export type CompareValue =
  | (ConceptRef & { readonly type: 'concept' })
  | (Span & { readonly type: 'number'; readonly value: number })
  | (Span & { readonly type: 'chain'; readonly stages: readonly ConceptRef[]; readonly written: string });

/** `find lr …` or `find clip …`: what it looks for, and its options. */
export type FindAction =
  | { readonly kind: 'find'; readonly what: 'lr'; readonly options: LrFinderOptions }
  | { readonly kind: 'find'; readonly what: 'clip'; readonly options: GradientSurveyOptions };

export type Instruction = Span &
  (
    | { readonly kind: 'data'; readonly source: DataSource }
    | { readonly kind: 'split'; readonly validation: number; readonly test: number; readonly seed: number; readonly stratify: boolean }
    | { readonly kind: 'normalize'; readonly method: 'standard' | 'minmax' | 'none' }
    | ({ readonly kind: 'augment' } & AugmentOptions)
    | { readonly kind: 'model'; readonly layers: readonly LayerSpec[] }
    | { readonly kind: 'loss'; readonly loss: ConceptRef }
    | { readonly kind: 'optimizer'; readonly optimizer: ConceptRef }
    | { readonly kind: 'clip'; readonly clip: ConceptRef }
    | { readonly kind: 'schedule'; readonly stages: readonly ConceptRef[] }
    | { readonly kind: 'metrics'; readonly metrics: readonly ConceptRef[] }
    | { readonly kind: 'train'; readonly options: TrainOptions }
    | { readonly kind: 'compare'; readonly setting: ComparableSetting; readonly values: readonly CompareValue[]; readonly options: TrainOptions }
    | { readonly kind: 'inspect'; readonly what: 'init' }
    | FindAction
    | { readonly kind: 'evaluate'; readonly split?: 'train' | 'validation' | 'test' }
    | { readonly kind: 'save'; readonly path: string }
    | { readonly kind: 'load'; readonly path: string; readonly strict: boolean; readonly includeTop: boolean }
  );

export type InstructionKind = Instruction['kind'];

/** `find lr …` as written in a cell, with its span. */
export type FindInstruction = Extract<Instruction, { kind: 'find' }>;

/** A problem with a cell's meaning: an unknown name, a value out of range, a missing piece. */
export interface LanguageProblem extends Span {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

export interface CellProgram {
  readonly instructions: readonly Instruction[];
  readonly problems: readonly LanguageProblem[];
}
