// sw.js: gotrain's service worker. On install it caches every file the page
// needs (ASSETS) under a cache named after VERSION; with the network off,
// the page, the WebAssembly module, the worker and the shipped datasets all
// come from the cache, so the playground loads and trains offline after one
// visit.
//
// VERSION is the build's stamp: build/stamp-sw.mjs (make build) writes
// sw-version.js next to this file, which sets self.GOTRAIN_BUILD = {
// version, files: { path: sha-256 } }, version being a hash of every file
// in ASSETS. The browser's update check compares sw-version.js byte for byte
// as it does this file, so a deploy that changes any cached file installs a
// new worker. That worker caches the new files, checking each against its
// hash (a deploy caught half-way fails the install and is tried again
// later), and serves each page from one version only: a page, and the
// workers it starts, get every file from the version its document came
// from, even when a newer version has been installed meanwhile; new pages
// get the newest. A version's cache is deleted once no page uses it.
//
// Unstamped (no sw-version.js: a plain checkout), VERSION is 'dev':
// requests go to the network first and the cache is only the offline
// fallback, so development always sees fresh files.

let BUILD = null;
try {
  importScripts('sw-version.js');
  BUILD = self.GOTRAIN_BUILD ?? null;
} catch {
  // not stamped
}
const VERSION = BUILD?.version ?? 'dev';
const CACHE = `gotrain-${VERSION}`;
const STAMPED = VERSION !== 'dev';
/** Which version each page (and each worker it started) was served: a cache of its own, so that it outlives this worker's restarts. */
const CLIENTS = 'gotrain:clients';

/** Every asset, relative to this file. Keep in step with www/ (a test checks). */
const ASSETS = [
  './',
  'index.html',
  'style.css',
  'manifest.webmanifest',
  'icon.svg',
  'gotrain.js',
  'gotrain-worker.js',
  'lib/api.js',
  'lib/descriptions.js',
  'lib/direct.js',
  'lib/env.js',
  'lib/folds.js',
  'lib/kernel.js',
  'lib/load.js',
  'lib/matrix.js',
  'lib/model.js',
  'lib/options.js',
  'lib/pcg.js',
  'lib/plan.js',
  'lib/pool.js',
  'lib/specs.js',
  'lib/standalone.js',
  'lib/storage.js',
  'lib/teaching.js',
  'lib/tfjs-artifacts.js',
  'lib/tune.js',
  'lib/worker-client.js',
  'lib/worker-server.js',
  'gotrain.wasm',
  'gotrain-kernel.wasm',
  'gotrain-kernel-scalar.wasm',
  'wasm_exec.js',
  'app/actcurve.js',
  'app/augment.js',
  'app/augmentpanel.js',
  'app/augmentview.js',
  'app/codegen.js',
  'app/codeview.js',
  'app/colors.js',
  'app/confusion.js',
  'app/controls.js',
  'app/csvpanel.js',
  'app/curvechart.js',
  'app/datasets.js',
  'app/digitview.js',
  'app/evaluation.js',
  'app/dom.js',
  'app/dropoutmath.js',
  'app/drawdigit.js',
  'app/files.js',
  'app/fithistory.js',
  'app/format.js',
  'app/heatmap.js',
  'app/lessons.js',
  'app/lessonview.js',
  'app/linechart.js',
  'app/main.js',
  'app/mathformulas.js',
  'app/mathml.js',
  'app/mathpanel.js',
  'app/mathview.js',
  'app/metricsmath.js',
  'app/network.js',
  'app/overflow.js',
  'app/panels.js',
  'app/playground-element.js',
  'app/playground.js',
  'app/predictor.js',
  'app/presets.js',
  'app/rows.js',
  'app/startup.js',
  'app/state.js',
  'app/task.js',
  'app/threshold.js',
  'app/training.js',
  'app/tunepanel.js',
  'app/tunespace.js',
  'app/views.js',
  'app/weightedit.js',
  'data/README.md',
  'data/breast_cancer.csv',
  'data/digits.csv',
  'data/iris.csv',
  'examples/embed.html',
  'examples/minimal.html',
  'examples/minimal.js',
  'examples/embed.css',
];

const scoped = (a) => new URL(a, self.registration.scope).href;

/** SHA-256 of a response's body, in hex. */
async function sha256(res) {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', await res.clone().arrayBuffer()));
  return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      // One request per asset, bypassing the HTTP cache. Stamped, every
      // file the stamp lists must come and match its hash, or nothing of
      // this version is used; unstamped, a missing file must not stop the
      // others from being cached. The version's cache is made only once
      // every file has come: a deploy caught half-way never has one, not
      // even for the moment an install takes to fail.
      const results = await Promise.allSettled(
        ASSETS.map(async (a) => {
          const req = new Request(scoped(a), { cache: 'reload' });
          const res = await fetch(req);
          if (!res.ok) throw new Error(`${a}: HTTP ${res.status}`);
          const want = BUILD?.files?.[a];
          if (want && (await sha256(res)) !== want) throw new Error(`${a}: not the file of version ${VERSION} (a deploy in progress?)`);
          return [req, res];
        }),
      );
      const failed = results.filter((r, i) => r.status === 'rejected' && (!STAMPED || BUILD.files?.[ASSETS[i]]));
      if (STAMPED && failed.length) {
        throw new Error(`gotrain sw: version ${VERSION} not installed: ${failed.map((r) => r.reason?.message).join(', ')}`);
      }
      const cache = await caches.open(CACHE);
      for (const r of results) if (r.status === 'fulfilled') await cache.put(...r.value);
      if (failed.length) console.warn('gotrain sw: not cached:', failed.map((r) => r.reason?.message).join(', '));
      // Pages already open keep their version (see versionFor), so the new
      // one may take over at once.
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await self.clients.claim();
      await prune();
    })(),
  );
});

// ---------------------------------------------------------------------------
// Which version serves which page

const clientKey = (id) => scoped(`__gotrain_client/${encodeURIComponent(id)}`);
const known = new Map(); // client id → version, as recorded
/** A record younger than this is kept even if its client is not listed yet (a page or worker still starting). */
const RECORD_GRACE_MS = 60_000;

async function recordClient(id, version) {
  if (!id) return;
  known.set(id, version);
  const c = await caches.open(CLIENTS);
  await c.put(clientKey(id), new Response(JSON.stringify({ version, at: Date.now() })));
}

async function readRecord(c, req) {
  const r = await c.match(req);
  try {
    return r ? JSON.parse(await r.text()) : null;
  } catch {
    return null;
  }
}

/** The version client id was served, or undefined. */
async function versionOf(id) {
  if (!id) return undefined;
  if (known.has(id)) return known.get(id);
  const rec = await readRecord(await caches.open(CLIENTS), clientKey(id));
  if (rec?.version) known.set(id, rec.version);
  return rec?.version;
}

/** The cache of the version client id uses (its own if that is still there), else this version's. */
async function cacheFor(id) {
  const v = await versionOf(id);
  if (v && v !== VERSION && (await caches.has(`gotrain-${v}`))) return caches.open(`gotrain-${v}`);
  return caches.open(CACHE);
}

/** Deletes the records of pages and workers gone, and the caches of versions no living one uses. */
async function prune() {
  const alive = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: 'all' })).map((c) => c.id));
  const used = new Set([VERSION]);
  const records = await caches.open(CLIENTS);
  for (const req of await records.keys()) {
    const id = decodeURIComponent(new URL(req.url).pathname.split('/').pop());
    const rec = await readRecord(records, req);
    if (rec && alive.has(id)) used.add(rec.version);
    else if (!rec || Date.now() - rec.at >= RECORD_GRACE_MS) {
      known.delete(id);
      await records.delete(req);
    }
  }
  for (const key of await caches.keys()) {
    if (key.startsWith('gotrain-') && !used.has(key.slice('gotrain-'.length))) await caches.delete(key);
  }
}

// ---------------------------------------------------------------------------
// Fetches

function cacheKey(request) {
  // The hash and the query never change which file is meant.
  const u = new URL(request.url);
  u.hash = '';
  u.search = '';
  return u.href;
}

async function fromNetwork(request, cache) {
  const res = await fetch(request);
  if (cache && res.ok && res.type === 'basic') await cache.put(cacheKey(request), res.clone());
  return res;
}

/** Stamped: the file from the cache of the version the requesting page uses; the network for anything else. */
async function stamped(event) {
  const { request } = event;
  let cache;
  if (request.mode === 'navigate') {
    // A new page: this version, which it keeps.
    cache = await caches.open(CACHE);
    event.waitUntil(recordClient(event.resultingClientId, VERSION).then(prune));
  } else {
    cache = await cacheFor(event.clientId);
    // A worker the page starts uses the page's version.
    if (request.destination === 'worker' || request.destination === 'sharedworker') {
      const v = (await versionOf(event.clientId)) ?? VERSION;
      event.waitUntil(recordClient(event.resultingClientId, v));
    }
  }
  const hit = (await cache.match(cacheKey(request))) || (request.mode === 'navigate' ? await cache.match(scoped('index.html')) : undefined);
  return hit || fetch(request);
}

/** Unstamped: the network first, the cache when offline. */
async function development(request) {
  const cache = await caches.open(CACHE);
  try {
    return await fromNetwork(request, cache);
  } catch (e) {
    const hit = (await cache.match(cacheKey(request))) || (request.mode === 'navigate' ? await cache.match(scoped('index.html')) : undefined);
    if (hit) return hit;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(STAMPED ? stamped(event) : development(request));
});

// A page (or a test) may ask which version this worker serves: post
// 'gotrain:version' with a MessagePort; the answer goes to that port.
self.addEventListener('message', (event) => {
  if (event.data === 'gotrain:version' && event.ports[0]) event.ports[0].postMessage(VERSION);
});
