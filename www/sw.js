// sw.js: gotrain's service worker. On install it caches every file the page
// needs (ASSETS), under a cache named after VERSION; on activate it deletes
// the caches of other versions. With the network off, the page, the
// WebAssembly module, the worker and the shipped datasets all come from
// the cache, so the playground loads and trains offline after one visit.
//
// VERSION is a constant the build may stamp (e.g. with a hash of www/):
// while it is the placeholder below, requests go to the network first and
// the cache is only the offline fallback (so development always sees fresh
// files); once stamped, the cache answers first and a new VERSION replaces
// the old cache on the next visit.

const VERSION = 'dev';
const CACHE = `gotrain-${VERSION}`;
const STAMPED = VERSION !== 'dev';

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
  'lib/kernel.js',
  'lib/load.js',
  'lib/matrix.js',
  'lib/model.js',
  'lib/options.js',
  'lib/specs.js',
  'lib/storage.js',
  'lib/tfjs-artifacts.js',
  'lib/worker-client.js',
  'lib/worker-server.js',
  'gotrain.wasm',
  'gotrain-kernel.wasm',
  'gotrain-kernel-scalar.wasm',
  'wasm_exec.js',
  'app/codegen.js',
  'app/codeview.js',
  'app/colors.js',
  'app/confusion.js',
  'app/controls.js',
  'app/csvpanel.js',
  'app/datasets.js',
  'app/digitview.js',
  'app/dom.js',
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
  'app/network.js',
  'app/overflow.js',
  'app/panels.js',
  'app/playground-element.js',
  'app/playground.js',
  'app/predictor.js',
  'app/presets.js',
  'app/rows.js',
  'app/state.js',
  'app/task.js',
  'app/training.js',
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

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // One request per asset, bypassing the HTTP cache; a missing optional
      // file must not stop the others from being cached.
      const results = await Promise.allSettled(
        ASSETS.map(async (a) => {
          const req = new Request(new URL(a, self.registration.scope), { cache: 'reload' });
          const res = await fetch(req);
          if (!res.ok) throw new Error(`${a}: HTTP ${res.status}`);
          await cache.put(req, res);
        }),
      );
      const failed = results.filter((r) => r.status === 'rejected');
      if (failed.length) console.warn('gotrain sw: not cached:', failed.map((r) => r.reason?.message).join(', '));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('gotrain-') && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

function cacheKey(request) {
  // The hash and the query never change which file is meant.
  const u = new URL(request.url);
  u.hash = '';
  u.search = '';
  return u.href;
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(cacheKey(request))) || (request.mode === 'navigate' ? cache.match(new URL('index.html', self.registration.scope).href) : undefined);
}

async function fromNetwork(request) {
  const res = await fetch(request);
  if (res.ok && res.type === 'basic') {
    const cache = await caches.open(CACHE);
    await cache.put(cacheKey(request), res.clone());
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      if (STAMPED) {
        const hit = await fromCache(request);
        if (hit) return hit;
        return fromNetwork(request);
      }
      try {
        return await fromNetwork(request);
      } catch (e) {
        const hit = await fromCache(request);
        if (hit) return hit;
        throw e;
      }
    })(),
  );
});
