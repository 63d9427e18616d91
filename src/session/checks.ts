import { layerConfig, layerInputShapes, LayerShapeError, layers, sizeOf, type LayerConfig } from '../engine/layers';
import { losses } from '../engine/losses';
import { createParameter } from '../engine/parameter';
import { EVALUATION_CHUNK } from '../engine/train/evaluate';
import { optimizers } from '../engine/optim/optimizers';
import type { ConceptRef } from '../lang/program';
import type { CellProblem, SourceLocation } from '../protocol/cell-output';
import { defaultLoss, outputLayerIndex } from './build';
import type { PreparedData } from './data';
import { attributeTo, type Declarations } from './declarations';
import { bytesText, grouped, limitText, type Limits } from './limits';

/** An error-severity problem at `location`. */
export function problem(code: string, message: string, location: SourceLocation): CellProblem {
  return { code, severity: 'error', message, location };
}

/** Problems found while running an instruction, already located: the instruction stops and the cell shows them. */
export class CellFailure extends Error {
  constructor(readonly problems: CellProblem[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

/** What a run needs declared before it can start: data and a model. */
export function missingPieces(declarations: Declarations, action: string, at: SourceLocation): CellProblem[] {
  const problems: CellProblem[] = [];
  if (!declarations.data) problems.push(problem('missing-data', `${action} needs data: declare it first, e.g. data spirals n=600`, at));
  if (!declarations.model) problems.push(problem('missing-model', `${action} needs a model: declare one first, e.g.\nmodel\n  dense 16 relu\n  dense 3 softmax`, at));
  return problems;
}

/**
 * How the declarations fit the data: the output layer's width against the
 * class count, the output activation against the loss and the task. Each
 * problem points at the declaration to change.
 */
export function checkFit(declarations: Declarations, data: PreparedData): CellProblem[] {
  const specs = declarations.model!.value;
  const shapes = modelShapes(declarations, data);
  const outputIndex = outputLayerIndex(specs);
  if (outputIndex < 0) return [problem('no-dense-layer', 'the model needs an output layer with units, such as dense 3 softmax, as its last layer with an activation', declarations.model!.location)];
  const outputShape = shapes.outputs[shapes.outputs.length - 1];
  const output = { units: outputShape[outputShape.length - 1], activation: specs[outputIndex].concepts.activation ?? { name: 'linear' } };
  const at = declarations.model!.parts?.[outputIndex] ?? declarations.model!.location;
  const steps = sizeOf(outputShape) / output.units;
  const expectedSteps = data.full.task === 'classification' ? data.full.targetWidth : 1;
  if (steps !== expectedSteps) {
    const says = steps === 1 ? 'one output per sample' : `an output for each of ${steps} timesteps`;
    const needs = expectedSteps === 1 ? 'one target per sample: set return_sequences=false on the last recurrent layer' : `a label for each of ${expectedSteps} timesteps: set return_sequences=true on the last recurrent layer`;
    return [problem('target-width', `the model makes ${says}, but ${data.full.name} has ${needs}`, at)];
  }
  const augment = declarations.augment;
  if (augment && (augment.value.shift > 0 || augment.value.rotate > 0) && data.train.sampleShape.length !== 3) {
    const what = augment.value.shift > 0 ? 'shift' : 'rotate';
    return [problem('augment-images', `augment ${what} moves pixels of images, but ${data.full.name} has samples of shape [${data.train.sampleShape.join(', ')}], not [channels, height, width]; use noise= for other data`, augment.location)];
  }
  const lossRef = declarations.loss?.value ?? defaultLoss(data, output.units);
  const lossAt = declarations.loss?.location ?? at;
  const lossEntry = losses.get(lossRef.name);
  const problems: CellProblem[] = [];
  const { task, classes } = data.full;
  const activation = output.activation.name;
  if (task === 'classification' && classes) {
    const count = classes.length;
    const names = count <= 6 ? ` (${classes.join(', ')})` : '';
    if (output.units === 1 && count !== 2) {
      problems.push(problem('class-count', `the output layer has 1 unit but the data has ${count} classes${names}: use dense ${count} softmax`, at));
    } else if (output.units !== 1 && output.units !== count) {
      problems.push(problem('class-count', `the output layer has ${output.units} units but the data has ${count} classes${names}: use dense ${count} softmax`, at));
    }
    if (lossEntry.regression && output.units === 1) {
      problems.push(problem('loss-task', `${lossRef.name} compares numbers, but the data has class labels: use binary_crossentropy with a sigmoid output`, lossAt));
    }
    if (lossEntry.perClass && output.units === 1 && count === 2) {
      problems.push(
        problem('loss-output', `${lossRef.name} needs one output per class, but the output layer has 1 unit: use binary_crossentropy with dense 1 sigmoid, or dense 2 softmax`, lossAt),
      );
    }
  } else {
    if (activation === 'softmax') {
      problems.push(problem('softmax-regression', `a softmax output makes probabilities, but ${data.full.name} is a regression task: use a linear output (dense ${output.units})`, at));
    }
    if (!lossEntry.regression) {
      problems.push(problem('loss-task', `${lossRef.name} needs class labels, but ${data.full.name} is a regression task: use ${regressionLossNames()}`, lossAt));
    }
    if (output.units !== data.full.targetWidth) {
      problems.push(problem('target-width', `the output layer has ${output.units} units but each sample has ${data.full.targetWidth} target value${data.full.targetWidth === 1 ? '' : 's'}`, at));
    }
  }
  return problems;
}

/** The registered regression losses as a choice: "mse, mae, huber or cosine_similarity". */
function regressionLossNames(): string {
  const names = losses.entries().filter((entry) => entry.regression).map((entry) => entry.name);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}

/**
 * Each layer's input and output shape for one sample of `data`, or a
 * CellFailure at the first layer that cannot read what the one before makes
 * ("conv2d (layer 2) reads [channels, height, width], but its input has shape [64]").
 */
export function modelShapes(declarations: Declarations, data: PreparedData): { configs: LayerConfig[]; inputs: number[][]; outputs: number[][] } {
  const model = declarations.model!;
  const configs = model.value.map((spec) => layerConfig(spec));
  try {
    return { configs, ...layerInputShapes(data.train.sampleShape, configs) };
  } catch (error) {
    if (error instanceof LayerShapeError) throw new CellFailure([problem('layer-shape', error.message, model.parts?.[error.layer] ?? model.location)]);
    throw error;
  }
}

/** Trainable parameters of each layer on the data's samples, counted by each layer's entry without allocating them. */
function parametersByLayer(declarations: Declarations, data: PreparedData): number[] {
  const { configs, inputs } = modelShapes(declarations, data);
  return configs.map((config, index) => layers.get(config.kind).parameterCount(inputs[index], config));
}

/**
 * Refuses a model with more parameters than `limits.maxParameters`, before
 * any is allocated, at its largest layer (the one to shrink), saying what
 * training would hold: "the model has 1,000,000,794 parameters (4.0 GB of
 * float32; training with adam holds 4 copies, 16 GB) …".
 */
export function checkModelSize(declarations: Declarations, data: PreparedData, optimizer: ConceptRef, limits: Limits): CellProblem[] {
  return refuseAtLargest(declarations, parametersByLayer(declarations, data), limits, 'maxParameters', 'too-many-parameters', (total, inLayer) => {
    const copies = 2 + optimizerBuffers(optimizer);
    return `the model has ${grouped(total)} parameters${inLayer} (${bytesText(total * 4)} of float32; training with ${optimizer.name} holds ${copies} copies, ${bytesText(total * 4 * copies)})`;
  });
}

/**
 * Buffers the optimizer keeps per parameter (Adam two moments, SGD with
 * momentum one), counted on the optimizer itself with one empty parameter so
 * the count can never disagree with what it allocates.
 */
function optimizerBuffers(ref: ConceptRef): number {
  const probe = createParameter('probe', 'weight', [0], 'weight');
  const optimizer = attributeTo('optimizer', () => optimizers.get(ref.name).create([probe], ref.options));
  return Object.keys(optimizer.getState().slots).length;
}

/**
 * Refuses a model whose layers would hold more than `limits.maxActivations`
 * values for one forward pass — `rows` samples (the largest batch asked for,
 * or evaluation's 512 a time) × every layer's units — at its widest layer.
 * Parameters are not the only memory: `dense 5000000` on one feature has few
 * weights per unit but five million activations per sample.
 */
export function checkActivations(declarations: Declarations, data: PreparedData, batch: number, limits: Limits): CellProblem[] {
  const rows = Math.max(Math.min(batch, data.train.count), Math.min(EVALUATION_CHUNK, data.full.count));
  const perLayer = modelShapes(declarations, data).outputs.map((shape) => rows * sizeOf(shape));
  return refuseAtLargest(declarations, perLayer, limits, 'maxActivations', 'too-many-activations', (total, inLayer) =>
    `${grouped(rows)} samples at a time make ${grouped(total)} activations in the model's layers${inLayer} (${bytesText(total * 4)} of float32, and as much again for their gradients)`,
  );
}

/** Refuses a model whose layers' amounts add up past `limits[key]` at the layer holding most, the one to shrink. */
function refuseAtLargest(declarations: Declarations, perLayer: readonly number[], limits: Limits, key: keyof Limits, code: string, describe: (total: number, inLayer: string) => string): CellProblem[] {
  const total = perLayer.reduce((sum, amount) => sum + amount, 0);
  if (total <= limits[key]) return [];
  const largest = perLayer.reduce((best, amount, index) => (amount > perLayer[best] ? index : best), 0);
  const inLayer = perLayer.length > 1 ? `, ${grouped(perLayer[largest])} of them in this layer` : '';
  const model = declarations.model!;
  return [problem(code, `${describe(total, inLayer)}; ${limitText(limits, key)}`, model.parts?.[largest] ?? model.location)];
}
