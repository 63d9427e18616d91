import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { Sequential, type LayerConfig } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';
import { mapWeightNames, readSafetensors } from '../../../src/engine/weights';
import type { CellResult } from '../../../src/protocol/cell-output';
import type { SessionHost } from '../../../src/session/host';
import { NotebookSession } from '../../../src/session/session';

// The committed PyTorch and Keras weight-file fixtures, and what the tests do with them.

/** test/fixtures/pytorch */
export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'pytorch');

/** A fixture's expected-output file. */
export interface Expected {
  readonly description: string;
  /** The notebook's model declaration for the same network. */
  readonly model: string;
  readonly input: number[][];
  readonly output: number[][];
}

/** The fixtures by name: <name>.safetensors and <name>.json. */
export const CASES = ['linear-tanh-linear', 'linear-relu-dropout-batchnorm-linear', 'keras-dense-batchnorm-dense'] as const;

/** A fixture's expected outputs and the model declaration that matches it. */
export function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Expected;
}

/** Three features and two classes, so the fixtures' 3 → … → 2 networks fit. */
const CSV = ['a,b,c,y', '0,1,2,0', '1,0,2,1', '2,1,0,0', '1,2,0,1'].join('\n');

function memoryHost(files: Record<string, Uint8Array>): SessionHost & { readonly files: Map<string, Uint8Array> } {
  const stored = new Map(Object.entries(files));
  const read = (path: string): Uint8Array => {
    const bytes = stored.get(path);
    if (bytes === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return bytes;
  };
  return { files: stored, readText: (path) => new TextDecoder().decode(read(path)), readBytes: read, writeBytes: (path, bytes) => void stored.set(path, bytes.slice()) };
}

/** A session whose first cell declared the data and a fixture's model and, when `load`, loaded the fixture (w.safetensors). */
export function fixtureSession(name: string, load = true, model = expectedOf(name).model) {
  const fixture = new Uint8Array(readFileSync(join(FIXTURES, `${name}.safetensors`)));
  const host = memoryHost({ 'x.csv': new TextEncoder().encode(CSV), 'w.safetensors': fixture });
  const session = new NotebookSession(host);
  const first = session.runCell(0, `data csv "x.csv" target=y\n${model}${load ? '\nload weights "w.safetensors"' : ''}`);
  return { session, host, first };
}

/** The cell that loads a fixture into its declared model (or `model`), and the file it then saves as NN Lab writes. */
export function loadAndSave(name: string, model = expectedOf(name).model): { result: CellResult; saved: Uint8Array } {
  const { session, host, first } = fixtureSession(name, true, model);
  const saved = session.runCell(1, 'save weights "out.safetensors"');
  return { result: { ...first, problems: [...first.problems, ...saved.problems] }, saved: host.files.get('out.safetensors') ?? new Uint8Array() };
}

/** The layers a fixture's declaration builds, as engine configs. */
export function fixtureLayers(name: string): LayerConfig[] {
  const dense = (units: number, activation: string): LayerConfig => ({ kind: 'dense', units, activation: createActivation(activation) });
  const configs: Record<(typeof CASES)[number], LayerConfig[]> = {
    'linear-tanh-linear': [dense(4, 'tanh'), dense(2, 'linear')],
    'linear-relu-dropout-batchnorm-linear': [dense(4, 'relu'), { kind: 'dropout', rate: 0.5 }, { kind: 'batchnorm' }, dense(2, 'linear')],
    'keras-dense-batchnorm-dense': [dense(4, 'relu'), { kind: 'batchnorm', eps: 0.001 }, dense(2, 'linear')],
  };
  return configs[name as (typeof CASES)[number]];
}

/** The evaluation-mode outputs on a fixture's input, row by row, of `layers` holding the weights of a file NN Lab wrote. */
export function forwardOf(name: string, file: Uint8Array, layers = fixtureLayers(name)): number[][] {
  const model = new Sequential(3, layers, new Rng(0));
  model.loadStateDict(mapWeightNames(model, readSafetensors(file)).tensors);
  const { input } = expectedOf(name);
  const out = model.forward(Float32Array.from(input.flat()), input.length, { training: false, rng: new Rng(0) });
  return input.map((_, row) => Array.from(out.subarray(row * model.outputSize, (row + 1) * model.outputSize)));
}

/** Every value within 1e-5 of its expected one (float32 against the float64 reference). */
export function expectClose(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((value, c) => expect(Math.abs(value - expected[r][c]), `row ${r}, column ${c}`).toBeLessThan(1e-5)));
}
