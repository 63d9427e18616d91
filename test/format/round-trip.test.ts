import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import {
  LAYOUT_KEY,
  deserializeNotebook,
  serializeNotebook,
  type CellOutputData,
  type NotebookCellData,
  type NotebookData,
} from '../../src/format/notebook-format';
import { CELL_OUTPUT_MIME } from '../../src/protocol/cell-output';


function pick<T>(rng: Rng, choices: readonly T[]): T {
  return choices[rng.int(choices.length)];
}

function lines(rng: Rng, pool: readonly string[], max: number): string {
  const count = 1 + rng.int(max);
  return Array.from({ length: count }, () => pick(rng, pool)).join('\n');
}

// Markdown lines that read back as the same markdown: no fence left open, no cell marker.
const PROSE = ['# Title', 'Some *prose* with `code`.', '', '- a list item', '```python\nprint(1)\n```', '<b>html</b>', '   indented', 'text with ``` inside', '~~~\n~~~'];
// Code lines chosen to need longer fences and to look like the format's own lines.
const CODE = ['train epochs=40', 'x = 1', '```', '````', '   ```  ', '    ```', '~~~', '```nnlab', '```nnlab-output', '<!-- nnlab-cell -->', '', '`a` ``b``'];
const METADATA: (Record<string, unknown> | undefined)[] = [
  undefined,
  {},
  { id: 'c1' },
  { tags: ['a', 'b`c'], note: '--> <!-- ``` ' },
  { nested: { depth: [1, 2, { x: null }] }, unicode: 'é 🙂' },
];
const OUTPUTS: (CellOutputData[] | undefined)[] = [
  undefined,
  [],
  [{ items: [{ mime: 'text/plain', data: 'loss 0.1\n```\nend' }] }],
  [
    {
      items: [
        { mime: CELL_OUTPUT_MIME, data: JSON.stringify({ title: 'train', steps: [0, 1], loss: [0.7, 0.3] }) },
        { mime: 'text/plain', data: 'final loss 0.3' },
      ],
      metadata: { executionTime: 12 },
    },
    { items: [{ mime: 'application/json', data: '{ "spaced": true }' }] },
  ],
];

function withEnding(rng: Rng, text: string): string {
  return pick(rng, [text, `${text}\n`, `\n${text}`, `${text}\n\n`]);
}

function randomCell(rng: Rng): NotebookCellData {
  const metadata = pick(rng, METADATA);
  if (rng.int(2) === 0) {
    const source = pick(rng, ['', ' ', '\n', withEnding(rng, lines(rng, PROSE, 5))]);
    return { kind: 'markdown', source, metadata };
  }
  const source = pick(rng, ['', '\n', withEnding(rng, lines(rng, CODE, 6))]);
  return { kind: 'code', source, metadata, outputs: pick(rng, OUTPUTS) };
}

function randomNotebook(rng: Rng): NotebookData {
  const cells = Array.from({ length: rng.int(8) }, () => randomCell(rng));
  const layout = pick(rng, [undefined, { eol: 'crlf' }, { bom: true }]);
  const own = pick(rng, [undefined, { title: 'Spirals' }]);
  return { cells, metadata: layout === undefined ? own : { ...own, [LAYOUT_KEY]: layout } };
}

function withoutLayout(metadata: Record<string, unknown> | undefined): Record<string, unknown> {
  const own = { ...metadata };
  delete own[LAYOUT_KEY];
  return own;
}

/** A cell as it should read back: no layout, `{}` and `[]` the same as absent, outputs only on code. */
function normalised(cell: NotebookCellData, saveOutputs: boolean): unknown {
  const metadata = withoutLayout(cell.metadata);
  const outputs =
    cell.kind === 'code' && saveOutputs && cell.outputs !== undefined && cell.outputs.length > 0
      ? cell.outputs.map((o) => (o.metadata === undefined || Object.keys(o.metadata).length === 0 ? { items: o.items } : o))
      : undefined;
  return { kind: cell.kind, source: cell.source, metadata: Object.keys(metadata).length > 0 ? metadata : undefined, outputs };
}

describe('notebooks the serializer writes', () => {
  it('read back as the same cells and write back byte for byte (400 generated notebooks)', () => {
    const rng = new Rng(2024);
    for (let n = 0; n < 400; n++) {
      const notebook = randomNotebook(rng);
      for (const saveOutputs of [true, false]) {
        const text = serializeNotebook(notebook, { saveOutputs });
        const read = deserializeNotebook(text);
        expect(serializeNotebook(read, { saveOutputs })).toBe(text);
        expect(read.cells.map((c) => normalised(c, true))).toEqual(notebook.cells.map((c) => normalised(c, saveOutputs)));
        expect(withoutLayout(read.metadata)).toEqual(withoutLayout(notebook.metadata));
        // The serializer's own text needs no layout to be written back.
        for (const cell of read.cells) expect(cell.metadata?.[LAYOUT_KEY]).toBeUndefined();
      }
    }
  });
});

// Markdown lines the format reads itself: fences left open or closed, code blocks, output blocks, markers, a header, a BOM.
const FORMAT_PROSE = [
  '```', '```python', '````', '~~~', '   ```', '```nnlab', '```nnlab {"id":"x"}', '```nnlab\nx = 1\n```', '```nnlab-output',
  '{"items":[{"mime":"text/plain","text":"hi"}]}', '<!-- nnlab-cell -->', '<!-- nnlab-cell {"a":1} -->',
  '<!-- nnlab-cell {"nnlab.lines":1} -->', '<!-- nnlab-cell {"nnlab.lines":3,"a":1} -->', '<!-- nnlab-notebook {"k":1} -->',
  '\uFEFF', '\uFEFF<!-- nnlab-notebook {"k":1} -->', 'prose', 'x = 1', '', '  ',
];

function formatCell(rng: Rng): NotebookCellData {
  const metadata = pick(rng, METADATA);
  if (rng.int(3) > 0) return { kind: 'markdown', source: pick(rng, ['', '\n', withEnding(rng, lines(rng, FORMAT_PROSE, 6))]), metadata };
  return { kind: 'code', source: withEnding(rng, lines(rng, CODE, 4)), metadata, outputs: pick(rng, OUTPUTS) };
}

describe('markdown cells holding lines the format reads itself', () => {
  it('read back as the same cells, write back byte for byte and need no layout (2,000 generated notebooks)', () => {
    const rng = new Rng(99);
    const seen = { extents: 0 };
    for (let n = 0; n < 2000; n++) {
      const cells = Array.from({ length: rng.int(7) }, () => formatCell(rng));
      const layout = pick(rng, [undefined, { eol: 'crlf' }, { bom: true }, { eol: 'crlf', bom: true }]);
      const own = pick(rng, [undefined, { title: 'T' }]);
      const notebook: NotebookData = { cells, metadata: layout === undefined ? own : { ...own, [LAYOUT_KEY]: layout } };
      const text = serializeNotebook(notebook);
      const read = deserializeNotebook(text);
      expect(read.cells.map((c) => normalised(c, true))).toEqual(notebook.cells.map((c) => normalised(c, true)));
      expect(withoutLayout(read.metadata)).toEqual(withoutLayout(notebook.metadata));
      for (const cell of read.cells) expect(cell.metadata?.[LAYOUT_KEY]).toBeUndefined();
      expect(serializeNotebook(read)).toBe(text);
      seen.extents += text.split('"nnlab.lines":').length - 1;
    }
    // Most notebooks hold a markdown cell that needs its extent.
    expect(seen.extents).toBeGreaterThan(1000);
  });
});

// Whole lines and whole blocks, canonical and not, to be glued in random order.
const PIECES = [
  '```nnlab', '```nnlab {"id":"a"}', '``` nnlab  {"id": "a"} ', '````nnlab', '```nnlab {}', '```nnlab title', '```', '````', '``` ',
  '~~~', '~~~python', '  ```nnlab', '   ```', '```python', '```nnlab-output',
  '{"items":[{"mime":"text/plain","text":"hi"}]}', '{"items": [{"mime": "text/plain", "text": "spaced"}]}', '{broken',
  '```nnlab\nx = 1\n```\n```nnlab-output\n{"items":[{"mime":"a/b+json","json":{"k":[1,2]}}],"metadata":{"t":1}}\n```',
  '<!-- nnlab-cell -->', '<!-- nnlab-cell {"a":1} -->', '<!-- nnlab-cell {"a": 1} -->', '<!-- nnlab-notebook {"k":1} -->',
  '<!-- nnlab-cell {"nnlab.lines":1} -->', '<!-- nnlab-cell {"nnlab.lines":2} -->', '<!-- nnlab-cell {"nnlab.lines":3,"a":1} -->',
  '<!-- nnlab-cell {"nnlab.lines":0} -->', '<!-- nnlab-cell {"nnlab.lines": 2} -->',
  '', '', ' ', 'text', 'x = 1', '\r', 'a\r',
];

function randomText(rng: Rng): string {
  const crlfOnly = rng.int(3) === 0;
  let text = rng.int(8) === 0 ? '\uFEFF' : '';
  const count = rng.int(14);
  for (let i = 0; i < count; i++) {
    text += pick(rng, PIECES);
    if (i < count - 1 || rng.int(2) === 0) text += crlfOnly || rng.int(6) === 0 ? '\r\n' : '\n';
  }
  return text;
}

describe('any text', () => {
  it('writes back byte for byte after reading (5,000 texts glued from tricky lines)', () => {
    const rng = new Rng(7);
    const seen = { code: 0, outputs: 0, layout: 0 };
    for (let n = 0; n < 5000; n++) {
      const text = randomText(rng);
      const read = deserializeNotebook(text);
      expect(serializeNotebook(read)).toBe(text);
      for (const cell of read.cells) {
        if (cell.kind === 'code') seen.code++;
        if (cell.outputs !== undefined) seen.outputs++;
        if (cell.metadata?.[LAYOUT_KEY] !== undefined) seen.layout++;
      }
    }
    // The texts exercise what they are meant to, not only markdown.
    expect(seen.code).toBeGreaterThan(500);
    expect(seen.outputs).toBeGreaterThan(50);
    expect(seen.layout).toBeGreaterThan(500);
  });

  it('never throws and loses nothing on random characters (3,000 strings)', () => {
    const rng = new Rng(11);
    const alphabet = ['`', '`', '`', '~', '\n', '\n', '\r', ' ', '{', '}', '"', 'nnlab', '-output', '<!-- nnlab-cell -->', 'x', '\uFEFF'];
    for (let n = 0; n < 3000; n++) {
      let text = '';
      for (let i = rng.int(40); i > 0; i--) text += pick(rng, alphabet);
      expect(serializeNotebook(deserializeNotebook(text))).toBe(text);
    }
  });
});

// Lines an editor user may type into a markdown cell, or a new cell may hold.
const TYPED = ['```', '```python', '```nnlab', '```nnlab\ny\n```', '```nnlab-output\n{"items":[{"mime":"text/plain","text":"hi"}]}\n```', '<!-- nnlab-cell -->', '<!-- nnlab-cell {"nnlab.lines":1} -->', '<!-- nnlab-cell {"nnlab.lines":2} -->', '<!-- nnlab-notebook {"k":1} -->', '', 'more', '\uFEFF'];

const ONE_ENDING_PIECES = PIECES.filter((piece) => !piece.includes('\r'));

/** One edit as the editor makes it: a markdown cell's text changed, a cell inserted, deleted or moved. */
function editCells(rng: Rng, cells: NotebookCellData[]): void {
  const typed = pick(rng, TYPED);
  const markdown = cells.filter((c) => c.kind === 'markdown');
  const kind = rng.int(4);
  if (kind === 0 && markdown.length > 0) {
    const cell = pick(rng, markdown);
    cell.source = pick(rng, [`${cell.source}\n${typed}`, `${typed}\n${cell.source}`, typed]);
  } else if (kind === 1 || cells.length === 0) {
    cells.splice(rng.int(cells.length + 1), 0, { kind: 'markdown', source: `${typed}\n${pick(rng, TYPED)}` });
  } else if (kind === 2) {
    cells.splice(rng.int(cells.length), 1);
  } else {
    const [moved] = cells.splice(rng.int(cells.length), 1);
    cells.splice(rng.int(cells.length + 1), 0, moved);
  }
}

describe('an edited notebook read from any text', () => {
  it('reads back with the cells as edited (5,000 texts, one line ending each)', () => {
    const rng = new Rng(17);
    for (let n = 0; n < 5000; n++) {
      const eol = pick(rng, ['\n', '\r\n']);
      const lines = Array.from({ length: rng.int(12) }, () => pick(rng, ONE_ENDING_PIECES).replace(/\n/g, eol));
      const text = (rng.int(8) === 0 ? '\uFEFF' : '') + lines.join(eol) + (rng.int(2) === 0 ? eol : '');
      const notebook = deserializeNotebook(text);
      editCells(rng, notebook.cells);
      const read = deserializeNotebook(serializeNotebook(notebook));
      expect(read.cells.map((c) => [c.kind, c.source])).toEqual(notebook.cells.map((c) => [c.kind, c.source]));
    }
  });
});

const CORPUS = join(__dirname, 'corpus');

/** Each corpus file and its cells in order: m = markdown, c = code, c+ = code with outputs. */
const EXPECTED_CELLS: Record<string, string> = {
  'back-to-back.nnlab': 'c c c c',
  'bom.nnlab': 'm c',
  'broken-output.nnlab': 'c m',
  'crlf.nnlab': 'm c+ m',
  'empty.nnlab': '',
  'extent-edited.nnlab': 'm',
  'hand-written.nnlab': 'm c m c m',
  'markdown-between.nnlab': 'm c m c+ m',
  'markdown-extent.nnlab': 'm m c m',
  'metadata.nnlab': 'm m c',
  'mixed-eol.nnlab': 'm c',
  'nested-fences.nnlab': 'm c',
  'prose-only.nnlab': 'm',
  'stray-output.nnlab': 'm c m',
  'unclosed-fence.nnlab': 'm c m',
};

describe('corpus of hand-written files', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.nnlab')).sort();

  it('lists every corpus file here', () => {
    expect(files).toEqual(Object.keys(EXPECTED_CELLS).sort());
  });

  it.each(files)('%s reads as the expected cells and writes back byte for byte', (file) => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const read = deserializeNotebook(text);
    const kinds = read.cells.map((c) => (c.kind === 'markdown' ? 'm' : c.outputs === undefined ? 'c' : 'c+'));
    expect(kinds.join(' ')).toBe(EXPECTED_CELLS[file]);
    expect(serializeNotebook(read)).toBe(text);
  });

  it('still holds the bytes the tests are about (no checkout rewrote them)', () => {
    const read = (file: string): string => readFileSync(join(CORPUS, file), 'utf8');
    expect(read('crlf.nnlab')).not.toMatch(/[^\r]\n/);
    expect(read('crlf.nnlab')).toContain('\r\n');
    expect(read('bom.nnlab').startsWith('\uFEFF')).toBe(true);
    expect(read('mixed-eol.nnlab')).toMatch(/[^\r]\n/);
    expect(read('empty.nnlab')).toBe('');
  });

  it('keeps CRLF as layout and gives the cells plain \\n sources', () => {
    const read = deserializeNotebook(readFileSync(join(CORPUS, 'crlf.nnlab'), 'utf8'));
    expect(read.metadata?.[LAYOUT_KEY]).toEqual({ eol: 'crlf' });
    expect(read.cells[1].source).toBe('data spirals n=200 noise=0.1\nmodel dense(16, relu) dense(2, softmax)\ntrain epochs=40');
    expect(read.cells[1].outputs?.[0].items.map((i) => i.mime)).toEqual(['text/plain', CELL_OUTPUT_MIME]);
  });
});
