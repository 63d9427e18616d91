import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { ConfigError } from '../../../src/engine/errors';
import { createInitializer } from '../../../src/engine/initializers';
import { Sequential, type LayerConfig, type NamedTensor } from '../../../src/engine/model';
import { Rng } from '../../../src/engine/rng';
import { float32Text, halfToFloat, readSafetensors, readWeightsJson, writeSafetensors, writeWeightsJson } from '../../../src/engine/weights';
import { headerEntry, safetensorsFile } from './safetensors-bytes';

const encoder = new TextEncoder();

function tensor(name: string, shape: number[], values: number[]): NamedTensor {
  return { name, shape, value: Float32Array.from(values) };
}

function dense(units: number, activation: string): LayerConfig {
  return { kind: 'dense', units, activation: createActivation(activation), kernelInitializer: createInitializer('he_normal'), biasInitializer: createInitializer('random_normal') };
}

function model(seed: number, hidden = 4): Sequential {
  return new Sequential(3, [dense(hidden, 'relu'), { kind: 'batchnorm' }, dense(2, 'linear')], new Rng(seed));
}

function evaluate(net: Sequential): Float32Array {
  const x = Float32Array.from([0.5, -1, 2, 1.5, 0.25, -0.75]);
  return Float32Array.from(net.forward(x, 2, { training: false, rng: new Rng(0) }));
}

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('readSafetensors on a file written byte by byte', () => {
  // The header JSON is 143 bytes; one trailing space pads it to 144 = 0x90, a
  // multiple of 8, as writers do.
  const header =
    '{"__metadata__":{"format":"pt"},' +
    '"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},' +
    '"h":{"dtype":"F16","shape":[2,2],"data_offsets":[12,20]}} ';
  const bytes = Uint8Array.from([
    // header length N = 144, unsigned 64-bit little-endian
    0x90, 0, 0, 0, 0, 0, 0, 0,
    // N bytes of UTF-8 header JSON
    ...encoder.encode(header),
    // data buffer bytes 0–11: tensor a, three float32 little-endian
    0x00, 0x00, 0x80, 0x3f, // 1.0  = 0x3F800000
    0x00, 0x00, 0x20, 0xc0, // −2.5 = 0xC0200000 (sign 1, exponent 128 → 2¹, mantissa 1.25)
    0xcd, 0xcc, 0xcc, 0x3d, // 0.1  = 0x3DCCCCCD, the float32 nearest 0.1
    // data buffer bytes 12–19: tensor h, four float16 little-endian, row-major [2,2]
    0x00, 0x3c, // 0x3C00 = 1
    0x00, 0xc0, // 0xC000 = −2
    0xff, 0x7b, // 0x7BFF = (1 + 1023/1024)·2¹⁵ = 65504, the largest half
    0x01, 0x00, // 0x0001 = 2⁻²⁴ ≈ 5.96e-8, the smallest subnormal half
  ]);

  it('has the layout the comments describe', () => {
    expect(encoder.encode(header).length).toBe(144);
    expect(bytes.length).toBe(8 + 144 + 20);
  });

  it('reads the tensors, their shapes, values and the metadata', () => {
    const { tensors, metadata, skipped } = readSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt' });
    expect(skipped).toEqual([]);
    expect(tensors.map((t) => [t.name, t.shape])).toEqual([
      ['a', [3]],
      ['h', [2, 2]],
    ]);
    expect(Array.from(tensors[0].value)).toEqual([1, -2.5, Math.fround(0.1)]);
    expect(Array.from(tensors[1].value)).toEqual([1, -2, 65504, 2 ** -24]);
    expect(tensors[1].value[3]).toBeCloseTo(5.96e-8, 10);
  });

  it('reads a file whose bytes start at an odd offset of a larger buffer', () => {
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(readSafetensors(shifted.subarray(3)).tensors[0].value)).toEqual([1, -2.5, Math.fround(0.1)]);
  });
});

describe('halfToFloat', () => {
  it.each([
    [0x3c00, 1], // exponent 15, fraction 0
    [0xc000, -2], // sign 1, exponent 16
    [0x7bff, 65504], // (1 + 1023/1024)·2¹⁵
    [0x0001, 2 ** -24], // subnormal: 1/1024 · 2⁻¹⁴
    [0x03ff, 1023 * 2 ** -24], // largest subnormal ≈ 6.0976e-5
    [0x0400, 2 ** -14], // smallest normal
    [0x3555, 1365 / 4096], // (1 + 341/1024)·2⁻² ≈ 0.33325, the half nearest 1/3
    [0x0000, 0],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ])('bits %i → %s', (bits, expected) => {
    expect(halfToFloat(bits)).toBe(expected);
  });

  it('keeps the sign of zero and decodes NaN', () => {
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(0xfc01)).toBeNaN();
  });
});

describe('readSafetensors dtypes', () => {
  it('reads F64 rounded to float32 and BF16 exactly', () => {
    const data = new Uint8Array(16 + 4);
    const view = new DataView(data.buffer);
    view.setFloat64(0, 0.5, true); // exact in float32
    view.setFloat64(8, 0.1, true); // rounds to float32(0.1)
    view.setUint16(16, 0x3f80, true); // bfloat16 0x3F80 = top half of 1.0f
    view.setUint16(18, 0xc0a0, true); // 0xC0A0 = top half of −5.0f (0xC0A00000)
    const { tensors } = readSafetensors(safetensorsFile(`{${headerEntry('d', 'F64', [2], 0, 16)},${headerEntry('b', 'BF16', [2], 16, 20)}}`, data));
    expect(Array.from(tensors[0].value)).toEqual([0.5, Math.fround(0.1)]);
    expect(Array.from(tensors[1].value)).toEqual([1, -5]);
  });

  it('reads a scalar (shape []) and an empty tensor (a zero dimension, no bytes)', () => {
    const data = [0x00, 0x00, 0x80, 0x3f];
    const { tensors } = readSafetensors(safetensorsFile(`{${headerEntry('empty', 'F32', [0, 3], 0, 0)},${headerEntry('s', 'F32', [], 0, 4)}}`, data));
    expect(tensors.map((t) => [t.name, t.shape, Array.from(t.value)])).toEqual([
      ['empty', [0, 3], []],
      ['s', [], [1]],
    ]);
  });

  it('skips a boolean tensor on request', () => {
    const data = [0, 0, 0x80, 0x3f, 1];
    const bytes = safetensorsFile(`{${headerEntry('1.weight', 'F32', [1], 0, 4)},${headerEntry('1.mask', 'BOOL', [1], 4, 5)}}`, data);
    expect(() => readSafetensors(bytes)).toThrow("tensor '1.mask': dtype BOOL is not supported (F32, F64, F16, BF16, I8, I16, I32, I64, U8, U16, U32, U64 are)");
    const { tensors, skipped } = readSafetensors(bytes, { unsupported: 'skip' });
    expect(tensors.map((t) => t.name)).toEqual(['1.weight']);
    expect(skipped).toEqual([{ name: '1.mask', dtype: 'BOOL' }]);
  });
});

describe('writeSafetensors', () => {
  it("writes the reference implementation's bytes for one F32 tensor (64-byte header, no padding)", () => {
    const header = '{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}';
    // 0…5 as float32: 0x00000000, 0x3F800000, 0x40000000, 0x40400000, 0x40800000, 0x40A00000
    const data = [0, 0, 0, 0, 0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xa0, 0x40];
    expect(header.length).toBe(64);
    expect(writeSafetensors([tensor('attn.0', [1, 2, 3], [0, 1, 2, 3, 4, 5])])).toEqual(safetensorsFile(header, data));
  });

  it('pads the header with spaces to a multiple of 8 (65 bytes → 72)', () => {
    const bytes = writeSafetensors([tensor('attn0', [1, 1, 2, 3], [0, 1, 2, 3, 4, 5])]);
    expect(new DataView(bytes.buffer).getBigUint64(0, true)).toBe(72n);
    expect(new TextDecoder().decode(bytes.subarray(8, 80))).toBe('{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}       ');
  });

  it('writes metadata first and an empty file as "{}" padded to 8', () => {
    // {"__metadata__":{"framework":"pt"}} is 35 bytes, padded to 40.
    expect(new TextDecoder().decode(writeSafetensors([], { framework: 'pt' }).subarray(8))).toBe('{"__metadata__":{"framework":"pt"}}     ');
    expect(Array.from(writeSafetensors([]))).toEqual([8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d, 32, 32, 32, 32, 32, 32]);
  });

  it('sorts tensors by name as the reference writer does (so 10.weight precedes 2.weight)', () => {
    const bytes = writeSafetensors([tensor('b', [1], [3]), tensor('2.weight', [1], [2]), tensor('10.weight', [1], [1])]);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))));
    expect([...header.matchAll(/"([^"]+)":\{"dtype"/g)].map((m) => m[1])).toEqual(['10.weight', '2.weight', 'b']);
    const { tensors } = readSafetensors(bytes);
    expect(tensors.map((t) => [t.name, t.value[0]])).toEqual([
      ['10.weight', 1],
      ['2.weight', 2],
      ['b', 3],
    ]);
  });

  it.each([
    [[tensor('a', [1], [1]), tensor('a', [1], [2])], "safetensors: two tensors are named 'a'"],
    [[tensor('a', [2, 2], [1, 2, 3])], "safetensors: tensor 'a' has shape [2,2] but holds 3 values"],
    [[tensor('__metadata__', [1], [1])], "safetensors: a tensor cannot be named '__metadata__'"],
  ])('refuses %#', (tensors, message) => {
    expect(messageOf(() => writeSafetensors(tensors))).toContain(message);
  });
});

describe('readSafetensors refuses malformed files and says why', () => {
  const f32x2 = [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]; // [1, 2] as float32
  const withLength = (length: number, total: number): Uint8Array => {
    const bytes = new Uint8Array(total).fill(0x20);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(length), true);
    return bytes;
  };
  const cases: [string, Uint8Array, string][] = [
    ['a 5-byte file', new Uint8Array(5), 'safetensors: the file is 5 bytes, too short to hold the 8-byte header length'],
    ['a header longer than the file', withLength(9999, 120), 'safetensors: header length 9999 runs past the end of the 120-byte file'],
    ['a 1 TB header length', withLength(2 ** 40, 16), 'safetensors: header length 1099511627776 is over the 100000000-byte limit'],
    ['a header that is not UTF-8', safetensorsFile('{"a', [])
      .map((b, i) => (i === 9 ? 0xff : b)), 'safetensors: the header is not valid UTF-8'],
    ['a header that is not an object', safetensorsFile('[1, 2]'), `safetensors: the header must be a JSON object starting with '{', it starts with "[1, 2]"`],
    ['a header that is not JSON', safetensorsFile('{"a": '), 'safetensors: the header is not valid JSON'],
    ['an unknown dtype', safetensorsFile(`{${headerEntry('w', 'F31', [2], 0, 8)}}`, f32x2), "safetensors: tensor 'w': unknown dtype 'F31' (did you mean 'F32'?)"],
    ['an unsupported dtype', safetensorsFile(`{${headerEntry('0.weight', 'F8_E4M3', [8], 0, 8)}}`, f32x2), "safetensors: tensor '0.weight': dtype F8_E4M3 is not supported (F32, F64, F16, BF16, I8, I16, I32, I64, U8, U16, U32, U64 are)"],
    ['bytes that do not fit the shape', safetensorsFile(`{${headerEntry('x', 'F32', [2, 3], 0, 20)}}`, new Array(20).fill(0)), "safetensors: tensor 'x': shape [2,3] needs 24 bytes, data_offsets give 20"],
    ['a negative dimension', safetensorsFile(`{${headerEntry('x', 'F32', [-2], 0, 8)}}`, f32x2), "safetensors: tensor 'x': shape must be a list of whole numbers ≥ 0, got [-2]"],
    ['one offset', safetensorsFile('{"x":{"dtype":"F32","shape":[2],"data_offsets":[8]}}', f32x2), "safetensors: tensor 'x': data_offsets must be [begin, end] with whole numbers ≥ 0, got [8]"],
    ['offsets backwards', safetensorsFile(`{${headerEntry('x', 'F32', [0], 8, 0)}}`, f32x2), "safetensors: tensor 'x': data_offsets [8, 0] end before they begin"],
    ['an entry that is not an object', safetensorsFile('{"x": 3}'), "safetensors: tensor 'x': its entry must be an object with dtype, shape and data_offsets"],
    ['non-string metadata', safetensorsFile('{"__metadata__":{"epoch":3}}'), "safetensors: __metadata__ 'epoch' must be a string, got 3"],
    [
      'overlapping tensors',
      safetensorsFile(`{${headerEntry('a', 'F32', [2], 0, 8)},${headerEntry('b', 'F32', [2], 4, 12)}}`, [...f32x2, ...f32x2.slice(4)]),
      "safetensors: tensors 'a' [0, 8] and 'b' [4, 12] overlap",
    ],
    [
      'a gap between tensors',
      safetensorsFile(`{${headerEntry('a', 'F32', [1], 0, 4)},${headerEntry('b', 'F32', [1], 8, 12)}}`, [...f32x2, 0, 0, 0, 0]),
      "safetensors: data bytes [4, 8) between 'a' and 'b' belong to no tensor",
    ],
    ['a gap before the first tensor', safetensorsFile(`{${headerEntry('a', 'F32', [1], 4, 8)}}`, f32x2), 'safetensors: data bytes [0, 4) before the first tensor belong to no tensor'],
    ['bytes after the last tensor', safetensorsFile(`{${headerEntry('a', 'F32', [1], 0, 4)}}`, f32x2), "safetensors: data bytes [4, 8) after the last tensor 'a' belong to no tensor"],
    ['data but no tensors', safetensorsFile('{}', [1, 2, 3, 4]), 'safetensors: data bytes [0, 4) and the header declares no tensor belong to no tensor'],
    [
      'a truncated file',
      writeSafetensors([tensor('a', [2], [1, 2]), tensor('b', [2], [3, 4])]).slice(0, -3),
      "safetensors: tensor 'b': data_offsets [8, 16] run past the end of the 13-byte data buffer (file truncated?)",
    ],
  ];
  it.each(cases)('%s', (_what, bytes, message) => {
    expect(messageOf(() => readSafetensors(bytes))).toContain(message);
  });
});

describe('safetensors round trip through a model', () => {
  it('a model read back into a fresh model with another seed gives identical outputs', () => {
    const source = model(1);
    // Non-default running statistics prove that buffers travel with the parameters.
    const [mean, variance] = source.buffers();
    mean.value.set([0.1, -0.2, 0.3, -0.4]);
    variance.value.set([1.5, 0.5, 2, 0.25]);
    const bytes = writeSafetensors(source.stateDict(), { epoch: '3' });

    const { tensors, metadata } = readSafetensors(bytes);
    expect(metadata).toEqual({ epoch: '3' });
    for (const original of source.stateDict()) {
      const read = tensors.find((t) => t.name === original.name)!;
      expect(read.shape).toEqual(original.shape);
      expect(read.value).toEqual(original.value);
    }

    const target = model(2);
    expect(evaluate(target)).not.toEqual(evaluate(source));
    target.loadStateDict(tensors);
    expect(evaluate(target)).toEqual(evaluate(source));
  });

  it('a model of another shape reports every mismatch', () => {
    const { tensors } = readSafetensors(writeSafetensors(model(1, 4).stateDict()));
    const message = messageOf(() => model(2, 5).loadStateDict(tensors));
    expect(message).toContain("'0.weight' has shape [4, 3], the model needs [5, 3]");
    expect(message).toContain("'1.running_var' has shape [4], the model needs [5]");
    expect(message).toContain("'2.weight' has shape [2, 4], the model needs [2, 5]");
  });
});

describe('float32Text', () => {
  it.each([
    [Math.fround(0.1), '0.1'], // 0.100000001490116…, but "0.1" already rounds back to it
    [Math.fround(1 / 3), '0.33333334'], // 0.3333333432674408; "0.3333333" would be another float32
    [1, '1'],
    [-2.5, '-2.5'],
    [16777217, '16777216'], // 2²⁴ + 1 is not a float32
    [Math.fround(1e-45), '1e-45'], // the smallest subnormal float32, 1.4e-45
    [3.4028234663852886e38, '3.4028235e+38'], // the largest float32
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [-Infinity, '-Infinity'],
  ])('%s → %s', (x, text) => {
    expect(float32Text(x)).toBe(text);
  });

  it('reads back as the same float32 for 10 000 random values across magnitudes', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 10_000; i++) {
      const x = Math.fround(rng.normal(0, 1) * 10 ** rng.int(80) * 1e-40);
      expect(Math.fround(Number(float32Text(x)))).toBe(x);
    }
  });
});

describe('weights JSON', () => {
  it('writes a readable layout, one row of the last dimension per line', () => {
    const text = writeWeightsJson([tensor('0.weight', [2, 3], [0.1, -0.25, 1, 2, 3, 4]), tensor('0.bias', [2], [0, Number.NaN])], { seed: '1' });
    expect(text).toBe(
      [
        '{',
        '  "format": "nnlab-weights",',
        '  "version": 1,',
        '  "metadata": {"seed": "1"},',
        '  "tensors": {',
        '    "0.weight": {"shape": [2, 3], "values": [',
        '        0.1, -0.25, 1,',
        '        2, 3, 4',
        '      ]},',
        '    "0.bias": {"shape": [2], "values": [',
        '        0, "NaN"',
        '      ]}',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('round-trips every float32 exactly, including -0, subnormals, extremes and non-finite values', () => {
    const values = [Math.fround(0.1), -0, 2 ** -149, 3.4028234663852886e38, -Infinity, Infinity, Number.NaN, Math.fround(Math.PI)];
    const source = [tensor('x', [2, 4], values), tensor('s', [], [7])];
    const { tensors, metadata } = readWeightsJson(writeWeightsJson(source, { note: 'a "quoted" value' }));
    expect(metadata).toEqual({ note: 'a "quoted" value' });
    expect(tensors).toEqual(source);
    expect(Object.is(tensors[0].value[1], -0)).toBe(true);
  });

  it('loads into a fresh model with identical outputs', () => {
    const source = model(1);
    const target = model(3);
    target.loadStateDict(readWeightsJson(writeWeightsJson(source.stateDict())).tensors);
    expect(evaluate(target)).toEqual(evaluate(source));
  });

  const valid = (tensors: string): string => `{"format": "nnlab-weights", "version": 1, "metadata": {}, "tensors": ${tensors}}`;
  it.each([
    ['{"format": ', 'weights json: not valid JSON'],
    ['[1]', 'weights json: the file must hold a JSON object'],
    ['{"format": "keras", "version": 1, "tensors": {}}', `weights json: format must be 'nnlab-weights', got "keras"`],
    ['{"format": "nnlab-weights", "version": 2, "tensors": {}}', 'weights json: version 2 is not supported (this reader reads version 1)'],
    ['{"format": "nnlab-weights", "version": 1, "metadata": {"a": 1}, "tensors": {}}', "weights json: metadata 'a' must be a string, got 1"],
    ['{"format": "nnlab-weights", "version": 1}', 'weights json: tensors must be an object of {shape, values} entries'],
    [valid('{"0.weight": [1, 2]}'), "weights json: tensor '0.weight': must be an object with shape and values"],
    [valid('{"0.weight": {"shape": [4, 3.5], "values": []}}'), "weights json: tensor '0.weight': shape must be a list of whole numbers ≥ 0, got [4,3.5]"],
    [valid('{"0.weight": {"shape": [2], "values": "1 2"}}'), `weights json: tensor '0.weight': values must be a list of numbers, got "1 2"`],
    [valid(`{"0.weight": {"shape": [4, 3], "values": [${new Array(11).fill(0).join(',')}]}}`), "weights json: tensor '0.weight': shape [4, 3] needs 12 values, got 11"],
    [valid('{"0.weight": {"shape": [3], "values": [1, "abc", 2]}}'), `weights json: tensor '0.weight': values[1] is not a number (got "abc")`],
    [valid('{"0.weight": {"shape": [2], "values": [1, null]}}'), "weights json: tensor '0.weight': values[1] is not a number (got null)"],
    [valid('{"0.weight": {"shape": [1], "values": [1e39]}}'), "weights json: tensor '0.weight': values[0] = 1e+39 is outside the float32 range"],
  ])('refuses %s', (text, message) => {
    expect(messageOf(() => readWeightsJson(text))).toContain(message);
  });
});

describe('weight readers on deeply nested and huge values', () => {
  const deep = (depth: number, inner = '1'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
  const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const f32x2 = [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40];

  // [what, header, message]: 5,000 levels would overflow JSON.stringify's stack.
  const safetensors: [string, string, string][] = [
    ['a nested shape', `{"x":{"dtype":"F32","shape":${deep(5000)},"data_offsets":[0,8]}}`, "safetensors: tensor 'x': shape must be a list of whole numbers ≥ 0, got a nested value [[[[…]]]]"],
    ['a nested dtype', `{"x":{"dtype":${deep(5000)},"shape":[2],"data_offsets":[0,8]}}`, "safetensors: tensor 'x': dtype must be a string, got [[[[…]]]]"],
    ['nested data_offsets', `{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,${deep(5000)}]}}`, "safetensors: tensor 'x': data_offsets must be [begin, end] with whole numbers ≥ 0, got a nested value [0,[[[…]]]]"],
    ['nested metadata', `{"__metadata__":{"k":${deepObject(5000)}}}`, `safetensors: __metadata__ 'k' must be a string, got {"a":{"a":{"a":{…}}}}`],
  ];
  it.each(safetensors)('safetensors: %s is a ConfigError', (_what, header, message) => {
    expect(messageOf(() => readSafetensors(safetensorsFile(header, f32x2)))).toBe(message);
  });

  const valid = (tensors: string, metadata = '{}'): string => `{"format": "nnlab-weights", "version": 1, "metadata": ${metadata}, "tensors": ${tensors}}`;
  const json: [string, string, string][] = [
    ['nested values', valid(`{"w": {"shape": [1], "values": ${deep(5000)}}}`), "weights json: tensor 'w': values[0] is not a number (got [[[[…]]]])"],
    ['a nested shape', valid(`{"w": {"shape": ${deep(5000)}, "values": [1]}}`), "weights json: tensor 'w': shape must be a list of whole numbers ≥ 0, got a nested value [[[[…]]]]"],
    ['nested metadata', valid('{}', `{"k": ${deep(5000)}}`), "weights json: metadata 'k' must be a string, got [[[[…]]]]"],
    ['a nested format', `{"format": ${deepObject(5000)}, "version": 1, "tensors": {}}`, `weights json: format must be 'nnlab-weights', got {"a":{"a":{"a":{…}}}}`],
    ['a nested version', `{"format": "nnlab-weights", "version": ${deep(5000)}, "tensors": {}}`, 'weights json: version [[[[…]]]] is not supported (this reader reads version 1)'],
  ];
  it.each(json)('weights json: %s is a ConfigError', (_what, text, message) => {
    expect(messageOf(() => readWeightsJson(text))).toBe(message);
  });

  it('quotes at most 80 characters of a 1 MB name or value', () => {
    const long = 'n'.repeat(1_000_000);
    const cut = `${'n'.repeat(80)}… (1000000 characters)`;
    expect(messageOf(() => readSafetensors(safetensorsFile(`{"${long}":{"dtype":"${long}","shape":[2],"data_offsets":[0,8]}}`, f32x2)))).toBe(
      `safetensors: tensor '${cut}': unknown dtype '${cut}'`,
    );
    expect(messageOf(() => readWeightsJson(valid(`{"${long}": {"shape": [1], "values": ["${long}"]}}`)))).toBe(
      `weights json: tensor '${cut}': values[0] is not a number (got "${'n'.repeat(77)}…")`,
    );
    expect(messageOf(() => readWeightsJson(valid(`{"w": {"shape": [1], "values": "${long}"}}`))).length).toBeLessThan(200);
  });

  it('does not take an inherited name such as constructor for a dtype', () => {
    expect(messageOf(() => readSafetensors(safetensorsFile('{"x":{"dtype":"constructor","shape":[2],"data_offsets":[0,8]}}', f32x2)))).toBe(
      "safetensors: tensor 'x': unknown dtype 'constructor'",
    );
  });

  it('names the byte of a header that is not UTF-8', () => {
    const bytes = safetensorsFile('{"a":1}').map((b, i) => (i === 10 ? 0xff : b));
    expect(messageOf(() => readSafetensors(bytes))).toBe('safetensors: the header is not valid UTF-8: byte 10 of the file is 0xFF');
  });
});
