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

function toEditorOutput(output: CellOutputData): EditorOutput {
  return {
    items: output.items.map(({ mime, data }) => ({ mime, data: isTextMime(mime) ? encoder.encode(data) : Buffer.from(data, 'base64') })),
    ...(output.metadata !== undefined ? { metadata: output.metadata } : {}),
  };
}

function fromEditorOutput(output: EditorOutput): CellOutputData {
  const metadata = output.metadata !== undefined && Object.keys(output.metadata).length > 0 ? { ...output.metadata } : undefined;
  return {
    items: output.items.map(({ mime, data }) => ({ mime, data: isTextMime(mime) ? decoder.decode(data) : Buffer.from(data).toString('base64') })),
    ...(metadata !== undefined ? { metadata } : {}),
  };
}
