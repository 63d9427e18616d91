import { describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/engine/weights/safetensors';
import type { CellResult, SourceLocation } from '../../src/protocol/cell-output';
import type { SessionHost } from '../../src/session/host';
import { NotebookSession } from '../../src/session/session';

/**
 * Transfer learning in a notebook: a body trained on one task, loaded under
 * a new head (`include_top=false`, `strict=false`), frozen with
 * `trainable=false`, and what the session says about each step.
 */

function memoryHost(): SessionHost & { readonly files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const read = (path: string): Uint8Array => {
    const bytes = files.get(path);
    if (bytes === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return bytes;
  };
  return { files, readText: (path) => new TextDecoder().decode(read(path)), readBytes: read, writeBytes: (path, bytes) => void files.set(path, bytes.slice()) };
}

function locationOf(cell: number, source: string, text: string): SourceLocation {
  const start = source.indexOf(text);
  const before = source.slice(0, start).split('\n');
  return { cell, start, end: start + text.length, line: before.length, column: before[before.length - 1].length + 1 };
}

const summaryLines = (result: CellResult) => result.outputs.flatMap((output) => (output.kind === 'summary' ? output.lines : []));

/** A file's tensors by name, as bytes for bit-exact comparison. */
function tensorsOf(host: ReturnType<typeof memoryHost>, path: string): Map<string, number[]> {
  const file = readSafetensors(host.files.get(path)!);
  return new Map(file.tensors.map((t) => [t.name, [...new Uint8Array(t.value.buffer, t.value.byteOffset, t.value.byteLength)]]));
}

/** dense 8 tanh twice then a softmax head: the module indices of nn.Sequential are 0, 2 and 4. */
const PRETRAIN = `data spirals n=120 seed=1
model
  dense 8 tanh
  dense 8 tanh
  dense 3 softmax
train epochs=2 seed=1
save weights "pre.safetensors"`;

function pretrained() {
  const host = memoryHost();
  const session = new NotebookSession(host, {});
  const result = session.runCell(0, PRETRAIN);
  expect(result.problems).toEqual([]);
  return { host, session };
}

describe('a pretrained body under a new head', () => {
  it('include_top=false loads the body, leaves the head at its initialization, and lists both', () => {
    const { host, session } = pretrained();
    const cell = `model
  dense 8 tanh trainable=false
  dense 8 tanh trainable=false
  dense 3 softmax
load weights "pre.safetensors" include_top=false
train epochs=2 seed=2
save weights "tuned.safetensors"`;
    const result = session.runCell(1, cell);
    expect(result.problems).toEqual([]);
    const lines = summaryLines(result);
    // Frozen: 2·8 + 8 = 24 and 8·8 + 8 = 72; trainable: the head's 8·3 + 3 = 27.
    expect(lines).toContain('model: 3 layers, 123 parameters (27 trainable, 96 frozen), 2 inputs');
    expect(lines).toContain('  0: dense 8 tanh trainable=false — 24 parameters (frozen)');
    expect(lines).toContain('load weights "pre.safetensors" include_top=false: matched by nn.Sequential name and shape, as PyTorch\'s load_state_dict(strict=False)');
    expect(lines).toContain('  loaded (4): 0.weight, 0.bias, 1.weight, 1.bias');
    expect(lines).toContain('  left out, the top (layer 2, dense), kept at its initialization (2): 2.weight, 2.bias');
    // The weights table lists what was taken from the file, under the file's names.
    const [weights] = result.outputs.filter((output) => output.kind === 'weights');
    expect(weights.kind === 'weights' && weights.tensors.map((t) => t.name).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    // The file's own head (4.weight, 4.bias) is the top left out, not listed again as unused.
    expect(lines.some((line) => line.includes('not used'))).toBe(false);
    // The run shows layers 0 and 1 as frozen, leaves their update ratio unmeasured, and does not call them layers that barely learn.
    const train = result.outputs.find((output) => output.kind === 'train')!;
    if (train.kind !== 'train') throw new Error('no train output');
    const last = train.run.epochs.at(-1)!;
    expect(last.layers.map((layer) => layer.frozen ?? false)).toEqual([true, true, false]);
    expect(last.layers.map((layer) => Number.isNaN(layer.updateRatio))).toEqual([true, true, false]);
    expect(train.run.diagnostics.filter((d) => d.code === 'update-ratio' && d.layer !== '2')).toEqual([]);
    const before = tensorsOf(host, 'pre.safetensors');
    const after = tensorsOf(host, 'tuned.safetensors');
    for (const name of ['0.weight', '0.bias', '2.weight', '2.bias']) expect(after.get(name), name).toEqual(before.get(name));
    expect(after.get('4.weight')).not.toEqual(before.get('4.weight'));
  });

  it('strict=false loads what matches by name and shape and lists the rest; strict refuses at the load line', () => {
    const { session } = pretrained();
    const model = `model
  dense 8 tanh
  dense 6 tanh
  dense 3 softmax
`;
    const strict = `${model}load weights "pre.safetensors"`;
    const refused = session.runCell(1, strict);
    expect(refused.problems).toHaveLength(1);
    expect(refused.problems[0]).toMatchObject({ location: locationOf(1, strict, 'load weights "pre.safetensors"') });
    expect(refused.problems[0].message).toContain("'2.weight' has shape [8, 8], layer 1 (dense) needs [6, 8]");

    const loose = `${model}load weights "pre.safetensors" strict=false`;
    const result = session.runCell(1, loose);
    expect(result.problems).toEqual([]);
    expect(summaryLines(result)).toEqual(
      expect.arrayContaining([
        // The head's bias [3] fits whatever the width before it: loaded by name and shape, as PyTorch would.
        '  loaded (3): 0.weight, 0.bias, 2.bias',
        "  shape differs, kept at their initialization (3): '1.weight' [8, 8] in the file, [6, 8] here, '1.bias' [8] in the file, [6] here, '2.weight' [3, 8] in the file, [3, 6] here",
      ]),
    );
  });

  it('include_top=false alone still needs every tensor of the body, and says strict=false would load the rest', () => {
    const { session } = pretrained();
    const cell = `model
  dense 8 tanh
  dense 6 tanh
  dense 3 softmax
load weights "pre.safetensors" include_top=false`;
    const result = session.runCell(1, cell);
    expect(result.problems.map((p) => p.message)).toEqual([
      "model: cannot load weights: '1.weight' [8, 8] in the file, [6, 8] here; '1.bias' [8] in the file, [6] here; strict=false loads what matches and lists the rest",
    ]);
  });

  it('reports an unknown load option at its place, and a model with nothing left to train at the model', () => {
    const { session } = pretrained();
    const typo = 'load weights "pre.safetensors" stict=false';
    const bad = session.runCell(1, typo);
    expect(bad.problems).toHaveLength(1);
    expect(bad.problems[0].message).toContain("unknown parameter 'stict' (did you mean 'strict'?)");
    expect(bad.problems[0].location).toMatchObject({ line: 1, column: typo.indexOf('stict') + 1 });

    const notBoolean = 'model\n  dense 8 tanh trainable=maybe\n  dense 3 softmax';
    const refusedOption = session.runCell(1, notBoolean);
    expect(refusedOption.problems).toHaveLength(1);
    expect(refusedOption.problems[0].message).toContain('trainable');
    expect(refusedOption.problems[0].location).toMatchObject({ line: 2, column: notBoolean.split('\n')[1].indexOf('maybe') + 1 });

    const allFrozen = `model
  dense 8 tanh trainable=false
  dense 3 softmax trainable=false
train epochs=1`;
    const refused = session.runCell(1, allFrozen);
    expect(refused.problems.map((p) => p.message)).toEqual([
      'model: every layer with weights is frozen (trainable=false), so training would change nothing; leave at least the output layer trainable',
    ]);
    expect(refused.problems[0].location).toMatchObject({ line: 1, column: 1 });
  });
});
