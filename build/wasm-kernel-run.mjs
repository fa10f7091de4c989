// Runs a js/wasm Go program (a test binary, for instance) in Node with
// gotrain's WebAssembly kernel module attached, as the page does: like
// $(go env GOROOT)/lib/wasm/wasm_exec_node.js, plus the "gotrain_kernel"
// imports that programs built with the Go tag wasmkernel need.
//
//   node build/wasm-kernel-run.mjs PROGRAM.wasm [ARGS...]
//   (go test -exec=build/wasm-kernel-exec.sh wraps this)
//
// Environment:
//   GOTRAIN_KERNEL       simd (default when the engine has it, else scalar),
//                        scalar, or go (attach no module: the Go loops run).
//                        A kernel asked for by name must load, or this fails.
//   GOTRAIN_KERNEL_WASM  a .wasm file to use instead of assembling
//                        core/internal/kernel/gemm.wat (or gemm_scalar.wat) now
//                        with build/wat2wasm.mjs.
//   GOROOT               the Go whose wasm_exec.js to load (else `go env GOROOT`).

import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { compileKernel, kernelImports, simdSupported } from './kernel-loader.mjs';
import { assemble } from './wat2wasm.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const require = createRequire(import.meta.url);

if (process.argv.length < 3) {
  console.error('usage: node build/wasm-kernel-run.mjs PROGRAM.wasm [ARGS...]');
  process.exit(1);
}

function fail(msg) {
  console.error(`wasm-kernel-run: ${msg}`);
  process.exit(1);
}

// What wasm_exec_node.js sets up for wasm_exec.js.
globalThis.require = require;
globalThis.fs = require('fs');
globalThis.path = require('path');
globalThis.TextEncoder = require('util').TextEncoder;
globalThis.TextDecoder = require('util').TextDecoder;
globalThis.performance ??= require('perf_hooks').performance;
globalThis.crypto ??= require('crypto');

const goroot = process.env.GOROOT || execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
const wasmExec = ['lib/wasm/wasm_exec.js', 'misc/wasm/wasm_exec.js'].map((p) => path.join(goroot, p)).find(existsSync);
if (!wasmExec) fail(`no wasm_exec.js under GOROOT=${goroot}`);
require(wasmExec);

async function kernelBytes(kind) {
  if (process.env.GOTRAIN_KERNEL_WASM) return readFileSync(process.env.GOTRAIN_KERNEL_WASM);
  const wat = path.join(repoRoot, 'core/internal/kernel', kind === 'simd' ? 'gemm.wat' : 'gemm_scalar.wat');
  return assemble(wat, { simd: kind === 'simd' });
}

async function main() {
  let kind = process.env.GOTRAIN_KERNEL || (simdSupported() ? 'simd' : 'scalar');
  if (!['simd', 'scalar', 'go'].includes(kind)) fail(`GOTRAIN_KERNEL=${kind}: want simd, scalar or go`);
  if (kind === 'simd' && !simdSupported()) fail(`GOTRAIN_KERNEL=simd but this Node (${process.version}) has no WebAssembly SIMD`);

  const go = new globalThis.Go();
  go.argv = process.argv.slice(2);
  go.env = Object.assign({ TMPDIR: os.tmpdir() }, process.env);
  go.exit = process.exit;

  const kernel = kernelImports();
  go.importObject.gotrain_kernel = kernel.imports;
  const kmod = kind === 'go' ? null : compileKernel(kernelBytes(kind));
  const { instance } = await WebAssembly.instantiate(readFileSync(process.argv[2]), go.importObject);
  if (kmod) {
    const got = await kernel.attach(await kmod, instance);
    if (got !== kind) fail(`asked for the ${kind} kernel, the module says it is ${got}`);
  }
  process.on('exit', (code) => {
    // Node exits when no event handler is pending: a deadlock; make Go print
    // the error and stack traces.
    if (code === 0 && !go.exited) {
      go._pendingEvent = { id: 0 };
      go._resume();
    }
  });
  return go.run(instance);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
