import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { parseCell, type ArgumentNode, type ListItemNode, type ParseResult, type StatementNode } from '../../src/lang/index';

/**
 * A compact outline of the tree: `keyword[clause] then [clause] { body; … }`,
 * numbers as `n:3`, strings as `s:"x"`, booleans as `b:true`, calls as
 * `call(name; args)`, lists as `list(items)`, chains as `chain(a then b)`,
 * named arguments as `key=value`.
 */
function outline(text: string): string {
  return parseCell(text).cell.statements.map(statementOutline).join('; ');
}

function statementOutline(statement: StatementNode): string {
  const clauses = statement.clauses.map((clause) => `[${clause.args.map(argumentOutline).join(' ')}]`).join(' then ');
  const body = statement.body.length > 0 ? ` { ${statement.body.map(statementOutline).join('; ')} }` : '';
  return `${statement.keyword.text}${clauses}${body}`;
}

function argumentOutline(argument: ArgumentNode): string {
  return argument.key ? `${argument.key.text}=${valueOutline(argument.value)}` : valueOutline(argument.value);
}

function valueOutline(value: ListItemNode): string {
  switch (value.type) {
    case 'name':
      return value.text;
    case 'number':
      return `n:${value.value}`;
    case 'string':
      return `s:${JSON.stringify(value.value)}`;
    case 'boolean':
      return `b:${value.value}`;
    case 'call':
      return `call(${value.callee.text}; ${value.args.map(argumentOutline).join(', ')})`;
    case 'list':
      return `list(${value.items.map(valueOutline).join(', ')})`;
    case 'chain':
      return `chain(${value.links.map(valueOutline).join(' then ')})`;
  }
}

interface AnyNode {
  type: string;
  start: number;
  end: number;
}

/** Every node below the cell, depth first, as `type:text it spans`. */
function spans(text: string): string[] {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    const { type, start, end } = node as AnyNode;
    out.push(`${type}:${text.slice(start, end)}`);
    for (const [key, child] of Object.entries(node)) if (key !== 'type' && typeof child === 'object') visit(child);
  };
  parseCell(text).cell.statements.forEach(visit);
  return out;
}

/** Problems as `code [start, end) message`. */
function problems(text: string): string[] {
  return parseCell(text).problems.map((p) => `${p.code} [${p.start}, ${p.end}) ${p.message}`);
}

/**
 * What is wrong with the spans of a parse, or nothing: every node lies in the
 * text and inside its parent, names and numbers span their own text, and
 * every problem lies in the text. Checked without `expect` per node, so the
 * fuzz tests stay fast.
 */
function spanFaults(text: string, result: ParseResult): string[] {
  const faults: string[] = [];
  const check = (node: unknown, parent: AnyNode): void => {
    if (Array.isArray(node)) return node.forEach((child) => check(child, parent));
    if (typeof node !== 'object' || node === null) return;
    const span = node as AnyNode & { text?: string };
    if (span.start < parent.start || span.end > parent.end || span.start > span.end) faults.push(`${span.type} [${span.start}, ${span.end}) outside its ${parent.type}`);
    if ((span.type === 'name' || span.type === 'number') && text.slice(span.start, span.end) !== span.text) faults.push(`${span.type} '${span.text}' spans other text`);
    for (const [key, child] of Object.entries(node)) if (key !== 'type' && typeof child === 'object') check(child, span);
  };
  check(result.cell.statements, { type: 'cell', start: 0, end: text.length });
  for (const p of result.problems) {
    if (p.start < 0 || p.end > text.length || p.start > p.end) faults.push(`${p.code} [${p.start}, ${p.end}) outside the text`);
    if (p.message.length === 0) faults.push(`${p.code} has no message`);
  }
  return faults;
}

function expectWellFormed(text: string, result: ParseResult): void {
  expect(spanFaults(text, result)).toEqual([]);
}

describe('parseCell: constructs', () => {
  it.each([
    ['a keyword alone', 'train', 'train[]'],
    ['positional values', 'dense 32 relu', 'dense[n:32 relu]'],
    ['named values', 'train epochs=40 batch=32', 'train[epochs=n:40 batch=n:32]'],
    ['spaces around =', 'optimizer adam lr = 0.1', 'optimizer[adam lr=n:0.1]'],
    ['a string', 'save weights "runs/a.safetensors"', 'save[weights s:"runs/a.safetensors"]'],
    ['booleans', 'split stratify=true shuffle=False', 'split[stratify=b:true shuffle=b:false]'],
    ['a negative and an exponent', 'x a=-0.5 b=1e-5 c=.5', 'x[a=n:-0.5 b=n:0.00001 c=n:0.5]'],
    ['a call', 'dense 32 leaky_relu(0.01)', 'dense[n:32 call(leaky_relu; n:0.01)]'],
    ['a call with named arguments', 'x he_uniform(gain=2, mode=fan_in)', 'x[call(he_uniform; gain=n:2, mode=fan_in)]'],
    ['an empty call', 'x f()', 'x[call(f; )]'],
    ['a call after a space', 'x f (1)', 'x[call(f; n:1)]'],
    ['a call as a named value', 'dense 3 init=he_normal(mode=fan_out)', 'dense[n:3 init=call(he_normal; mode=fan_out)]'],
    ['a list', 'compare lr=[0.1, 0.01]', 'compare[lr=list(n:0.1, n:0.01)]'],
    ['an empty list', 'x []', 'x[list()]'],
    ['a trailing comma', 'x [a, b,] f(1,)', 'x[list(a, b) call(f; n:1)]'],
    ['nested lists and calls', 'x [a, f([1, g(k=[])]), [b]]', 'x[list(a, call(f; list(n:1, call(g; k=list()))), list(b))]'],
    ['then splits clauses', 'schedule warmup 100 then cosine min=1e-5', 'schedule[warmup n:100] then [cosine min=n:0.00001]'],
    ['then in any case', 'schedule a THEN b Then c', 'schedule[a] then [b] then [c]'],
    [
      'a chain as a list item',
      'compare schedule=[constant, warmup(100) then cosine]',
      'compare[schedule=list(constant, chain(call(warmup; n:100) then cosine))]',
    ],
    ['a longer chain in any case, in a nested list', 'x [[a THEN b(k=1) then c], d]', 'x[list(list(chain(a then call(b; k=n:1) then c)), d)]'],
    ['a comment', 'loss mse # the mean squared error', 'loss[mse]'],
    ['a keyword in another case', 'Optimizer SGD', 'Optimizer[SGD]'],
    ['several statements', 'loss mse\noptimizer sgd\n\ntrain', 'loss[mse]; optimizer[sgd]; train[]'],
    ['CRLF line breaks', 'loss mse\r\noptimizer sgd\r\n', 'loss[mse]; optimizer[sgd]'],
    ['a model block', 'model\n  dense 3 relu\n  dropout 0.2\nloss mse', 'model[] { dense[n:3 relu]; dropout[n:0.2] }; loss[mse]'],
    ['a tab-indented block', 'model\n\tdense 3\n\tbatchnorm', 'model[] { dense[n:3]; batchnorm[] }'],
    ['comment lines inside a block', 'model\n  dense 3\n# hidden\n  # more\n  dense 4', 'model[] { dense[n:3]; dense[n:4] }'],
    ['a body under any statement', 'optimizer adam\n  nesterov', 'optimizer[adam] { nesterov[] }'],
    ['an empty cell', '', ''],
    ['only comments and blanks', '# a\n\n   \n  # b', ''],
  ])('%s', (_, text, expected) => {
    const result = parseCell(text);
    expect(outline(text)).toBe(expected);
    expectWellFormed(text, result);
    expect(result.problems).toEqual([]);
  });

  it('keeps what values were written as', () => {
    const [statement] = parseCell('x "a\\"b" 2.5E3 TRUE').cell.statements;
    expect(statement.clauses[0].args.map((a) => a.value)).toEqual([
      { type: 'string', value: 'a"b', start: 2, end: 8 },
      { type: 'number', value: 2500, text: '2.5E3', start: 9, end: 14 },
      { type: 'boolean', value: true, start: 15, end: 19 },
    ]);
  });

  it('gives exact spans to every node', () => {
    expect(spans('dense 3 f(a=[1, g()])')).toEqual([
      'statement:dense 3 f(a=[1, g()])',
      'name:dense',
      'clause:3 f(a=[1, g()])',
      'argument:3',
      'number:3',
      'argument:f(a=[1, g()])',
      'call:f(a=[1, g()])',
      'name:f',
      'argument:a=[1, g()]',
      'name:a',
      'list:[1, g()]',
      'number:1',
      'call:g()',
      'name:g',
    ]);
  });

  it('spans a block from its keyword to the end of its last line, without the comment', () => {
    const text = 'model # net\n  dense 3\n  dense 2 # out\nloss mse';
    const [model, loss] = parseCell(text).cell.statements;
    // 'model # net\n' is 12 characters, '  dense 3\n' 10 more, so the last layer is [24, 31).
    expect(model).toMatchObject({ start: 0, end: 31, keyword: { text: 'model', start: 0, end: 5 } });
    expect(model.body.map((s) => [s.start, s.end])).toEqual([
      [14, 21],
      [24, 31],
    ]);
    expect(loss).toMatchObject({ start: 38, end: 46 });
  });

  it('gives an empty clause a zero-width span where it would start', () => {
    // 'train' ends at 5; the clause after 'then' (at [9, 13)) starts at 13.
    expect(parseCell('train').cell.statements[0].clauses).toEqual([{ type: 'clause', args: [], start: 5, end: 5 }]);
    expect(parseCell('x a then').cell.statements[0].clauses.map((c) => [c.start, c.end])).toEqual([
      [2, 3],
      [8, 8],
    ]);
  });

  it('spans the whole cell', () => {
    expect(parseCell('  \nloss mse\n\n').cell).toMatchObject({ type: 'cell', start: 0, end: 13 });
  });
});

describe('parseCell: problems', () => {
  it.each([
    ['an unexpected character', 'dense 3 @ relu', ["unexpected-character [8, 9) unexpected character '@'"]],
    ['an invisible character by its code point', 'loss\u00a0mse', ['unexpected-character [4, 5) unexpected character U+00A0']],
    ['an unterminated string', 'save weights "a.json\nloss mse', ['unterminated-string [13, 20) string is not closed before the end of the line']],
    ['an invalid number', 'dropout 1.2.3', ["invalid-number [8, 13) '1.2.3' is not a number"]],
    ['a missing value after =', 'optimizer adam lr=', ["expected-value [15, 18) expected a value after 'lr='"]],
    ['a missing value after = before then', 'x a= then b', ["expected-value [2, 4) expected a value after 'a='"]],
    ['a missing value after = before the next key', 'x a= b=1', ["expected-value [2, 4) expected a value after 'a='"]],
    ['a missing value after = in a call', 'x f(a=)', ["expected-value [4, 6) expected a value after 'a='"]],
    ['two commas in a list', 'x [a,,b]', ["expected-value [5, 6) expected a value before ','"]],
    ['a comma first in a call', 'x f(,1)', ["expected-value [4, 5) expected an argument before ','"]],
    ['a line starting with a number', '3 dense', ["expected-name [0, 1) expected a keyword at the start of the line, found '3'"]],
    ['a line starting with a string', '"x"', ['expected-name [0, 3) expected a keyword at the start of the line, found a string']],
    ['a line starting with then', 'then cosine', ["expected-name [0, 4) expected a keyword at the start of the line, found 'then'"]],
    ['a line starting with a bracket', ') x', ["expected-name [0, 1) expected a keyword at the start of the line, found ')'"]],
    [
      'a line starting with a parameter',
      'epochs=40',
      ["expected-name [0, 7) expected a keyword at the start of the line, found the parameter 'epochs='; parameters follow a keyword on the same line"],
    ],
    ['an unclosed list', 'compare lr=[0.1, 0.01', ["unclosed-bracket [11, 12) ']' is missing to close the list opened here"]],
    ['an unclosed call', 'dense 3 leaky_relu(0.2', ["unclosed-bracket [18, 19) ')' is missing to close the call to 'leaky_relu' opened here"]],
    ['a list closed by its call', 'x f([a)', ["unclosed-bracket [4, 5) ']' is missing to close the list opened here"]],
    ['a call closed by its list', 'x [f(a]', ["unclosed-bracket [4, 5) ')' is missing to close the call to 'f' opened here"]],
    ['a comma between arguments', 'metrics accuracy, f1', ["unexpected-token [16, 17) ',' separates items only inside '(…)' and '[…]'; separate a statement's arguments with spaces"]],
    ['a stray )', 'dense 3)', ["unexpected-token [7, 8) ')' has no matching '('"]],
    ['a stray ]', 'dense 3]', ["unexpected-token [7, 8) ']' has no matching '['"]],
    ['a stray ) in a list', 'x [a)]', ["unexpected-token [4, 5) ')' has no matching '('"]],
    ['a stray =', 'dense 3 = 4', ["unexpected-token [8, 9) '=' must follow a parameter name, as in 'lr=0.1'"]],
    ['a ( after no name', 'x (1)', ["unexpected-token [2, 3) '(' must follow a name, as in 'leaky_relu(0.01)'"]],
    ['a missing comma in a list', 'x [a b]', ["unexpected-token [5, 6) expected ',' or ']' after the list item, found 'b'"]],
    ['a missing comma in a call', 'x f(a b=1)', ["unexpected-token [6, 7) expected ',' or ')' after the argument, found 'b'"]],
    ['a key in a list', 'x [lr=1, b]', ["unexpected-token [5, 6) expected ',' or ']' after the list item, found '='"]],
    ['then in a call', 'x f(then)', ["unexpected-token [4, 8) expected an argument in the call to 'f', found 'then'"]],
    [
      'a value with its arguments unbracketed in a list',
      'compare schedule=[constant, warmup 100 then cosine]',
      ["unexpected-token [35, 38) expected ',' or ']' after the list item, found '100'; inside a list, a value's arguments go in parentheses: write 'warmup(100)'"],
    ],
    [
      'named arguments unbracketed in a list',
      'x [sgd lr=0.1 momentum=0.9, adam]',
      ["unexpected-token [7, 26) expected ',' or ']' after the list item, found 'lr'; inside a list, a value's arguments go in parentheses: write 'sgd(lr=0.1, momentum=0.9)'"],
    ],
    ['nothing after then in a list', 'x [a then, b]', ["empty-clause [5, 9) nothing follows 'then'; name what comes next, as in 'warmup(100) then cosine'"]],
    ['a list ending after then', 'x [a then]', ["empty-clause [5, 9) nothing follows 'then'; name what comes next, as in 'warmup(100) then cosine'"]],
    ['= in a list', 'x [=, a]', ["unexpected-token [3, 4) expected a value in the list, found '='"]],
    ['a first-line indent', '  loss mse', ['unexpected-indent [0, 2) this line is indented, but there is no statement above it; statements start at the left margin']],
    [
      'an indent after a blank line',
      'model\n  dense 3\n\n\tdense 2',
      ["unexpected-indent [17, 18) a blank line ends the 'model' block; remove the blank line or this line's indentation"],
    ],
    ['a positional after a named value', 'optimizer sgd lr=0.1 nesterov', ["positional-after-named [21, 29) positional value 'nesterov' follows a named argument; write positional values first"]],
    ['a positional after a named value in a call', 'x f(a=1, 2)', ["positional-after-named [9, 10) positional value '2' follows a named argument; write positional values first"]],
    ['a long positional value, shortened', 'x a=1 "abcdefghijklmnopqrstuvwxyz"', ["positional-after-named [6, 34) positional value '\"abcdefghijklmnopqrstuvw…' follows a named argument; write positional values first"]],
    ['a duplicate key', 'train epochs=3 epochs=4', ["duplicate-key [15, 21) parameter 'epochs' is given twice"]],
    ['a duplicate key in another case and spelling', 'x min_delta=1 Min-Delta=2', ["duplicate-key [14, 23) parameter 'Min-Delta' is given twice"]],
    ['a duplicate key in a call', 'x adam(lr=1, lr=2)', ["duplicate-key [13, 15) parameter 'lr' is given twice"]],
    ['nothing after then', 'schedule warmup 100 then', ["empty-clause [20, 24) nothing follows 'then'; name what comes next, as in 'warmup 100 then cosine'"]],
    ['nothing between thens', 'schedule a then then b', ["empty-clause [11, 15) nothing follows 'then'; name what comes next, as in 'warmup 100 then cosine'"]],
    ['nothing before then', 'schedule then cosine', ["empty-clause [9, 13) nothing comes before 'then'; name what comes first, as in 'warmup 100 then cosine'"]],
    ['then alone, reported once', 'schedule then', ["empty-clause [9, 13) nothing comes before 'then'; name what comes first, as in 'warmup 100 then cosine'"]],
  ])('%s', (_, text, expected) => {
    expect(problems(text)).toEqual(expected);
    expectWellFormed(text, parseCell(text));
  });

  it('allows the same key in different clauses and calls', () => {
    expect(problems('schedule a min=1 then b min=2')).toEqual([]);
    expect(problems('x f(lr=2) g(lr=3) lr=1')).toEqual([]);
  });

  it('reports every problem of a cell, in the order of the text', () => {
    const text = ['model', '  dense 3 leaky_relu(0.2', '  dropout 1.2.3', 'optimizer adam lr= lr=2 beta', 'clip "norm', 'schedule warmup then'].join('\n');
    expect(parseCell(text).problems.map((p) => [p.code, text.slice(p.start, p.end)])).toEqual([
      ['unclosed-bracket', '('],
      ['invalid-number', '1.2.3'],
      ['expected-value', 'lr='],
      ['positional-after-named', 'beta'],
      ['unterminated-string', '"norm'],
      ['empty-clause', 'then'],
    ]);
    // The tree keeps what it could read around each problem.
    expect(outline(text)).toBe(
      'model[] { dense[n:3 call(leaky_relu; n:0.2)]; dropout[n:NaN] }; optimizer[adam lr=n:2 beta]; clip[s:"norm"]; schedule[warmup] then []',
    );
  });

  it('recovers after a bad token inside brackets at the next comma or closing bracket', () => {
    expect(outline('x f(= [a, b], c) d')).toBe('x[call(f; c) d]');
    expect(problems('x f(= [a, b], c) d')).toEqual(["unexpected-token [4, 5) expected an argument in the call to 'f', found '='"]);
  });

  it('reads a list value written with unbracketed arguments as the call it means, so its chain goes on', () => {
    expect(outline('compare schedule=[constant, warmup 100 then cosine]')).toBe('compare[schedule=list(constant, chain(call(warmup; n:100) then cosine))]');
    // A name after a name is a missing comma, not an argument.
    expect(outline('x [a b]')).toBe('x[list(a, b)]');
  });

  it('reads past an unexpected character', () => {
    expect(outline('optimizer adam lr=@0.1')).toBe('optimizer[adam lr=n:0.1]');
  });

  it('keeps an indented first line as a statement, and drops lines under a line it could not read', () => {
    expect(outline('  loss mse\n  metrics accuracy')).toBe('loss[mse]; metrics[accuracy]');
    expect(parseCell('  loss mse\n  metrics accuracy').problems.map((p) => p.code)).toEqual(['unexpected-indent', 'unexpected-indent']);
    expect(outline('3 model\n  dense 3\nloss mse')).toBe('loss[mse]');
    expect(problems('3 model\n  dense 3\nloss mse')).toHaveLength(1);
  });

  it('joins an indented line after a blank line to the block above, once reported', () => {
    const text = 'model\n  dense 3\n\n  dense 2\n  dense 1';
    expect(outline(text)).toBe('model[] { dense[n:3]; dense[n:2]; dense[n:1] }');
    expect(parseCell(text).problems).toHaveLength(1);
  });
});

describe('parseCell: robustness', () => {
  const alphabet = ['a', 'z', 'E', '_', '-', '0', '7', '.', '=', '(', ')', '[', ']', ',', '"', '\\', '#', ' ', ' ', '\t', '\n', '\r', '@', 'é', '\ud83d\ude00', '\ud83d', 'then', 'model', 'true', '1e-5'];
  const valid = [
    'data spirals n=600 classes=3 noise=0.15 seed=7\nmodel\n  dense 32 leaky_relu(0.01) init=he_uniform(gain=2)\n  dropout 0.2\nloss mse',
    'schedule warmup 100 then cosine min=1e-5\r\ncompare init=[zeros, he_normal, glorot_uniform(gain=2)] epochs=3',
    'save weights "runs/a \\"b\\".json" # done\n\tload weights "x"',
  ];

  it('never throws on random text, and every span lies in the text', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 1500; trial++) {
      let text = '';
      const length = rng.int(40);
      for (let i = 0; i < length; i++) text += alphabet[rng.int(alphabet.length)];
      const faults = spanFaults(text, parseCell(text));
      if (faults.length > 0) expect({ text, faults }).toEqual({ text, faults: [] });
    }
  });

  it('never throws on mutations of valid cells, and every span lies in the text', () => {
    const rng = new Rng(12);
    for (let trial = 0; trial < 1500; trial++) {
      let text = valid[rng.int(valid.length)];
      for (let edit = 1 + rng.int(4); edit > 0; edit--) {
        const at = rng.int(text.length + 1);
        const cut = rng.int(4);
        const insert = rng.uniform() < 0.6 ? alphabet[rng.int(alphabet.length)] : '';
        text = text.slice(0, at) + insert + text.slice(at + cut);
      }
      const faults = spanFaults(text, parseCell(text));
      if (faults.length > 0) expect({ text, faults }).toEqual({ text, faults: [] });
    }
  });

  it('finds no problem in the valid cells used for mutation', () => {
    for (const text of valid) expect(parseCell(text).problems).toEqual([]);
  });
});

describe('docs/language.md', () => {
  const markdown = readFileSync(new URL('../../docs/language.md', import.meta.url), 'utf8');
  const blocks = [...markdown.matchAll(/```nnlab\r?\n([\s\S]*?)```/g)].map((match) => match[1]);

  it('has nnlab examples', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((block, i) => [i + 1, block]))('example %i parses with no problems', (_, block) => {
    const result = parseCell(block as string);
    expect(result.problems).toEqual([]);
    expect(result.cell.statements.length).toBeGreaterThan(0);
  });
});
