// Smoke test of the browser tooling: build/serve serving www/ to headless
// Chromium, plus self-tests of the helpers in build/browser.mjs.
// Run with `node --test build/test/` (make test does).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

import {
  startServer,
  guardPage,
  installLongTaskProbe,
  readLongTasks,
  resetLongTasks,
  screenshot,
  repoRoot,
} from '../browser.mjs';
import { useBrowser } from './page_helpers.mjs';

const wwwDir = path.join(repoRoot, 'www');

// Every *.wasm under www/, as URL paths ("gotrain.wasm", "sub/x.wasm").
function wasmFiles(dir = wwwDir, rel = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...wasmFiles(full, `${rel}${name}/`));
    else if (name.endsWith('.wasm')) out.push(`${rel}${name}`);
  }
  return out;
}

const env = useBrowser();

test('page loads with title gotrain, no console errors, screenshot saved', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 800 } });
  const guard = guardPage(page);
  await installLongTaskProbe(page);
  const resp = await page.goto(env.server.url, { waitUntil: 'load' });
  assert.equal(resp.status(), 200);
  assert.match(resp.headers()['content-type'], /^text\/html/);
  assert.equal(resp.headers()['cache-control'], 'no-cache');
  assert.match(await page.title(), /^gotrain/);
  const file = await screenshot(page, 'smoke');
  assert.ok(statSync(file).size > 1000, `screenshot ${file} looks empty`);
  const lt = await readLongTasks(page);
  for (const k of ['longestTaskMs', 'longTaskCount', 'totalBlockingMs', 'maxTimerLagMs', 'maxFrameGapMs']) {
    assert.equal(typeof lt[k], 'number', `probe field ${k}`);
  }
  guard.assertClean();
  await page.close();
});

test('wasm files are served as application/wasm and compile in the browser', async (t) => {
  const files = wasmFiles();
  if (files.length === 0) {
    t.skip('no .wasm under www/ (wasm/ not built yet)');
    return;
  }
  const page = await env.browser.newPage();
  const guard = guardPage(page);
  await page.goto(env.server.url);
  for (const f of files) {
    const url = new URL(f, env.server.url).href;
    const plain = await fetch(url, { headers: { 'Accept-Encoding': 'identity' } });
    assert.equal(plain.status, 200, url);
    assert.equal(plain.headers.get('content-type'), 'application/wasm', url);
    const bytes = new Uint8Array(await plain.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], `${url}: no wasm magic`);

    for (const [enc, ext] of [['br', '.br'], ['gzip', '.gz']]) {
      if (!existsSync(path.join(wwwDir, f + ext))) continue;
      const r = await fetch(url, { method: 'HEAD', headers: { 'Accept-Encoding': enc } });
      assert.equal(r.headers.get('content-encoding'), enc, `${url} with Accept-Encoding: ${enc}`);
      assert.equal(r.headers.get('content-type'), 'application/wasm');
      assert.match(r.headers.get('vary') || '', /Accept-Encoding/);
    }

    // compileStreaming insists on application/wasm; Chromium asks for br/gzip.
    const info = await page.evaluate(async (u) => {
      const resp = await fetch(u);
      const mod = await WebAssembly.compileStreaming(resp);
      return { exports: WebAssembly.Module.exports(mod).length };
    }, url);
    assert.ok(info.exports > 0, `${url}: module has no exports`);
  }
  guard.assertClean();
  await page.close();
});

test('data files are served as text/csv', async () => {
  const csv = readdirSync(path.join(wwwDir, 'data')).filter((f) => f.endsWith('.csv'));
  for (const f of csv) {
    const r = await fetch(new URL(`data/${f}`, env.server.url), { method: 'HEAD' });
    assert.equal(r.status, 200, f);
    assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8', f);
  }
});

test('server refuses traversal and answers 404', async () => {
  const r404 = await fetch(new URL('no-such-file.js', env.server.url));
  assert.equal(r404.status, 404);
  // fetch() would normalise "..", so encode it.
  const rt = await fetch(`${env.server.url}%2e%2e/go.mod`);
  assert.notEqual(rt.status, 200);
});

test('guardPage reports foreign hosts and console errors', async () => {
  const page = await env.browser.newPage();
  const guard = guardPage(page);
  // A document without the site's Content-Security-Policy, so that the
  // foreign fetch really becomes a request for the guard to see.
  await page.goto(env.server.url + 'data/README.md');
  await page.evaluate(async () => {
    console.error('deliberate test error');
    await fetch('http://example.invalid/x').catch(() => {});
  });
  const errs = guard.errors();
  assert.ok(errs.some((e) => e.includes('deliberate test error')), errs.join('\n'));
  assert.ok(errs.some((e) => e.includes('non-local host') && e.includes('example.invalid')), errs.join('\n'));
  assert.throws(() => guard.assertClean(), /page problems/);
  await page.close();
});

test('long-task probe sees a blocked main thread', async () => {
  const page = await env.browser.newPage();
  const guard = guardPage(page);
  await installLongTaskProbe(page);
  await page.goto(env.server.url);
  await resetLongTasks(page);
  // Block the main thread for 150 ms in a task of the page's own (code run
  // directly by page.evaluate is a DevTools task, not reported as a longtask).
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        setTimeout(() => {
          const end = performance.now() + 150;
          while (performance.now() < end) {}
          resolve();
        }, 0),
      ),
  );
  const lt = await readLongTasks(page);
  assert.ok(lt.longestTaskMs >= 140, `longestTaskMs ${lt.longestTaskMs}`);
  assert.ok(lt.longTaskCount >= 1, `longTaskCount ${lt.longTaskCount}`);
  assert.ok(lt.totalBlockingMs >= 90, `totalBlockingMs ${lt.totalBlockingMs}`);
  assert.ok(lt.maxTimerLagMs >= 100, `maxTimerLagMs ${lt.maxTimerLagMs}`);
  assert.ok(lt.maxFrameGapMs >= 100, `maxFrameGapMs ${lt.maxFrameGapMs}`);
  guard.assertClean();
  await page.close();
});

test('-mount serves node_modules under a prefix', async (t) => {
  if (!existsSync(path.join(repoRoot, 'build', 'node_modules', '@tensorflow', 'tfjs', 'package.json'))) {
    t.skip('node_modules not installed (npm ci)');
    return;
  }
  const s = await startServer({ dir: 'www', mounts: { '/node_modules/': 'build/node_modules' } });
  try {
    const r = await fetch(new URL('node_modules/@tensorflow/tfjs/package.json', s.url));
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal((await r.json()).version, '4.22.0');
  } finally {
    await s.stop();
  }
});
