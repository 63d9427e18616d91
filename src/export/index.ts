import type { SessionHost } from '../session/host';
import { readExportProgram } from './notebook-program';
import { pytorchScript, type PytorchScript } from './pytorch/script';

export { ExportRefusal, refusalText } from './refusal';
export type { PytorchScript } from './pytorch/script';

/** Where the exported files go and what they start from. */
export interface PytorchExportOptions {
  /** The notebook's file name, as the script's comments cite it. */
  readonly notebookName: string;
  /** The script's file name (e.g. `moons.py`); its data file is named after it (`moons.data.safetensors`). */
  readonly scriptName: string;
  /** A weights file to load by default, as the script names it; else the notebook's `load weights`, if any. */
  readonly weights?: string;
  /** A path relative to the notebook's folder as the script, in its own folder, names it. */
  scriptPath(notebookPath: string): string;
}

/**
 * A notebook as a PyTorch script that reproduces its first `train`. The
 * notebook is interpreted as the session interprets it (`host` reads its
 * files); a setting the script could not reproduce throws an ExportRefusal
 * naming its line.
 */
export function exportPytorch(notebookText: string, host: SessionHost, options: PytorchExportOptions): PytorchScript {
  const program = readExportProgram(notebookText, host);
  const weights = options.weights ?? (program.loadWeights !== undefined ? options.scriptPath(program.loadWeights) : undefined);
  return pytorchScript({
    program,
    notebookName: options.notebookName,
    scriptName: options.scriptName,
    dataFileName: `${options.scriptName.replace(/\.py$/, '')}.data.safetensors`,
    scriptPath: (path) => options.scriptPath(path),
    ...(weights !== undefined ? { weights } : {}),
  });
}
