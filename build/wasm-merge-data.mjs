// wasm-merge-data.mjs: join the data segments of a Go-built WebAssembly
// module that are separated by short runs of zero bytes.
//
//   node build/wasm-merge-data.mjs IN.wasm OUT.wasm [--gap 256]   (IN may be OUT)
//
// Why: Go's wasm linker (cmd/link/internal/wasm/asm.go, writeDataSec) drops
// every run of 8 or more zero bytes (its `segmentOverhead`) from the data it
// writes and starts a new active data segment after it, so gotrain.wasm has
// ~40,000 segments. Each costs a header (memory index, `i32.const offset end`,
// length) whose offsets are all different and compress badly. Joining
// neighbours separated by at most --gap zero bytes (default 256) and writing
// those zeros in adds raw bytes but saves tens of KB of brotli. Measured on
// the js/wasm web build (-tags wasmkernel -trimpath -ldflags='-s -w'):
// 40,781 segments -> 8; raw 3,800,930 -> 4,209,411 bytes; brotli -q 11
// --lgwin=24 784,600 -> 739,539 bytes (-45 KB, -5.7%); gzip -9 1,044,233 ->
// 976,533; the merge takes ~20-70 ms.
//
// Why the module still does the same thing: active segments are copied into
// memory at instantiation, in order, before any code (start function, Go's
// run) executes, and afterwards they are dropped (the code can no longer see
// them). Memory defined by the module starts zeroed. So writing the zeros of
// a gap explicitly leaves the memory image exactly as it was, provided that
//   - every segment is active, into memory 0, at a constant offset (the only
//     form Go emits: flag 0, `i32.const N end`): anything else, e.g. passive
//     segments (which memory.init copies later, by index), flags 1 or 2, or
//     offsets computed from globals, leaves the module untouched;
//   - no two segments overlap (otherwise: untouched), and only segments that
//     are neighbours both in the list and in address order are joined, so
//     the zeros written into a gap cover no other segment's bytes. (Go's
//     segments are in increasing order within each of its linker sections,
//     but asmb lists the sections (rodata, typelink, itablink, ...,
//     pclntab, noptrdata, data) in an order that is not their address
//     order: gotrain.wasm's list steps back once, from 1.7 MB to 0.3 MB. A
//     step back just ends a run; nothing is reordered.)
//   - the memory is the module's own, not imported (an imported memory may
//     already hold data that the zeros would overwrite; otherwise: untouched).
// A merged segment spans from the first to the last byte of the segments it
// replaces, so it is in bounds exactly when they were. Order is kept. Code
// can name data segments only through memory.init / data.drop, which need a
// DataCount section (id 12); when there is one, its count is updated and the
// result must pass WebAssembly.validate, or the module is left untouched
// (dropped active segments behave alike under any index).
//
// Only the data section (id 11) and the DataCount section (id 12) are
// rewritten; every other byte is copied as is. No npm dependencies.

import { readFileSync, writeFileSync, renameSync, unlinkSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const DEFAULT_GAP = 256;

const SEC_IMPORT = 2;
const SEC_DATA = 11;
const SEC_DATACOUNT = 12;

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) {
    this.b = bytes;
    this.pos = pos;
    this.end = end;
  }
  byte() {
    if (this.pos >= this.end) throw new Error(`unexpected end at byte ${this.pos}`);
    return this.b[this.pos++];
  }
  // Unsigned LEB128 up to 32 bits.
  u32() {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw new Error(`u32 LEB128 out of range at byte ${this.pos}`);
        return result;
      }
    }
    throw new Error(`u32 LEB128 too long at byte ${this.pos}`);
  }
  // Signed LEB128 of an i32 (at most 5 bytes).
  s32() {
    let result = 0;
    let shift = 0;
    let b;
    do {
      if (shift >= 35) throw new Error(`i32 LEB128 too long at byte ${this.pos}`);
      b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    if (b & 0x40) result -= 2 ** shift;
    if (result < -(2 ** 31) || result > 2 ** 31 - 1) throw new Error(`i32 LEB128 out of range at byte ${this.pos}`);
    return result | 0;
  }
  skip(n) {
    if (n > this.end - this.pos) throw new Error(`unexpected end at byte ${this.pos} (+${n})`);
    this.pos += n;
  }
}

function uleb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}

// The module's sections: { id, start (of the id byte), bodyStart, end }.
function parseSections(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new Error('not a WebAssembly module (no \\0asm magic)');
  }
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    throw new Error(`unsupported WebAssembly binary version ${bytes[4] | (bytes[5] << 8)}`);
  }
  const r = new Reader(bytes, 8);
  const sections = [];
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const bodyStart = r.pos;
    r.skip(size);
    sections.push({ id, start, bodyStart, end: r.pos });
  }
  return sections;
}

// Whether the import section imports a memory (kind 2). Throws on forms it
// does not know (the caller then leaves the module alone).
function importsMemory(bytes, sec) {
  const r = new Reader(bytes, sec.bodyStart, sec.end);
  const limits = () => {
    const flags = r.u32();
    if (flags & ~0x0f) throw new Error(`unknown limits flags 0x${flags.toString(16)}`);
    r.u32(); // min (memory64 values are longer than u32: such modules are not Go's)
    if (flags & 1) r.u32(); // max
    if (flags & 8) r.u32(); // custom page size
  };
  for (let n = r.u32(); n > 0; n--) {
    r.skip(r.u32()); // module name
    r.skip(r.u32()); // field name
    const kind = r.byte();
    switch (kind) {
      case 0: r.u32(); break; // function: type index
      case 1: { const t = r.byte(); if (t !== 0x70 && t !== 0x6f) throw new Error(`unknown table type 0x${t.toString(16)}`); limits(); break; }
      case 2: return true;
      case 3: { const t = r.byte(); if (t === 0x63 || t === 0x64) throw new Error('typed-reference global'); r.byte(); break; } // global: value type, mutability
      case 4: r.byte(); r.u32(); break; // tag: attribute, type index
      default: throw new Error(`unknown import kind ${kind}`);
    }
  }
  return false;
}

function unchanged(bytes, note, before) {
  return { bytes, before, after: before, note };
}

/**
 * Joins neighbouring active data segments separated by at most `gap` zero
 * bytes. Returns the new module bytes (the input itself when nothing was
 * done), segment counts and sizes before/after, and `note`: null when the
 * data section was rewritten, else why the module was left as it was.
 *
 * @param {Uint8Array} bytes
 * @param {{gap?: number, validate?: boolean}} [opts]
 * @returns {{bytes: Uint8Array, before: {segments: number, size: number},
 *            after: {segments: number, size: number}, note: string|null}}
 */
export function mergeDataSegments(bytes, { gap = DEFAULT_GAP, validate = true } = {}) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('mergeDataSegments: bytes must be a Uint8Array');
  if (!Number.isSafeInteger(gap) || gap < 0) throw new RangeError(`mergeDataSegments: gap must be an integer >= 0, got ${gap}`);

  const sections = parseSections(bytes);
  const dataSecs = sections.filter((s) => s.id === SEC_DATA);
  const countSecs = sections.filter((s) => s.id === SEC_DATACOUNT);
  const noInfo = { segments: 0, size: bytes.length };
  if (dataSecs.length === 0) return unchanged(bytes, 'no data section', noInfo);
  if (dataSecs.length > 1 || countSecs.length > 1) return unchanged(bytes, 'more than one data or DataCount section', noInfo);
  const dataSec = dataSecs[0];
  const countSec = countSecs[0];

  // Segments: { exprStart, exprEnd (the `i32.const N end` bytes), offset, data (subarray) }.
  const r = new Reader(bytes, dataSec.bodyStart, dataSec.end);
  const count = r.u32();
  const before = { segments: count, size: bytes.length };
  const segs = [];
  for (let i = 0; i < count; i++) {
    const flag = r.u32();
    if (flag !== 0) {
      const kind = flag === 1 ? 'passive' : flag === 2 ? 'active with an explicit memory index' : 'of unknown kind';
      return unchanged(bytes, `data segment ${i} has flag ${flag} (${kind}); only flag 0 (active, memory 0) is handled`, before);
    }
    const exprStart = r.pos;
    if (r.byte() !== 0x41) return unchanged(bytes, `data segment ${i} has a non-constant offset (not i32.const N end)`, before);
    const offset = r.s32() >>> 0;
    if (r.byte() !== 0x0b) return unchanged(bytes, `data segment ${i} has a non-constant offset (not i32.const N end)`, before);
    const exprEnd = r.pos;
    const len = r.u32();
    const dataStart = r.pos;
    r.skip(len);
    segs.push({ exprStart, exprEnd, offset, data: bytes.subarray(dataStart, r.pos) });
  }
  if (r.pos !== dataSec.end) return unchanged(bytes, `data section has ${dataSec.end - r.pos} bytes after its ${count} segments`, before);

  if (countSec) {
    const cr = new Reader(bytes, countSec.bodyStart, countSec.end);
    const declared = cr.u32();
    if (declared !== count || cr.pos !== countSec.end) return unchanged(bytes, `DataCount section (${declared}) does not match the data section (${count})`, before);
  }

  // Go writes its linker sections (rodata, typelink, ..., data) one after
  // the other, but not in address order, so the list of segments may step
  // back. Segments must not overlap; neighbours in the list are joined only
  // when they are also neighbours in address order (next[i]), so no other
  // segment's bytes lie in the zeros written between them.
  const byAddr = segs.map((_, i) => i).sort((x, y) => segs[x].offset - segs[y].offset || x - y);
  const next = new Int32Array(segs.length).fill(-1);
  for (let k = 1; k < byAddr.length; k++) {
    const p = segs[byAddr[k - 1]];
    const q = segs[byAddr[k]];
    if (q.offset < p.offset + p.data.length) {
      return unchanged(bytes, `data segments ${byAddr[k - 1]} (${p.offset}..${p.offset + p.data.length}) and ${byAddr[k]} (${q.offset}..${q.offset + q.data.length}) overlap`, before);
    }
    next[byAddr[k - 1]] = byAddr[k];
  }
  const importSec = sections.find((s) => s.id === SEC_IMPORT);
  if (importSec) {
    let imported;
    try {
      imported = importsMemory(bytes, importSec);
    } catch (e) {
      return unchanged(bytes, `cannot read the import section (${e.message})`, before);
    }
    if (imported) return unchanged(bytes, 'the memory is imported, so it may not start zeroed', before);
  }

  // Runs of segments to join: [first, last] index pairs.
  const runs = [];
  for (let i = 0; i < segs.length; i++) {
    const prev = runs[runs.length - 1];
    if (prev) {
      const last = segs[prev[1]];
      if (next[prev[1]] === i && segs[i].offset - (last.offset + last.data.length) <= gap) { prev[1] = i; continue; }
    }
    runs.push([i, i]);
  }
  if (runs.length === segs.length) return unchanged(bytes, `no two segments are within ${gap} bytes of each other`, before);

  // The new data section body: each run keeps its first segment's offset
  // expression bytes, then its length and bytes with the gaps zero-filled.
  const parts = [Uint8Array.from(uleb(runs.length))];
  for (const [a, b] of runs) {
    const first = segs[a];
    parts.push(Uint8Array.of(0), bytes.subarray(first.exprStart, first.exprEnd));
    if (a === b) {
      parts.push(Uint8Array.from(uleb(first.data.length)), first.data);
      continue;
    }
    const last = segs[b];
    const joined = new Uint8Array(last.offset + last.data.length - first.offset);
    for (let i = a; i <= b; i++) joined.set(segs[i].data, segs[i].offset - first.offset);
    parts.push(Uint8Array.from(uleb(joined.length)), joined);
  }
  const bodyLen = parts.reduce((n, p) => n + p.length, 0);
  const newData = [Uint8Array.from([SEC_DATA, ...uleb(bodyLen)]), ...parts];
  let newCount = null;
  if (countSec) {
    const body = uleb(runs.length);
    newCount = Uint8Array.from([SEC_DATACOUNT, ...uleb(body.length), ...body]);
  }

  // Everything outside those two sections, byte for byte.
  const out = [bytes.subarray(0, 8)];
  for (const s of sections) {
    if (s === dataSec) for (const p of newData) out.push(p);
    else if (s === countSec) out.push(newCount);
    else out.push(bytes.subarray(s.start, s.end));
  }
  const total = out.reduce((n, p) => n + p.length, 0);
  const result = new Uint8Array(total);
  let pos = 0;
  for (const p of out) { result.set(p, pos); pos += p.length; }

  // With a DataCount section, code may name data segments by index
  // (memory.init, data.drop): check their indices still resolve.
  if (countSec && validate && typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes) && !WebAssembly.validate(result)) {
    return unchanged(bytes, 'the merged module does not validate (code names data segments by index?)', before);
  }
  return { bytes: result, before, after: { segments: runs.length, size: result.length }, note: null };
}

// --- CLI ----------------------------------------------------------------------

const USAGE = 'usage: node build/wasm-merge-data.mjs IN.wasm OUT.wasm [--gap N]  (IN may equal OUT; default gap ' + DEFAULT_GAP + ')';

function fail(msg) {
  console.error(`wasm-merge-data: ${msg}`);
  process.exit(1);
}

function main(argv) {
  const files = [];
  let gap = DEFAULT_GAP;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let v;
    if (a === '--gap') {
      v = argv[++i];
      if (v === undefined) fail(`--gap needs a value\n${USAGE}`);
    } else if (a.startsWith('--gap=')) {
      v = a.slice(6);
    } else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return;
    } else if (a.startsWith('-') && a !== '-') {
      fail(`unknown option ${a}\n${USAGE}`);
    } else {
      files.push(a);
      continue;
    }
    gap = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(gap)) fail(`--gap wants a whole number of bytes, got '${v}'`);
  }
  if (files.length !== 2) fail(`want IN and OUT files, got ${files.length} argument(s)\n${USAGE}`);
  const [inFile, outFile] = files;

  let input;
  try {
    input = readFileSync(inFile);
  } catch (e) {
    fail(`cannot read ${inFile}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`);
  }
  const t0 = process.hrtime.bigint();
  let res;
  try {
    res = mergeDataSegments(new Uint8Array(input.buffer, input.byteOffset, input.byteLength), { gap });
  } catch (e) {
    fail(`${inFile}: ${e.message}`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;

  // Write via a temporary file so IN == OUT never leaves a half-written module.
  const same = path.resolve(inFile) === path.resolve(outFile);
  if (!(same && res.note)) {
    const tmp = `${outFile}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, res.bytes);
      renameSync(tmp, outFile);
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* not created */ }
      fail(`cannot write ${outFile}: ${e.message}`);
    }
  }
  if (res.note) {
    console.log(`wasm-merge-data: ${inFile} left unchanged: ${res.note}` + (same ? '' : ` (copied to ${outFile})`));
  }
  console.log(`${res.before.segments} segments -> ${res.after.segments}, raw ${res.before.size} -> ${res.after.size} bytes (gap ${gap}, ${ms.toFixed(1)} ms)`);
}

function isMain() {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2));
}
