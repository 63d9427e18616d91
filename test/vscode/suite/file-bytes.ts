/**
 * Opening and saving keeps a file's bytes: a notebook with a byte order mark
 * and an image output whose text is not base64 saves back byte for byte, and
 * a file that is not UTF-8 is refused with where it breaks rather than opened
 * with its bytes replaced.
 */
import * as vscode from 'vscode';
import { workspaceFile } from './helpers';
import { check, test } from './runner';

const BOM_BINARY = 'bom-binary.nnlab';
const LATIN1 = 'latin1.nnlab';

export const fileBytesTests = [
  test('a notebook with a byte order mark and a non-base64 image output saves back byte for byte', async () => {
    const uri = workspaceFile(BOM_BINARY);
    const before = await vscode.workspace.fs.readFile(uri);
    const document = await vscode.workspace.openNotebookDocument(uri);
    await vscode.window.showNotebookDocument(document);
    const cell = document.getCells().find((c) => c.kind === vscode.NotebookCellKind.Code);
    check(cell !== undefined, 'the notebook has no code cell');
    // Type a character and take it away again: the notebook is dirty, its content as it was.
    const start = new vscode.Position(0, 0);
    const typed = new vscode.WorkspaceEdit();
    typed.insert(cell.document.uri, start, 'x');
    check(await vscode.workspace.applyEdit(typed), 'the edit was not applied');
    const removed = new vscode.WorkspaceEdit();
    removed.delete(cell.document.uri, new vscode.Range(start, new vscode.Position(0, 1)));
    check(await vscode.workspace.applyEdit(removed), 'the edit was not undone');
    check(document.isDirty, 'the notebook is not dirty, so a save would not write it');
    check(await document.save(), 'the notebook was not saved');
    const after = await vscode.workspace.fs.readFile(uri);
    check(
      Buffer.from(after).equals(Buffer.from(before)),
      `the saved bytes differ: before ${before.length} bytes starting ${Buffer.from(before.subarray(0, 8)).toString('hex')}, after ${after.length} bytes starting ${Buffer.from(after.subarray(0, 8)).toString('hex')}: ${Buffer.from(after).toString('utf8').slice(0, 400)}`,
    );
  }),

  test('a notebook that is not UTF-8 is refused with the offset of its first bad byte', async () => {
    const opened = await vscode.workspace.openNotebookDocument(workspaceFile(LATIN1)).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    check(opened !== undefined, 'the file opened');
    check(/byte 0xE9 at offset 5 \(line 1\)/.test(opened), `the error does not name the byte: ${opened}`);
  }),
];
