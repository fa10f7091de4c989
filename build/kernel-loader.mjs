// Loading gotrain's WebAssembly matrix kernels next to the Go program, for
// gotrain.wasm built with the Go tag wasmkernel (make build does). The test
// runner build/wasm-kernel-run.mjs and build/test/kernel.test.mjs use it.
// The code is www/lib/kernel.js, which load() uses for the page (one copy
// of the import list); see there for the steps. Plain ES module, no Node
// APIs.

export { SIMD_PROBE, simdSupported, kernelImports, compileKernel, KERNEL_FILES } from '../www/lib/kernel.js';
