import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The renderer's bundle carries the formula catalog as data: the esbuild
 * metafile lists every source file that went into dist/renderer.js, and no
 * engine module may be among them.
 */

/** The bundle's options, from the plain-JavaScript build script esbuild.mjs shares. */
type RendererBuild = (options: { outfile: string }) => esbuild.BuildOptions;

describe('the renderer bundle', () => {
  it('holds the catalog text without the engine code it is read from', async () => {
    const script: string = '../../scripts/renderer-build.mjs';
    const { rendererBuild } = (await import(script)) as { rendererBuild: RendererBuild };
    const result = await esbuild.build({ ...rendererBuild({ outfile: 'renderer.js' }), sourcemap: false, write: false, metafile: true });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('webview/formula-cards.ts');
    expect(inputs.filter((input) => input.startsWith('src/reference/')).sort()).toEqual(['src/reference/card-data.ts', 'src/reference/template.ts']);
    expect(inputs.filter((input) => input.startsWith('src/engine/'))).toEqual([]);
    // The report's diagnostic groups read the codes and the figure format from the protocol instead.
    expect(inputs).toContain('src/protocol/figures.ts');
    const bundle = result.outputFiles.find((file) => file.path.endsWith('renderer.js'))?.text ?? '';
    expect(bundle).toContain('AdamW (decoupled weight decay)');
    expect(bundle).toContain('kaiming_normal');
  });
});
