// The README's guide, followed as written in a fresh folder that holds the
// clone (a link named gotrain to this repository): every block marked
// `<!-- test: NAME -->` runs. Shell blocks run in bash there, except their
// `make -C gotrain build`, which make test has done (the test checks its
// outputs instead of running make inside make); npm and go run offline. Files a
// block defines are written where its first-line comment names them
// (`<!-- site/index.html -->`, `// vite.config.js`). The Node example
// ('node') is run by package.test.mjs; the rest here:
//   go, go-run                  the Go program in a module of its own (replace → the clone)
//   npm-pack, node-worker       the packed package installed, worker mode with its awaits, in Node
//   vite-config, vite-main      a Vite app from those two files, built, in Chromium
//   static-copy, static-page    the library copied into a static folder, in Chromium
//   playground-copy, -page      <gotrain-playground> from the copied folder, in Chromium, trained
// Each page must run with the SIMD kernel and no failed request.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { launch, startServer } from '../browser.mjs';
import { openAndWait, root } from './package/pack.mjs';
import { percent, stat, trainToEnd, waitReady } from './page_helpers.mjs';
import { readmeBlock, readmeBlocks } from './readme/blocks.mjs';

const run = promisify(execFile);
const www = path.join(root, 'www');
const BUILT = ['gotrain.wasm', 'gotrain-kernel.wasm', 'gotrain-kernel-scalar.wasm', 'wasm_exec.js'];
for (const f of BUILT) if (!existsSync(path.join(www, f))) throw new Error(`www/${f} missing: run \`make build\``);

let tmp; // the folder that holds the clone
let browser;
before(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'gotrain-readme-'));
  symlinkSync(root, path.join(tmp, 'gotrain'), 'dir');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

// Offline and quiet: npm answers from the tarball alone; go from the module
// cache, whose modules were checked against the checksum database when they
// were downloaded (make test's go test did that for gonum).
const ENV = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  GOPROXY: 'off',
  GOSUMDB: 'off',
  GOWORK: 'off',
};

/** Runs a shell block in tmp (make -C gotrain build checked, not run); returns stdout. */
async function sh(name, { replace = (s) => s } = {}) {
  const block = readmeBlock(name);
  assert.equal(block.lang, 'sh', `${name} is a shell block`);
  const script = block.code
    .split('\n')
    .map((line) => (/^make -C gotrain build\s*$/.test(line) ? 'true # make -C gotrain build: done by make test' : line))
    .join('\n');
  assert.doesNotMatch(script, /^make /m, `${name}: only 'make -C gotrain build' is skipped`);
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', replace(script)], { cwd: tmp, env: ENV, timeout: 300_000, maxBuffer: 1 << 24 });
  return stdout;
}

/** Writes a block to the file its first line names (`<!-- path -->` or `// path …`) under dir; returns the path. */
function writeBlock(name, dir = tmp) {
  const { code } = readmeBlock(name);
  const m = /^(?:<!--\s*(\S+)\s*-->|\/\/\s*(\S+))/.exec(code);
  assert.ok(m, `${name}: its first line names its file`);
  const file = path.join(dir, m[1] ?? m[2]);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  return file;
}

/** A page's failures, less the favicon.ico a browser asks every site for. */
const failures = (r) => r.failed.filter((f) => !/\/favicon\.ico/.test(f));

test('the README marks every block this guide needs', () => {
  const names = [...readmeBlocks().keys()].sort();
  const want = ['go', 'go-run', 'node', 'node-worker', 'npm-pack', 'playground-copy', 'playground-page', 'static-copy', 'static-page', 'vite-config', 'vite-main'];
  assert.deepEqual(names, want);
});

test('Go: the program compiles as pasted and runs in a module of its own', async (t) => {
  const program = readmeBlock('go').code;
  const out = await sh('go-run', {
    replace: (s) => s.replace(/^# save the program above as main\.go.*$/m, `cat > main.go <<'EOF_GO'\n${program}EOF_GO`),
  });
  t.diagnostic(out.trim());
  const m = /^epochs: 10 test accuracy: ([\d.]+)$/m.exec(out);
  assert.ok(m, `the program's output:\n${out}`);
  assert.ok(Number(m[1]) >= 0.95, `test accuracy ${m[1]}`);
});

test('npm: packed and installed from the file, worker mode as written (with its awaits) runs in Node', async (t) => {
  await sh('npm-pack');
  const app = path.join(tmp, 'app');
  assert.ok(existsSync(path.join(app, 'node_modules', 'gotrain', 'gotrain.wasm')), 'installed');
  writeFileSync(path.join(app, 'worker.mjs'), readmeBlock('node-worker').code);
  const { stdout } = await run(process.execPath, ['worker.mjs'], { cwd: app, env: ENV, timeout: 120_000 });
  t.diagnostic(stdout.trim());
  const m = /^\{ accuracy: ([\d.]+), loss: [\d.e-]+ \}$/m.exec(stdout);
  assert.ok(m, `evaluate's logs:\n${stdout}`);
  assert.ok(Number(m[1]) >= 0.95, `test accuracy ${m[1]}`);
});

test('Vite: the two files as written make an app that trains in Chromium with the SIMD kernel', async (t) => {
  const app = path.join(tmp, 'app');
  if (!existsSync(path.join(app, 'node_modules', 'gotrain'))) await sh('npm-pack');
  writeBlock('vite-config', app);
  writeBlock('vite-main', app);
  assert.match(readmeBlock('vite-main').code, /<script type="module" src="\/main\.js">/);
  writeFileSync(path.join(app, 'index.html'), '<!doctype html>\n<meta charset="utf-8">\n<title>app</title>\n<script type="module" src="/main.js"></script>\n');
  const { build } = await import('vite');
  await build({ root: app, logLevel: 'silent', build: { outDir: 'dist' } });
  const server = await startServer({ dir: path.join(app, 'dist') });
  try {
    const r = await openAndWait(browser, server.url, { origin: server.origin, selector: 'body' });
    t.diagnostic(`${r.text} | ${r.responses.join(', ')}`);
    assert.match(r.text, /^simd kernel, accuracy (0\.9\d*|1)$/);
    assert.deepEqual(failures(r), []);
    assert.deepEqual(r.consoleErrors, []);
  } finally {
    await server.stop();
  }
});

test('a static folder: the files copied as written and the page as written train in Chromium', async (t) => {
  await sh('static-copy');
  // The copy is the package's run-time files: everything but its types and docs.
  const pkg = JSON.parse(readFileSync(path.join(www, 'package.json'), 'utf8'));
  const runtime = pkg.files.filter((f) => !/\.d\.ts$|^types\/$|\.md$/.test(f)).map((f) => f.replace(/\/$/, '')).sort();
  assert.deepEqual(readdirSync(path.join(tmp, 'site', 'gotrain')).sort(), runtime);
  writeBlock('static-page');
  const server = await startServer({ dir: path.join(tmp, 'site') });
  try {
    const r = await openAndWait(browser, server.url + 'index.html', { origin: server.origin, timeout: 90_000 });
    if (r.text === 'training…') await r.page.waitForFunction(() => document.getElementById('out').textContent !== 'training…', null, { timeout: 90_000 });
    const text = await r.page.textContent('#out');
    t.diagnostic(`${text} | ${r.responses.join(', ')}`);
    assert.match(text, /^simd kernel, accuracy (0\.9\d*|1)$/);
    assert.deepEqual(failures(r), []);
    assert.deepEqual(r.consoleErrors, []);
  } finally {
    await server.stop();
  }
});

test('<gotrain-playground>: the folder copied as written and the page as written render, styled, and train', async (t) => {
  await sh('playground-copy');
  writeBlock('playground-page');
  const server = await startServer({ dir: path.join(tmp, 'site') });
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await ctx.newPage();
    const responses = [];
    const failed = [];
    const errors = [];
    page.on('response', (r) => {
      const line = `${r.status()} ${r.url().slice(server.origin.length)}`;
      responses.push(line);
      if (r.status() >= 400 && !/favicon\.ico/.test(r.url())) failed.push(line);
    });
    page.on('requestfailed', (r) => failed.push(`failed ${r.url()}`));
    page.on('console', (m) => m.type() === 'error' && !/\/favicon\.ico$/.test(m.location()?.url ?? '') && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url + 'article.html');
    const el = page.locator('gotrain-playground');
    await waitReady(page, el);
    assert.equal(await page.evaluate(() => document.querySelector('gotrain-playground').playground.gt.backend), 'simd');
    // The stylesheet applies inside the shadow root: the element is laid out as the page's grid, not as bare blocks.
    const styled = await page.evaluate(() => {
      const root = document.querySelector('gotrain-playground').shadowRoot;
      const sheet = root.querySelector('link[rel=stylesheet]');
      return { loaded: !!sheet?.sheet && sheet.sheet.cssRules.length > 0, font: getComputedStyle(root.querySelector('.gtp')).fontFamily };
    });
    assert.ok(styled.loaded, 'style.css is loaded into the shadow root');
    assert.ok(responses.includes('200 /playground/style.css'), 'style.css came from the copied folder');
    await trainToEnd(page);
    const acc = percent(await stat(page, 'Test accuracy'));
    t.diagnostic(`xor 8,8: test accuracy ${acc}; font ${styled.font}; ${responses.length} responses`);
    assert.ok(acc >= 0.9, `test accuracy ${acc}`);
    assert.ok(responses.some((s) => /^200 \/playground\/gotrain-kernel\.wasm/.test(s)), 'the SIMD kernel came from the copied folder');
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
  } finally {
    await ctx.close();
    await server.stop();
  }
});
