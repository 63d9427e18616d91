import { CELL_LANGUAGE, type CellOutputData, type NotebookCellData, type NotebookData } from '../format/notebook-format';
import { settledOutput } from './interrupted-output';

/**
 * The conversion between the `.nnlab` file's cells (src/format) and VS Code's
 * NotebookData, as plain data: no `vscode` import, so it is tested in Node.
 * serializer.ts only wraps these shapes in VS Code's classes.
 */

/** VS Code's NotebookCellKind values. */
export const CellKind = { Markup: 1, Code: 2 } as const;

/** The language of markdown cells. */
export const MARKDOWN_LANGUAGE = 'markdown';

/** A NotebookCellOutputItem's fields. */
export interface EditorOutputItem {
  readonly mime: string;
  readonly data: Uint8Array;
}

/** A NotebookCellOutput's fields. */
export interface EditorOutput {
  readonly items: readonly EditorOutputItem[];
  readonly metadata?: Record<string, unknown>;
}

/** A NotebookCellData's fields. */
export interface EditorCell {
  readonly kind: (typeof CellKind)[keyof typeof CellKind];
  readonly value: string;
  readonly languageId: string;
  readonly metadata?: Record<string, unknown>;
  readonly outputs?: readonly EditorOutput[];
}

/** A NotebookData's fields. */
export interface EditorNotebook {
  readonly cells: readonly EditorCell[];
  readonly metadata?: Record<string, unknown>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Whether an output's bytes are text, written to the file as they are;
 * anything else (an image) is written as base64. The same rule reads the
 * file back, so both directions agree without a marker.
 */
export function isTextMime(mime: string): boolean {
  return (
    mime.startsWith('text/') ||
    mime.endsWith('+json') ||
    mime.endsWith('/json') ||
    mime.endsWith('+xml') ||
    mime.startsWith('application/vnd.code.notebook.') ||
    mime === 'application/javascript'
  );
}

/** The file's notebook as VS Code shows it; a live snapshot in the file (no kernel is behind it) reads as an interrupted run. */
export function toEditorNotebook(data: NotebookData): EditorNotebook {
  return {
    cells: data.cells.map(toEditorCell),
    ...(data.metadata !== undefined ? { metadata: data.metadata } : {}),
  };
}

/**
 * VS Code's notebook as the file writes it; outputs of markdown cells do not
 * exist, and a cell still training is written as an interrupted run
 * (interrupted-output.ts).
 */
export function fromEditorNotebook(notebook: EditorNotebook): NotebookData {
  return {
    cells: notebook.cells.map(fromEditorCell),
    ...(notebook.metadata !== undefined && Object.keys(notebook.metadata).length > 0 ? { metadata: { ...notebook.metadata } } : {}),
  };
}

function toEditorCell(cell: NotebookCellData, index: number): EditorCell {
  const code = cell.kind === 'code';
  return {
    kind: code ? CellKind.Code : CellKind.Markup,
    value: cell.source,
    languageId: code ? CELL_LANGUAGE : MARKDOWN_LANGUAGE,
    ...(cell.metadata !== undefined ? { metadata: cell.metadata } : {}),
    ...(code && cell.outputs !== undefined ? { outputs: cell.outputs.map((output) => toEditorOutput(settledOutput(output, index))) } : {}),
  };
}

function fromEditorCell(cell: EditorCell, index: number): NotebookCellData {
  const code = cell.kind === CellKind.Code;
  const metadata = cell.metadata !== undefined && Object.keys(cell.metadata).length > 0 ? { ...cell.metadata } : undefined;
  const outputs = code && cell.outputs !== undefined && cell.outputs.length > 0 ? cell.outputs.map((output) => settledOutput(fromEditorOutput(output), index)) : undefined;
  return {
    kind: code ? 'code' : 'markdown',
    source: cell.value,
    ...(metadata !== undefined ? { metadata } : {}),
    ...(outputs !== undefined ? { outputs } : {}),
  };
}

/**
 * The output metadata key holding, by item index, the file's text of items
 * the editor's bytes cannot spell back: binary items not in the base64 the
 * serializer writes (unpadded, wrapped, or not base64 at all), and text
 * items with a lone surrogate, which UTF-8 cannot hold. The spelling waits
 * here and is written back while the item's bytes are still the ones it
 * reads as. Never written into the file.
 */
export const ITEM_TEXT_KEY = 'nnlab.itemText';

/** An item's bytes as the editor holds them, from its text in the file. */
function itemBytes(mime: string, text: string): Uint8Array {
  return isTextMime(mime) ? encoder.encode(text) : Buffer.from(text, 'base64');
}

/** The text the serializer writes for an item's bytes. */
function itemText(mime: string, bytes: Uint8Array): string {
  return isTextMime(mime) ? decoder.decode(bytes) : Buffer.from(bytes).toString('base64');
}

function toEditorOutput(output: CellOutputData): EditorOutput {
  const kept: Record<string, string> = {};
  const items = output.items.map(({ mime, data }, index) => {
    const bytes = itemBytes(mime, data);
    if (itemText(mime, bytes) !== data) kept[index] = data;
    return { mime, data: bytes };
  });
  const metadata = Object.keys(kept).length > 0 ? { ...output.metadata, [ITEM_TEXT_KEY]: kept } : output.metadata;
  return { items, ...(metadata !== undefined ? { metadata } : {}) };
}

function fromEditorOutput(output: EditorOutput): CellOutputData {
  const { [ITEM_TEXT_KEY]: keptField, ...rest } = output.metadata ?? {};
  const kept = typeof keptField === 'object' && keptField !== null ? (keptField as Record<string, unknown>) : {};
  const metadata = Object.keys(rest).length > 0 ? rest : undefined;
  return {
    items: output.items.map(({ mime, data }, index) => {
      const spelled = kept[index];
      const unchanged = typeof spelled === 'string' && Buffer.from(itemBytes(mime, spelled)).equals(Buffer.from(data));
      return { mime, data: unchanged ? spelled : itemText(mime, data) };
    }),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}
