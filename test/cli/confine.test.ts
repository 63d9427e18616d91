import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { stream } from './stream';

/** top/nb holds the notebook; top/other is a folder beside it that --allow-folder may open. */
let top: string;
let folder: string;
beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'nnlab-cli-confine-'));
  folder = join(top, 'nb');
  mkdirSync(folder);
  mkdirSync(join(top, 'other'));
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

function run(cells: string[], extra: string[] = []) {
  const file = join(folder, 'notebook.nnlab');
  writeFileSync(file, cells.map((cell) => `\`\`\`nnlab\n${cell}\n\`\`\`\n`).join('\n'));
  const stdout = stream();
  const stderr = stream();
  const status = main(['run', file, ...extra], stdout as never, stderr as never);
  return { status, out: stdout.text + stderr.text, file };
}

const TRAIN = 'data xor n=32 seed=1\nmodel\n  dense 4 relu\n  dense 1 sigmoid\nloss binary_crossentropy\noptimizer sgd lr=0.1\ntrain epochs=1 batch=16';

describe('nnlab run keeps files inside the notebook folder', () => {
  it('refuses data csv "/etc/passwd" at the data line, without a byte of the file in the output', () => {
    const { status, out, file } = run(['data csv "/etc/passwd" target=x\nmodel\n  dense 1 sigmoid\ntrain epochs=1']);
    expect(status).toBe(1);
    expect(out).toContain(`${file}:2:1: error [invalid-data]: cannot read '/etc/passwd': it is outside the folder ${folder}, where this notebook may read and write files; to allow another folder, run nnlab with --allow-folder DIR`);
    expect(out).not.toContain('root:');
  });

  it('refuses save weights "../x.safetensors" at the save line and writes nothing', () => {
    const { status, out, file } = run([TRAIN, 'save weights "../x.safetensors"']);
    expect(status).toBe(1);
    expect(out).toContain(`${file}:12:1: error [outside-folders]: save weights: cannot write '../x.safetensors': it is outside the folder ${folder}`);
    expect(existsSync(join(top, 'x.safetensors'))).toBe(false);
  });

  it('refuses a symbolic link out of the folder, and leaves its target as it was', () => {
    writeFileSync(join(top, 'other', 'target.safetensors'), 'untouched');
    symlinkSync(join(top, 'other', 'target.safetensors'), join(folder, 'w.safetensors'));
    const { status, out } = run([TRAIN, 'save weights "w.safetensors"']);
    expect(status).toBe(1);
    expect(out).toContain("save weights: cannot write 'w.safetensors': it leads through a symbolic link to a place outside the folder");
    expect(readFileSync(join(top, 'other', 'target.safetensors'), 'utf8')).toBe('untouched');
  });

  it('saves and loads inside the folder, and outside it in a folder --allow-folder names', () => {
    expect(run([TRAIN, 'save weights "runs/a/w.safetensors"\nload weights "runs/a/w.safetensors"']).status).toBe(0);
    expect(existsSync(join(folder, 'runs/a/w.safetensors'))).toBe(true);
    const allowed = run([TRAIN, 'save weights "../other/w.json"\nload weights "../other/w.json"'], ['--allow-folder', join(top, 'other')]);
    expect(allowed.out).toBe(allowed.out.replace(/cannot/g, ''));
    expect(allowed.status).toBe(0);
    expect(existsSync(join(top, 'other/w.json'))).toBe(true);
  });

  it('says --allow-folder needs a folder', () => {
    const { status, out } = run([TRAIN], ['--allow-folder']);
    expect(status).toBe(2);
    expect(out).toContain('--allow-folder needs a folder');
  });
});
