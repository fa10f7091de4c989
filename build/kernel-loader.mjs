// Loading gotrain's WebAssembly matrix kernels next to the Go program, for
// gotrain.wasm built with the Go tag wasmkernel (make build does). Plain ES
// module, no Node APIs: the test runner build/wasm-kernel-run.mjs uses it, and
// www/gotrain.js needs the same steps (see kernelImports below).
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

/**
 * A tiny module using f64x2 instructions like the kernel's:
 * (module (memory 0) (func (param i32) (result v128)
 *   (f64x2.add (v128.load64_splat (local.get 0)) (v128.const i64x2 0 0))))
 */
export const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 123, 3, 2, 1, 0, 5, 3, 1, 0, 0, 10, 31, 1, 29, 0, 32, 0, 253, 10, 3,
  0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 240, 1, 11,
]);

/** Reports whether the engine has WebAssembly SIMD (f64x2). */
export function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

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

/**
 * The "gotrain_kernel" imports for Go's import object, and attach(), which
 * instantiates the compiled kernel module on the Go instance's memory and
 * points the imports at it. Call attach after Go's instantiation and before
 * go.run (Go reads backend() once, at start-up).
 */
export function kernelImports() {
  let k = null; // the kernel instance's exports, once attached
  return {
    imports: {
      // Fixed arity: no rest parameters or spread on this path.
      gemm_nn: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_nn(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      gemm_tn: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_tn(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      gemm_nt: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_nt(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      adam: (n, w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps) => k.adam(n, w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps),
      relu_bias: (n, cols, z, b, a) => k.relu_bias(n, cols, z, b, a),
      relu_bwd: (n, cols, z, da, dz, gb) => k.relu_bwd(n, cols, z, da, dz, gb),
      backend: () => (k === null ? 0 : k.backend()),
    },
    /** Instantiates module (a compiled kernel) on goInstance's memory. */
    async attach(module, goInstance) {
      const mem = goInstance?.exports?.mem;
      if (!(mem instanceof WebAssembly.Memory)) throw new Error('kernel: the Go instance exports no memory "mem"');
      const inst = await WebAssembly.instantiate(module, { go: { mem } });
      const e = inst.exports;
      for (const f of ['gemm_nn', 'gemm_tn', 'gemm_nt', 'adam', 'relu_bias', 'relu_bwd', 'backend']) {
        if (typeof e[f] !== 'function') throw new Error(`kernel: the module exports no ${f}`);
      }
      k = e;
      return this.backend();
    },
    /** "simd", "scalar", or "go" (nothing attached). */
    backend() {
      return ['go', 'simd', 'scalar'][k === null ? 0 : k.backend()] ?? 'go';
    },
  };
}
