// Bundles scripts/fuzz.ts into a temporary folder (so the shared dist/ is left
// alone) and runs it with this script's arguments: `npm run fuzz -- --seconds 600`.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'nnlab-fuzz-'));
const outfile = join(folder, 'fuzz.js');
try {
  // The serializer's `vscode` data classes come from the plain stand-ins the tests use.
  await esbuild.build({
    entryPoints: ['scripts/fuzz.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias: { vscode: './test/extension/vscode-data-classes.ts' },
    logLevel: 'warning',
  });
  createRequire(import.meta.url)(outfile);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
