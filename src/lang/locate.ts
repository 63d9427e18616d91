import type { ParamInfo } from '../engine/params';
import { registryOf } from '../reference/catalog';
import type { ConceptKind } from '../reference/entry';
import { isThenToken, lineAt, readLine, significantTokens, tokenAt, valueSlot, type Frame } from './cursor';
import type { Span } from './nodes';
import { paramNamed, type Shape } from './shapes';
import type { StatementKeyword } from './statements';

/**
 * What is written at an offset of a cell, for hover and for anything else
 * that asks "what is this word": a statement keyword, a concept's name and
 * the kind of concept the place expects (an initializer after `init=`, an
 * activation after dense's units, a schedule in each clause of `schedule`),
 * a parameter's key and whose parameter it is, or a parameter's value.
 * Diagnostic codes are recognised in comments, where notes about a run
 * mention them (`# expect dying-relu here`).
 */

/** What a word of a cell is, with the span of the word. */
export type Target =
  | { readonly type: 'statement'; readonly keyword: StatementKeyword; readonly span: Span }
  /** `name` as written; the catalog's `lookup(kind, name)` finds its entry when the kind knows it. */
  | { readonly type: 'concept'; readonly kind: ConceptKind; readonly name: string; readonly span: Span }
  /** The key of `key=value`; `owner` is the statement, layer or concept that takes it. */
  | { readonly type: 'parameter'; readonly param: ParamInfo; readonly owner: Shape; readonly span: Span }
  /** A value given for a parameter: `fan_out` in `mode=fan_out`, `standard` in `normalize standard`, a number. */
  | { readonly type: 'value'; readonly param: ParamInfo; readonly owner: Shape; readonly text: string; readonly span: Span };

/** What is at `offset` (the character starting there), or undefined for blanks, punctuation and unknown words. */
export function locate(text: string, offset: number): Target | undefined {
  const line = lineAt(text, offset);
  const token = tokenAt(line, offset);
  if (token === undefined) return undefined;
  const span = { start: token.start, end: token.end };
  if (token.kind === 'comment') return diagnosticInComment(text, token, offset);
  const tokens = significantTokens(line);
  const index = tokens.findIndex((t) => t.start === token.start);
  if (index < 0) return undefined;
  if (index === 0) {
    const state = readLine(line, tokens.slice(0, 1));
    const head = state.head;
    if (head.role === 'statement') return { type: 'statement', keyword: head.keyword, span };
    if (head.role === 'layer') return { type: 'concept', kind: 'layer', name: head.name, span };
    return undefined;
  }
  const state = readLine(line, tokens.slice(0, index));
  const frame = state.frames[state.frames.length - 1];
  const next = tokens[index + 1];
  if (token.kind === 'name' && next?.kind === 'equals') {
    const param = frame.shape && paramNamed(frame.shape, token.text);
    return param && frame.shape && { type: 'parameter', param, owner: frame.shape, span };
  }
  if (token.kind !== 'name' && token.kind !== 'number' && token.kind !== 'boolean' && token.kind !== 'string') return undefined;
  // Between two links of a chained list item, `then` stands where a schedule could, but names none.
  if (isThenToken(token)) return undefined;
  const slot = valueSlot(frame);
  const written = text.slice(token.start, token.end);
  if (slot?.type === 'concept' && token.kind === 'name') {
    if (slot.words?.some((word) => word.word === written.toLowerCase())) return undefined;
    return { type: 'concept', kind: slot.kind, name: written, span };
  }
  if (slot?.type === 'param') {
    const owner = ownerOf(state.frames);
    return owner && { type: 'value', param: slot.param, owner, text: written, span };
  }
  return undefined;
}

/** The shape a value belongs to: a list's items belong to the level that holds the list. */
function ownerOf(frames: readonly Frame[]): Shape | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i].kind !== 'list') return frames[i].shape;
  return undefined;
}

/** The diagnostic code under `offset` in a comment: words of letters, `-` and `_`. */
function diagnosticInComment(text: string, comment: Span, offset: number): Target | undefined {
  const word = /[A-Za-z][A-Za-z_-]*/g;
  const body = text.slice(comment.start, comment.end);
  for (const match of body.matchAll(word)) {
    const start = comment.start + match.index;
    const end = start + match[0].length;
    if (offset < start || offset >= end) continue;
    // A trailing '-' is punctuation ("plateau - see above"), not part of the code.
    const name = match[0].replace(/[-_]+$/, '');
    // Codes without a hyphen (plateau, divergence) are ordinary words too, but a comment in a cell that names one is about the diagnostic.
    if (!registryOf('diagnostic').has(name)) return undefined;
    return { type: 'concept', kind: 'diagnostic', name, span: { start, end: start + name.length } };
  }
  return undefined;
}

