import type { ParamInfo } from '../engine/params';
import { catalog, type CatalogEntry } from '../reference/catalog';
import type { ConceptKind } from '../reference/entry';
import { lineAt, readLine, significantTokens, valueSlot, type Frame } from './cursor';
import type { Span } from './nodes';
import type { Token } from './scanner';
import { paramDetail, STATEMENT_DOCS, type Shape, type Slot } from './shapes';
import { STATEMENT_KEYWORDS } from './statements';

/**
 * Completion candidates at an offset of a cell: statement keywords at the
 * start of a line (layer names on the indented lines of `model`), concept
 * names where the place expects a concept, `key=` for the parameters of the
 * statement or concept around the cursor, and the values of choice and
 * boolean parameters. The editor filters by what is typed; this only says
 * what fits the place.
 */

/** How the editor marks a candidate: keyword, layer, concept, `key=`, or a value. */
export type CandidateKind = 'keyword' | 'layer' | 'concept' | 'parameter' | 'value';

/** One thing that may be written at the cursor. */
export interface Candidate {
  /** As the list shows it: `adam`, `beta1=`. */
  readonly label: string;
  readonly kind: CandidateKind;
  /** What the kind of concept is, for a concept or layer name. */
  readonly conceptKind?: ConceptKind;
  readonly insertText: string;
  /** The name and its aliases, so typing a PyTorch spelling finds the Keras name. */
  readonly filterText: string;
  /** One line beside the label: a title, or a parameter's default and range. */
  readonly detail: string;
  /** Plain text: a summary and the plain formula, or a parameter's doc. */
  readonly documentation: string;
  /** Orders candidates as the registries and schemas list them. */
  readonly sortText: string;
  /** Choosing it opens a place with candidates of its own (`init=` → initializers). */
  readonly retrigger: boolean;
}

/** The candidates at an offset and the text they replace. */
export interface Completions {
  /** The text the chosen candidate replaces: the word at the cursor, or an empty span at it. */
  readonly replace: Span;
  readonly candidates: readonly Candidate[];
}

/** What may be written at `offset`. */
export function complete(text: string, offset: number): Completions {
  const line = lineAt(text, offset);
  const typed = wordBeingTyped(line.tokens, offset);
  const replace = typed ? { start: typed.start, end: typed.end } : { start: offset, end: offset };
  const none = { replace, candidates: [] };
  if (insideLiteral(line.tokens, offset)) return none;
  const before = significantTokens(line).filter((token) => token.end <= replace.start);
  if (before.length === 0) return { replace, candidates: line.inModel ? layerCandidates() : keywordCandidates() };
  const state = readLine(line, before);
  const frame = state.frames[state.frames.length - 1];
  const candidates = slotCandidates(valueSlot(frame));
  if (frame.kind !== 'list' && frame.key === undefined && frame.shape) {
    candidates.push(...keyCandidates(frame.shape, frame));
    if (state.head.role === 'statement' && state.head.keyword === 'schedule' && state.frames.length === 1 && frame.positional > 0) {
      candidates.push(thenCandidate('warmup N then NAME'));
    }
  }
  // `compare schedule=[constant, warmup(100) |`: an item of a list of schedules may chain another.
  if (frame.kind === 'list' && frame.afterItem && frame.itemSlot?.type === 'concept' && frame.itemSlot.kind === 'schedule') {
    candidates.push(thenCandidate('warmup(N) then NAME'));
  }
  return { replace, candidates };
}

/** The name or boolean token the cursor is at the end of, or inside. */
function wordBeingTyped(tokens: readonly Token[], offset: number): Token | undefined {
  return tokens.find((token) => (token.kind === 'name' || token.kind === 'boolean') && token.start < offset && offset <= token.end);
}

/** Inside a comment, a string or a number nothing can be completed. */
function insideLiteral(tokens: readonly Token[], offset: number): boolean {
  return tokens.some((token) => {
    if (token.kind === 'comment') return token.start < offset;
    if (token.kind === 'string') return token.start < offset && (offset < token.end || token.error === 'unterminated-string');
    if (token.kind === 'number') return token.start < offset && offset <= token.end;
    return false;
  });
}

const pad = (index: number): string => String(index).padStart(4, '0');

function keywordCandidates(): Candidate[] {
  return STATEMENT_KEYWORDS.map((keyword, index) => ({
    label: keyword,
    kind: 'keyword',
    // The space puts the cursor where the statement's first argument goes, and the list reopens there.
    insertText: keyword === 'model' ? keyword : `${keyword} `,
    filterText: keyword,
    detail: STATEMENT_DOCS[keyword].form,
    documentation: STATEMENT_DOCS[keyword].summary,
    sortText: pad(index),
    retrigger: keyword !== 'model',
  }));
}

function layerCandidates(): Candidate[] {
  return entriesOf('layer').map((entry, index) => ({ ...conceptCandidate(entry, index), kind: 'layer' }));
}

function entriesOf(kind: ConceptKind): CatalogEntry[] {
  return catalog().filter((entry) => entry.kind === kind);
}

function conceptCandidate(entry: CatalogEntry, index: number): Candidate {
  return {
    label: entry.name,
    kind: 'concept',
    conceptKind: entry.kind,
    insertText: entry.name,
    filterText: [entry.name, ...entry.aliases].join(' '),
    detail: entry.title,
    documentation: `${entry.summary}\n\n${entry.plain}`,
    sortText: pad(index),
    retrigger: false,
  };
}

/** The names, words or values that fit a place. */
function slotCandidates(slot: Slot | undefined): Candidate[] {
  if (slot === undefined) return [];
  switch (slot.type) {
    case 'concept': {
      const concepts = entriesOf(slot.kind).map(conceptCandidate);
      return [...concepts, ...(slot.words ?? []).map((word, index) => wordCandidate(word.word, word.doc, concepts.length + index))];
    }
    case 'word':
      return slot.words.map((word, index) => wordCandidate(word.word, word.doc, index));
    case 'param':
      return valueCandidates(slot.param);
    case 'text':
      return [];
  }
}

function wordCandidate(word: string, doc: string, index: number): Candidate {
  return { label: word, kind: 'keyword', insertText: word, filterText: word, detail: doc, documentation: doc, sortText: pad(index), retrigger: false };
}

/** A choice's values or true and false; numbers have none to offer. */
function valueCandidates(param: ParamInfo): Candidate[] {
  const values = param.values ?? (param.kind === 'boolean' ? ['true', 'false'] : []);
  return values.map((value, index) => ({
    label: value,
    kind: 'value',
    insertText: value,
    filterText: value,
    detail: String(param.default) === value ? `${param.name} (default)` : param.name,
    documentation: param.doc,
    sortText: pad(index),
    retrigger: false,
  }));
}

/** `key=` for each parameter of the level not given yet. */
function keyCandidates(shape: Shape, frame: Frame): Candidate[] {
  return shape.params
    .filter((param) => !frame.given.includes(param.name))
    .map((param, index) => {
      const slot = shape.keySlots?.[param.name];
      return {
        label: `${param.name}=`,
        kind: 'parameter',
        insertText: `${param.name}=`,
        filterText: param.name,
        detail: paramDetail(param, slot),
        documentation: param.doc,
        // After the values of the place itself, in the schema's order.
        sortText: `1${pad(index)}`,
        retrigger: slot !== undefined || param.kind !== 'number',
      } satisfies Candidate;
    });
}

/** `then`, its doc showing the chain as the place writes it (`warmup N then NAME`, or `warmup(N) then NAME` in a list). */
function thenCandidate(example: string): Candidate {
  const doc = `Chains schedules: ${example} runs a linear warmup, then the named schedule.`;
  return { label: 'then', kind: 'keyword', insertText: 'then', filterText: 'then', detail: doc, documentation: doc, sortText: '2', retrigger: true };
}
