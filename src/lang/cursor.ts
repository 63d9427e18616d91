import type { ParamInfo } from '../engine/params';
import { normalizeName } from '../engine/registry';
import { MAX_LINE_LENGTH, parseCell } from './parser';
import { tokenize, type Token } from './scanner';
import { callShape, keySlot, layerShape, paramNamed, positionAt, statementKeyword, statementShape, type Shape, type Slot } from './shapes';
import type { StatementKeyword } from './statements';

/**
 * Where the cursor is in a line of a cell, as hover, completion and signature
 * help need it: the statement or layer the line holds, and the bracket,
 * argument and key the cursor sits in.
 *
 * The line is read token by token rather than from the syntax tree, because
 * the tree drops what does not parse yet — `optimizer adam lr=` while the
 * value is being typed — and those half-written lines are exactly the ones
 * completion is asked about. The tree is used for what spans lines: whether
 * an indented line belongs to a `model` block.
 */

/** One open level of the line: the statement's clause, a call's parentheses, or a list's brackets. */
export interface Frame {
  readonly kind: 'clause' | 'call' | 'list';
  /** The arguments this level takes; undefined for an unknown statement or concept. */
  shape: Shape | undefined;
  /** For a list: what each item stands for. */
  readonly itemSlot?: Slot;
  /** Positional values read so far. */
  positional: number;
  /** Keys given so far, in language spelling. */
  readonly given: string[];
  /** A `key=` whose value has not been read yet. */
  key?: { readonly written: string; readonly param?: ParamInfo };
  /** For a list: a whole item was just read, so a `,`, `]` or `then` comes next. */
  afterItem?: boolean;
}

/** What a line starts with. */
export type LineHead =
  | { readonly role: 'statement'; readonly keyword: StatementKeyword; readonly token: Token & { kind: 'name' } }
  | { readonly role: 'layer'; readonly name: string; readonly token: Token & { kind: 'name' } }
  | { readonly role: 'unknown'; readonly token: Token };

/** A line of a cell, tokenized, with offsets in the cell's text. */
export interface CellLine {
  readonly start: number;
  readonly end: number;
  /** Every token of the line, trivia included, offsets in the cell's text; the last is 'end'. */
  readonly tokens: readonly Token[];
  /** The line is indented and the statement above it is `model`. */
  readonly inModel: boolean;
}

/** The line holding `offset`, tokenized. */
export function lineAt(text: string, offset: number): CellLine {
  const at = Math.max(0, Math.min(offset, text.length));
  let start = at;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = at;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  // A line past the parser's cap is one comment, as the parser reads it: tokenizing it would take seconds a keystroke.
  const tokens: Token[] =
    end - start > MAX_LINE_LENGTH ? [{ kind: 'comment', start, end }, { kind: 'end', start: end, end }] : tokenize(text.slice(start, end)).map((token) => ({ ...token, start: token.start + start, end: token.end + start }));
  const indented = tokens[0]?.kind === 'indent';
  return { start, end, tokens, inModel: indented && blockKeyword(text, start) === 'model' };
}

/** The keyword of the last statement that starts above `lineStart`: the block an indented line joins. */
function blockKeyword(text: string, lineStart: number): string | undefined {
  const statements = parseCell(text).cell.statements.filter((statement) => statement.start < lineStart);
  const header = statements.at(-1);
  return header && normalizeName(header.keyword.text);
}

/** A token that carries meaning (not whitespace, indentation or a comment). */
export function isSignificant(token: Token): boolean {
  return token.kind !== 'whitespace' && token.kind !== 'indent' && token.kind !== 'comment' && token.kind !== 'newline' && token.kind !== 'end' && token.kind !== 'unknown';
}

/** The statement keyword or layer name a line's first token is. */
export function lineHead(line: CellLine, first: Token): LineHead {
  if (first.kind === 'name') {
    const layer = line.inModel ? layerShape(first.text) : undefined;
    if (layer) return { role: 'layer', name: layer.label, token: first };
    const keyword = statementKeyword(first.text);
    if (keyword) return { role: 'statement', keyword, token: first };
    // A layer written at the margin is still a layer to read about.
    const stray = layerShape(first.text);
    if (stray) return { role: 'layer', name: stray.label, token: first };
  }
  return { role: 'unknown', token: first };
}

function headShape(head: LineHead, first: string | undefined): Shape | undefined {
  if (head.role === 'statement') return statementShape(head.keyword, first);
  if (head.role === 'layer') return layerShape(head.name);
  return undefined;
}

/** What a value at the top level's current place stands for. */
export function valueSlot(frame: Frame): Slot | undefined {
  if (frame.kind === 'list') return frame.itemSlot;
  if (frame.shape === undefined) return undefined;
  if (frame.key) return frame.key.param && keySlot(frame.shape, frame.key.param);
  return positionAt(frame.shape, frame.positional)?.slot;
}

/** The state of a line after reading some of its tokens. */
export interface LineState {
  readonly head: LineHead;
  /** Open levels, outermost first; never empty. */
  readonly frames: readonly Frame[];
  /** Which clause of the statement (split by `then`), from 0. */
  readonly clause: number;
}

/**
 * Reads the significant tokens `tokens[1..]` of a line (tokens[0] is its
 * head) and returns the levels left open. Never throws: a stray closer or
 * an unexpected token is skipped, as the parser would report and skip it.
 */
export function readLine(line: CellLine, tokens: readonly Token[]): LineState {
  const head = lineHead(line, tokens[0]);
  const newClause = (): Frame => ({ kind: 'clause', shape: headShape(head, undefined), positional: 0, given: [] });
  const frames: Frame[] = [newClause()];
  let clause = 0;
  const top = (): Frame => frames[frames.length - 1];

  /** A whole value was read at the top level: it fills the pending key or the next place. */
  const consumed = (written?: string): void => {
    const frame = top();
    if (frame.kind === 'list') frame.afterItem = true;
    if (frame.key) {
      frame.key = undefined;
      return;
    }
    // The clause's first value names its concept: `optimizer adam` takes adam's parameters.
    if (frame.kind === 'clause' && frame.positional === 0 && head.role === 'statement' && written !== undefined) {
      frame.shape = headShape(head, written);
    }
    frame.positional++;
  };

  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    const frame = top();
    if (token.kind === 'name' && next?.kind === 'equals') {
      const param = frame.shape && paramNamed(frame.shape, token.text);
      frame.key = param === undefined ? { written: token.text } : { written: token.text, param };
      frame.given.push(param?.name ?? normalizeName(token.text));
      i++;
    } else if (isThenToken(token) && frames.length === 1) {
      frames[0] = newClause();
      clause++;
    } else if (isThenToken(token) && frame.kind === 'list') {
      // `warmup(100) then cosine`: the next link of a chained item stands in the same place.
      frame.afterItem = false;
    } else if (token.kind === 'name' && next?.kind === 'open-paren') {
      const slot = valueSlot(frame);
      const shape = slot?.type === 'concept' ? callShape(slot.kind, token.text) : undefined;
      if (frame.kind === 'clause' && frame.positional === 0 && !frame.key && head.role === 'statement') frame.shape = headShape(head, token.text);
      frames.push({ kind: 'call', shape, positional: 0, given: [] });
      i++;
    } else if (token.kind === 'open-bracket') {
      frames.push({ kind: 'list', shape: undefined, itemSlot: valueSlot(frame), positional: 0, given: [] });
    } else if (token.kind === 'close-paren' || token.kind === 'close-bracket') {
      if (frames.length > 1 && frame.kind === (token.kind === 'close-paren' ? 'call' : 'list')) {
        frames.pop();
        consumed();
      }
    } else if (token.kind === 'comma') {
      frame.key = undefined;
      frame.afterItem = false;
    } else if (token.kind === 'name' || token.kind === 'number' || token.kind === 'string' || token.kind === 'boolean') {
      if (frame.kind === 'list') frame.afterItem = true;
      else consumed(token.kind === 'name' ? token.text : undefined);
    }
  }
  return { head, frames, clause };
}

/** `then`, in any case: it joins schedules, at a statement's top level or inside a list item. */
export function isThenToken(token: Token): boolean {
  return token.kind === 'name' && token.text.toLowerCase() === 'then';
}

/** The significant tokens of a line, in order. */
export function significantTokens(line: CellLine): Token[] {
  return line.tokens.filter(isSignificant);
}

/** The token of the line that covers `offset` (start ≤ offset < end), trivia included. */
export function tokenAt(line: CellLine, offset: number): Token | undefined {
  return line.tokens.find((token) => token.start <= offset && offset < token.end);
}
