// Tests run the kernel builds VS Code runs: relaxed SIMD is on there, and here on Node 20 only by flag.
import '../src/node/relaxed-simd';
