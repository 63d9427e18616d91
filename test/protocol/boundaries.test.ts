import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rules that keep the file format and the editor independent of
 * what they must not change with, and modules free of import circles: read
 * from the source, import by import.
 */

const ROOT = resolve(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every relative module a file imports or re-exports, as a path from the
 * repository root; with `types` false, not those only its types come from,
 * which a bundle leaves out.
 */
function importsOf(file: string, types = true): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const text = types ? source : source.replace(/^(?:import|export) type [^;]*;/gm, '');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\()['"]([^'"]+)['"]/g)].map((match) => match[1]);
  return specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => relative(ROOT, resolve(ROOT, dirname(file), specifier)));
}

/** The TypeScript file an import resolves to, `target.ts` or the folder's `index.ts`; undefined for a stylesheet or other asset. */
function moduleFile(target: string): string | undefined {
  return [`${target}.ts`, join(target, 'index.ts')].find((file) => existsSync(join(ROOT, file)));
}

/** The TypeScript files a file imports (with `types` false, for more than types). */
function modulesOf(file: string, types = true): string[] {
  return importsOf(file, types).flatMap((target) => moduleFile(target) ?? []);
}

/**
 * Every module the files import, directly or not, each with the chain of
 * imports that first reached it; not past `replaced`, modules a bundle
 * replaces by data.
 */
function reachable(files: readonly string[], types = true, replaced: readonly string[] = []): Map<string, string> {
  const reached = new Map<string, string>();
  const visit = (file: string, chain: string) => {
    for (const module of modulesOf(file, types)) {
      if (reached.has(module) || replaced.includes(module)) continue;
      reached.set(module, `${chain} → ${module}`);
      visit(module, `${chain} → ${module}`);
    }
  };
  for (const file of files) visit(file, file);
  return reached;
}

/** Each import circle among the files, once, as the chain of modules that closes it. */
function circles(files: readonly string[]): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (file: string) => {
    const open = stack.indexOf(file);
    if (open >= 0) {
      found.push([...stack.slice(open), file].join(' → '));
      return;
    }
    if (done.has(file)) return;
    stack.push(file);
    for (const module of modulesOf(file)) visit(module);
    stack.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return found;
}

/** `file imports target` for every import of a file under `folder` that lands in one of `forbidden`. */
function violations(folder: string, forbidden: readonly string[]): string[] {
  return sourceFiles(folder).flatMap((file) =>
    importsOf(file)
      .filter((target) => forbidden.some((prefix) => target === prefix || target.startsWith(`${prefix}/`)))
      .map((target) => `${file} imports ${target}`),
  );
}

describe('import boundaries', () => {
  it('finds the imports it checks', () => {
    // Guards the checks below against a pattern that matches nothing.
    expect(importsOf('src/protocol/live-output.ts')).toContain('src/protocol/cell-output');
    expect(violations('src/extension', ['src/report'])).toContain('src/extension/cell-report.ts imports src/report/output-text');
  });

  it('keeps the engine out of the protocol and the report, directly or through what they import', () => {
    const engine = (files: readonly string[]) => [...reachable(files)].filter(([module]) => module.startsWith('src/engine/')).map(([, chain]) => chain);
    expect(engine([...sourceFiles('src/protocol'), ...sourceFiles('src/report')])).toEqual([]);
    // The walk follows imports past the first: hover text reaches the engine through the catalog.
    expect(engine(['src/lang/hover-text.ts'])).toContain('src/lang/hover-text.ts → src/reference/catalog.ts → src/engine/activations.ts');
  });

  it('keeps the editor off the command line', () => {
    expect(violations('src/extension', ['src/cli'])).toEqual([]);
  });

  it('keeps the engine out of the renderer, which reads the catalog as data', () => {
    expect(violations('webview', ['src/engine', 'src/session', 'src/worker', 'src/extension', 'src/cli', 'src/node', 'src/lang'])).toEqual([]);
    // webview/card-catalog.ts reads the catalog in Node; the renderer's bundle holds its value as data (scripts/renderer-build.mjs).
    const asData = ['webview/card-catalog.ts'];
    const bundled = sourceFiles('webview').filter((file) => !asData.includes(file));
    const engine = [...reachable(bundled, false, asData)].filter(([module]) => module.startsWith('src/engine/')).map(([, chain]) => chain);
    expect(engine).toEqual([]);
    // The walk that finds nothing above does see the catalog's engine imports.
    expect([...reachable(asData, false)].map(([module]) => module)).toContain('src/engine/optim/optimizers/adam.ts');
  });

  it('has no import circles, type imports included', () => {
    expect(circles([...sourceFiles('src'), ...sourceFiles('webview')])).toEqual([]);
  });
});
