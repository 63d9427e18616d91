import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

/**
 * The extension's own serializer class, bytes in and bytes out, with
 * `vscode`'s data classes replaced by plain ones.
 */
vi.mock('vscode', () => import('./vscode-data-classes'));

const { NnlabSerializer } = await import('../../src/extension/serializer');
const { ITEM_TEXT_KEY } = await import('../../src/extension/notebook-data');

const serializer = new NnlabSerializer({ saveOutputs: () => true } as ConstructorParameters<typeof NnlabSerializer>[0]);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const BOM = [0xef, 0xbb, 0xbf];

/** Open and save with no edit, as VS Code does on an unedited save. */
function reopen(content: Uint8Array): Uint8Array {
  return serializer.serializeNotebook(serializer.deserializeNotebook(content));
}

const binaryOutput = (text: string): string =>
  '```nnlab\ndata spirals\n```\n```nnlab-output\n' + JSON.stringify({ items: [{ mime: 'image/png', text }] }) + '\n```\n';

describe('NnlabSerializer bytes', () => {
  const corpus = join(__dirname, '..', 'format', 'corpus');
  it.each(readdirSync(corpus).filter((f) => f.endsWith('.nnlab')))('%s saves back byte for byte', (file) => {
    const content = new Uint8Array(readFileSync(join(corpus, file)));
    expect(Buffer.from(reopen(content)).equals(Buffer.from(content))).toBe(true);
  });

  it('keeps a UTF-8 byte order mark, and shows no U+FEFF in the first cell', () => {
    const content = Uint8Array.from([...BOM, ...bytes('# Title\n\n```nnlab\ndata spirals\n```\n')]);
    const data = serializer.deserializeNotebook(content);
    expect((data.cells[0] as { value: string }).value).toBe('# Title');
    expect([...serializer.serializeNotebook(data)]).toEqual([...content]);
  });

  it.each([
    ['not base64 at all', 'not base64 ~~ at all'],
    ['unpadded', 'iVBORw0KGgo'],
    ['wrapped', 'iVBORw0K\nGgoAAAAN'],
  ])('keeps a binary output item whose text is %s as it was', (_name, text) => {
    const content = bytes(binaryOutput(text));
    const data = serializer.deserializeNotebook(content);
    const output = (data.cells[0] as { outputs: { items: { data: Uint8Array }[]; metadata?: Record<string, unknown> }[] }).outputs[0];
    expect(Buffer.from(output.items[0].data).equals(Buffer.from(text, 'base64'))).toBe(true);
    expect(Buffer.from(serializer.serializeNotebook(data)).toString('utf8')).toBe(binaryOutput(text));
  });

  it('writes a binary item as base64 once its bytes change, and never writes the kept spelling as metadata', () => {
    const data = serializer.deserializeNotebook(bytes(binaryOutput('iVBORw0KGgo')));
    const output = (data.cells[0] as { outputs: { items: { data: Uint8Array }[]; metadata?: Record<string, unknown> }[] }).outputs[0];
    output.items[0].data = Uint8Array.from([1, 2, 3]);
    const saved = Buffer.from(serializer.serializeNotebook(data)).toString('utf8');
    expect(saved).toBe(binaryOutput('AQID'));
    expect(saved).not.toContain(ITEM_TEXT_KEY);
  });

  it.each([
    ['a Latin-1 byte', [...bytes('# Caf'), 0xe9, ...bytes('\n')], 5, 'E9', 1],
    ['a lone continuation byte on line 2', [...bytes('# a\nb'), 0x80], 5, '80', 2],
    ['an overlong slash', [...bytes('x'), 0xc0, 0xaf], 1, 'C0', 1],
    ['a code point past U+10FFFF', [...bytes('x'), 0xf4, 0x90, 0x80, 0x80], 1, 'F4', 1],
    ['a surrogate', [...bytes('ok\n\n'), 0xed, 0xa0, 0x80], 4, 'ED', 3],
    ['a character cut short by the end', [...bytes('abc'), 0xe2, 0x82], 3, 'E2', 1],
  ])('refuses a file with %s, naming the byte, its offset and line', (_name, content, offset, hex, line) => {
    expect(() => serializer.deserializeNotebook(Uint8Array.from(content))).toThrow(`byte 0x${hex} at offset ${offset} (line ${line})`);
  });

  it('keeps an output line whose JSON escapes a lone surrogate, which no UTF-8 byte can hold', () => {
    const text = '```nnlab\ndata spirals\n```\n```nnlab-output\n{"items":[{"mime":"text/plain","text":"half \\ud800 a pair"}]}\n```\n';
    expect(Buffer.from(reopen(bytes(text))).toString('utf8')).toBe(text);
  });

  it('reads every valid UTF-8 character, 4-byte ones included', () => {
    const text = '# é ∑ 😀 \u{10FFFF}\n';
    expect(Buffer.from(reopen(bytes(text))).toString('utf8')).toBe(text);
  });
});
