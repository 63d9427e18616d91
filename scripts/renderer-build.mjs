// The notebook renderer's esbuild options, shared by esbuild.mjs and the
// renderer's browser tests (test/renderer/run.mjs), which build only this bundle.
//
// A VS Code notebook renderer is one ES module loaded into the notebook
// webview; any other file it needs would have to be reachable through a
// webview resource URI. So the stylesheet is bundled into the script as
// text (`import css from './renderer.css?inline'`), and KaTeX's fonts are
// inlined into that stylesheet as data URLs — only the woff2 files, which
// every browser VS Code runs in reads, so the bundle carries one copy of
// each font instead of three.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import * as esbuild from 'esbuild';

/** KaTeX's @font-face rules list woff2, woff and ttf sources; keeps the woff2 one. */
const woff2Only = {
  name: 'katex-woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex(\.min)?\.css$/ }, async (args) => {
      const css = await readFile(args.path, 'utf8');
      return { contents: css.replace(/,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g, ''), loader: 'css', resolveDir: dirname(args.path) };
    });
  },
};

/** `import text from './x.css?inline'`: the stylesheet bundled (imports, fonts as data URLs) and minified, as a string. */
const inlineCss = {
  name: 'inline-css',
  setup(build) {
    build.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
      path: resolve(args.resolveDir, args.path.replace(/\?inline$/, '')),
      namespace: 'inline-css',
    }));
    build.onLoad({ filter: /.*/, namespace: 'inline-css' }, async (args) => {
      const result = await esbuild.build({
        entryPoints: [args.path],
        bundle: true,
        write: false,
        minify: true,
        logLevel: 'silent',
        loader: { '.woff2': 'dataurl' },
        plugins: [woff2Only],
        metafile: true,
      });
      const watchFiles = Object.keys(result.metafile.inputs).map((input) => resolve(input));
      return { contents: result.outputFiles[0].text, loader: 'text', watchFiles };
    });
  },
};

/**
 * webview/card-catalog.ts computes the formula catalog from the engine's
 * registries; the bundle gets its value as data instead, so the catalog's
 * text goes into the renderer and the engine code it was read from does not.
 */
const catalogAsData = {
  name: 'catalog-as-data',
  setup(build) {
    build.onLoad({ filter: /[\\/]webview[\\/]card-catalog\.ts$/ }, async (args) => {
      const result = await esbuild.build({ entryPoints: [args.path], bundle: true, write: false, platform: 'node', format: 'cjs', logLevel: 'silent', metafile: true });
      const module = { exports: {} };
      new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
      const watchFiles = Object.keys(result.metafile.inputs).map((input) => resolve(input));
      return { contents: `export const CARD_CATALOG = ${JSON.stringify(module.exports.CARD_CATALOG)};`, loader: 'js', watchFiles };
    });
  },
};

/**
 * esbuild options for dist/renderer.js: an ES module for the browser, with
 * chart.js, KaTeX, its stylesheet and fonts and the formula catalog's data inside.
 * @param {{ production?: boolean, outfile?: string }} [options]
 */
export function rendererBuild({ production = false, outfile = 'dist/renderer.js' } = {}) {
  return {
    bundle: true,
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    entryPoints: ['webview/renderer.ts'],
    outfile,
    plugins: [inlineCss, catalogAsData],
  };
}
