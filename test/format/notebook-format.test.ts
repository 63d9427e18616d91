import { describe, expect, it } from 'vitest';
import {
  LAYOUT_KEY,
  deserializeNotebook,
  serializeNotebook,
  type CellOutputData,
  type NotebookCellData,
  type NotebookData,
} from '../../src/format/notebook-format';
import { CELL_OUTPUT_MIME } from '../../src/protocol/cell-output';


/** Reads `text`, checks that it writes back byte for byte, and lists its cells as "md: …" / "code: …". */
function cellsOf(text: string): string[] {
  const notebook = deserializeNotebook(text);
  expect(serializeNotebook(notebook)).toBe(text);
  return notebook.cells.map((c) => `${c.kind === 'code' ? 'code' : 'md'}: ${c.source}`);
}

const md = (source: string, metadata?: Record<string, unknown>): NotebookCellData => ({ kind: 'markdown', source, metadata });
const code = (source: string, metadata?: Record<string, unknown>, outputs?: CellOutputData[]): NotebookCellData => ({
  kind: 'code',
  source,
  metadata,
  outputs,
});
const write = (cells: NotebookCellData[], metadata?: Record<string, unknown>): string => serializeNotebook({ cells, metadata });

describe('reading keeps every byte and finds only real cells', () => {
  const OUTPUT = '```nnlab-output\n{"items":[{"mime":"text/plain","text":"ok"}]}\n```';
  const cases: [string, string, string[]][] = [
    ['an empty file', '', []],
    ['prose without a final line break', 'Hello\n\nWorld', ['md: Hello\n\nWorld']],
    ['a code cell', '```nnlab\ntrain epochs=1\n```\n', ['code: train epochs=1']],
    ['prose, code, prose', '# T\n\n```nnlab\nx\n```\n\nEnd.\n', ['md: # T', 'code: x', 'md: End.']],
    ['another language', '```python\nx = 1\n```\n', ['md: ```python\nx = 1\n```']],
    ['a ~~~ fence, even in nnlab', '~~~nnlab\nx\n~~~\n', ['md: ~~~nnlab\nx\n~~~']],
    ['an nnlab block inside ~~~', '~~~\n```nnlab\nx\n```\n~~~\n', ['md: ~~~\n```nnlab\nx\n```\n~~~']],
    ['an indented fence', '  ```nnlab\nx\n  ```\n', ['md:   ```nnlab\nx\n  ```']],
    ['indented code (4 spaces)', '    ```nnlab\n    x\n    ```\n', ['md:     ```nnlab\n    x\n    ```']],
    ['a longer fence holding ```', '````nnlab\na\n```\nb\n````\n', ['code: a\n```\nb']],
    ['a longer fence of another language holding an nnlab block', '````md\n```nnlab\nx\n```\n````\n', ['md: ````md\n```nnlab\nx\n```\n````']],
    ['a closing fence longer than the opening', '```nnlab\nx\n`````\n', ['code: x']],
    ['a closing fence with trailing spaces', '```nnlab\nx\n```   \n', ['code: x']],
    ['a ``` line with an info string does not close', '```nnlab\n```js\n```\n', ['code: ```js']],
    ['an unclosed nnlab fence: markdown to the end', 'Intro\n\n```nnlab\nx\n', ['md: Intro\n\n```nnlab\nx']],
    ['an unclosed ~~~ swallows the cells after it', '~~~\nx\n\n```nnlab\ny\n```\n', ['md: ~~~\nx\n\n```nnlab\ny\n```']],
    ['a stray output block', `Text\n\n${OUTPUT}\n`, [`md: Text\n\n${OUTPUT}`]],
    ['an output block after a blank line is no cell\'s', `\`\`\`nnlab\nx\n\`\`\`\n\n${OUTPUT}\n`, ['code: x', `md: ${OUTPUT}`]],
    ['an output block with broken JSON', '```nnlab\nx\n```\n```nnlab-output\n{"items":[\n```\n', ['code: x', 'md: ```nnlab-output\n{"items":[\n```']],
    ['an output line that is not an output', '```nnlab\nx\n```\n```nnlab-output\n{"mime":"a"}\n```\n', ['code: x', 'md: ```nnlab-output\n{"mime":"a"}\n```']],
    ['an info string with words after nnlab', '```nnlab title\nx\n```\n', ['md: ```nnlab title\nx\n```']],
    ['an info string with broken JSON', '```nnlab {"id":\nx\n```\n', ['md: ```nnlab {"id":\nx\n```']],
    ['an info string with a JSON array', '```nnlab [1]\nx\n```\n', ['md: ```nnlab [1]\nx\n```']],
    ['metadata using the layout key', '```nnlab {"nnlab.layout":{}}\nx\n```\n', ['md: ```nnlab {"nnlab.layout":{}}\nx\n```']],
    ['a longer language name', '```nnlabx\nx\n```\n', ['md: ```nnlabx\nx\n```']],
    // A backtick in a backtick fence's info string makes the line prose; the later ``` opens a fence left unclosed.
    ['a backtick in the info string', '```nnlab {"a":"`"}\nx\n```\n', ['md: ```nnlab {"a":"`"}\nx\n```']],
    ['two code cells back to back', '```nnlab\na\n```\n```nnlab\nb\n```\n', ['code: a', 'code: b']],
    ['a cell marker splits prose', 'A\n\n<!-- nnlab-cell -->\nB\n', ['md: A', 'md: B']],
    ['a marker written another way is prose', 'A\n\n<!-- nnlab-cell  -->\nB\n', ['md: A\n\n<!-- nnlab-cell  -->\nB']],
    ['a marker inside a fence is text', '```\n<!-- nnlab-cell -->\n```\n', ['md: ```\n<!-- nnlab-cell -->\n```']],
    ['an empty code cell', '```nnlab\n```\n', ['code: ']],
    ['a code cell of one empty line', '```nnlab\n\n```\n', ['code: ']],
    ['code ending in a line break', '```nnlab\nx\n\n```\n', ['code: x\n']],
    ['CRLF line endings', 'A\r\n\r\n```nnlab\r\nx\r\ny\r\n```\r\n', ['md: A', 'code: x\ny']],
    ['a byte order mark', '\uFEFF```nnlab\nx\n```\n', ['code: x']],
    ['blank lines next to prose stay in the prose', '```nnlab\nx\n```\n\n\n\nText\n\n\n```nnlab\ny\n```\n', ['code: x', 'md: \n\nText\n', 'code: y']],
    ['only blank lines', '\n\n  \n', []],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    expect(cellsOf(text)).toEqual(expected);
  });

  it('reads outputs: JSON items as JSON text, text items as text, output metadata', () => {
    const text =
      '```nnlab\ntrain\n```\n```nnlab-output\n' +
      '{"items":[{"mime":"application/vnd.nnlab.run+json","json":{"loss":[0.5]}},{"mime":"text/plain","text":"loss 0.5"}],"metadata":{"ms":3}}\n' +
      '{"items":[{"mime":"text/plain","text":"second"}]}\n```\n';
    const [cell] = deserializeNotebook(text).cells;
    expect(cell.outputs).toEqual([
      { items: [{ mime: CELL_OUTPUT_MIME, data: '{"loss":[0.5]}' }, { mime: 'text/plain', data: 'loss 0.5' }], metadata: { ms: 3 } },
      { items: [{ mime: 'text/plain', data: 'second' }] },
    ]);
  });

  it('reads metadata from info strings, cell markers and the notebook header', () => {
    const text =
      '<!-- nnlab-notebook {"title":"T"} -->\n\n<!-- nnlab-cell {"id":"m"} -->\nProse.\n\n```nnlab {"id":"c","tick":"\\u0060"}\nx\n```\n';
    const notebook = deserializeNotebook(text);
    expect(notebook.metadata).toEqual({ title: 'T' });
    expect(notebook.cells.map((c) => c.metadata)).toEqual([{ id: 'm' }, { id: 'c', tick: '`' }]);
  });
});

describe('writing', () => {
  it('puts one blank line between blocks and the outputs right after their cell', () => {
    const outputs: CellOutputData[] = [
      { items: [{ mime: CELL_OUTPUT_MIME, data: '{"loss":[0.7,0.2]}' }, { mime: 'text/plain', data: 'loss 0.2' }] },
    ];
    const text = write([md('# Spirals'), code('data spirals\ntrain epochs=2', { id: 'a' }, outputs), code('evaluate'), md('Done.')]);
    expect(text).toBe(
      '# Spirals\n\n```nnlab {"id":"a"}\ndata spirals\ntrain epochs=2\n```\n```nnlab-output\n' +
        '{"items":[{"mime":"application/vnd.nnlab.run+json","json":{"loss":[0.7,0.2]}},{"mime":"text/plain","text":"loss 0.2"}]}\n' +
        '```\n\n```nnlab\nevaluate\n```\n\nDone.\n',
    );
  });

  it('leaves outputs out when saveOutputs is false', () => {
    const cells = [code('x', undefined, [{ items: [{ mime: 'text/plain', data: '1' }] }])];
    expect(serializeNotebook({ cells }, { saveOutputs: false })).toBe('```nnlab\nx\n```\n');
  });

  // Expected fence: one backtick more than the longest line of backticks that could close it (0–3 spaces, nothing after).
  const fences: [string, string][] = [
    ['x', '```'],
    ['```', '````'],
    ['a\n````\nb', '`````'],
    ['   ```', '````'],
    ['```   ', '````'],
    ['    ```', '```'], // four spaces: indented text, cannot close
    ['```js', '```'], // an info string: cannot close
    ['~~~', '```'],
    ['a ``` b', '```'],
  ];
  it.each(fences)('writes %j in a %s fence and reads it back', (source, fence) => {
    const text = write([code(source)]);
    expect(text).toBe(`${fence}nnlab\n${source}\n${fence}\n`);
    expect(deserializeNotebook(text).cells[0].source).toBe(source);
  });

  it('escapes backticks and ">" in metadata so the fence and comment stay whole', () => {
    const metadata = { note: '`--> ' };
    const text = write([md('A', metadata), code('x', metadata)]);
    expect(text).toBe('<!-- nnlab-cell {"note":"\\u0060--\\u003e "} -->\nA\n\n```nnlab {"note":"\\u0060--\\u003e "}\nx\n```\n');
    expect(deserializeNotebook(text).cells.map((c) => c.metadata)).toEqual([metadata, metadata]);
  });

  const markers: [string, NotebookCellData[], string][] = [
    ['markdown after markdown', [md('A'), md('B')], 'A\n\n<!-- nnlab-cell -->\nB\n'],
    ['markdown with metadata', [md('A', { id: 1 })], '<!-- nnlab-cell {"id":1} -->\nA\n'],
    ['an empty markdown cell', [md('')], '<!-- nnlab-cell -->\n'],
    ['a blank markdown cell between code', [code('a'), md(' \n'), code('b')], '```nnlab\na\n```\n\n<!-- nnlab-cell -->\n \n\n\n```nnlab\nb\n```\n'],
    ['no metadata and empty metadata alike', [code('a', {}), md('B', {})], '```nnlab\na\n```\n\nB\n'],
  ];
  it.each(markers)('marks %s and reads the same cells back', (_name, cells, expected) => {
    const text = write(cells);
    expect(text).toBe(expected);
    expect(deserializeNotebook(text).cells.map((c) => [c.kind, c.source])).toEqual(cells.map((c) => [c.kind, c.source]));
  });

  it('writes an empty notebook as an empty file and notebook metadata as a header line', () => {
    expect(write([])).toBe('');
    expect(write([md('A')], { title: 'T' })).toBe('<!-- nnlab-notebook {"title":"T"} -->\n\nA\n');
  });

  it('keeps one line ending when an editor hands back CRLF sources', () => {
    expect(write([code('a\r\nb')])).toBe('```nnlab\na\nb\n```\n');
    const crlf = deserializeNotebook('```nnlab\r\na\r\n```\r\n');
    crlf.cells[0].source = 'a\r\nb';
    expect(serializeNotebook(crlf)).toBe('```nnlab\r\na\r\nb\r\n```\r\n');
  });

  // The line an output item is written as: JSON only when it reads back as the same string.
  const items: [string, string, string][] = [
    ['compact JSON object', '{"a":[1,2]}', '{"mime":"m","json":{"a":[1,2]}}'],
    ['spaced JSON', '{ "a": 1 }', '{"mime":"m","text":"{ \\"a\\": 1 }"}'],
    ['a JSON number', '42', '{"mime":"m","text":"42"}'],
    ['text with a fence and a line break', '```\nx', '{"mime":"m","text":"```\\nx"}'],
  ];
  it.each(items)('writes %s as one line that reads back the same', (_name, data, item) => {
    const text = write([code('x', undefined, [{ items: [{ mime: 'm', data }] }])]);
    expect(text).toBe(`\`\`\`nnlab\nx\n\`\`\`\n\`\`\`nnlab-output\n{"items":[${item}]}\n\`\`\`\n`);
    expect(deserializeNotebook(text).cells[0].outputs?.[0].items[0].data).toBe(data);
  });
});

describe('markdown cells holding lines the format reads itself', () => {
  // Each text would not read back as itself unmarked; the marker gives its extent in lines.
  const extents: [string, NotebookCellData[], string][] = [
    ['a fence left open', [md('Intro\n```python'), code('x')], '<!-- nnlab-cell {"nnlab.lines":2} -->\nIntro\n```python\n\n```nnlab\nx\n```\n'],
    ['a ``` typed to start a sample', [code('a'), md('```'), code('b')], '```nnlab\na\n```\n\n<!-- nnlab-cell {"nnlab.lines":1} -->\n```\n\n```nnlab\nb\n```\n'],
    ['an nnlab block', [md('See:\n```nnlab\ntrain\n```')], '<!-- nnlab-cell {"nnlab.lines":4} -->\nSee:\n```nnlab\ntrain\n```\n'],
    ['a cell marker line', [md('A\n<!-- nnlab-cell -->\nB')], '<!-- nnlab-cell {"nnlab.lines":3} -->\nA\n<!-- nnlab-cell -->\nB\n'],
    ['a header line in the first cell', [md('<!-- nnlab-notebook {"k":1} -->')], '<!-- nnlab-cell {"nnlab.lines":1} -->\n<!-- nnlab-notebook {"k":1} -->\n'],
    ['metadata beside the extent', [md('```', { id: 'm' }), code('x')], '<!-- nnlab-cell {"nnlab.lines":1,"id":"m"} -->\n```\n\n```nnlab\nx\n```\n'],
    ['empty lines at its end', [md('```\n\n'), code('x')], '<!-- nnlab-cell {"nnlab.lines":3} -->\n```\n\n\n\n```nnlab\nx\n```\n'],
  ];
  it.each(extents)('writes the extent of a text with %s and reads the same cells back', (_name, cells, expected) => {
    const text = write(cells);
    expect(text).toBe(expected);
    const read = deserializeNotebook(text);
    expect(read.cells).toEqual(cells.map((c) => (c.metadata === undefined ? { kind: c.kind, source: c.source } : c)));
    expect(serializeNotebook(read)).toBe(text);
  });

  const plain: [string, NotebookCellData[], string][] = [
    ['a closed fence', [md('```python\nx\n```'), code('y')], '```python\nx\n```\n\n```nnlab\ny\n```\n'],
    ['a fence left open in the last cell', [code('a'), md('```python\nx')], '```nnlab\na\n```\n\n```python\nx\n'],
    ['a marker written another way', [md('<!-- nnlab-cell  -->')], '<!-- nnlab-cell  -->\n'],
    ['a header line after the first cell', [code('a'), md('<!-- nnlab-notebook {"k":1} -->')], '```nnlab\na\n```\n\n<!-- nnlab-notebook {"k":1} -->\n'],
  ];
  it.each(plain)('writes a text with %s as it is', (_name, cells, expected) => {
    expect(write(cells)).toBe(expected);
    expect(deserializeNotebook(expected).cells.map((c) => c.source)).toEqual(cells.map((c) => c.source));
  });

  it('keeps CRLF and a byte order mark around a cell with an extent', () => {
    const notebook = { cells: [md('Intro\n```'), code('x')], metadata: { [LAYOUT_KEY]: { eol: 'crlf', bom: true } } };
    const text = serializeNotebook(notebook);
    expect(text).toBe('\uFEFF<!-- nnlab-cell {"nnlab.lines":2} -->\r\nIntro\r\n```\r\n\r\n```nnlab\r\nx\r\n```\r\n');
    expect(deserializeNotebook(text).cells.map((c) => c.source)).toEqual(['Intro\n```', 'x']);
    expect(serializeNotebook(deserializeNotebook(text))).toBe(text);
  });

  it('marks a text that starts with a byte order mark at the top of a file without one', () => {
    const text = write([md('\uFEFFHello')]);
    expect(text).toBe('<!-- nnlab-cell {"nnlab.lines":1} -->\n\uFEFFHello\n');
    expect(deserializeNotebook(text).cells[0].source).toBe('\uFEFFHello');
  });

  // A file written with an extent, then edited by hand.
  const written = '<!-- nnlab-cell {"nnlab.lines":3} -->\nIntro\nmore\n```python\n\n```nnlab\nx\n```\n';
  const marker = '<!-- nnlab-cell {"nnlab.lines":3} -->';
  const edits: [string, string, string[]][] = [
    ['lines deleted: the extent reaches into the code cell', written.replace('Intro\nmore\n', ''), [`md: ${marker}\n\`\`\`python\n\n\`\`\`nnlab\nx\n\`\`\``]],
    // The blank line before the code cell fills the extent: still a cell the serializer would write, nothing lost.
    ['a line deleted: the blank line joins the cell', written.replace('Intro\n', ''), ['md: more\n```python\n', 'code: x']],
    ['a line added: text after the extent', written.replace('Intro\n', 'Intro\nadded\n'), [`md: ${marker}\nIntro\nadded\nmore\n\`\`\`python\n\n\`\`\`nnlab\nx\n\`\`\``]],
    ['an extent past the end of the file', '<!-- nnlab-cell {"nnlab.lines":9} -->\n```\n', ['md: <!-- nnlab-cell {"nnlab.lines":9} -->\n```']],
    ['an extent over text that needs none', '<!-- nnlab-cell {"nnlab.lines":1} -->\nA\n\n```nnlab\nx\n```\n', ['md: <!-- nnlab-cell {"nnlab.lines":1} -->\nA', 'code: x']],
    ['an extent over a fence left open in the last cell', '<!-- nnlab-cell {"nnlab.lines":1} -->\n```\n', ['md: <!-- nnlab-cell {"nnlab.lines":1} -->\n```']],
    ['an extent of zero lines', '<!-- nnlab-cell {"nnlab.lines":0} -->\n```\n', ['md: <!-- nnlab-cell {"nnlab.lines":0} -->\n```']],
    ['an extent written another way', '<!-- nnlab-cell {"nnlab.lines": 1} -->\n```\n\n```nnlab\nx\n```\n', ['md: <!-- nnlab-cell {"nnlab.lines": 1} -->\n```\n\n```nnlab\nx\n```']],
    ['an extent beside the layout key', '<!-- nnlab-cell {"nnlab.lines":1,"nnlab.layout":{}} -->\n```\n', ['md: <!-- nnlab-cell {"nnlab.lines":1,"nnlab.layout":{}} -->\n```']],
    ['a run of cells with extents', '<!-- nnlab-cell {"nnlab.lines":1} -->\n```\n\n<!-- nnlab-cell {"nnlab.lines":1} -->\n~~~\n\n```nnlab\nx\n```\n', ['md: ```', 'md: ~~~', 'code: x']],
    [
      'the last of a run no longer fitting',
      '<!-- nnlab-cell {"nnlab.lines":1} -->\n```\n\n<!-- nnlab-cell {"nnlab.lines":1} -->\n~~~\nadded\n\n```nnlab\nx\n```\n',
      ['md: <!-- nnlab-cell {"nnlab.lines":1} -->\n```\n\n<!-- nnlab-cell {"nnlab.lines":1} -->\n~~~\nadded\n\n```nnlab\nx\n```'],
    ],
  ];
  it.each(edits)('keeps every character of a file with %s', (_name, text, expected) => {
    expect(cellsOf(text)).toEqual(expected);
  });

  const editOf = (text: string, change: (n: NotebookData) => void): { text: string; sources: string[] } => {
    const notebook = deserializeNotebook(text);
    change(notebook);
    const written = serializeNotebook(notebook);
    expect(deserializeNotebook(written).cells.map((c) => c.source)).toEqual(notebook.cells.map((c) => c.source));
    return { text: written, sources: notebook.cells.map((c) => c.source) };
  };

  it('marks an output block typed at the top of a markdown cell glued to a code cell', () => {
    const output = '```nnlab-output\n{"items":[{"mime":"text/plain","text":"hi"}]}\n```';
    const { text } = editOf('```nnlab\nx\n```\nProse\n', (n) => (n.cells[1].source = `${output}\nProse`));
    expect(text).toBe(`\`\`\`nnlab\nx\n\`\`\`\n<!-- nnlab-cell {"nnlab.lines":4} -->\n${output}\nProse\n`);
  });

  it('keeps a blank line typed at the top of a markdown cell glued to the block before it', () => {
    expect(editOf('```nnlab\nx\n```\nProse\n', (n) => (n.cells[1].source = '\nProse')).text).toBe('```nnlab\nx\n```\n\n\nProse\n');
  });

  it('keeps blank lines that open the file out of a markdown cell moved to the top', () => {
    expect(editOf('\n\n```nnlab\nx\n```\n\nProse\n', (n) => n.cells.reverse()).text).toBe('Prose\n\n```nnlab\nx\n```\n');
  });

  it('gives a markdown cell holding a marker that did not fit an extent once an edit would make the marker fit', () => {
    const text = '<!-- nnlab-cell {"nnlab.lines":1} -->\n```python\n';
    expect(cellsOf(text)).toEqual([`md: <!-- nnlab-cell {"nnlab.lines":1} -->\n\`\`\`python`]);
    const edited = editOf(text, (n) => n.cells.push({ kind: 'code', source: 'x' }));
    expect(edited.text).toBe('<!-- nnlab-cell {"nnlab.lines":2} -->\n<!-- nnlab-cell {"nnlab.lines":1} -->\n```python\n\n```nnlab\nx\n```\n');
    // An edit elsewhere that leaves the marker as it was keeps the cell as the file had it.
    const kept = '<!-- nnlab-cell {"nnlab.lines":1} -->\nA\n\n```nnlab\nx\n```\n';
    expect(editOf(kept, (n) => (n.cells[1].source = 'y')).text).toBe(kept.replace('\nx\n', '\ny\n'));
  });

  it('reads a long run of cells with extents, each decided once', () => {
    const cells = Array.from({ length: 20_000 }, (_, i) => md(i % 2 === 0 ? '```' : '~~~'));
    const text = write([...cells, code('x')]);
    const read = deserializeNotebook(text);
    expect(read.cells.length).toBe(20_001);
    expect(serializeNotebook(read)).toBe(text);
  });

  it('reserves the extent key: never written as metadata, and a block using it is markdown', () => {
    expect(write([md('A', { 'nnlab.lines': 5, id: 1 })])).toBe('<!-- nnlab-cell {"id":1} -->\nA\n');
    expect(write([code('x', { 'nnlab.lines': 5 })])).toBe('```nnlab\nx\n```\n');
    expect(cellsOf('```nnlab {"nnlab.lines":1}\nx\n```\n')).toEqual(['md: ```nnlab {"nnlab.lines":1}\nx\n```']);
  });

  it('keeps a line added at the end of a cell glued to the next block or to the end of the file', () => {
    const edit = (text: string, source: string): string[] => {
      const notebook = deserializeNotebook(text);
      notebook.cells[0].source = source;
      return deserializeNotebook(serializeNotebook(notebook)).cells.map((c) => c.source);
    };
    expect(edit('A\n```nnlab\nx\n```\n', 'A\n')).toEqual(['A\n', 'x']);
    expect(edit('A', 'A\n')).toEqual(['A\n']);
  });
});

describe('layout kept from a file', () => {
  const edit = (text: string, change: (n: NotebookData) => void): string => {
    const notebook = deserializeNotebook(text);
    change(notebook);
    return serializeNotebook(notebook);
  };

  it('keeps the spacing around a cell whose code changed', () => {
    const text = '```nnlab\na\n```\n\n\n\n```nnlab\nb\n```\n';
    expect(edit(text, (n) => (n.cells[1].source = 'c'))).toBe('```nnlab\na\n```\n\n\n\n```nnlab\nc\n```\n');
  });

  it('does not glue a cell moved from the top of a file to the block before it', () => {
    const text = '```nnlab\na\n```\nProse';
    expect(edit(text, (n) => n.cells.reverse())).toBe('Prose\n\n```nnlab\na\n```');
  });

  it('keeps a hand-spaced info string only while the metadata is the same', () => {
    const text = '```nnlab  {"id": 1}\nx\n```\n';
    expect(edit(text, (n) => (n.cells[0].source = 'y'))).toBe('```nnlab  {"id": 1}\ny\n```\n');
    expect(edit(text, (n) => (n.cells[0].metadata = { ...n.cells[0].metadata, id: 2 }))).toBe('```nnlab {"id":2}\nx\n```\n');
  });

  it('keeps a longer fence, and lengthens it when the code needs more', () => {
    const text = '`````nnlab\nx\n`````\n';
    expect(edit(text, (n) => (n.cells[0].source = 'y'))).toBe('`````nnlab\ny\n`````\n');
    expect(edit(text, (n) => (n.cells[0].source = '``````'))).toBe('```````nnlab\n``````\n```````\n');
  });

  it('drops a kept closing fence that no longer closes', () => {
    const text = '```nnlab\nx\n````\n';
    expect(edit(text, (n) => (n.cells[0].source = 'y'))).toBe('```nnlab\ny\n````\n');
    expect(edit(text, (n) => (n.cells[0].source = '````'))).toBe('`````nnlab\n````\n`````\n');
  });

  it('keeps hand-written output lines only while the outputs are the same', () => {
    const text = '```nnlab\nx\n```\n```nnlab-output\n{"items": [{"mime": "t", "text": "1"}]}\n```\n';
    expect(edit(text, (n) => (n.cells[0].source = 'y'))).toBe(text.replace('\nx\n', '\ny\n'));
    const rerun = edit(text, (n) => (n.cells[0].outputs = [{ items: [{ mime: 't', data: '2' }] }]));
    expect(rerun).toBe('```nnlab\nx\n```\n```nnlab-output\n{"items":[{"mime":"t","text":"2"}]}\n```\n');
  });

  it('ignores layout fields of the wrong type and never writes the layout as metadata', () => {
    const cells = [code('x', { id: 1, [LAYOUT_KEY]: { gap: 5, fence: 'long', closer: ['`'] } })];
    expect(write(cells)).toBe('```nnlab {"id":1}\nx\n```\n');
  });
});
