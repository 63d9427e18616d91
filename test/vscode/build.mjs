// Builds what the VS Code session loads: the extension itself (the project's
// esbuild.mjs, into dist/) and the test suite bundle, whose run() the
// extension host calls.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './tools.mjs';

/** The suite bundle: CommonJS for the extension host, `vscode` supplied by the host. */
export const SUITE_BUNDLE = join(ROOT, 'test/vscode/.out/suite.js');

/** Builds the extension and the suite; throws with esbuild's message when either fails. */
export async function buildExtensionAndSuite() {
  const extension = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (extension.status !== 0) {
    throw new Error(`building the extension (node esbuild.mjs) failed:\n${extension.stdout}${extension.stderr}`);
  }
  try {
    await esbuild.build({
      entryPoints: [join(ROOT, 'test/vscode/suite/index.ts')],
      outfile: SUITE_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      sourcemap: 'inline',
      logLevel: 'silent',
    });
  } catch (error) {
    throw new Error(`building the suite (test/vscode/suite/index.ts) failed:\n${error.message}`);
  }
}
