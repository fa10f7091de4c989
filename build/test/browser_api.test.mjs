// gotrain.js in headless Chromium: a test page (build/test/pages, mounted
// at /test/ next to www/) loads the module under a strict CSP, trains the
// Keras example on the main thread and in worker mode, and the long-task
// probe of build/browser.mjs records the page's longest main-thread task.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { guardPage, readLongTasks, resetLongTasks } from '../browser.mjs';
import { useBrowser, NEEDS_WASM, traceMainThread } from './page_helpers.mjs';

const env = useBrowser({
  requires: [NEEDS_WASM],
  serve: { dir: 'www', mounts: { '/test/': 'build/test/pages' } },
  open: { path: 'test/api.html', ready: () => window.readyMs !== undefined, probe: true },
});

test('load in Chromium: navigation to ready', async (t) => {
  const { readyMs, loadMs, version, backend } = await env.page.evaluate(() => ({
    readyMs: window.readyMs,
    loadMs: window.loadMs,
    version: window.gt.version,
    backend: window.gt.backend,
  }));
  t.diagnostic(`Chromium: navigation start → API ready ${readyMs.toFixed(0)} ms (load() itself ${loadMs.toFixed(0)} ms)`);
  assert.equal(version, '0.1.0');
  assert.equal(backend, 'simd', 'Chromium has WebAssembly SIMD');
  assert.equal(await env.page.evaluate(() => Object.keys(globalThis).filter((k) => k.startsWith('__gotrain_')).length), 0);
});

// fit runs in slices of about 10 ms of work. What is asserted is the CPU
// time of the page's longest task (from a DevTools trace): the page's own
// work, which a loaded machine does not stretch; the wall-clock probe of
// build/browser.mjs (longtask entries, timer lag) is logged beside it, as a
// busy machine can hold any task past 50 ms of wall time.
test('main-thread fit in Chromium: accuracy ≥ 0.95 and no task of the page over 50 ms of CPU', async (t) => {
  await resetLongTasks(env.page);
  let r;
  const tr = await traceMainThread(env.browser, env.page, async () => {
    r = await env.page.evaluate(() => window.trainMain());
  });
  const lt = await readLongTasks(env.page);
  t.diagnostic(
    `main thread: fit ${r.fitMs.toFixed(0)} ms, test accuracy ${r.accuracy}; longest task ${tr.cpuMs} ms CPU, ${tr.wallMs} ms wall (trace); ` +
      `probe: longest ${lt.longestTaskMs.toFixed(0)} ms (longtask entries ${lt.longTaskCount}, TBT ${lt.totalBlockingMs.toFixed(0)} ms), max timer lag ${lt.maxTimerLagMs.toFixed(1)} ms, max frame gap ${lt.maxFrameGapMs.toFixed(1)} ms`,
  );
  assert.ok(r.accuracy >= 0.95, `accuracy ${r.accuracy}`);
  assert.equal(r.epochs, 10);
  assert.equal(r.batches, 250);
  assert.ok(r.grid[0] > 0.5 && r.grid[1] < 0.5);
  assert.ok(tr.cpuMs < 50, `the page's longest task took ${tr.cpuMs} ms of CPU`);
});

// In worker mode the page's own work is the onBatchEnd messages.
test('worker mode in Chromium: same results, the page thread stays free', async (t) => {
  const info = await env.page.evaluate(() => window.loadWorker());
  assert.equal(info.version, '0.1.0');
  await resetLongTasks(env.page);
  let r;
  const tr = await traceMainThread(env.browser, env.page, async () => {
    r = await env.page.evaluate(() => window.trainWorker());
  });
  const lt = await readLongTasks(env.page);
  t.diagnostic(
    `worker: load({ worker: true }) ${info.ms.toFixed(0)} ms; fit ${r.fitMs.toFixed(0)} ms, test accuracy ${r.accuracy}; ` +
      `page longest task ${tr.cpuMs} ms CPU, ${tr.wallMs} ms wall (trace); probe: longest ${lt.longestTaskMs.toFixed(0)} ms, max timer lag ${lt.maxTimerLagMs.toFixed(1)} ms`,
  );
  assert.ok(r.accuracy >= 0.95, `accuracy ${r.accuracy}`);
  assert.equal(r.batches, 250, 'every onBatchEnd arrived as a message');
  assert.ok(tr.cpuMs < 50, `the page's longest task took ${tr.cpuMs} ms of CPU`);
  const s = await env.page.evaluate(() => window.stopWorker());
  assert.ok(s.epochs >= 1 && s.epochs < 1_000_000, JSON.stringify(s));
});

test('errors in Chromium are Errors and the module stays alive; no console errors', async () => {
  const out = await env.page.evaluate(() => window.misuse());
  assert.deepEqual(out, [
    'true: predict: x has 3 columns but the model expects 2',
    "true: dense: unknown activation 'nope' (known: linear, relu, leakyRelu, elu, sigmoid, tanh, softmax, softplus)",
    'true: fit: the model is not compiled; call compile first',
    'alive: 1,1',
    'true: modelFromJSON: ',
  ]);
  env.guard.assertClean();
});

test('a .wasm served with the wrong MIME type still loads (arrayBuffer fallback)', async () => {
  // build/serve serves .wasm as application/wasm; route the request to
  // answer with application/octet-stream instead.
  const p2 = await env.browser.newPage();
  const g2 = guardPage(p2);
  await p2.route('**/gotrain.wasm', async (route) => {
    const resp = await route.fetch();
    await route.fulfill({ response: resp, headers: { ...resp.headers(), 'content-type': 'application/octet-stream' } });
  });
  await p2.goto(new URL('test/api.html', env.server.url).href);
  await p2.waitForFunction(() => window.readyMs !== undefined, null, { timeout: 60_000 });
  assert.equal(await p2.evaluate(() => window.gt.sequential({ layers: [window.gt.layers.dense({ units: 2, inputShape: [1] })] }).predict([[1]]).shape[1]), 2);
  g2.assertClean();
  await p2.close();
});
