// kernel.js: gotrain's matrix kernels, small WebAssembly modules
// (core/wasmkernel/*.wat, built into www/gotrain-kernel*.wasm) that work on
// the Go instance's own memory. Go imports its inner loops from the module
// "gotrain_kernel"; those imports must exist when Go is instantiated, but a
// kernel can only be instantiated afterwards, on Go's exported memory. So:
//
//   const kernel = kernelImports();
//   go.importObject.gotrain_kernel = kernel.imports;        // 1. forwarders
//   const kmod = compileKernel(fetch(new URL(KERNEL_FILES.simd, base)));
//   const { instance } = await WebAssembly.instantiate(goBytes, go.importObject);
//   await kernel.attach(await kmod, instance);              // 2. on Go's memory
//   go.run(instance);                                       // 3. Go asks backend()
//
// Until attach succeeds, backend() answers 0 and Go uses its own loops, so a
// kernel that fails to load costs speed, not correctness. load() does these
// steps for the page; build/kernel-loader.mjs re-exports this module for
// the Go test runner, so there is one copy of the import list.

/** File names of the two kernel modules (next to gotrain.wasm). */
export const KERNEL_FILES = Object.freeze({ simd: 'gotrain-kernel.wasm', scalar: 'gotrain-kernel-scalar.wasm' });

// A module using f64x2: WebAssembly.validate says whether SIMD is there:
// (module (memory 0) (func (param i32) (result v128)
//   (f64x2.add (v128.load64_splat (local.get 0)) (v128.const i64x2 0 0))))
export const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 123, 3, 2, 1, 0, 5, 3, 1, 0, 0, 10, 31, 1, 29, 0,
  32, 0, 253, 10, 3, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 240, 1, 11]);

/** Whether this engine has WebAssembly SIMD (and so runs the SIMD kernel). */
export function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

/** What a kernel module must export: the imports below. */
const KERNEL_EXPORTS = ['gemm_nn', 'gemm_tn', 'gemm_nt', 'adam', 'relu_bias', 'relu_bwd', 'softmax_bias', 'sigmoid_bias',
  'xent_softmax', 'xent_softmax_sparse', 'xent_sigmoid', 'col_sums', 'gather_rows', 'count_classes', 'backend'];
const KERNEL_NAMES = ['go', 'simd', 'scalar'];

/**
 * The "gotrain_kernel" imports for Go's import object (core/kernels_wasm.go),
 * forwarding to the kernel module once attach has instantiated it on the Go
 * instance's memory; until then backend() answers 0 and Go uses its own
 * loops. Call attach after Go's instantiation and before go.run (Go reads
 * backend() once).
 */
export function kernelImports() {
  let k = null; // the kernel instance's exports, once attached
  return {
    // Fixed arity: no rest parameters or spread on this path.
    imports: {
      gemm_nn: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_nn(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      gemm_tn: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_tn(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      gemm_nt: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_nt(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      adam: (n, w, g, m, v, c) => k.adam(n, w, g, m, v, c),
      relu_bias: (n, cols, z, b, a) => k.relu_bias(n, cols, z, b, a),
      relu_bwd: (n, cols, z, da, dz, gb) => k.relu_bwd(n, cols, z, da, dz, gb),
      softmax_bias: (n, cols, z, b, hasb, a) => k.softmax_bias(n, cols, z, b, hasb, a),
      sigmoid_bias: (n, cols, z, b, hasb, a) => k.sigmoid_bias(n, cols, z, b, hasb, a),
      xent_softmax: (n, cols, p, y, dz, scale) => k.xent_softmax(n, cols, p, y, dz, scale),
      xent_softmax_sparse: (n, cols, p, y, dz, scale) => k.xent_softmax_sparse(n, cols, p, y, dz, scale),
      xent_sigmoid: (n, p, y, dz, scale) => k.xent_sigmoid(n, p, y, dz, scale),
      col_sums: (n, cols, dz, gb) => k.col_sums(n, cols, dz, gb),
      gather_rows: (rows, cols, src, stride, idx, dst) => k.gather_rows(rows, cols, src, stride, idx, dst),
      count_classes: (rows, cols, p, y, sparse, conf, kk) => k.count_classes(rows, cols, p, y, sparse, conf, kk),
      backend: () => (k === null ? 0 : k.backend()),
    },
    /** Instantiates module (a compiled kernel) on goInstance's memory; returns the kernel's name. */
    async attach(module, goInstance) {
      const mem = goInstance?.exports?.mem;
      if (!(mem instanceof WebAssembly.Memory)) throw new Error('kernel: the Go instance exports no memory "mem"');
      const e = (await WebAssembly.instantiate(module, { go: { mem } })).exports;
      for (const f of KERNEL_EXPORTS) {
        if (typeof e[f] !== 'function') throw new Error(`kernel: the module exports no ${f}`);
      }
      k = e;
      return this.name;
    },
    /** 'simd', 'scalar', or 'go' (nothing attached). */
    get name() {
      return KERNEL_NAMES[k === null ? 0 : k.backend()] ?? 'go';
    },
  };
}

/**
 * Compiles a kernel module (or gotrain.wasm itself: load.js) from bytes, a
 * Response, or a promise of either (compileStreaming when the response is
 * application/wasm). Compiling needs no memory, so a kernel can compile
 * while Go's module is instantiated. call names the caller in errors.
 */
export async function compileKernel(source, call = 'kernel') {
  const src = await source;
  // Modules and bytes first: in Node, the first use of the global Response
  // loads its fetch implementation (about half of a worker's start-up CPU).
  if (src instanceof WebAssembly.Module) return src;
  if (ArrayBuffer.isView(src) || src instanceof ArrayBuffer) return WebAssembly.compile(src);
  if (typeof Response === 'function' && src instanceof Response) {
    if (!src.ok) throw new Error(`${call}: fetching ${src.url} failed: ${src.status} ${src.statusText}`);
    const type = (src.headers.get('content-type') || '').split(';')[0].trim();
    if (typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm') {
      return WebAssembly.compileStreaming(src);
    }
    return WebAssembly.compile(await src.arrayBuffer());
  }
  return WebAssembly.compile(src);
}
