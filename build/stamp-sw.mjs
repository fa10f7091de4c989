// build/stamp-sw.mjs: stamps the service worker's cache with a content hash
// of the files it caches (make build runs it on www/).
//
//   node build/stamp-sw.mjs [DIR]      (default: www)
//
// It reads the ASSETS list of DIR/sw.js, hashes each file (SHA-256) and
// writes DIR/sw-version.js:
//
//   self.GOTRAIN_BUILD = { version: '…', files: { 'index.html': '<sha-256>', … } };
//
// version is a hash of every path and file hash, so any change to any cached
// file gives a new version. sw.js loads sw-version.js with importScripts;
// the browser's update check compares it byte for byte, so a deploy that
// changes a file installs a new service worker, which caches the new files
// (checking each against its hash: a deploy caught half-way is not cached)
// under the new version and serves every page from one version only.
// The file is rewritten only when its content changes. Listed files that do
// not exist are left out (and named on stderr); './' is index.html.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] ?? 'www');
const swPath = path.join(dir, 'sw.js');
const out = path.join(dir, 'sw-version.js');

/** The ASSETS array literal of sw.js, as a list of paths. */
function assetsOf(source) {
  const m = source.match(/const ASSETS = (\[[\s\S]*?\]);/);
  if (!m) throw new Error('sw.js has no `const ASSETS = [...]`');
  return JSON.parse(m[1].replace(/\/\/.*$/gm, '').replace(/'/g, '"').replace(/,\s*\]/, ']'));
}

const sha256 = (b) => createHash('sha256').update(b).digest('hex');

const files = {};
const missing = [];
for (const a of assetsOf(readFileSync(swPath, 'utf8'))) {
  const file = path.join(dir, a === './' ? 'index.html' : a);
  if (!existsSync(file)) {
    missing.push(a);
    continue;
  }
  files[a] = sha256(readFileSync(file));
}
const version = sha256(Object.entries(files).map(([a, h]) => `${a}\0${h}\n`).join('')).slice(0, 16);
const text =
  '// Written by build/stamp-sw.mjs (make build): the content hashes of the files sw.js caches.\n' +
  `self.GOTRAIN_BUILD = ${JSON.stringify({ version, files }, null, 1)};\n`;
if (missing.length) console.error(`stamp-sw: not in ${path.relative(process.cwd(), dir) || '.'}, not stamped: ${missing.join(', ')}`);
if (!existsSync(out) || readFileSync(out, 'utf8') !== text) {
  writeFileSync(`${out}.tmp`, text);
  renameSync(`${out}.tmp`, out);
  console.log(`    ${path.relative(process.cwd(), out)}: version ${version} (${Object.keys(files).length} files)`);
}
