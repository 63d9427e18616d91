import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { readSafetensors } from '../../src/engine/weights';
import { stream } from '../cli/stream';

function exportNotebook(source: string, extra: string[] = [], scriptName = 'script.py') {
  const folder = mkdtempSync(join(tmpdir(), 'nnlab-export-cli-'));
  const notebook = join(folder, 'notebook.nnlab');
  writeFileSync(notebook, source);
  const stdout = stream();
  const stderr = stream();
  const status = main(['export', notebook, '--pytorch', join(folder, scriptName), ...extra], stdout as never, stderr as never);
  return { status, stdout: stdout.text, stderr: stderr.text, folder };
}

const cell = (text: string) => `\`\`\`nnlab\n${text}\n\`\`\`\n`;

const MOONS = `# Moons\n\n${cell('data moons n=100 seed=2\nsplit val=0.2\nmodel\n  dense 8 relu\n  dense 1 sigmoid\ntrain epochs=2 batch=10')}`;

describe('nnlab export', () => {
  it('writes the script and the data file beside it', () => {
    const { status, stdout, stderr, folder } = exportNotebook(MOONS);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toBe('wrote ' + join(folder, 'script.py') + ' and script.data.safetensors beside it\n');
    const script = readFileSync(join(folder, 'script.py'), 'utf8');
    expect(script).toContain('DATA_FILE = os.path.join(HERE, "script.data.safetensors")');
    // The generated samples and the split's rows, 80 for training and 20 held out.
    const data = readSafetensors(new Uint8Array(readFileSync(join(folder, 'script.data.safetensors'))));
    expect(data.tensors.map((tensor) => [tensor.name, tensor.shape])).toEqual([
      ['x', [100, 2]],
      ['y', [100, 1]],
    ]);
    expect(data.integers.map((tensor) => [tensor.name, tensor.shape])).toEqual([
      ['train_rows', [80]],
      ['validation_rows', [20]],
    ]);
  });

  it('refuses a setting it cannot reproduce at its line and column in the notebook file, writing nothing', () => {
    const { status, stderr, folder } = exportNotebook(MOONS.replace('dense 8 relu', 'dense 8 relu init=lsuv'));
    expect(status).toBe(1);
    // The heading, a blank line and the fence, then data, split and model: the layer is on line 7, indented by two.
    expect(stderr).toBe(
      `${join(folder, 'notebook.nnlab')}:7:3: cannot export to PyTorch: init=lsuv depends on the data as our engine sees it and has no PyTorch counterpart; export with --weights FILE (weights saved from the notebook) instead\n`,
    );
    expect(existsSync(join(folder, 'script.py'))).toBe(false);
  });

  it('names the script from --weights relative to its own folder', () => {
    const { status, folder } = exportNotebook(MOONS, ['--weights', join(tmpdir(), 'start.safetensors')]);
    expect(status).toBe(0);
    expect(readFileSync(join(folder, 'script.py'), 'utf8')).toMatch(/^WEIGHTS = os\.path\.join\(HERE, "\.\.\/start\.safetensors"\)$/m);
  });

  it("starts the script from the notebook's load weights, as the script's folder names the file", () => {
    const { status, folder } = exportNotebook(MOONS.replace('train epochs=2', 'load weights "runs/start.safetensors"\ntrain epochs=2'), [], 'out/script.py');
    expect(status).toBe(0);
    expect(readFileSync(join(folder, 'out', 'script.py'), 'utf8')).toMatch(/^WEIGHTS = os\.path\.join\(HERE, "\.\.\/runs\/start\.safetensors"\)$/m);
  });

  it('refuses a script name that would hide a module the script imports', () => {
    const { status, stderr } = exportNotebook(MOONS, [], 'csv.py');
    expect(status).toBe(2);
    expect(stderr).toContain("a script named csv.py would hide Python's csv module from itself");
  });

  it('says what it needs when --pytorch is missing', () => {
    const stdout = stream();
    const stderr = stream();
    expect(main(['export', 'notebook.nnlab'], stdout as never, stderr as never)).toBe(2);
    expect(stderr.text).toContain('where to? give --pytorch OUT.py');
  });
});
