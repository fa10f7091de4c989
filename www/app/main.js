// main.js: the page's entry point. Starts gotrain (in its worker) first,
// builds the playground into #app with its state kept in the URL hash, and
// registers the service worker (sw.js) that
// makes the page work offline after one visit.

import { load } from '../gotrain.js';

// gotrain's worker starts now, so that it loads (its modules, gotrain.wasm)
// while the playground's own modules do; the playground takes the promise.
// Without load's background warm-up: its ~250 ms of training in the worker
// held up each of the page's first calls (data, model, first drawing) behind
// its slices, making the page ready ~0.3 s later on a busy machine, while
// all it saves is the first fit's first epochs running on the engine's
// quicker-compiled tier, in the worker, where the page does not feel it.
performance.mark('gotrain:load');
const gt = load({ worker: true, warmUp: false });
gt.catch(() => {}); // reported by the playground
const { Playground } = await import('./playground.js');

const root = document.getElementById('app');
const pg = new Playground(root, { syncHash: true, gt });
pg.start().catch((e) => {
  const p = document.createElement('p');
  p.className = 'fatal';
  p.textContent = `The playground could not start: ${e?.message || e}`;
  root.prepend(p);
});

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  // updateViaCache 'none': the update check fetches sw.js and its stamp (sw-version.js) past the HTTP cache.
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).pathname, updateViaCache: 'none' }).catch((e) => {
    // Offline support is an extra: the page works without it.
    console.warn('service worker not registered:', e?.message || e);
  });
}
