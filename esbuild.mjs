// Bundles every entry point: the extension and the CLI tools for Node (CommonJS,
// `vscode` left to the host), the notebook renderer for the browser.
import * as esbuild from 'esbuild';
import { writeWasmModules } from './scripts/build-wasm.mjs';
import { rendererBuild } from './scripts/renderer-build.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const shared = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const node = {
  ...shared,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

// The WebAssembly modules: each src/engine/**/NAME.wat → NAME-wasm.generated.ts beside it.
await writeWasmModules();

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'mnist'] },
  // The training worker (one per open notebook). MNIST's 41 MB of digits are read from the installed
  // package when a cell asks for them (src/node/assets.ts), so the package stays out of the bundle.
  { ...node, entryPoints: ['src/worker/worker.ts'], outfile: 'dist/worker.js', external: ['vscode', 'mnist'] },
  // A gradient thread: computes a share of a large batch for the worker or the CLI (src/node/gradient-threads.ts).
  { ...node, entryPoints: ['src/node/gradient-thread.ts'], outfile: 'dist/gradient-thread.js' },
  // The CLI reads MNIST from the installed package, so the package stays out of the bundle.
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['vscode', 'mnist'] },
  // The benchmark compares with TensorFlow.js (devDependencies), which it loads at run time from its own file below.
  { ...node, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js', external: ['vscode', '@tensorflow/*'] },
  // TensorFlow.js from its ES modules, the build that registers gradients; never part of the extension (.vscodeignore).
  { ...node, entryPoints: ['scripts/bench/tensorflow.ts'], outfile: 'dist/bench-tensorflow.js', mainFields: ['module', 'main'], sourcemap: false },
  { ...node, entryPoints: ['scripts/write-docs.ts'], outfile: 'dist/write-docs.js' },
  // The notebook renderer, with its stylesheet and KaTeX fonts inside (see scripts/renderer-build.mjs).
  rendererBuild({ production }),
  // The formula reference panel: script, stylesheet and KaTeX's fonts under dist/reference-panel/, the only folder the panel may load from.
  {
    ...shared,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['webview/reference-panel/main.ts'],
    outfile: 'dist/reference-panel/main.js',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    assetNames: 'fonts/[name]-[hash]',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
