// Bundles every entry point: the extension and the CLI tools for Node (CommonJS,
// `vscode` left to the host), the notebook renderer for the browser.
import * as esbuild from 'esbuild';

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

const builds = [
  { ...node, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  // The CLI reads MNIST from the installed package, so the package stays out of the bundle.
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['vscode', 'mnist'] },
  { ...node, entryPoints: ['scripts/bench.ts'], outfile: 'dist/bench.js' },
  { ...node, entryPoints: ['scripts/write-docs.ts'], outfile: 'dist/write-docs.js' },
  {
    ...shared,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    entryPoints: ['webview/renderer.ts'],
    outfile: 'dist/renderer.js',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
