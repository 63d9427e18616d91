import { describe, expect, it } from 'vitest';
import { createActivation } from '../../../src/engine/activations';
import { createInitializer } from '../../../src/engine/initializers';
import { layerConfig, layerInputShapes, layers, LayerShapeError, shapesThrough, type LayerConfig } from '../../../src/engine/layers';
import { Rng } from '../../../src/engine/rng';

/**
 * The layer registry: what each entry says of a layer without building it
 * (output shape, parameter count) is what the built layer has, and the shape
 * checks name the layer that cannot read its input.
 */

const relu = createActivation('relu');

/** Every registered layer on an input it reads, with options off their defaults where they change the shapes. */
const CASES: readonly { readonly input: number[]; readonly config: LayerConfig }[] = [
  { input: [7], config: { kind: 'dense', units: 3, activation: relu } },
  { input: [5, 7], config: { kind: 'dense', units: 3, useBias: false } },
  { input: [6], config: { kind: 'batchnorm' } },
  { input: [3, 4, 4], config: { kind: 'batchnorm' } },
  { input: [2, 5], config: { kind: 'dropout', rate: 0.3 } },
  { input: [2, 9, 8], config: { kind: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 1, dilation: 2, activation: relu } },
  { input: [2, 9, 8], config: { kind: 'conv2d', filters: 4, kernel: [3, 1], padding: 'same', useBias: false } },
  { input: [3, 9, 8], config: { kind: 'maxpool', size: 3, stride: 2, padding: 1 } },
  { input: [3, 9, 8], config: { kind: 'avgpool' } },
  { input: [3, 9, 8], config: { kind: 'global_avgpool' } },
  { input: [3, 9, 8], config: { kind: 'flatten' } },
  { input: [6], config: { kind: 'embedding', inputDim: 10, outputDim: 4 } },
  { input: [6, 3], config: { kind: 'rnn', units: 5 } },
  { input: [6, 3], config: { kind: 'lstm', units: 5, returnSequences: true } },
  { input: [6, 3], config: { kind: 'gru', units: 5 } },
  { input: [6, 3], config: { kind: 'layernorm' } },
  { input: [6, 4], config: { kind: 'positional', learned: true } },
  { input: [6, 4], config: { kind: 'attention', heads: 2, ff: 8 } },
];

describe('layer entries', () => {
  it('cover every registered layer', () => {
    expect(new Set(CASES.map((c) => c.config.kind))).toEqual(new Set(layers.entries().map((entry) => entry.name)));
  });

  it.each(CASES)('$config.kind on $input: the entry foresees the built layer\'s output shape and parameter count', ({ input, config }) => {
    const entry = layers.get(config.kind);
    const layer = entry.create('0', input, config, new Rng(1), false);
    expect(entry.outputShape(input, config, '0')).toEqual([...layer.outputShape]);
    expect(entry.parameterCount(input, config)).toBe(layer.parameters.reduce((sum, parameter) => sum + parameter.value.length, 0));
    expect(entry.inputRanks).toContain(input.length);
  });
});

describe('shapes through a model', () => {
  it('feeds a first dense layer any data flat, and a conv its image', () => {
    expect(shapesThrough([1, 4, 4], [{ kind: 'dense', units: 2 }])).toEqual([[2]]);
    expect(layerInputShapes([1, 4, 4], [{ kind: 'conv2d', filters: 2, kernel: 3 }, { kind: 'flatten' }]).inputs).toEqual([[1, 4, 4], [2, 2, 2]]);
  });

  it('names the layer that cannot read what the one before makes, and what would', () => {
    const thrown = (() => {
      try {
        shapesThrough([1, 6, 6], [{ kind: 'conv2d', filters: 2, kernel: 3 }, { kind: 'dense', units: 2 }]);
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(LayerShapeError);
    expect((thrown as LayerShapeError).layer).toBe(1);
    expect((thrown as LayerShapeError).message).toBe('dense (layer 1) reads [features] or [timesteps, features], but its input has shape [2, 4, 4]; put flatten (or global_avgpool) before it');
    expect(() => shapesThrough([4], [{ kind: 'lstm', units: 2 }])).toThrow("lstm (layer 0) reads [timesteps, features], but the data's samples have shape [4]");
    expect(() => shapesThrough([3], [{ kind: 'dense', units: 4 }, { kind: 'conv2d', filters: 1, kernel: 1 }])).toThrow(
      'conv2d (layer 1) reads [channels, height, width], but its input has shape [4]; it needs images or sequences, and the layers before it make one flat vector per sample',
    );
  });

  it('reports a layer option that does not fit its input as that layer\'s', () => {
    expect(() => shapesThrough([1, 4, 4], [{ kind: 'conv2d', filters: 1, kernel: 5 }])).toThrow(new LayerShapeError(0, 'conv2d 0: kernel 5 is larger than the padded input 4×4'));
  });
});

describe('layerConfig', () => {
  it('resolves literal options with their defaults and builds the concepts a layer names', () => {
    const config = layerConfig({
      kind: 'Conv2d',
      options: { filters: 4, kernel: 3, padding: 'same' },
      concepts: { activation: { name: 'leaky_relu', options: { alpha: 0.2 } }, init: { name: 'he_normal', options: {} } },
    });
    expect(config).toMatchObject({ kind: 'conv2d', filters: 4, kernel: 3, padding: 'same', stride: 1, dilation: 1, useBias: true });
    expect(config.activation).toMatchObject({ name: 'leaky_relu', negativeSlope: 0.2 });
    expect(config.kernelInitializer).toMatchObject({ name: createInitializer('he_normal').name });
    // A concept's own option name never lands in the config as text.
    expect(config).not.toHaveProperty('init');
  });
});
