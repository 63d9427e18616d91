import { readExportProgram } from '../../src/export/notebook-program';
import type { ScriptContext } from '../../src/export/pytorch/context';
import type { SessionHost } from '../../src/session/host';

/** A host with no files: the test notebooks use generated data only. */
const NO_FILES: SessionHost = {
  readText: (path) => {
    throw Object.assign(new Error(`no file ${path}`), { code: 'ENOENT' });
  },
  readBytes: (path) => {
    throw Object.assign(new Error(`no file ${path}`), { code: 'ENOENT' });
  },
  writeBytes: () => undefined,
};

/** The script context of a one-cell notebook `source` (which must hold a train), as `nb.nnlab` beside the script. */
export function contextFor(source: string, weights?: string): ScriptContext {
  const program = readExportProgram(`# Test\n\n\`\`\`nnlab\n${source}\n\`\`\`\n`, NO_FILES);
  return { program, notebookName: 'nb.nnlab', scriptName: 'nb.py', dataFileName: 'nb.data.safetensors', scriptPath: (path) => path, ...(weights !== undefined ? { weights } : {}) };
}
