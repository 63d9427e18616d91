import { ConfigError } from '../errors';
import { Dense } from '../layers/dense';
import type { Sequential } from '../model';
import type { Rng } from '../rng';

/**
 * What a network with two inputs computes over the plane of its inputs: the
 * output at every cell of a grid (a decision boundary for a classifier, a
 * surface for a regression), and what each unit of the first hidden layers
 * responds to — the pictures TensorFlow Playground draws. The model runs in
 * evaluation mode (dropout off, batch norm on its running statistics) and
 * nothing about it changes.
 */

/** Where and how finely to probe. Ranges are in the model's input space (after any scaling). */
export interface LandscapeGrid {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  /** Cells per side of the output map. */
  readonly resolution: number;
  /** Cells per side of each hidden unit's map: coarser, as there are many. */
  readonly unitResolution: number;
  /** Hidden dense layers mapped, from the input side. */
  readonly hiddenLayers: number;
  /** Units mapped per layer: its first ones. */
  readonly unitsPerLayer: number;
}

/** One hidden unit's activation over the unit grid. */
export interface UnitMap {
  readonly layer: string;
  readonly unit: number;
  readonly values: Float32Array;
}

/**
 * The model over the grid. Cells are row-major from the lowest x and y, x
 * fastest; a cell's value is the model at its centre.
 */
export interface LandscapeValues {
  /** resolution² × outputWidth model outputs. */
  readonly outputs: Float32Array;
  readonly outputWidth: number;
  readonly units: readonly UnitMap[];
}

/** Cells per forward pass: the evaluator's chunk, so the layers' scratch buffers never grow for a probe. */
const CHUNK = 512;

/** Probes a two-input model; the grid's inputs are made once, each probe runs the model over them. */
export class LandscapeProbe {
  private readonly cells: Float32Array;
  private readonly unitCells: Float32Array;

  constructor(
    private readonly model: Sequential,
    readonly grid: LandscapeGrid,
    private readonly rng: Rng,
  ) {
    if (model.inputSize !== 2) throw new ConfigError(`landscape: a map of the input plane needs a model with 2 inputs, this one has ${model.inputSize}`);
    for (const [name, n] of [['resolution', grid.resolution], ['unitResolution', grid.unitResolution]] as const) {
      if (!Number.isInteger(n) || n < 2 || n > 256) throw new ConfigError(`landscape: ${name} must be a whole number in [2, 256], got ${n}`);
    }
    this.cells = cellCentres(grid.x, grid.y, grid.resolution);
    this.unitCells = cellCentres(grid.x, grid.y, grid.unitResolution);
  }

  /** The model's outputs and the mapped units' activations over the grid, as it is now. */
  probe(): LandscapeValues {
    const width = this.model.outputSize;
    const outputs = new Float32Array(this.grid.resolution ** 2 * width);
    this.forEachChunk(this.cells, (start, size, out) => outputs.set(out.subarray(0, size * width), start * width));
    const mapped = this.mappedUnits();
    const units = mapped.map(({ index, unit }) => ({ layer: this.model.layers[index].name, unit, values: new Float32Array(this.grid.unitResolution ** 2) }));
    this.forEachChunk(this.unitCells, (start, size) => {
      mapped.forEach(({ index, unit }, m) => {
        const activations = this.model.layerOutputs[index];
        const layerWidth = this.model.layers[index].outputSize;
        for (let i = 0; i < size; i++) units[m].values[start + i] = activations[i * layerWidth + unit];
      });
    });
    return { outputs, outputWidth: width, units };
  }

  /** The hidden dense layers (not the output layer) and units to map. */
  private mappedUnits(): { index: number; unit: number }[] {
    const hidden = this.model.layers
      .map((layer, index) => ({ layer, index }))
      .filter(({ layer, index }) => layer instanceof Dense && index < this.model.layers.length - 1)
      .slice(0, this.grid.hiddenLayers);
    return hidden.flatMap(({ layer, index }) => Array.from({ length: Math.min(this.grid.unitsPerLayer, layer.outputSize) }, (_, unit) => ({ index, unit })));
  }

  private forEachChunk(cells: Float32Array, visit: (start: number, size: number, output: Float32Array) => void): void {
    const count = cells.length / 2;
    const context = { training: false, rng: this.rng };
    for (let start = 0; start < count; start += CHUNK) {
      const size = Math.min(CHUNK, count - start);
      visit(start, size, this.model.forward(cells.subarray(start * 2, (start + size) * 2), size, context));
    }
  }
}

/** n×n cell centres over the ranges, as rows of (x, y): x fastest, from the lowest x and y. */
function cellCentres(x: readonly [number, number], y: readonly [number, number], n: number): Float32Array {
  const cells = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      const i = (row * n + column) * 2;
      cells[i] = x[0] + ((column + 0.5) * (x[1] - x[0])) / n;
      cells[i + 1] = y[0] + ((row + 0.5) * (y[1] - y[0])) / n;
    }
  }
  return cells;
}
