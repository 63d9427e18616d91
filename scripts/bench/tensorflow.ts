// TensorFlow.js as the benchmark loads it: tfjs-core with its gradients and
// the cpu and wasm backends, built from their ES modules into
// dist/bench-tensorflow.js (see esbuild.mjs). The ES modules are the only
// build of tfjs-core that registers gradients (its CommonJS build leaves that
// to the @tensorflow/tfjs umbrella package), and they cannot be required
// from Node directly. A devDependency only: .vscodeignore keeps the file out
// of the extension, and nothing in src/ imports it.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
export * from '@tensorflow/tfjs-core';
export { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
