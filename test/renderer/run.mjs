// The notebook renderer's browser tests (npm run test:renderer):
//
//   1. makes sure Debian's Chromium is installed (scripts/setup-browser.sh),
//   2. builds the renderer bundle as it ships (minified) into test/renderer/out/,
//      and reports its size,
//   3. compiles test/renderer/*.spec.ts for Node,
//   4. runs them with Node's test runner; each spec serves the test page on
//      127.0.0.1 and drives Chromium with playwright-core (harness.ts).
//
// Exits non-zero, with the reason, when any step or test fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { rendererBuild } from '../../scripts/renderer-build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = join(here, 'out');
const bundle = join(out, 'renderer.js');

function fail(message) {
  console.error(`test:renderer: ${message}`);
  process.exit(1);
}

const setup = spawnSync('bash', [join(root, 'scripts/setup-browser.sh')], { stdio: 'inherit' });
if (setup.status !== 0) fail('Chromium is not available (see the message above)');

rmSync(join(out, 'specs'), { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  await esbuild.build({ ...rendererBuild({ production: true, outfile: bundle }), sourcemap: false, absWorkingDir: root });
} catch (error) {
  fail(`building the renderer failed: ${error.message}`);
}
const size = statSync(bundle).size;
const gzipped = gzipSync(readFileSync(bundle)).length;
console.log(`test:renderer: renderer bundle ${(size / 1024).toFixed(0)} KB (${(gzipped / 1024).toFixed(0)} KB gzipped), fonts and styles inside`);

const specs = readdirSync(here).filter((file) => file.endsWith('.spec.ts'));
if (specs.length === 0) fail('no test/renderer/*.spec.ts files');
try {
  await esbuild.build({
    entryPoints: specs.map((file) => join(here, file)),
    outdir: join(out, 'specs'),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
    absWorkingDir: root,
  });
} catch (error) {
  fail(`compiling the specs failed: ${error.message}`);
}

const compiled = specs.map((file) => join(out, 'specs', file.replace(/\.ts$/, '.mjs')));
const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...compiled], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NNLAB_TEST_ROOT: root, NNLAB_RENDERER_BUNDLE: bundle },
});
if (run.status !== 0) fail(`renderer tests failed (exit ${run.status ?? run.signal}); screenshots are in ${out}`);
console.log(`test:renderer: all passed; screenshots in ${out}`);
