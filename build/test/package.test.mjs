// The npm package (www/package.json), as a web developer takes it: `npm
// pack` gives a tarball with exactly the files load() needs (no tests, no
// page, no source maps); installed offline into a fresh project it runs the
// README's Node example (import from 'gotrain'); and a Vite app importing it
// builds and trains in headless Chromium with the SIMD kernel and no failed
// request, on the main thread and in worker mode, built and in Vite's dev
// server. Needs `make build` (the .wasm files) and build/node_modules
// (vite, playwright-core).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, startServer } from '../browser.mjs';
import { installTarball, openAndWait, packLibrary, root, run } from './package/pack.mjs';
import { readmeBlock } from './readme/blocks.mjs';

const www = path.join(root, 'www');
for (const f of ['gotrain.wasm', 'gotrain-kernel.wasm', 'gotrain-kernel-scalar.wasm', 'wasm_exec.js']) {
  if (!existsSync(path.join(www, f))) throw new Error(`www/${f} missing: run \`make build\``);
}

let tmp; // a fresh folder outside the repository
let pack; // packLibrary's result
let app; // the installed project
before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gotrain-package-'));
  pack = await packLibrary(tmp);
  app = path.join(tmp, 'app');
  cpSync(path.join(root, 'build', 'test', 'package', 'vite-app'), app, { recursive: true });
  await installTarball(app, pack.tgz);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const listDir = (dir, prefix) => readdirSync(path.join(www, dir)).map((f) => `${prefix}${f}`);

test('npm pack: the files load() needs, the types, and nothing else', (t) => {
  const want = [
    'API.md',
    'LICENSE',
    'gotrain-kernel-scalar.wasm',
    'gotrain-kernel.wasm',
    'gotrain-worker.js',
    'gotrain.d.ts',
    'gotrain.js',
    'gotrain.wasm',
    'package.json',
    'wasm_exec.js',
    ...listDir('lib', 'lib/'),
    ...listDir('types', 'types/'),
  ].sort();
  assert.deepEqual(pack.files, want);
  for (const f of pack.files) {
    assert.doesNotMatch(f, /\.map$|test|^app\/|^data\/|^examples\/|\.br$|\.gz$/, `${f} does not belong in the package`);
  }
  // What the package says must point at files it has.
  const pkg = JSON.parse(readFileSync(path.join(www, 'package.json'), 'utf8'));
  const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))];
  for (const target of targets) assert.ok(pack.files.includes(target.replace(/^\.\//, '')), `package.json names ${target}, which is not packed`);
  assert.equal(pkg.version, JSON.parse(readFileSync(path.join(app, 'node_modules', 'gotrain', 'package.json'), 'utf8')).version);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  t.diagnostic(`${path.basename(pack.tgz)}: ${kb(pack.size)} packed, ${kb(pack.unpackedSize)} unpacked, ${pack.files.length} files`);
  t.diagnostic(pack.files.join(' '));
  assert.equal(statSync(pack.tgz).size, pack.size);
});

test("installed from the tarball (offline), the README's Node example runs with import 'gotrain'", async (t) => {
  const block = readmeBlock('node');
  assert.match(block.code, /from 'gotrain'/, 'the README example imports the package');
  writeFileSync(path.join(app, 'keras.mjs'), block.code);
  const { stdout } = await run(process.execPath, ['keras.mjs'], { cwd: app, timeout: 120_000 });
  t.diagnostic(stdout.trim().split('\n').slice(-3).join(' | '));
  assert.match(stdout, /Total params: 4,417|4417/, 'the summary');
  // The epochs' logs, then evaluate's: the last line of that form.
  const evaluated = [...stdout.matchAll(/^\{ accuracy: ([\d.]+), loss: [\d.e-]+ \}$/gm)].at(-1);
  assert.ok(evaluated, `evaluate's logs printed:\n${stdout}`);
  assert.ok(Number(evaluated[1]) >= 0.95, `test accuracy ${evaluated[1]}`);
  // The exports name the assets for tools that resolve them.
  const { stdout: resolved } = await run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('gotrain/gotrain.wasm'), import.meta.resolve('gotrain/worker'))"], { cwd: app });
  assert.match(resolved, /node_modules\/gotrain\/gotrain\.wasm\s+\S+node_modules\/gotrain\/gotrain-worker\.js/);
});

/** Opens the app (both modes) in Chromium under base; returns the results. */
async function trainInChromium(t, browser, base, origin, label, queries = ['', '?worker', '?worker&default']) {
  const results = [];
  for (const query of queries) {
    const r = await openAndWait(browser, `${base}${query}`, { origin });
    const out = JSON.parse(r.text);
    t.diagnostic(`${label}${query}: ${r.text}`);
    t.diagnostic(`${label}${query} responses: ${r.responses.join(', ')}`);
    assert.equal(out.error, undefined, `${label}${query}: ${out.error}`);
    assert.equal(out.backend, 'simd', `${label}${query}: the SIMD kernel runs`);
    assert.equal(out.worker, query.startsWith('?worker'));
    assert.ok(out.accuracy >= 0.9, `${label}${query}: accuracy ${out.accuracy}`);
    assert.deepEqual(r.failed, [], `${label}${query}: no failed request`);
    assert.deepEqual(r.consoleErrors, [], `${label}${query}: no console error`);
    assert.ok(r.responses.some((s) => /^200 \S*gotrain[-\w]*\.wasm/.test(s)), 'gotrain.wasm came from the server');
    assert.ok(r.responses.some((s) => /^200 \S*gotrain-kernel[-\w]*\.wasm/.test(s)), 'the SIMD kernel came from the server');
    results.push(out);
    await r.page.close();
  }
  return results;
}

test('a Vite app that imports the package builds and trains in Chromium: SIMD kernel, no failed request, both modes', async (t) => {
  const { build, createServer } = await import('vite');
  const warnings = [];
  const logger = { info() {}, warn: (m) => warnings.push(m), warnOnce: (m) => warnings.push(m), error: (m) => warnings.push(m), clearScreen() {}, hasErrorLogged: () => false, hasWarned: false };
  await build({ root: app, logLevel: 'warn', customLogger: logger, build: { outDir: 'dist' } });
  const assets = readdirSync(path.join(app, 'dist', 'assets'));
  t.diagnostic(`dist/assets: ${assets.join(' ')}`);
  assert.ok(assets.some((f) => /^gotrain-worker-.*\.js$/.test(f)), 'Vite bundled the worker');
  assert.ok(!assets.some((f) => /\.md$|package/.test(f)), 'no stray files copied');
  const unexpected = warnings.filter((w) => !/externalized for browser compatibility/.test(w));
  assert.deepEqual(unexpected, [], 'Vite warns only about the Node-only imports it leaves out');

  const browser = await launch();
  const server = await startServer({ dir: path.join(app, 'dist') });
  try {
    await trainInChromium(t, browser, server.url, server.origin, 'vite build');
  } finally {
    await server.stop();
  }
  // Vite's default worker format (a classic script, iife) also builds, and
  // its worker mode trains: gotrain's worker holds no top-level await.
  await build({ root: app, logLevel: 'warn', customLogger: logger, build: { outDir: 'dist-iife' }, worker: { format: 'iife' } });
  assert.deepEqual(warnings.filter((w) => !/externalized for browser compatibility/.test(w)), [], 'the iife build warns only about the Node-only imports');
  const iife = await startServer({ dir: path.join(app, 'dist-iife') });
  try {
    await trainInChromium(t, browser, iife.url, iife.origin, 'vite build (iife worker)', ['', '?worker&default']);
  } finally {
    await iife.stop();
  }
  // The dev server serves node_modules/gotrain as it is (pre-bundled deps and all).
  const dev = await createServer({ root: app, logLevel: 'silent', server: { host: '127.0.0.1', port: 0, hmr: false } });
  try {
    await dev.listen();
    const url = dev.resolvedUrls.local[0];
    await trainInChromium(t, browser, url, new URL(url).origin, 'vite dev');
  } finally {
    await dev.close();
    await browser.close();
  }
});
