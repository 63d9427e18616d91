/**
 * Weight files: a model's state dict to bytes and back. Two forms:
 * safetensors (the binary format PyTorch and Hugging Face exchange) and a
 * readable JSON form. Both work on bytes and strings only; opening and
 * writing files is the caller's job, so the engine stays free of Node APIs.
 * Files are written under the names the equivalent PyTorch nn.Sequential
 * gives (`pytorchStateDict`); a file named by PyTorch or Keras is matched to
 * a model's layers by `mapWeightNames` before `Sequential.loadStateDict`.
 */
export { halfToFloat, readSafetensors, writeSafetensors } from './safetensors';
export type { IntegerTensor, ReadSafetensorsOptions, SafetensorsContents, SafetensorsFloatDtype, SafetensorsIntegerDtype } from './safetensors';
export { WEIGHTS_JSON_FORMAT, WEIGHTS_JSON_VERSION, float32Text, readWeightsJson, writeWeightsJson } from './json';
export type { WeightsJsonContents } from './json';
export { mapWeightNames } from './name-map';
export type { NameMapping, WeightNaming } from './name-map';
export { pytorchModuleIndices, pytorchStateDict } from './pytorch-names';
export type { PytorchStateDict } from './pytorch-names';
