/**
 * Weight files: a model's state dict to bytes and back. Two forms:
 * safetensors (the binary format PyTorch and Hugging Face exchange) and a
 * readable JSON form. Both work on bytes and strings only; opening and
 * writing files is the caller's job, so the engine stays free of Node APIs.
 * Loading into a model is `Sequential.loadStateDict`, which checks names and
 * shapes.
 */
export { halfToFloat, readSafetensors, writeSafetensors } from './safetensors';
export type { ReadSafetensorsOptions, SafetensorsContents, SafetensorsFloatDtype } from './safetensors';
export { WEIGHTS_JSON_FORMAT, WEIGHTS_JSON_VERSION, float32Text, readWeightsJson, writeWeightsJson } from './json';
export type { WeightsJsonContents } from './json';
