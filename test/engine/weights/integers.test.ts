import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from '../../../src/engine/weights';
import { headerEntry, safetensorsFile } from './safetensors-bytes';

/** Integer tensors in safetensors files: PyTorch's batch-norm counter and its kin. */

/** Little-endian bytes of a 64-bit integer. */
function le64(value: bigint): number[] {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, value, true);
  return Array.from(bytes);
}

describe('readSafetensors integer tensors', () => {
  it("reads PyTorch's I64 num_batches_tracked (shape []) beside the float tensors", () => {
    const bytes = safetensorsFile(`{${headerEntry('1.num_batches_tracked', 'I64', [], 0, 8)},${headerEntry('1.weight', 'F32', [1], 8, 12)}}`, [...le64(1234n), 0, 0, 0x80, 0x3f]);
    const { tensors, integers } = readSafetensors(bytes);
    expect(tensors.map((t) => [t.name, Array.from(t.value)])).toEqual([['1.weight', [1]]]);
    expect(integers).toEqual([{ name: '1.num_batches_tracked', dtype: 'I64', shape: [], values: [1234] }]);
  });

  it.each([
    // dtype, bytes, values: each width read little-endian, signed or not.
    ['I8', [0xff, 0x05], [-1, 5]],
    ['U8', [0xff, 0x05], [255, 5]],
    ['I16', [0xfe, 0xff, 0x00, 0x01], [-2, 256]],
    ['U16', [0xfe, 0xff, 0x00, 0x01], [65534, 256]],
    ['I32', [0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0], [-1, 16]],
    ['U32', [0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0], [4294967295, 16]],
    ['I64', [...le64(-3n), ...le64(2n ** 53n - 1n)], [-3, 2 ** 53 - 1]],
    ['U64', [...le64(9n), ...le64(2n ** 53n - 1n)], [9, 2 ** 53 - 1]],
  ] as const)('reads %s values exactly', (dtype, data, values) => {
    const { integers } = readSafetensors(safetensorsFile(`{${headerEntry('c', dtype, [2], 0, data.length)}}`, data));
    expect(integers[0].values).toEqual(values);
  });

  it('refuses a 64-bit value from 2^53 on instead of rounding it (2^53 + 1 would read as 2^53)', () => {
    const bytes = safetensorsFile(`{${headerEntry('1.num_batches_tracked', 'I64', [2], 0, 16)}}`, [...le64(1n), ...le64(2n ** 53n + 1n)]);
    expect(() => readSafetensors(bytes)).toThrow("safetensors: tensor '1.num_batches_tracked': I64 value 9007199254740993 at index 1 is beyond ±(2^53 − 1) and cannot be held exactly");
    const unsigned = safetensorsFile(`{${headerEntry('u', 'U64', [], 0, 8)}}`, le64(2n ** 53n));
    expect(() => readSafetensors(unsigned)).toThrow("safetensors: tensor 'u': U64 value 9007199254740992 at index 0 is beyond ±(2^53 − 1)");
    const negative = safetensorsFile(`{${headerEntry('n', 'I64', [], 0, 8)}}`, le64(-(2n ** 60n)));
    expect(() => readSafetensors(negative)).toThrow("I64 value -1152921504606846976 at index 0 is beyond ±(2^53 − 1)");
  });
});

describe('writeSafetensors integer tensors', () => {
  it('puts an I64 counter before the F32 tensors, as the reference writer orders by dtype alignment', () => {
    const bytes = writeSafetensors([{ name: '0.weight', shape: [1], value: Float32Array.of(1) }], {}, [{ name: '1.num_batches_tracked', dtype: 'I64', shape: [], values: [7] }]);
    const header = '{"1.num_batches_tracked":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"0.weight":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}';
    // 134 bytes of JSON, padded with two spaces to 136, a multiple of 8.
    expect(header.length).toBe(134);
    expect(bytes).toEqual(safetensorsFile(`${header}  `, [...le64(7n), 0, 0, 0x80, 0x3f]));
  });

  it('round-trips every integer dtype', () => {
    const cases = [
      { name: 'a', dtype: 'I8', shape: [2], values: [-128, 127] },
      { name: 'b', dtype: 'U16', shape: [1], values: [65535] },
      { name: 'c', dtype: 'I32', shape: [2], values: [-(2 ** 31), 2 ** 31 - 1] },
      { name: 'd', dtype: 'I64', shape: [1, 2], values: [-(2 ** 53) + 1, 2 ** 53 - 1] },
      { name: 'e', dtype: 'U64', shape: [], values: [0] },
    ] as const;
    const { integers } = readSafetensors(writeSafetensors([], {}, cases));
    expect(integers.sort((x, y) => x.name.localeCompare(y.name))).toEqual(cases);
  });

  it.each([
    [{ name: 'c', dtype: 'I8', shape: [], values: [128] }, "safetensors: tensor 'c': value 128 at index 0 is not a whole number a I8 holds"],
    [{ name: 'c', dtype: 'U32', shape: [], values: [-1] }, "safetensors: tensor 'c': value -1 at index 0 is not a whole number a U32 holds"],
    [{ name: 'c', dtype: 'I64', shape: [2], values: [1, 0.5] }, "safetensors: tensor 'c': value 0.5 at index 1 is not a whole number a I64 holds"],
    [{ name: 'c', dtype: 'I64', shape: [2], values: [1] }, "safetensors: tensor 'c' has shape [2] but holds 1 values"],
  ] as const)('refuses %j', (tensor, message) => {
    expect(() => writeSafetensors([], {}, [tensor])).toThrow(message);
  });

  it('refuses an integer tensor named like a float one', () => {
    expect(() => writeSafetensors([{ name: 'x', shape: [], value: Float32Array.of(1) }], {}, [{ name: 'x', dtype: 'I64', shape: [], values: [1] }])).toThrow(
      "safetensors: two tensors are named 'x'",
    );
  });
});
