// build/wasm-merge-data.mjs: joining Go's data segments leaves the module
// valid and its memory at instantiation byte for byte the same.
//   (1) tiny modules written here byte by byte: gaps below and above the
//       limit, a DataCount section, forms that must be left alone (passive,
//       flag 2, non-constant offset, overlap, imported memory), a list that
//       steps back in address order;
//   (2) the real gotrain.wasm, built into a temp dir (skipped without `go`),
//       instantiated with wasm_exec.js's import object, not run;
//   (3) the CLI on a missing file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { mergeDataSegments } from '../wasm-merge-data.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const tool = path.join(repoRoot, 'build/wasm-merge-data.mjs');

// --- writing modules by hand ---------------------------------------------------

const uleb = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; };
const sleb = (n) => { const o = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { o.push(b); return o; } o.push(b | 0x80); } };
const str = (s) => [...uleb(s.length), ...Buffer.from(s)];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

// Go's form: flag 0, i32.const offset, end, length, bytes.
const active = (offset, data) => [0x00, 0x41, ...sleb(offset), 0x0b, ...uleb(data.length), ...data];
const passive = (data) => [0x01, ...uleb(data.length), ...data];

/**
 * A module with (memory 2) exported as "mem", the given raw segments, and
 * optionally a DataCount section, a custom section, or an imported memory.
 */
function makeModule(segments, { dataCount = false, importMemory = false, importGlobal = false } = {}) {
  const bytes = [...HEADER];
  bytes.push(...section(0, [...str('before'), 1, 2, 3])); // custom: must survive as is
  const imports = [];
  if (importMemory) imports.push([...str('env'), ...str('mem'), 0x02, 0x00, 0x02]);
  if (importGlobal) imports.push([...str('env'), ...str('g'), 0x03, 0x7f, 0x00]);
  if (imports.length) bytes.push(...section(2, [...uleb(imports.length), ...imports.flat()]));
  if (!importMemory) bytes.push(...section(5, [0x01, 0x00, 0x02])); // memory: 2 pages, no max
  bytes.push(...section(7, [0x01, ...str('mem'), 0x02, 0x00])); // export memory 0 as "mem"
  if (dataCount) bytes.push(...section(12, uleb(segments.length)));
  bytes.push(...section(11, [...uleb(segments.length), ...segments.flat()]));
  bytes.push(...section(0, [...str('after'), 9, 9])); // custom: must survive as is
  return new Uint8Array(bytes);
}

const fill = (n, v) => Array.from({ length: n }, (_, i) => (v + i) % 255 + 1); // no zeros

// Sections as { id, raw bytes } in order; the data section's segment count.
function sections(bytes) {
  const out = [];
  let p = 8;
  const u = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; };
  while (p < bytes.length) {
    const start = p;
    const id = bytes[p++];
    const size = u();
    const body = p;
    p += size;
    out.push({ id, raw: Buffer.from(bytes.subarray(start, p)), body: bytes.subarray(body, p) });
  }
  return out;
}
function segmentCount(bytes) {
  const d = sections(bytes).find((s) => s.id === 11);
  let r = 0, s = 0, b, p = 0;
  do { b = d.body[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80);
  return r;
}
function memoryOf(bytes, imports = {}) {
  const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return Buffer.from(inst.exports.mem.buffer);
}

// The checks every merged module must pass: valid, the wanted segment count,
// the same memory, and every section but data / DataCount byte-identical.
function checkMerged(input, res, wantSegments) {
  assert.equal(res.note, null, 'merged');
  assert.ok(WebAssembly.validate(res.bytes), 'merged module validates');
  assert.equal(segmentCount(res.bytes), wantSegments);
  assert.equal(res.after.segments, wantSegments);
  assert.equal(res.before.segments, segmentCount(input));
  assert.equal(res.after.size, res.bytes.length);
  assert.ok(memoryOf(res.bytes).equals(memoryOf(input)), 'memory at instantiation is the same');
  const keep = (bs) => sections(bs).filter((s) => s.id !== 11 && s.id !== 12).map((s) => s.raw);
  assert.deepEqual(keep(res.bytes), keep(input), 'other sections byte-identical');
  assert.deepEqual(sections(res.bytes).map((s) => s.id), sections(input).map((s) => s.id), 'section order kept');
}

function checkUnchanged(input, res, noteRe) {
  assert.match(res.note ?? '', noteRe);
  assert.ok(Buffer.from(res.bytes).equals(Buffer.from(input)), 'module left byte for byte as it was');
  assert.equal(res.after.segments, res.before.segments);
}

// Segments at 16, 24 (gap 4), 300 (gap 272 > 256), 400 (gap 96), 70000
// (second page, gap > 256; a 3-byte LEB offset) and 70000+20+256 (gap 256).
const GO_LIKE = [
  active(16, fill(4, 1)),
  active(24, fill(8, 2)),
  active(300, fill(4, 3)),
  active(400, fill(30, 4)),
  active(70000, fill(20, 5)),
  active(70276, fill(3, 6)),
];

// --- (1) hand-built modules ------------------------------------------------------

test('hand-built: gaps <= 256 are joined, larger ones kept; memory the same', () => {
  const m = makeModule(GO_LIKE);
  assert.ok(WebAssembly.validate(m), 'the hand-built module is valid');
  checkMerged(m, mergeDataSegments(m, { gap: 256 }), 3); // {16,24}, {300,400}, {70000,70276}
  checkMerged(m, mergeDataSegments(m), 3); // default gap is 256
  checkMerged(m, mergeDataSegments(m, { gap: 255 }), 4); // 70276 stays apart
  checkMerged(m, mergeDataSegments(m, { gap: 4 }), 5); // only {16,24}
  checkMerged(m, mergeDataSegments(m, { gap: 100000 }), 1);
  checkUnchanged(m, mergeDataSegments(m, { gap: 3 }), /no two segments/);
  // Idempotent: merging the result again changes nothing.
  const once = mergeDataSegments(m).bytes;
  checkUnchanged(once, mergeDataSegments(once), /no two segments/);
  assert.throws(() => mergeDataSegments(m, { gap: -1 }), RangeError);
});

test('hand-built: a DataCount section gets the new count', () => {
  const m = makeModule(GO_LIKE, { dataCount: true });
  assert.ok(WebAssembly.validate(m));
  const res = mergeDataSegments(m, { gap: 256 });
  checkMerged(m, res, 3);
  const dc = sections(res.bytes).find((s) => s.id === 12);
  assert.deepEqual([...dc.raw], [12, 1, 3]);
  // A DataCount that disagrees with the data section: left alone.
  const bad = makeModule(GO_LIKE, { dataCount: true });
  const dcAt = sections(bad).findIndex((s) => s.id === 12);
  const off = sections(bad).slice(0, dcAt).reduce((n, s) => n + s.raw.length, 8);
  bad[off + 2] = 7;
  checkUnchanged(bad, mergeDataSegments(bad), /DataCount/);
});

test('hand-built: passive, flag 2, non-constant offsets, overlap, imported memory: left unchanged', () => {
  const withPassive = makeModule([...GO_LIKE.slice(0, 3), passive(fill(5, 7)), ...GO_LIKE.slice(3)], { dataCount: true });
  assert.ok(WebAssembly.validate(withPassive));
  checkUnchanged(withPassive, mergeDataSegments(withPassive), /flag 1 \(passive\)/);

  const flag2 = makeModule([...GO_LIKE, [0x02, 0x00, 0x41, ...sleb(1000), 0x0b, 1, 42]]);
  assert.ok(WebAssembly.validate(flag2));
  checkUnchanged(flag2, mergeDataSegments(flag2), /flag 2/);

  const fromGlobal = makeModule([...GO_LIKE, [0x00, 0x23, 0x00, 0x0b, 1, 42]], { importGlobal: true }); // global.get 0
  assert.ok(WebAssembly.validate(fromGlobal));
  checkUnchanged(fromGlobal, mergeDataSegments(fromGlobal), /non-constant offset/);

  const overlap = makeModule([active(16, fill(10, 1)), active(20, fill(10, 2))]);
  assert.ok(WebAssembly.validate(overlap));
  checkUnchanged(overlap, mergeDataSegments(overlap), /overlap/);

  const imported = makeModule(GO_LIKE, { importMemory: true });
  assert.ok(WebAssembly.validate(imported));
  checkUnchanged(imported, mergeDataSegments(imported), /imported/);

  const noData = new Uint8Array([...HEADER, ...section(5, [0x01, 0x00, 0x01])]);
  checkUnchanged(noData, mergeDataSegments(noData), /no data section/);
  assert.throws(() => mergeDataSegments(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), /not a WebAssembly module/);
});

test('hand-built: a list that steps back in address order joins only true neighbours', () => {
  // Go lists its linker sections out of address order. Here 110 is listed
  // first; 100 and 120 follow in the list with 110 between them in memory:
  // joining them would write zeros over 110's bytes, so they stay apart.
  // 130 is next to 120 in both list and memory: joined.
  const m = makeModule([active(110, fill(5, 1)), active(100, fill(4, 2)), active(120, fill(4, 3)), active(130, fill(4, 4)), active(50, fill(4, 5))]);
  assert.ok(WebAssembly.validate(m));
  checkMerged(m, mergeDataSegments(m, { gap: 256 }), 4);
  // In address order with 110 listed between 100 and 120: all joined but 50,
  // which comes after 130 in the list.
  const n = makeModule([active(100, fill(4, 2)), active(110, fill(5, 1)), active(120, fill(4, 3)), active(130, fill(4, 4)), active(50, fill(4, 5))]);
  checkMerged(n, mergeDataSegments(n, { gap: 256 }), 2);
});

// --- (2) the real Go module ------------------------------------------------------

function which(cmd) {
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'sh', process.platform === 'win32' ? [cmd] : ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const haveGo = which('go');

test('gotrain.wasm: fewer segments, valid, same memory at instantiation', { skip: haveGo ? false : 'go is not on PATH: cannot build gotrain.wasm', timeout: 300_000 }, async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gotrain-merge-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const kernel = existsSync(path.join(repoRoot, 'www/gotrain-kernel.wasm'));
  const out = path.join(dir, 'gotrain.wasm');
  const args = ['build', ...(kernel ? ['-tags', 'wasmkernel'] : []), '-trimpath', '-ldflags=-s -w', '-o', out, './wasm'];
  const b = spawnSync('go', args, { cwd: repoRoot, env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' }, encoding: 'utf8' });
  assert.equal(b.status, 0, `GOOS=js GOARCH=wasm go ${args.join(' ')} failed:\n${b.stderr}`);
  const orig = new Uint8Array(readFileSync(out));

  const t0 = performance.now();
  const res = mergeDataSegments(orig, { gap: 256 });
  const ms = performance.now() - t0;
  t.diagnostic(`${kernel ? 'with' : 'without'} -tags wasmkernel: ${res.before.segments} segments -> ${res.after.segments}, raw ${res.before.size} -> ${res.after.size} bytes, ${ms.toFixed(0)} ms`);
  assert.equal(res.note, null);
  assert.ok(WebAssembly.validate(res.bytes), 'merged gotrain.wasm validates');
  assert.ok(res.after.segments < res.before.segments / 100, `far fewer segments (${res.before.segments} -> ${res.after.segments})`);
  assert.equal(segmentCount(res.bytes), res.after.segments);

  // Go's import object from the toolchain's wasm_exec.js (defines globalThis.Go).
  const goroot = spawnSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).stdout.trim();
  const execJs = ['lib/wasm/wasm_exec.js', 'misc/wasm/wasm_exec.js'].map((f) => path.join(goroot, f)).find(existsSync);
  assert.ok(execJs, `no wasm_exec.js under ${goroot}/lib/wasm or misc/wasm`);
  await import(pathToFileURL(execJs).href);
  assert.equal(typeof globalThis.Go, 'function', 'wasm_exec.js defines Go');

  async function memoryAtInstantiation(bytes) {
    const mod = await WebAssembly.compile(bytes);
    const imports = new globalThis.Go().importObject;
    // Import modules Go does not provide (gotrain_kernel with -tags
    // wasmkernel): every function a stub that throws, as nothing is called
    // at instantiation. Read off the module, so new imports need no change.
    const fromGo = new Set(Object.keys(imports));
    for (const imp of WebAssembly.Module.imports(mod)) {
      if (fromGo.has(imp.module)) continue;
      assert.equal(imp.kind, 'function', `import ${imp.module}.${imp.name} is a ${imp.kind}`);
      stubbed.add(imp.module);
      imports[imp.module] ??= {};
      imports[imp.module][imp.name] = () => { throw new Error(`${imp.module}.${imp.name} called at instantiation`); };
    }
    const inst = await WebAssembly.instantiate(mod, imports);
    return Buffer.from(inst.exports.mem.buffer);
  }
  const stubbed = new Set();
  const a = await memoryAtInstantiation(orig);
  const m = await memoryAtInstantiation(res.bytes);
  if (kernel) assert.ok(stubbed.has('gotrain_kernel'), 'the wasmkernel build imports gotrain_kernel');
  assert.equal(m.length, a.length);
  assert.ok(a.equals(m), 'memory buffers identical right after instantiation');
  t.diagnostic(`memory at instantiation: ${a.length} bytes, identical; stubbed import modules: ${[...stubbed].join(', ') || 'none'}`);
});

// --- (3) the CLI -----------------------------------------------------------------

test('CLI: a missing input file exits non-zero with a clear message', () => {
  const missing = path.join(tmpdir(), `no-such-${process.pid}.wasm`);
  const r = spawnSync(process.execPath, [tool, missing, path.join(tmpdir(), `out-${process.pid}.wasm`)], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /cannot read .*no-such-.*\.wasm: no such file/);
  const u = spawnSync(process.execPath, [tool], { encoding: 'utf8' });
  assert.notEqual(u.status, 0);
  assert.match(u.stderr, /usage:/);
});

test('CLI: merges in place and reports the counts; an unmergeable module is copied with a reason', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wasm-merge-cli-'));
  try {
    const f = path.join(dir, 'm.wasm');
    writeFileSync(f, makeModule(GO_LIKE));
    const r = spawnSync(process.execPath, [tool, f, f, '--gap', '256'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^6 segments -> 3, raw \d+ -> \d+ bytes/m);
    assert.equal(segmentCount(readFileSync(f)), 3);

    const p = path.join(dir, 'p.wasm');
    const q = path.join(dir, 'q.wasm');
    const passiveMod = makeModule([...GO_LIKE, passive([1])]);
    writeFileSync(p, passiveMod);
    const s = spawnSync(process.execPath, [tool, p, q], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /left unchanged: .*passive/);
    assert.ok(readFileSync(q).equals(Buffer.from(passiveMod)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
