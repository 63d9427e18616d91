/**
 * How big a notebook may ask things to be. A model or data set past a limit is
 * refused before anything is allocated, with the figure, the limit and the
 * setting that raises it, at the line that asked for it — instead of the
 * engine dying with "Array buffer allocation failed" half way through.
 *
 * Pure: the editor reads the settings (`nnlab.limits.*`), the CLI its flags,
 * and both hand the session a `Partial<Limits>`.
 */

/** Sizes a session refuses to go past; each is a setting. */
export interface Limits {
  /**
   * Most trainable parameters a model may have. Training holds each one
   * several times over (weight, gradient, the optimizer's buffers), all float32.
   */
  readonly maxParameters: number;
  /** Most values (samples × features) one data set may hold, generated or read from a CSV file. */
  readonly maxDataValues: number;
  /**
   * Most activations the model's layers may hold for the samples of one
   * forward pass (the batch, or the 512 rows evaluation runs at a time):
   * samples × the units of every layer.
   */
  readonly maxActivations: number;
}

/**
 * 20 million parameters is ten times a 784-1000-1000-10 MNIST network; with
 * Adam a run holds about 9 float32 copies of them (weights, gradients, two
 * moments, the first and last kernels for diagnostics, the session's saved
 * weights and optimizer state): 720 MB. 20 million data values is the whole
 * stored MNIST set twice over, 80 MB as float32; a CSV file that size needs
 * about 2 GB of JavaScript heap while it is read. 20 million activations is
 * 512 samples through layers of 39,000 units in all; each layer keeps its
 * outputs and their gradients, so about 320 MB.
 */
export const DEFAULT_LIMITS: Limits = { maxParameters: 20_000_000, maxDataValues: 20_000_000, maxActivations: 20_000_000 };

/** The setting that changes each limit, named in every refusal. */
export const LIMIT_SETTINGS: { readonly [K in keyof Limits]: string } = {
  maxParameters: 'nnlab.limits.maxParameters',
  maxDataValues: 'nnlab.limits.maxDataValues',
  maxActivations: 'nnlab.limits.maxActivations',
};

/** What each setting means, for package.json's description and the docs. */
export const LIMIT_DOCS: { readonly [K in keyof Limits]: string } = {
  maxParameters: 'Most trainable parameters a model may have; a larger model is refused at its layer before anything is allocated.',
  maxDataValues: 'Most values (samples × features) a data set may hold, generated or read from a CSV file; a larger one is refused at its data line.',
  maxActivations: 'Most activations a model may hold for one batch (or the 512 samples evaluation runs at a time): samples × the units of every layer; a model past it is refused at its widest layer.',
};

/**
 * Longest path a `data`, `save weights` or `load weights` statement may name.
 * Linux's PATH_MAX: a longer path fails in the file system anyway (with
 * ENAMETOOLONG), so this is no setting, only an early, readable refusal.
 */
export const MAX_PATH_LENGTH = 4096;

/**
 * JavaScript heap a CSV file needs per value while it is read: each cell is
 * an object with its text and place until the table is converted (measured:
 * about 105 bytes a value).
 */
const CSV_HEAP_BYTES_PER_VALUE = 110;

/** Heap for everything else a session keeps: code, outputs, histories, charts' series. */
const BASE_HEAP_MB = 512;

/** `given` over the defaults, keeping only whole numbers ≥ 1. */
export function resolveLimits(given: Partial<Limits> = {}): Limits {
  const pick = (key: keyof Limits) => (isLimit(given[key]) ? given[key] : DEFAULT_LIMITS[key]);
  return { maxParameters: pick('maxParameters'), maxDataValues: pick('maxDataValues'), maxActivations: pick('maxActivations') };
}

/** A usable limit: a whole number ≥ 1 (a setting or flag that is not one counts as unset). */
export function isLimit(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/**
 * The old-generation heap the training worker may use, in MB: room to read a
 * CSV file of `maxDataValues` values, plus a base. Typed arrays (weights,
 * data) live outside this heap; the limits above bound them.
 */
export function workerHeapMb(limits: Partial<Limits> = {}): number {
  const { maxDataValues } = resolveLimits(limits);
  return BASE_HEAP_MB + Math.ceil((maxDataValues * CSV_HEAP_BYTES_PER_VALUE) / 2 ** 20);
}

/** 1234567 → "1,234,567", as every figure in a refusal is written. */
export function grouped(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** Bytes as people read them: "4.0 GB", "720 MB", "12 KB" (powers of 1000, as disks and Keras' summary count). */
export function bytesText(bytes: number): string {
  const units: [number, string][] = [
    [1e12, 'TB'],
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(bytes >= 10 * size ? 0 : 1)} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** "; the limit is 20,000,000 (nnlab.limits.maxParameters)" — the end of every refusal. */
export function limitText(limits: Limits, key: keyof Limits): string {
  return `the limit is ${grouped(limits[key])} (${LIMIT_SETTINGS[key]})`;
}
