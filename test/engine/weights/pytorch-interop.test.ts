import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importError, TORCH_PYTHON } from '../../python-torch';
import { CASES, FIXTURES, expectClose, expectedOf, forwardOf, loadAndSave } from './fixtures';

/**
 * Against real PyTorch, where it can be imported: PyTorch loads the files
 * NN Lab writes with load_state_dict(strict=True) and computes the same
 * outputs; and, where the safetensors package is there too,
 * scripts/pytorch-fixtures.py writes the fixtures with
 * safetensors.torch.save_file: they must equal the committed ones byte for
 * byte, and NN Lab must read them to PyTorch's outputs. What cannot run is
 * skipped, saying why.
 */

const SCRIPT = join(__dirname, '..', '..', '..', 'scripts', 'pytorch-fixtures.py');

const noTorch = importError('torch', TORCH_PYTHON);
const noSafetensors = noTorch ?? importError('safetensors', TORCH_PYTHON);
if (noTorch) console.log(`PyTorch not importable by ${TORCH_PYTHON}: ${noTorch}; skipping the PyTorch round trip`);
else if (noSafetensors) console.log(`safetensors not importable: ${noSafetensors}; PyTorch loads NN Lab's files read by the script's own reader, and the fixtures are not rewritten`);

describe.skipIf(noTorch !== undefined)('PyTorch reads what NN Lab writes and NN Lab reads what PyTorch writes', () => {
  let folder = '';
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'nnlab-pytorch-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const python = (...args: string[]): string => {
    const run = spawnSync(TORCH_PYTHON, [SCRIPT, ...args], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    return run.stdout;
  };

  it.skipIf(noSafetensors !== undefined)('writes the committed fixtures byte for byte, and its outputs are ours', () => {
    const written = join(folder, 'written');
    python(written);
    for (const name of CASES) {
      expect(readFileSync(join(written, `${name}.safetensors`)).equals(readFileSync(join(FIXTURES, `${name}.safetensors`))), name).toBe(true);
      const pytorch = JSON.parse(readFileSync(join(written, `${name}.json`), 'utf8')) as { output: number[][] };
      expectClose(pytorch.output, expectedOf(name).output);
      expectClose(forwardOf(name, new Uint8Array(readFileSync(join(written, `${name}.safetensors`)))), pytorch.output);
    }
  }, 120_000);

  it('loads the files a notebook saves with strict=True and computes the same outputs', () => {
    const ours = join(folder, 'ours');
    rmSync(ours, { recursive: true, force: true });
    mkdirSync(ours, { recursive: true });
    for (const name of CASES) {
      const { result, saved } = loadAndSave(name);
      expect(result.problems).toEqual([]);
      writeFileSync(join(ours, `${name}.safetensors`), saved);
    }
    const outputs = JSON.parse(python('--load', ours)) as Record<string, number[][]>;
    expect(Object.keys(outputs).sort()).toEqual([...CASES].sort());
    for (const name of CASES) expectClose(outputs[name], expectedOf(name).output);
  }, 120_000);
});
