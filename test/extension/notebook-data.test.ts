import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deserializeNotebook, LAYOUT_KEY, serializeNotebook, type NotebookData } from '../../src/format/notebook-format';
import { CellKind, fromEditorNotebook, isTextMime, toEditorNotebook, type EditorNotebook } from '../../src/extension/notebook-data';

/**
 * The serializer's conversion, without VS Code: file text → cells → the
 * editor's NotebookData shape → cells → file text. What VS Code itself does
 * in between (keep the data) is the identity here.
 */

const RUN_MIME = 'application/vnd.nnlab.run+json';
const corpus = join(__dirname, '..', 'format', 'corpus');

/** Open in the editor and save again, as VS Code does with an unedited notebook. */
function reopen(text: string, saveOutputs = true): string {
  const shown = toEditorNotebook(deserializeNotebook(text));
  return serializeNotebook(fromEditorNotebook(shown), { saveOutputs });
}

describe('notebook data conversion', () => {
  it.each(readdirSync(corpus).filter((f) => f.endsWith('.nnlab')))('%s reads and writes back unchanged', (file) => {
    const text = readFileSync(join(corpus, file), 'utf8');
    expect(reopen(text)).toBe(text);
  });

  it('gives code cells the nnlab language and markdown cells markdown, with their text as written', () => {
    const shown = toEditorNotebook(deserializeNotebook('# Title\n\n```nnlab\ntrain epochs=1\n```\n'));
    expect(shown.cells.map((c) => [c.kind, c.languageId, c.value])).toEqual([
      [CellKind.Markup, 'markdown', '# Title'],
      [CellKind.Code, 'nnlab', 'train epochs=1'],
    ]);
  });

  it('keeps cell metadata, the layout under nnlab.layout included, through the editor', () => {
    // A three-backtick fence around code that needs none longer, written with four: layout to keep.
    const text = '````nnlab {"id":"setup"}\ndata spirals\n````\n';
    const shown = toEditorNotebook(deserializeNotebook(text));
    expect(shown.cells[0].metadata).toMatchObject({ id: 'setup', [LAYOUT_KEY]: { fence: 4 } });
    expect(serializeNotebook(fromEditorNotebook(shown))).toBe(text);
  });

  it('turns outputs into items of bytes and back: text as UTF-8, other types as base64', () => {
    const json = '{"status":"ok","problems":[],"outputs":[]}';
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'); // "iVBORw==": the PNG signature's first bytes
    const data: NotebookData = {
      cells: [{ kind: 'code', source: 'train', outputs: [{ items: [{ mime: RUN_MIME, data: json }, { mime: 'text/plain', data: 'loss 0.5 — ok' }, { mime: 'image/png', data: png }] }] }],
    };
    const shown = toEditorNotebook(data);
    const items = shown.cells[0].outputs![0].items;
    expect(new TextDecoder().decode(items[0].data)).toBe(json);
    expect(new TextDecoder().decode(items[1].data)).toBe('loss 0.5 — ok');
    expect(Array.from(items[2].data)).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(fromEditorNotebook(shown)).toEqual(data);
  });

  it('writes outputs only when nnlab.saveOutputs is on', () => {
    const text = '```nnlab\ntrain\n```\n```nnlab-output\n{"items":[{"mime":"text/plain","text":"done"}]}\n```\n';
    expect(reopen(text, true)).toBe(text);
    expect(reopen(text, false)).toBe('```nnlab\ntrain\n```\n');
  });

  it('drops what the editor adds empty: no metadata, no outputs, no outputs on markdown cells', () => {
    const shown: EditorNotebook = {
      cells: [
        { kind: CellKind.Markup, value: 'prose', languageId: 'markdown', metadata: {}, outputs: [{ items: [{ mime: 'text/plain', data: new Uint8Array([65]) }] }] },
        { kind: CellKind.Code, value: 'train', languageId: 'nnlab', metadata: {}, outputs: [] },
      ],
      metadata: {},
    };
    expect(fromEditorNotebook(shown)).toEqual({ cells: [{ kind: 'markdown', source: 'prose' }, { kind: 'code', source: 'train' }] });
  });

  it.each([
    ['text/plain', true],
    ['text/markdown', true],
    [RUN_MIME, true],
    ['application/json', true],
    ['application/vnd.code.notebook.error', true],
    ['image/svg+xml', true],
    ['image/png', false],
    ['application/octet-stream', false],
  ])('reads %s as text: %s', (mime, text) => {
    expect(isTextMime(mime)).toBe(text);
  });
});
