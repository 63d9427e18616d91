/**
 * The syntax tree of one cell. Every node carries its offsets in the cell's
 * text (`start` inclusive, `end` exclusive) and a `type` tag, so later stages
 * can point at the exact characters a message is about.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface NameNode extends Span {
  readonly type: 'name';
  /** As written. */
  readonly text: string;
}

export interface NumberNode extends Span {
  readonly type: 'number';
  readonly value: number;
  readonly text: string;
}

export interface StringNode extends Span {
  readonly type: 'string';
  /** With escapes resolved. */
  readonly value: string;
}

export interface BooleanNode extends Span {
  readonly type: 'boolean';
  readonly value: boolean;
}

/** `leaky_relu(0.01)`, `he_uniform(gain=2)`, `adam(lr=0.01)`. */
export interface CallNode extends Span {
  readonly type: 'call';
  readonly callee: NameNode;
  readonly args: readonly ArgumentNode[];
}

/** `[zeros, he_normal, glorot_uniform(gain=2)]`; an item may be a chain (`warmup(100) then cosine`). */
export interface ListNode extends Span {
  readonly type: 'list';
  readonly items: readonly ListItemNode[];
}

/**
 * Values joined by `then` as one item of a list: `warmup(100) then cosine`
 * in `compare schedule=[constant, warmup(100) then cosine]`. Only a list
 * holds one, so every other place that reads a value never meets it.
 */
export interface ChainNode extends Span {
  readonly type: 'chain';
  /** At least two, in the order written. */
  readonly links: readonly ValueNode[];
}

export type ListItemNode = ValueNode | ChainNode;

export type ValueNode = NameNode | NumberNode | StringNode | BooleanNode | CallNode | ListNode;

/** A positional argument (`key` undefined) or `key=value`. */
export interface ArgumentNode extends Span {
  readonly type: 'argument';
  readonly key?: NameNode;
  readonly value: ValueNode;
}

/**
 * The arguments between two `then`s: `schedule warmup 100 then cosine min=0`
 * has two clauses, [warmup, 100] and [cosine, min=0]. Most statements have one.
 */
export interface ClauseNode extends Span {
  readonly type: 'clause';
  readonly args: readonly ArgumentNode[];
}

/**
 * One statement: a keyword and its clauses. The `model` statement's indented
 * lines are its `body`, each a statement of its own (`dense 32 relu`).
 */
export interface StatementNode extends Span {
  readonly type: 'statement';
  readonly keyword: NameNode;
  /** At least one; the first holds the arguments right after the keyword. */
  readonly clauses: readonly ClauseNode[];
  readonly body: readonly StatementNode[];
}

/** A whole cell. */
export interface CellNode extends Span {
  readonly type: 'cell';
  readonly statements: readonly StatementNode[];
}

/** A problem found in the text, at a range of it. Parsing never throws. */
export interface SyntaxProblem extends Span {
  readonly code: SyntaxProblemCode;
  /** A sentence a user reads, naming what is wrong. */
  readonly message: string;
}

export type SyntaxProblemCode =
  | 'unexpected-character'
  | 'unterminated-string'
  | 'invalid-number'
  | 'expected-value'
  | 'expected-name'
  | 'unclosed-bracket'
  | 'too-deep'
  | 'line-too-long'
  | 'unexpected-token'
  | 'unexpected-indent'
  | 'positional-after-named'
  | 'duplicate-key'
  | 'empty-clause';

export interface ParseResult {
  readonly cell: CellNode;
  readonly problems: readonly SyntaxProblem[];
}
