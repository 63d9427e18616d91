const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const path = require('path');
wasm.setWasmPaths(path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '/'));
(async () => {
  for (const b of ['cpu', 'wasm']) {
    await tf.setBackend(b); await tf.ready();
    console.log(b, tf.getBackend(), await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
    const a = tf.randomNormal([128, 784]); const w = tf.variable(tf.randomNormal([784, 256]));
    const t0 = performance.now(); for (let i = 0; i < 50; i++) tf.tidy(() => tf.matMul(a, w).dataSync()); console.log((performance.now()-t0)/50, 'ms/matmul');
  }
})();
