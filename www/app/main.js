// main.js: the page's entry point. Builds the playground into #app with its
// state kept in the URL hash, and registers the service worker (sw.js) that
// makes the page work offline after one visit.

import { Playground } from './playground.js';

const root = document.getElementById('app');
const pg = new Playground(root, { syncHash: true });
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
