import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The CLI as users run it: bundled the way esbuild.mjs bundles dist/cli.js and
 * started in a Node process of its own, with no flag from the test runner.
 * Relaxed SIMD must be on before any WebAssembly module compiles, so the
 * bundle has to evaluate src/node/relaxed-simd.ts before the engine's kernels.
 */
describe('the bundled CLI', () => {
  it('runs the fused multiply-add kernel VS Code runs, and says so in the JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'nnlab-cli-bundle-'));
    const cli = join(folder, 'cli.js');
    await esbuild.build({ entryPoints: ['src/cli/main.ts'], outfile: cli, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mnist'], logLevel: 'silent' });
    const notebook = join(folder, 'tiny.nnlab');
    writeFileSync(notebook, '# Tiny\n\n```nnlab\ndata moons n=40 seed=1\nmodel\n  dense 4 relu\n  dense 2 softmax\ntrain epochs=1 batch=8 seed=1\n```\n');
    const json = join(folder, 'out.json');
    const run = spawnSync(process.execPath, [cli, 'run', notebook, '--json', json], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8')).kernel).toBe('wasm relaxed');
  }, 60_000);
});
