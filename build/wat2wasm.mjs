// Assembles gotrain's WebAssembly kernel modules from their text source with
// the npm package wabt (no native tools needed):
//
//   node build/wat2wasm.mjs [--simd|--no-simd] IN.wat OUT.wasm
//
// --simd (the default) accepts SIMD instructions; --no-simd rejects them, so
// that the scalar variant is checked to contain none. OUT is rewritten only
// when its bytes change (else just touched). The test runner
// build/wasm-kernel-run.mjs imports assemble() to run the current source
// rather than a build output that may be stale.
//
// A line `(;include NAME.wat;)` is replaced by that file's text (module
// fields, from the including file's folder), so that code both kernel
// modules share (the output layer's passes) has one source.

import { readFileSync, writeFileSync, renameSync, existsSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

let wabtPromise = null;

/** Returns the bytes of the module in the .wat file at file. */
export async function assemble(file, { simd = true } = {}) {
  wabtPromise ??= require('wabt')();
  const wabt = await wabtPromise;
  // Only what the kernels use: everything else stays off, so that nothing a
  // browser may lack slips in unnoticed.
  const features = {
    simd,
    multi_value: false,
    bulk_memory: false,
    reference_types: false,
    sign_extension: false,
    sat_float_to_int: false,
    mutable_globals: false,
  };
  const mod = wabt.parseWat(path.basename(file), withIncludes(file), features);
  try {
    mod.resolveNames();
    mod.validate(features);
    const { buffer } = mod.toBinary({ log: false, write_debug_names: false, canonicalize_lebs: true });
    return new Uint8Array(buffer);
  } finally {
    mod.destroy();
  }
}

/** The text of the .wat file at file with its `(;include NAME.wat;)` lines replaced. */
export function withIncludes(file) {
  return readFileSync(file, 'utf8').replace(/^[ \t]*\(;include ([\w.-]+\.wat);\)[ \t]*$/gm, (_, name) =>
    readFileSync(path.join(path.dirname(file), name), 'utf8'));
}

async function main(argv) {
  let simd = true;
  const files = [];
  for (const a of argv) {
    if (a === '--simd') simd = true;
    else if (a === '--no-simd') simd = false;
    else if (a.startsWith('-')) throw new Error(`unknown flag ${a}`);
    else files.push(a);
  }
  if (files.length !== 2) throw new Error('usage: node build/wat2wasm.mjs [--simd|--no-simd] IN.wat OUT.wasm');
  const [inFile, outFile] = files;
  const bytes = await assemble(inFile, { simd });
  if (!WebAssembly.validate(bytes)) throw new Error(`${inFile}: this Node (${process.version}) does not validate the module`);
  if (existsSync(outFile) && Buffer.from(bytes).equals(readFileSync(outFile))) {
    const now = new Date();
    utimesSync(outFile, now, now); // newer than IN again, for make
    console.log(`    ${outFile} unchanged`);
    return;
  }
  writeFileSync(`${outFile}.tmp`, bytes);
  renameSync(`${outFile}.tmp`, outFile);
  console.log(`    ${outFile}: ${bytes.length} bytes`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`wat2wasm: ${e.message ?? e}`);
    process.exit(1);
  });
}
