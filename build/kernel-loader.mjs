// Loading gotrain's WebAssembly matrix kernels next to the Go program, for
// gotrain.wasm built with the Go tag wasmkernel (make build does). Plain ES
// module, no Node APIs: the test runner build/wasm-kernel-run.mjs uses it;
// www/gotrain.js does the same steps for the page, with kernelImports and
// simdSupported, which this file re-exports.
//
// The Go program imports its matrix products from the module
// "gotrain_kernel" (core/kernels_wasm.go). They must be there when Go is
// instantiated, but the kernel module can only be instantiated afterwards,
// on the Go instance's exported memory ("mem"). So:
//
//   const kernel = kernelImports();
//   go.importObject.gotrain_kernel = kernel.imports;       // 1. forwarders
//   const kmod = compileKernel(fetch(simdSupported() ? 'gotrain-kernel.wasm'
//                                    : 'gotrain-kernel-scalar.wasm'));
//   const { instance } = await WebAssembly.instantiate(goBytes, go.importObject);
//   await kernel.attach(await kmod, instance);             // 2. on Go's memory
//   go.run(instance);                                      // 3. Go asks backend()
//
// Until attach succeeds, backend() answers 0 and Go multiplies with its own
// loops, so a kernel that fails to load costs speed, not correctness.

// The forwarders, the SIMD probe and simdSupported live in www/gotrain.js,
// which loads the same kernels for the page: one copy of the import list.
import { _kernel } from '../www/gotrain.js';

export const { SIMD_PROBE, simdSupported, kernelImports } = _kernel;

/** File names of the two kernel modules (in www/, next to gotrain.wasm). */
export const KERNEL_FILES = { simd: 'gotrain-kernel.wasm', scalar: 'gotrain-kernel-scalar.wasm' };

/**
 * Compiles a kernel module from bytes, a Response, or a promise of either
 * (compileStreaming when the response is application/wasm). Compiling needs
 * no memory, so it can run while Go's module is instantiated.
 */
export async function compileKernel(source) {
  const src = await source;
  if (typeof Response === 'function' && src instanceof Response) {
    if (!src.ok) throw new Error(`kernel: fetching ${src.url} failed: ${src.status} ${src.statusText}`);
    const type = (src.headers.get('content-type') || '').split(';')[0].trim();
    if (typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm') {
      return WebAssembly.compileStreaming(src);
    }
    return WebAssembly.compile(await src.arrayBuffer());
  }
  if (src instanceof WebAssembly.Module) return src;
  return WebAssembly.compile(src);
}
