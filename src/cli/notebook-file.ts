import { readFileSync } from 'node:fs';

/** The notebook file's text, or undefined after telling stderr why it cannot be read (exit status 2). */
export function readNotebookFile(path: string, asWritten: string, stderr: NodeJS.WritableStream): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    stderr.write(`nnlab: cannot read ${asWritten}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}\n`);
    return undefined;
  }
}

/** What both commands pass to the node host about folders beyond the notebook's own. */
export const ALLOW_FOLDER_HINT = 'allow another folder, run nnlab with --allow-folder DIR';
