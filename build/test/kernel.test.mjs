// The WebAssembly matrix kernels (core/internal/kernel/*.wat) and their loader
// (build/kernel-loader.mjs) on their own, without Go: the modules assemble,
// have the same interface, the scalar one has no SIMD, the SIMD probe is what
// it claims, and the products are right, bit for bit against the Go kernels'
// order of summation, on a memory laid out as Go's would be. (core's Go tests
// run both kernels under Go: make test-kernels.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

import { SIMD_PROBE, simdSupported, compileKernel, kernelImports, KERNEL_FILES } from '../kernel-loader.mjs';
import { assemble } from '../wat2wasm.mjs';
import { repoRoot } from '../browser.mjs';

const require = createRequire(import.meta.url);
const watDir = path.join(repoRoot, 'core/internal/kernel');
const sources = {
  simd: { file: path.join(watDir, 'gemm.wat'), simd: true, code: 1 },
  scalar: { file: path.join(watDir, 'gemm_scalar.wat'), simd: false, code: 2 },
};

const modules = {};
async function kernelModule(kind) {
  modules[kind] ??= assemble(sources[kind].file, { simd: sources[kind].simd }).then((b) => WebAssembly.compile(b));
  return modules[kind];
}

test('the SIMD probe is the module its comment shows, and Node has SIMD', async () => {
  const wabt = await require('wabt')();
  const src = '(module (memory 0) (func (param i32) (result v128) (f64x2.add (v128.load64_splat (local.get 0)) (v128.const i64x2 0 0))))';
  const m = wabt.parseWat('probe.wat', src, { simd: true });
  m.resolveNames();
  const bytes = new Uint8Array(m.toBinary({}).buffer);
  m.destroy();
  assert.deepEqual([...bytes], [...SIMD_PROBE]);
  assert.ok(simdSupported(), `Node ${process.version} should have WebAssembly SIMD`);
});

test('gemm_scalar.wat has no SIMD: it assembles with SIMD off, gemm.wat does not', async () => {
  await assemble(sources.scalar.file, { simd: false });
  await assert.rejects(assemble(sources.simd.file, { simd: false }), /v128|simd|SIMD/);
});

test('both modules import only Go\'s memory and export the same functions', async () => {
  for (const kind of ['simd', 'scalar']) {
    const mod = await kernelModule(kind);
    assert.deepEqual(WebAssembly.Module.imports(mod), [{ module: 'go', name: 'mem', kind: 'memory' }], kind);
    const exps = WebAssembly.Module.exports(mod).map((e) => `${e.name}:${e.kind}`).sort();
    assert.deepEqual(exps, ['adam:function', 'backend:function', 'col_sums:function', 'count_classes:function', 'gather_rows:function',
      'gemm_nn:function', 'gemm_nt:function', 'gemm_tn:function', 'relu_bias:function', 'relu_bwd:function', 'sigmoid_bias:function',
      'softmax_bias:function', 'xent_sigmoid:function', 'xent_softmax:function', 'xent_softmax_sparse:function'], kind);
  }
});

test('built modules in www/ match their source (when built)', async () => {
  for (const kind of ['simd', 'scalar']) {
    const f = path.join(repoRoot, 'www', KERNEL_FILES[kind]);
    if (!existsSync(f)) continue;
    const fresh = await assemble(sources[kind].file, { simd: sources[kind].simd });
    assert.ok(Buffer.from(fresh).equals(readFileSync(f)), `${f} is stale: run make build`);
  }
});

test('kernelImports: backend 0 until attached, then the module\'s; attach checks the Go instance', async () => {
  for (const kind of ['simd', 'scalar']) {
    const k = kernelImports();
    assert.equal(k.imports.backend(), 0);
    assert.equal(k.name, 'go');
    await assert.rejects(k.attach(await kernelModule(kind), { exports: {} }), /no memory/);
    const mem = new WebAssembly.Memory({ initial: 1 });
    assert.equal(await k.attach(await compileKernel(kernelModule(kind)), { exports: { mem } }), kind);
    assert.equal(k.imports.backend(), sources[kind].code);
  }
});

// Reference products summed as core's Go kernels sum them: NN and TN add
// the products onto C (or +0) for l = 0, 1, …; NT sums from +0, then adds C.
function reference(kind, m, n, k, A, lda, B, ldb, C, ldc, acc) {
  const out = Float64Array.from(C);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const a = (l) => (kind === 'tn' ? A[l * lda + i] : A[i * lda + l]);
      const b = (l) => (kind === 'nt' ? B[j * ldb + l] : B[l * ldb + j]);
      let s = kind !== 'nt' && acc ? C[i * ldc + j] : 0;
      for (let l = 0; l < k; l++) s += a(l) * b(l);
      if (kind === 'nt' && acc) s += C[i * ldc + j];
      out[i * ldc + j] = s;
    }
  }
  return out;
}

test('products equal the Go kernels\' summation bit for bit, touching nothing outside C', async () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const value = () => {
    const r = rand();
    if (r < 0.06) return 0;
    if (r < 0.12) return -0;
    return (rand() - 0.5) * 2 ** Math.floor(rand() * 30 - 15);
  };
  const dim = () => (rand() < 0.3 ? 1 + Math.floor(rand() * 5) : 1 + Math.floor(rand() * 40));
  for (const kind of ['simd', 'scalar']) {
    const mem = new WebAssembly.Memory({ initial: 4 });
    const k = kernelImports();
    await k.attach(await kernelModule(kind), { exports: { mem } });
    for (let trial = 0; trial < 150; trial++) {
      const m = dim(), n = dim(), kk = dim();
      const acc = rand() < 0.5;
      for (const op of ['nn', 'tn', 'nt']) {
        const [ar, ac] = op === 'tn' ? [kk, m] : [m, kk];
        const [br, bc] = op === 'nt' ? [n, kk] : [kk, n];
        const lda = ac + Math.floor(rand() * 3), ldb = bc + Math.floor(rand() * 3), ldc = n + Math.floor(rand() * 3);
        // A, B, C one after another in the memory, 8-byte aligned, with gaps.
        const f64 = new Float64Array(mem.buffer);
        f64.fill(-12345.678);
        const aOff = 3, bOff = aOff + ar * lda + 5, cOff = bOff + br * ldb + 7;
        const A = f64.subarray(aOff, aOff + ar * lda), B = f64.subarray(bOff, bOff + br * ldb);
        const C = f64.subarray(cOff, cOff + m * ldc);
        for (let i = 0; i < ar; i++) for (let j = 0; j < ac; j++) A[i * lda + j] = value();
        for (let i = 0; i < br; i++) for (let j = 0; j < bc; j++) B[i * ldb + j] = value();
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) C[i * ldc + j] = value();
        const before = Float64Array.from(f64.subarray(0, cOff + m * ldc + 16));
        const want = reference(op, m, n, kk, A, lda, B, ldb, C, ldc, acc);
        k.imports[`gemm_${op}`](m, n, kk, aOff * 8, lda, bOff * 8, ldb, cOff * 8, ldc, acc ? 1 : 0);
        const after = f64.subarray(0, before.length);
        const bits = (x) => new BigUint64Array(Float64Array.of(x).buffer)[0];
        for (let p = 0; p < before.length; p++) {
          const q = p - cOff;
          const inC = q >= 0 && q < m * ldc && q % ldc < n;
          const expect = inC ? want[q] : before[p];
          if (bits(after[p]) !== bits(expect)) {
            assert.fail(`${kind} gemm_${op} ${m}×${n}×${kk} lda=${lda} ldb=${ldb} ldc=${ldc} acc=${acc}: ` +
              `${inC ? `C[${Math.floor(q / ldc)}][${q % ldc}]` : `memory at ${p} (outside C)`} = ${after[p]}, want ${expect}`);
          }
        }
      }
    }
  }
});
