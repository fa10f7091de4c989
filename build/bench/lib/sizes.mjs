// The sizes of gotrain.wasm (raw, gzip, brotli) and of the kernel modules
// next to it, for the benchmark's report.

import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const binDir = path.join(repoRoot, 'build/.bin/bench');

/** Sizes of FILE (default www/gotrain.wasm), or null when it is not built. */
export async function wasmSizes(file) {
  const f = path.resolve(repoRoot, file ?? 'www/gotrain.wasm');
  if (!existsSync(f)) return null;
  const raw = readFileSync(f);
  // The shipped .gz/.br when they decompress to this very module, else
  // compressed here with the Makefile's settings.
  const sized = (ext, unpack, make) => {
    const p = f + ext;
    try {
      if (existsSync(p) && unpack(readFileSync(p)).equals(raw)) return { bytes: statSync(p).size, from: `${path.relative(repoRoot, p)}` };
    } catch {}
    const packed = make();
    // A module of our own (build/.bin/bench) gets its compressed copies, with
    // its mtime, so that build/serve sends it compressed as it does www's.
    if (path.relative(binDir, f).split(path.sep)[0] !== '..') {
      writeFileSync(p, packed);
      const { atime, mtime } = statSync(f);
      utimesSync(p, atime, mtime);
    }
    return { bytes: packed.length, from: `${ext} computed here` };
  };
  // Other modules gotrain.js may fetch next to it (the matrix kernels).
  const others = readdirSync(path.join(repoRoot, 'www'))
    .filter((n) => /^gotrain-.*\.wasm$/.test(n))
    .map((n) => {
      const b = readFileSync(path.join(repoRoot, 'www', n));
      return { name: n, raw: b.length, gz: zlib.gzipSync(b, { level: 9 }).length };
    });
  return {
    raw: raw.length,
    others,
    gz: sized('.gz', zlib.gunzipSync, () => zlib.gzipSync(raw, { level: 9 })),
    br: sized('.br', zlib.brotliDecompressSync, () => zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 } })),
  };
}
