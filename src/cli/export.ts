import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { ExportRefusal, exportPytorch, refusalText } from '../export';
import { createNodeHost } from '../node/host';
import { ALLOW_FOLDER_HINT, readNotebookFile } from './notebook-file';

export const EXPORT_USAGE = `Usage: nnlab export NOTEBOOK.nnlab --pytorch OUT.py [--weights FILE] [--allow-folder DIR]…

Writes the notebook's first train as a plain PyTorch script, OUT.py, and
beside it OUT.data.safetensors when the script needs our data (generated
samples, or a split's rows). Run it with python, or torchrun for several
processes; it needs torch and numpy.
  --weights FILE    the script starts from these weights (safetensors, as
                    save weights writes them); from the same weights its
                    losses match the notebook's within float32 rounding
  --allow-folder DIR  let the notebook read files in DIR too (repeatable)
A setting the script cannot reproduce is refused as file:line:column: why.
Exit status: 0 when written, 1 when refused, 2 for a usage error.`;

/** Names the script imports: a script of that name would hide the module from itself. */
const IMPORTED = new Set(['argparse', 'copy', 'csv', 'json', 'math', 'os', 'numpy', 'torch']);

interface ExportArguments {
  readonly notebook: string;
  readonly pytorch: string;
  readonly weights?: string;
  readonly allowFolders: readonly string[];
}

/** `nnlab export …`; returns the exit status. */
export function exportCommand(argv: readonly string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): number {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  let args: ExportArguments;
  try {
    args = parseExportArguments(argv);
  } catch (error) {
    if (!(error instanceof ExportUsageError)) throw error;
    stderr.write(`nnlab: ${error.message}\n\n${EXPORT_USAGE}\n`);
    return 2;
  }
  const path = resolve(args.notebook);
  const text = readNotebookFile(path, args.notebook, stderr);
  if (text === undefined) return 2;
  const out = resolve(args.pytorch);
  const folder = dirname(out);
  const host = createNodeHost(dirname(path), { roots: [dirname(path), ...args.allowFolders], widenHint: ALLOW_FOLDER_HINT });
  try {
    const exported = exportPytorch(text, host, {
      notebookName: basename(path),
      scriptName: basename(out),
      ...(args.weights !== undefined ? { weights: relative(folder, resolve(args.weights)) } : {}),
      scriptPath: (file) => relative(folder, resolve(dirname(path), file)),
    });
    mkdirSync(folder, { recursive: true });
    writeFileSync(out, exported.script);
    if (exported.dataFile) writeFileSync(resolve(folder, exported.dataFileName), exported.dataFile);
    stdout.write(`wrote ${args.pytorch}${exported.dataFile ? ` and ${exported.dataFileName} beside it` : ''}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ExportRefusal)) throw error;
    stderr.write(`${refusalText(args.notebook, error)}\n`);
    return 1;
  }
}

class ExportUsageError extends Error {}

function parseExportArguments(argv: readonly string[]): ExportArguments {
  let notebook: string | undefined;
  let pytorch: string | undefined;
  let weights: string | undefined;
  const allowFolders: string[] = [];
  const value = (flag: string, index: number): string => {
    const given = argv[index];
    if (given === undefined) throw new ExportUsageError(`${flag} needs a file name`);
    return given;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--pytorch') pytorch = value(arg, ++i);
    else if (arg === '--weights') weights = value(arg, ++i);
    else if (arg === '--allow-folder') allowFolders.push(resolve(value(arg, ++i)));
    else if (arg.startsWith('-')) throw new ExportUsageError(`unknown option ${arg}`);
    else if (notebook === undefined) notebook = arg;
    else throw new ExportUsageError(`one notebook at a time; got ${notebook} and ${arg}`);
  }
  if (notebook === undefined) throw new ExportUsageError('which notebook? nnlab export NOTEBOOK.nnlab --pytorch OUT.py');
  if (pytorch === undefined) throw new ExportUsageError('where to? give --pytorch OUT.py');
  const stem = basename(pytorch).replace(/\.py$/, '');
  if (IMPORTED.has(stem)) throw new ExportUsageError(`a script named ${basename(pytorch)} would hide Python's ${stem} module from itself; choose another name`);
  return { notebook, pytorch, allowFolders, ...(weights !== undefined ? { weights } : {}) };
}
