#!/usr/bin/env node
// Sizes of a WebAssembly module: raw, gzip -9 and brotli (quality 11, 16 MiB
// window: what the Makefile serves), and optionally where the bytes go.
//
//   node build/wasmsize.mjs [file.wasm ...]        default www/gotrain.wasm
//   node build/wasmsize.mjs --top [N] file.wasm    also the code and data
//        sections and the N (default 40) biggest Go packages, raw and
//        brotli (each package's function bodies compressed on their own: an
//        estimate of what the package costs, not an exact share)
//   node build/wasmsize.mjs --funcs TEXT [N] file.wasm
//        the N (default 40) biggest functions whose name contains TEXT
//   node build/wasmsize.mjs --budget KB file.wasm
//        also the margin of the brotli size to a budget of KB (1024 bytes)
//
// --top and --funcs need the function names, so build without -ldflags=-s -w
// (the names only add a name section; the code is the same):
//
//   GOOS=js GOARCH=wasm go build -trimpath -o "$TMPDIR/g.wasm" ./wasm
//   node build/wasmsize.mjs --top 30 "$TMPDIR/g.wasm"
//
// build/wasmsize.sh builds ./wasm both ways and runs this on them.
import fs from 'node:fs';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
let top = 0, funcs = null, nfuncs = 40, budget = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--top') {
    top = 40;
    if (/^\d+$/.test(args[i + 1] ?? '')) top = Number(args[++i]);
  } else if (args[i] === '--funcs') {
    funcs = args[++i] ?? '';
    if (/^\d+$/.test(args[i + 1] ?? '')) nfuncs = Number(args[++i]);
  } else if (args[i] === '--budget') {
    budget = Number(args[++i]);
    if (!(budget > 0)) throw new Error(`--budget ${args[i]}: want a number of KB`);
  } else files.push(args[i]);
}
if (files.length === 0) files.push('www/gotrain.wasm');

const brotli = (b) => zlib.brotliCompressSync(b, {
  params: {
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_GENERIC,
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length,
  },
}).length;
const gzip = (b) => zlib.gzipSync(b, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';

for (const f of files) {
  const b = fs.readFileSync(f);
  const br = brotli(b);
  console.log(`${f}\n  raw    ${kb(b.length)}\n  gzip   ${kb(gzip(b))}\n  brotli ${kb(br)}`);
  if (budget !== null) console.log(`  budget ${kb(budget * 1024)}, margin ${kb(budget * 1024 - br).trim()}`);
  if (top || funcs !== null) breakdown(b, top, funcs, nfuncs);
}

// breakdown prints the code and data sections' sizes and the code per Go
// package (from the name section's function names), or the biggest
// functions matching funcs.
function breakdown(b, n, funcs, nfuncs) {
  let p = 8;
  const u32 = () => {
    let r = 0, s = 0, c;
    do { c = b[p++]; r |= (c & 0x7f) << s; s += 7; } while (c & 0x80);
    return r >>> 0;
  };
  let imported = 0, code = null, data = null;
  const bodies = [], names = new Map();
  while (p < b.length) {
    const id = b[p++], size = u32(), end = p + size;
    if (id === 2) { // imports: imported functions come first in the index space
      const count = u32();
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < 2; k++) { const l = u32(); p += l; } // module, name
        const kind = b[p++];
        if (kind === 0) { u32(); imported++; }
        else if (kind === 1) { p++; const fl = u32(); u32(); if (fl & 1) u32(); }
        else if (kind === 2) { const fl = u32(); u32(); if (fl & 1) u32(); }
        else if (kind === 3) { p += 2; }
      }
    } else if (id === 10) {
      code = b.subarray(p, end);
      const count = u32();
      for (let i = 0; i < count; i++) { const s = u32(); bodies.push(b.subarray(p, p + s)); p += s; }
    } else if (id === 11) {
      data = b.subarray(p, end);
    } else if (id === 0) {
      const nl = u32(), name = b.subarray(p, p + nl).toString(); p += nl;
      if (name === 'name') {
        while (p < end) {
          const sub = b[p++], ss = u32(), se = p + ss;
          if (sub === 1) {
            const count = u32();
            for (let i = 0; i < count; i++) {
              const idx = u32(), l = u32();
              names.set(idx, b.subarray(p, p + l).toString());
              p += l;
            }
          }
          p = se;
        }
      }
    }
    p = end;
  }
  if (names.size === 0) { console.log('  (no name section: build without -ldflags=-s -w)'); return; }
  const row = (raw, br, what) => console.log(`  ${kb(raw)} ${br === null ? ' '.repeat(11) : kb(br)}  ${what}`);
  const named = bodies.map((body, i) => [names.get(imported + i) ?? '?', body]);
  if (funcs !== null) {
    const sel = named.filter(([name]) => name.includes(funcs)).sort((x, y) => y[1].length - x[1].length);
    const total = sel.reduce((a, [, body]) => a + body.length, 0);
    console.log(`  ${sel.length} functions matching '${funcs}': ${kb(total)} raw, ${kb(brotli(Buffer.concat(sel.map((x) => x[1]))))} brotli`);
    sel.slice(0, nfuncs).forEach(([name, body]) => row(body.length, null, name));
    return;
  }
  console.log('         raw      brotli');
  row(code.length, brotli(code), `code section, ${bodies.length} functions`);
  row(data.length, brotli(data), 'data section (type data, strings, function tables)');
  const byPkg = new Map();
  for (const [name, body] of named) {
    const pkg = pkgOf(name);
    if (!byPkg.has(pkg)) byPkg.set(pkg, []);
    byPkg.get(pkg).push(body);
  }
  [...byPkg].map(([k, v]) => [k, Buffer.concat(v)]).sort((x, y) => y[1].length - x[1].length).slice(0, n)
    .forEach(([k, v]) => row(v.length, brotli(v), k));
}

// pkgOf returns the package of a function name as the linker writes it
// into the name section, '/' turned into '_' and (*T) into __T_:
// "gonum.org_v1_gonum_mat.__Dense_.Mul" → "gonum.org_v1_gonum_mat".
function pkgOf(name) {
  const host = /^[a-z0-9-]+\.(com|org|io|net|dev|in)_/.exec(name);
  const from = host ? host[0].length : 0;
  const dot = name.indexOf('.', from);
  return dot < 0 ? name : name.slice(0, dot);
}
