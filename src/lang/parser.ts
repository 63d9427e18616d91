/**
 * The parser of the cell language: a cell's text in, its syntax tree and every
 * problem found out. It never throws on user text. As in jsonc-parser, a
 * problem is recorded with its span and the parser skips to a safe point (the
 * next `,`, closing bracket or line end) and goes on, so one cell reports all
 * its problems at once, in the order of the text.
 *
 * The text is read a line at a time, because a line is a statement:
 * - A line at the left margin is a statement; the indented lines below it are
 *   its `body`. Only `model` takes one; a body elsewhere is for the checks
 *   after parsing to report.
 * - A line holding only a comment is ignored and ends nothing. A blank line
 *   ends the block above it.
 * - An indented line with no statement above it ('unexpected-indent') is still
 *   parsed and kept as a statement of the cell, so its arguments are checked
 *   too. An indented line after a blank line is reported the same way and
 *   joins the block above, so the model is not cut in two by the mistake.
 * - A line that does not start with a keyword is reported and its arguments
 *   parsed for problems, then dropped; indented lines under it are dropped
 *   with it, without a message of their own.
 * - A line longer than 10,000 characters is reported and read as a comment
 *   (ignored, ending nothing), so no later stage spends time on it.
 * - Brackets nest at most 64 deep. A bracket deeper than that is reported and
 *   skipped with everything inside it, so no later stage walks a deeper tree
 *   (the parser and the checker recurse into brackets).
 */

import type {
  ArgumentNode,
  CallNode,
  CellNode,
  ClauseNode,
  ListItemNode,
  ListNode,
  NameNode,
  ParseResult,
  Span,
  StatementNode,
  SyntaxProblem,
  SyntaxProblemCode,
  ValueNode,
} from './nodes';
import { tokenize, type Token } from './scanner';

/**
 * Longest line the parser reads. The examples' longest statement is under 200
 * characters and a compare over 50 values under 1,000; a line of megabytes,
 * pasted by mistake, would cost seconds on every keystroke as the editor
 * checks the cell again. 10,000 leaves a tenfold margin over anything written by hand.
 */
export const MAX_LINE_LENGTH = 10_000;

/** Parse one cell. Never throws; problems come sorted by where they start. */
export function parseCell(text: string): ParseResult {
  const problems: SyntaxProblem[] = [];
  const report = (code: SyntaxProblemCode, span: Span, message: string): void => {
    problems.push({ code, message, start: span.start, end: span.end });
  };
  const tokens = tokenize(withoutLongLines(text, report));
  for (const token of tokens) if (token.error !== undefined) report(token.error, token, scanMessage(text, token));

  const statements = groupLines(splitLines(tokens), text, report);
  const cell: CellNode = { type: 'cell', statements, start: 0, end: text.length };
  problems.sort((a, b) => a.start - b.start || a.end - b.end);
  return { cell, problems };
}

type Report = (code: SyntaxProblemCode, span: Span, message: string) => void;

/**
 * `text` with every line over MAX_LINE_LENGTH reported and turned into a
 * comment of the same length, so offsets after it stay where they were.
 * One pass over the text; only a text that has such a line is copied.
 */
function withoutLongLines(text: string, report: Report): string {
  const pieces: string[] = [];
  let copied = 0;
  let start = 0;
  while (start <= text.length) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const length = end - start;
    if (length > MAX_LINE_LENGTH) {
      report('line-too-long', { start, end }, `this line is ${length.toLocaleString('en-US')} characters long; a line holds at most ${MAX_LINE_LENGTH.toLocaleString('en-US')}`);
      pieces.push(text.slice(copied, start), '#', ' '.repeat(length - 1));
      copied = end;
    }
    start = end + 1;
  }
  if (copied === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}

/** One line of the cell: its indentation and its tokens without trivia. */
interface Line {
  readonly indent?: Token;
  readonly tokens: readonly Token[];
  /** Where the line's text stops: its line break, or the end of the cell. */
  readonly end: number;
  /** Nothing but spaces and tabs. */
  readonly blank: boolean;
}

function splitLines(tokens: readonly Token[]): Line[] {
  const lines: Line[] = [];
  let indent: Token | undefined;
  let significant: Token[] = [];
  let onlyBlanks = true;
  for (const token of tokens) {
    if (token.kind === 'newline' || token.kind === 'end') {
      lines.push({ indent, tokens: significant, end: token.start, blank: onlyBlanks });
      indent = undefined;
      significant = [];
      onlyBlanks = true;
      continue;
    }
    if (token.kind === 'indent') {
      indent = token;
      continue;
    }
    if (token.kind === 'whitespace') continue;
    onlyBlanks = false;
    // Comments are trivia; unknown characters are reported already and
    // skipped, so `lr=@3` still reads as lr=3.
    if (token.kind !== 'comment' && token.kind !== 'unknown') significant.push(token);
  }
  return lines;
}

/** The statement a left-margin line opened, whose block indented lines join. */
interface Block {
  /** Undefined when that line did not parse: lines under it are dropped. */
  readonly header?: StatementNode;
  readonly body: StatementNode[];
  /** A blank line came after the block's last line. */
  closedByBlank: boolean;
}

function groupLines(lines: readonly Line[], text: string, report: Report): StatementNode[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  for (const line of lines) {
    if (line.blank) {
      if (open) open.closedByBlank = true;
      continue;
    }
    if (line.tokens.length === 0) continue;
    const statement = new LineParser(line, text, report).parseStatement();
    if (line.indent === undefined) {
      open = { header: statement, body: [], closedByBlank: false };
      if (statement) blocks.push(open);
    } else if (statement === undefined) {
      // Its own problem is reported; an indent message would add nothing.
    } else if (open === undefined) {
      report('unexpected-indent', line.indent, 'this line is indented, but there is no statement above it; statements start at the left margin');
      blocks.push({ header: statement, body: [], closedByBlank: false });
    } else if (open.header !== undefined) {
      if (open.closedByBlank) {
        const keyword = open.header.keyword.text;
        report('unexpected-indent', line.indent, `a blank line ends the '${keyword}' block; remove the blank line or this line's indentation`);
        open.closedByBlank = false;
      }
      open.body.push(statement);
    }
  }
  return blocks.map(({ header, body }) => {
    const statement = header!;
    const last = body.at(-1);
    return last === undefined ? statement : { ...statement, body, end: Math.max(statement.end, last.end) };
  });
}

/** The bracket a value is nested in, innermost last. */
type Opener = 'paren' | 'bracket';

/** How many brackets may enclose one another: far past any real cell, far short of the call stack. */
const MAX_NESTING = 64;

/** Parses the tokens of one line; past the last token it sees an 'end' token at the line's end. */
class LineParser {
  private index = 0;
  private readonly lineEnd: Token;

  constructor(
    private readonly line: Line,
    private readonly text: string,
    private readonly report: Report,
  ) {
    this.lineEnd = { kind: 'end', start: line.end, end: line.end };
  }

  parseStatement(): StatementNode | undefined {
    const first = this.peek();
    let keyword: NameNode | undefined;
    if (first.kind === 'name' && !isThen(first) && this.peek(1).kind !== 'equals') {
      keyword = nameNode(first);
      this.index++;
    } else if (first.kind === 'name' && !isThen(first)) {
      const equals = this.peek(1);
      const span = { start: first.start, end: equals.end };
      this.report('expected-name', span, `expected a keyword at the start of the line, found the parameter '${first.text}='; parameters follow a keyword on the same line`);
    } else {
      this.report('expected-name', first, `expected a keyword at the start of the line, found ${this.describe(first)}`);
      if (!startsValue(first)) this.index++;
    }
    // Parsed even without a keyword, so the rest of the line reports its problems.
    const clauses = this.parseClauses(keyword?.end ?? first.start);
    if (keyword === undefined) return undefined;
    const last = clauses.at(-1)!;
    return { type: 'statement', keyword, clauses, body: [], start: keyword.start, end: Math.max(keyword.end, last.end) };
  }

  /** The rest of the line as clauses split by `then`. */
  private parseClauses(keywordEnd: number): ClauseNode[] {
    const clauses: ClauseNode[] = [];
    let args: ArgumentNode[] = [];
    let then: Token | undefined;
    let emptyBefore: Token | undefined;
    // A clause with tokens that did not make an argument (`lr= then`) is reported already, not as empty.
    let clauseFrom = this.index;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'end' || isThen(token)) {
        clauses.push(this.clause(args, then?.end ?? keywordEnd));
        const empty = this.index === clauseFrom;
        // One message a `then`: `schedule then` is reported as nothing before it.
        if (empty && then !== undefined && then !== emptyBefore) {
          this.report('empty-clause', then, "nothing follows 'then'; name what comes next, as in 'warmup 100 then cosine'");
        } else if (empty && then === undefined && token.kind !== 'end') {
          emptyBefore = token;
          this.report('empty-clause', token, "nothing comes before 'then'; name what comes first, as in 'warmup 100 then cosine'");
        }
        if (token.kind === 'end') return clauses;
        this.index++;
        then = token;
        args = [];
        clauseFrom = this.index;
      } else if (token.kind === 'comma') {
        this.report('unexpected-token', token, "',' separates items only inside '(…)' and '[…]'; separate a statement's arguments with spaces");
        this.index++;
      } else if (token.kind === 'close-paren' || token.kind === 'close-bracket') {
        const opening = token.kind === 'close-paren' ? '(' : '[';
        this.report('unexpected-token', token, `${this.describe(token)} has no matching '${opening}'`);
        this.index++;
      } else if (token.kind === 'equals') {
        this.report('unexpected-token', token, "'=' must follow a parameter name, as in 'lr=0.1'");
        this.index++;
      } else if (token.kind === 'open-paren') {
        // Read as a call without a name, so its `)` is not reported as well.
        this.report('unexpected-token', token, "'(' must follow a name, as in 'leaky_relu(0.01)'");
        this.parseItems(this.next(), ['paren'], 'the parentheses', 'an argument', () => this.parseArgument(['paren']));
      } else {
        const before = this.index;
        const argument = this.parseArgument([]);
        if (argument) args.push(argument);
        // Every kind of token is handled above; this only guards the loop's progress.
        if (this.index === before) this.index++;
      }
    }
  }

  private clause(args: ArgumentNode[], emptyAt: number): ClauseNode {
    this.checkArguments(args);
    const start = args[0]?.start ?? emptyAt;
    const end = args.at(-1)?.end ?? emptyAt;
    return { type: 'clause', args, start, end };
  }

  /** A positional value goes before every `key=value`, and a key is given once (case and `-`/`_` ignored). */
  private checkArguments(args: readonly ArgumentNode[]): void {
    const seen = new Set<string>();
    let named = false;
    for (const argument of args) {
      if (argument.key === undefined) {
        if (named) {
          const written = this.source(argument.value);
          this.report('positional-after-named', argument, `positional value '${written}' follows a named argument; write positional values first`);
        }
        continue;
      }
      named = true;
      const key = argument.key.text.toLowerCase().replaceAll('-', '_');
      if (seen.has(key)) this.report('duplicate-key', argument.key, `parameter '${argument.key.text}' is given twice`);
      seen.add(key);
    }
  }

  /**
   * `key=value` or a positional value. Undefined when nothing was consumed
   * (the caller reports the token), or when `key=` has no value (reported here).
   */
  private parseArgument(openers: readonly Opener[]): ArgumentNode | undefined {
    const token = this.peek();
    if (token.kind === 'name' && this.peek(1).kind === 'equals') {
      const key = nameNode(token);
      const equals = this.peek(1);
      this.index += 2;
      const afterEquals = this.index;
      // In `lr= beta=2` the value is missing; `beta` is the next key, not lr's value.
      const nextIsKey = this.peek().kind === 'name' && this.peek(1).kind === 'equals';
      const value = nextIsKey ? undefined : this.parseValue(openers);
      if (value === undefined) {
        // A value skipped as too deep is reported already.
        if (this.index !== afterEquals) return undefined;
        this.report('expected-value', { start: key.start, end: equals.end }, `expected a value after '${key.text}='`);
        return undefined;
      }
      return { type: 'argument', key, value, start: key.start, end: value.end };
    }
    const value = this.parseValue(openers);
    return value && { type: 'argument', value, start: value.start, end: value.end };
  }

  /**
   * A value, or undefined when the next token cannot start one (nothing
   * consumed) or it opens a bracket nested too deep (reported and skipped).
   */
  private parseValue(openers: readonly Opener[]): ValueNode | undefined {
    const token = this.peek();
    const opensBracket = token.kind === 'open-bracket' || (token.kind === 'name' && !isThen(token) && this.peek(1).kind === 'open-paren');
    if (opensBracket && openers.length >= MAX_NESTING) {
      if (token.kind === 'name') this.index++;
      this.skipTooDeep(this.next());
      return undefined;
    }
    switch (token.kind) {
      case 'number':
        this.index++;
        return { type: 'number', value: token.value, text: token.text, start: token.start, end: token.end };
      case 'string':
        this.index++;
        return { type: 'string', value: token.value, start: token.start, end: token.end };
      case 'boolean':
        this.index++;
        return { type: 'boolean', value: token.value, start: token.start, end: token.end };
      case 'open-bracket':
        return this.parseList(openers);
      case 'name':
        if (isThen(token)) return undefined;
        this.index++;
        return this.peek().kind === 'open-paren' ? this.parseCall(nameNode(token), openers) : nameNode(token);
      default:
        return undefined;
    }
  }

  /** `name(arg, key=value, …)`; the `(` is next. */
  private parseCall(callee: NameNode, openers: readonly Opener[]): CallNode {
    const open = this.next();
    const args: ArgumentNode[] = [];
    const inner: Opener[] = [...openers, 'paren'];
    const where = `the call to '${callee.text}'`;
    const end = this.parseItems(open, inner, where, 'an argument', () => {
      const argument = this.parseArgument(inner);
      if (argument) args.push(argument);
    });
    this.checkArguments(args);
    return { type: 'call', callee, args, start: callee.start, end };
  }

  /** `[value, value, …]`, an item perhaps a chain `value then value`; the `[` is next. */
  private parseList(openers: readonly Opener[]): ListNode {
    const open = this.next();
    const items: ListItemNode[] = [];
    const inner: Opener[] = [...openers, 'bracket'];
    const end = this.parseItems(open, inner, 'the list', 'a value', () => {
      const item = this.parseListItem(inner);
      if (item) items.push(item);
    });
    return { type: 'list', items, start: open.start, end };
  }

  /** One item of a list: a value, or values joined by `then` (`warmup(100) then cosine`). */
  private parseListItem(openers: readonly Opener[]): ListItemNode | undefined {
    const first = this.parseListValue(openers);
    if (first === undefined || !isThen(this.peek())) return first;
    const links: ValueNode[] = [first];
    while (isThen(this.peek())) {
      const then = this.next();
      const before = this.index;
      const link = this.parseListValue(openers);
      if (link === undefined) {
        // A link skipped as too deep is reported already.
        if (this.index === before) this.report('empty-clause', then, "nothing follows 'then'; name what comes next, as in 'warmup(100) then cosine'");
        break;
      }
      links.push(link);
    }
    return links.length === 1 ? first : { type: 'chain', links, start: first.start, end: links.at(-1)!.end };
  }

  /**
   * A value in a list. A name followed by arguments as a statement writes
   * them (`warmup 100`, `sgd lr=0.1`) is reported with the call to write
   * instead, and read as that call, so the rest of the list parses as meant.
   */
  private parseListValue(openers: readonly Opener[]): ValueNode | undefined {
    const value = this.parseValue(openers);
    if (value?.type !== 'name') return value;
    const found = this.peek();
    const args: ArgumentNode[] = [];
    while (this.startsLooseArgument()) {
      const before = this.index;
      const argument = this.parseArgument(openers);
      if (argument) args.push(argument);
      if (this.index === before) break;
    }
    const last = args.at(-1);
    if (last === undefined) return value;
    const call = `${value.text}(${args.map((argument) => this.text.slice(argument.start, argument.end)).join(', ')})`;
    const message = `expected ',' or ']' after the list item, found ${this.describe(found)}; inside a list, a value's arguments go in parentheses: write '${clip(call, 80)}'`;
    this.report('unexpected-token', { start: args[0].start, end: last.end }, message);
    this.checkArguments(args);
    return { type: 'call', callee: value, args, start: value.start, end: last.end };
  }

  /**
   * The next token begins an argument of the name before it rather than
   * another item missing its comma: a number, string or boolean, or `key=`.
   */
  private startsLooseArgument(): boolean {
    const token = this.peek();
    if (token.kind === 'number' || token.kind === 'string' || token.kind === 'boolean') return true;
    return token.kind === 'name' && !isThen(token) && this.peek(1).kind === 'equals';
  }

  /**
   * The comma-separated items after an opening bracket, up to its closing one;
   * a trailing comma is allowed. Returns where the node ends: after the
   * closing bracket, or after the last thing read when the bracket is missing.
   */
  private parseItems(open: Token, openers: readonly Opener[], where: string, item: string, parseItem: () => void): number {
    const closing = open.kind === 'open-paren' ? 'close-paren' : 'close-bracket';
    const closer = closing === 'close-paren' ? "')'" : "']'";
    const unclosed = (): void => this.report('unclosed-bracket', open, `${closer} is missing to close ${where} opened here`);
    let expectingItem = true;
    let end = open.end;
    for (;;) {
      const token = this.peek();
      if (token.kind === closing) {
        this.index++;
        return token.end;
      }
      if (token.kind === 'end') {
        unclosed();
        return end;
      }
      if (token.kind === 'close-paren' || token.kind === 'close-bracket') {
        // A closer of an enclosing bracket: this one was left open, the outer one ends here.
        const outer: Opener = token.kind === 'close-paren' ? 'paren' : 'bracket';
        if (openers.slice(0, -1).includes(outer)) {
          unclosed();
          return end;
        }
        this.report('unexpected-token', token, `${this.describe(token)} has no matching '${outer === 'paren' ? '(' : '['}'`);
        this.index++;
        continue;
      }
      if (token.kind === 'comma') {
        if (expectingItem) this.report('expected-value', token, `expected ${item} before ','`);
        this.index++;
        end = token.end;
        expectingItem = true;
        continue;
      }
      if (!expectingItem) {
        const message = `expected ',' or ${closer} after ${item === 'a value' ? 'the list item' : 'the argument'}, found ${this.describe(token)}`;
        this.report('unexpected-token', token, message);
        if (!startsValue(token)) {
          end = this.skipToSafePoint(end);
          continue;
        }
      }
      const before = this.index;
      parseItem();
      if (this.index === before) {
        this.report('unexpected-token', token, `expected ${item} in ${where}, found ${this.describe(token)}`);
        end = this.skipToSafePoint(end);
        // What was skipped stands for an item, so the `,` after it is no second problem.
        expectingItem = false;
        continue;
      }
      end = this.line.tokens[this.index - 1].end;
      expectingItem = false;
    }
  }

  /** Reports a bracket nested past the limit and skips to its closing bracket, or the line's end. */
  private skipTooDeep(open: Token): void {
    this.report('too-deep', open, `nesting deeper than ${MAX_NESTING} brackets; write the value with fewer brackets inside one another`);
    let depth = 1;
    while (depth > 0 && this.peek().kind !== 'end') {
      const kind = this.next().kind;
      if (kind === 'open-paren' || kind === 'open-bracket') depth++;
      if (kind === 'close-paren' || kind === 'close-bracket') depth--;
    }
  }

  /** Skips to the next `,` or closing bracket at this depth, or the line's end; returns the end of what was skipped. */
  private skipToSafePoint(end: number): number {
    let depth = 0;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'end') return end;
      if (depth === 0 && (token.kind === 'comma' || token.kind === 'close-paren' || token.kind === 'close-bracket')) return end;
      if (token.kind === 'open-paren' || token.kind === 'open-bracket') depth++;
      if (token.kind === 'close-paren' || token.kind === 'close-bracket') depth--;
      this.index++;
      end = token.end;
    }
  }

  private peek(ahead = 0): Token {
    return this.line.tokens[this.index + ahead] ?? this.lineEnd;
  }

  private next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }

  private source(span: Span): string {
    return clip(this.text.slice(span.start, span.end));
  }

  /** How a message names a token: `'lr'`, `','`, `a string`, `the end of the line`. */
  private describe(token: Token): string {
    if (token.kind === 'end') return 'the end of the line';
    if (token.kind === 'string') return 'a string';
    return `'${this.source(token)}'`;
  }
}

function nameNode(token: Token & { kind: 'name' }): NameNode {
  return { type: 'name', text: token.text, start: token.start, end: token.end };
}

function isThen(token: Token): boolean {
  return token.kind === 'name' && token.text.toLowerCase() === 'then';
}

function startsValue(token: Token): boolean {
  if (token.kind === 'name') return !isThen(token);
  return token.kind === 'number' || token.kind === 'string' || token.kind === 'boolean' || token.kind === 'open-bracket';
}

/** Long text in a message is cut to its first `length - 1` characters (24 unless told). */
function clip(written: string, length = 25): string {
  return written.length <= length ? written : `${written.slice(0, length - 1)}…`;
}

function scanMessage(text: string, token: Token): string {
  switch (token.error) {
    case 'unterminated-string':
      return 'string is not closed before the end of the line';
    case 'invalid-number':
      return `'${clip(text.slice(token.start, token.end))}' is not a number`;
    default:
      return `unexpected character ${describeCharacter(text.slice(token.start, token.end))}`;
  }
}

/** `'@'`, or the code point of a character that does not show (`U+00A0`). */
function describeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const invisible = code < 0x20 || (code >= 0x7f && code <= 0xa0) || code === 0xfeff || (code >= 0x2000 && code <= 0x200f);
  return invisible ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${character}'`;
}
