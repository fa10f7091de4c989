// Reliability (issue 2 of 5) in headless Chromium: saves over the
// browser's own quotas keep the previous save (localStorage; IndexedDB with
// its quota lowered through the DevTools protocol), hostile model files are
// refused while they are fetched, with no wasm growth, in both modes; and
// the service worker serves each page one version only across a deploy
// (build twice with a change, reload, check where every file came from).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { useBrowser, NEEDS_WASM, startServer, guardPage } from './page_helpers.mjs';
import { repoRoot } from '../browser.mjs';

const tmp = mkdtempSync(path.join(tmpdir(), 'gotrain-reliability-browser-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Hostile files served by build/serve (sparse: no disk, no time to make).
const big = path.join(tmp, 'big');
before(() => {
  spawnSync('mkdir', ['-p', big]);
  const spec = (paths) =>
    JSON.stringify({
      format: 'layers-model',
      modelTopology: { class_name: 'Sequential', config: { layers: [{ class_name: 'Dense', config: { units: 1, batch_input_shape: [null, 1] } }] } },
      weightsManifest: [{ paths, weights: [{ name: 'k', shape: [1, 1], dtype: 'float32' }, { name: 'b', shape: [1], dtype: 'float32' }] }],
    });
  writeFileSync(path.join(big, 'model.json'), spec(['weights.bin']));
  writeFileSync(path.join(big, 'weights.bin'), '');
  truncateSync(path.join(big, 'weights.bin'), 300 * 2 ** 20);
  writeFileSync(path.join(big, 'huge.json'), '');
  truncateSync(path.join(big, 'huge.json'), 100 * 2 ** 20);
});

const env = useBrowser({
  requires: [NEEDS_WASM],
  serve: { dir: 'www', mounts: { '/test/': 'build/test/pages', '/big/': big } },
  open: { path: 'test/api.html?warmUp=false', ready: () => window.gt !== undefined },
});

// ---------------------------------------------------------------------------
// Saves over the quota

// Helpers installed in the page (evaluated through the DevTools protocol:
// the page's CSP allows no eval of its own): the main-thread gt or a
// worker-mode one, and a save of 'keep' small, then of a 1200×1200 model
// (5.8 MB of float32) over it, reporting what is left.
async function helpers() {
  await env.page.evaluate(() => {
    if (window.__gt) return;
    window.__gt = async (worker) => (worker ? (window.gtw ??= await (await import('/gotrain.js')).load({ worker: true, warmUp: false })) : window.gt);
    window.__saveOverQuota = async (gt, scheme) => {
      const keys = () => Object.keys(localStorage).filter((k) => k.startsWith('tensorflowjs_models/keep/')).sort();
      const snapshot = () => JSON.stringify(keys().map((k) => [k, localStorage.getItem(k)]));
      const x = [[0.1, 0.2, 0.3]];
      const small = await gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 2, inputShape: [3] })] });
      await small.save(`${scheme}keep`);
      const first = await gt.loadLayersModel(`${scheme}keep`);
      const want = Array.from((await first.predict(x)).data);
      const before = snapshot();
      const wide = await gt.sequential({ seed: 2, layers: [gt.layers.dense({ units: 1200, inputShape: [1200] })] });
      let error = null;
      try {
        await wide.save(`${scheme}keep`);
      } catch (e) {
        error = e.message;
      }
      const back = await gt.loadLayersModel(`${scheme}keep`);
      const got = Array.from((await back.predict(x)).data);
      for (const m of [small, first, wide, back]) await m.dispose();
      return { error, keys: keys().length, unchanged: snapshot() === before, want, got };
    };
  });
}

for (const worker of [false, true]) {
  const mode = worker ? 'worker mode' : 'main thread';

  test(`localStorage: a save over Chromium's quota fails and keeps the previous save (${mode})`, async () => {
    await helpers();
    const r = await env.page.evaluate(async (w) => {
      localStorage.clear();
      return window.__saveOverQuota(await window.__gt(w), 'localstorage://');
    }, worker);
    assert.match(r.error, /^save: could not save model 'keep' to localStorage \(QuotaExceededError: .*; the previous save under that name is kept$/);
    assert.equal(r.keys, 5, "'keep' still has its five keys (the issue: 5 → 0)");
    assert.ok(r.unchanged, 'with the same values');
    assert.deepEqual(r.got, r.want, "'keep' loads and predicts as before");
  });

  test(`indexeddb: a save over the origin's quota fails in its one transaction and keeps the previous save (${mode})`, async () => {
    const cdp = await env.page.context().newCDPSession(env.page);
    const origin = new URL(env.server.url).origin;
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 3 * 2 ** 20 });
    await helpers();
    try {
      const r = await env.page.evaluate(async (w) => window.__saveOverQuota(await window.__gt(w), 'indexeddb://'), worker);
      assert.match(r.error, /^save: IndexedDB: QuotaExceededError.*; the previous save under that name, if any, is unchanged$/, r.error);
      assert.deepEqual(r.got, r.want, "'keep' loads and predicts as before");
    } finally {
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await cdp.detach();
    }
  });
}

// ---------------------------------------------------------------------------
// Hostile files fetched in the browser

for (const worker of [false, true]) {
  const mode = worker ? 'worker mode' : 'main thread';
  test(`hostile files fetched in Chromium: refused while read, no wasm growth (${mode})`, async (t) => {
    await helpers();
    const rows = await env.page.evaluate(async (w) => {
      const gt = await window.__gt(w);
      let pulled = 0;
      const endless = () => new Response(new ReadableStream({ pull: (c) => { pulled++; c.enqueue(new Uint8Array(1 << 20)); } }));
      const bigFile = new File([new Uint8Array(65 * 2 ** 20)], 'model.json'); // made before the clock starts
      const cases = [
        ['a 300 MB weights.bin for 8 bytes of specs (Content-Length)', () => gt.loadLayersModel('/big/model.json')],
        ['a 100 MB model.json (Content-Length)', () => gt.loadLayersModel('/big/huge.json')],
        ['a model.json stream that never ends', () => gt.loadLayersModel('/x/model.json', { fetchFunc: async () => endless() })],
        ['a 65 MB model.json File', () => gt.loadLayersModel({ json: bigFile, weights: [] })],
      ];
      const out = [];
      for (const [what, f] of cases) {
        const w0 = (await gt.memory({ gc: true })).wasmBytes;
        const t0 = performance.now();
        let message = null;
        try {
          await f();
        } catch (e) {
          message = e.message;
        }
        out.push({ what, message, ms: performance.now() - t0, grow: (await gt.memory()).wasmBytes - w0 });
      }
      out[2].pulled = pulled;
      return out;
    }, worker);
    const want = [
      /^loadLayersModel: the weight specs describe 8 bytes of weight data but http:\/\/127\.0\.0\.1:\d+\/big\/weights\.bin has more \(at least 314572800 bytes\)$/,
      /^loadLayersModel: model\.json http:\/\/127\.0\.0\.1:\d+\/big\/huge\.json is larger than the limit of 64 MB \(at least 104857600 bytes\)$/,
      /^loadLayersModel: model\.json http:\/\/127\.0\.0\.1:\d+\/x\/model\.json is larger than the limit of 64 MB/,
      /^loadLayersModel: model\.json model\.json is larger than the limit of 64 MB \(at least 68157440 bytes\)$/,
    ];
    rows.forEach((r, i) => {
      t.diagnostic(`${mode} | ${r.what} | ${r.ms.toFixed(0)} ms | wasm +${r.grow}`);
      assert.match(String(r.message), want[i], r.what);
      assert.equal(r.grow, 0, `${r.what}: wasm memory grew`);
    });
    // Refused while read: the endless stream is read no further than the cap
    // (64 chunks of 1 MB, plus the stream's own read-ahead). How long a
    // refusal takes is measured by build/bench/refuse.mjs, not asserted.
    assert.ok(rows[2].pulled <= 66, `the endless stream gave ${rows[2].pulled} chunks of 1 MB (the cap is 64 MB)`);
  });
}

// ---------------------------------------------------------------------------
// The service worker across a deploy

const sha = (b) => createHash('sha256').update(b).digest('hex');
/** The files a deploy changes: enough to catch a new index.html with an old app/main.js. */
const CHANGED = ['index.html', 'app/main.js', 'lib/api.js', 'gotrain-worker.js'];

/** Stamps site as make build does. */
function stamp(site) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'build', 'stamp-sw.mjs'), site], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(path.join(site, 'sw-version.js'), 'utf8').match(/"version": "([0-9a-f]+)"/)[1];
}

/** The hashes of the changed files in site now. */
const hashes = (site) => Object.fromEntries(CHANGED.map((f) => [f, sha(readFileSync(path.join(site, f)))]));

/** A deploy: every changed file gets a line of its own (a comment). */
function deploy(site, tag) {
  for (const f of CHANGED) appendFileSync(path.join(site, f), f.endsWith('.html') ? `<!-- ${tag} -->\n` : `// ${tag}\n`);
}

/** Loads (or reloads) the page and returns, per changed file, which versions its bodies matched. */
async function loadAndClassify(page, versions, go) {
  const responses = [];
  const onResponse = (r) => responses.push(r);
  page.on('response', onResponse);
  try {
    await go();
    await page.waitForFunction(() => document.querySelector('[role=status]') !== null, null, { timeout: 60_000 });
    // Every file the page and its worker asked for, with the worker's wasm.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('gotrain-worker.js')), null, { timeout: 60_000 });
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    page.off('response', onResponse);
  }
  const seen = {};
  for (const r of responses) {
    const u = new URL(r.url());
    const file = u.pathname === '/' ? 'index.html' : u.pathname.slice(1);
    if (!CHANGED.includes(file)) continue;
    let body;
    try {
      body = await r.body();
    } catch {
      continue;
    }
    const h = sha(body);
    const v = Object.keys(versions).find((name) => versions[name][file] === h) ?? 'unknown';
    (seen[file] ??= new Set()).add(v);
  }
  return Object.fromEntries(Object.entries(seen).map(([f, s]) => [f, [...s]]));
}

const versionsOf = (seen) => [...new Set(Object.values(seen).flat())];

/** Polls page until the page function f(arg) resolves truthy (waitForFunction does not await promises). */
async function until(page, f, arg, { timeout = 90_000, what = 'a condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(f, arg)) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Waits until the registration's active worker (activated, nothing
 * installing) says it serves version v and caches it. The registration's
 * attributes alone can look settled while the new worker is between
 * installing and active, so the worker itself is asked.
 */
function waitActive(page, v) {
  return until(
    page,
    async (v) => {
      const reg = await navigator.serviceWorker.getRegistration();
      const sw = reg?.active;
      if (sw?.state !== 'activated' || reg.installing || reg.waiting || !(await caches.keys()).includes(`gotrain-${v}`)) return false;
      const ch = new MessageChannel();
      const answer = new Promise((resolve) => {
        ch.port1.onmessage = (e) => resolve(e.data);
        setTimeout(() => resolve(null), 2000);
      });
      sw.postMessage('gotrain:version', [ch.port2]);
      return (await answer) === v;
    },
    v,
    { what: `version ${v} to be active` },
  );
}

test('service worker: across a deploy every page gets every file from one version; a half-done deploy is never cached', async (t) => {
  const site = path.join(tmp, 'site');
  cpSync(path.join(repoRoot, 'www'), site, { recursive: true, dereference: true });
  const versions = {};
  const A = stamp(site);
  versions.A = hashes(site);
  const server = await startServer({ dir: site });
  const ctx = await env.browser.newContext();
  try {
    const page = await ctx.newPage();
    const guard = guardPage(page);
    // First visit: installs A; a reload then loads all of A through it.
    await page.goto(server.url);
    await waitActive(page, A);
    let seen = await loadAndClassify(page, versions, () => page.reload());
    assert.deepEqual(versionsOf(seen), ['A'], `A, reloaded: ${JSON.stringify(seen)}`);
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'served by the service worker');

    // Deploy B, reload: this load is all A or all B (it is A: the update installs meanwhile).
    deploy(site, 'B');
    const B = stamp(site);
    versions.B = hashes(site);
    assert.notEqual(A, B);
    seen = await loadAndClassify(page, versions, () => page.reload());
    t.diagnostic(`reload after deploying B: ${JSON.stringify(seen)}`);
    assert.equal(versionsOf(seen).length, 1, `one version per load: ${JSON.stringify(seen)}`);
    const first = versionsOf(seen)[0];
    await waitActive(page, B);
    // The open page keeps its version for what it asks for later, even with B active.
    if (first === 'A') {
      const later = await page.evaluate(async () => (await (await fetch('app/main.js')).text()).includes('// B'));
      assert.equal(later, false, 'a page of version A still gets A files after B took over');
    }
    seen = await loadAndClassify(page, versions, () => page.reload());
    assert.deepEqual(versionsOf(seen), ['B'], `the next reload: all B: ${JSON.stringify(seen)}`);

    // A deploy caught half-way: the stamp says C, but one file is still B's.
    deploy(site, 'C');
    const C = stamp(site);
    versions.C = hashes(site);
    writeFileSync(path.join(site, 'lib', 'api.js'), readFileSync(path.join(site, 'lib', 'api.js'), 'utf8').replace('// C\n', ''));
    seen = await loadAndClassify(page, versions, () => page.reload());
    assert.deepEqual(versionsOf(seen), ['B'], `during the half-done deploy: all B: ${JSON.stringify(seen)}`);
    // Give the failed install of C its time, then check nothing of C was kept.
    // update() settles once the update check has found C and begun its
    // install (or joined the one the reload began), so that "nothing
    // installing" below means C's install has ended, not that it has not
    // started yet.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update().catch(() => {}));
    await until(page, async () => !(await navigator.serviceWorker.getRegistration())?.installing, null, { what: 'the install of C to end' });
    await new Promise((r) => setTimeout(r, 1000));
    assert.ok(!(await page.evaluate(() => caches.keys())).includes(`gotrain-${C}`), 'no cache of the half-deployed version');
    seen = await loadAndClassify(page, versions, () => page.reload());
    assert.deepEqual(versionsOf(seen), ['B'], `after the failed install: all B: ${JSON.stringify(seen)}`);

    // Versions no page uses are deleted: a fresh page, then A's cache is gone.
    const other = await ctx.newPage();
    await page.close();
    await other.goto(server.url);
    await until(other, async (a) => !(await caches.keys()).includes(a), `gotrain-${A}`, { timeout: 30_000, what: "A's cache to be deleted" });
    t.diagnostic(`caches at the end: ${(await other.evaluate(() => caches.keys())).join(', ')}`);
    guard.assertClean();
  } finally {
    await ctx.close();
    await server.stop();
  }
});
