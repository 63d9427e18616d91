/**
 * A cell's outputs as VS Code's `NotebookCellOutput` carries them, without
 * `vscode`: what the block scanner reads from a file, the JSON lines write
 * and the notebook format hands to the serializer.
 */

/** One representation of an output, e.g. `application/vnd.nnlab.run+json` beside a `text/plain` summary. */
export interface CellOutputItemData {
  mime: string;
  /** Text, or JSON text for JSON types; binary data is the caller's to encode (e.g. base64). */
  data: string;
}

/** One output of a cell: the same result in one or more MIME types, the renderer picking the richest. */
export interface CellOutputData {
  items: CellOutputItemData[];
  metadata?: Record<string, unknown>;
}
