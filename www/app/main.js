// main.js: the page's entry point. Starts gotrain (in its worker), builds the
// playground into #app with its state kept in the URL hash, and registers the
// service worker (sw.js) that makes the page work offline after one visit.
//
// No static imports: main.js runs as soon as it is fetched, and the two
// module graphs it needs load side by side (index.html preloads both):
// gotrain.js and lib/, whose load() starts the worker (which fetches and
// compiles gotrain.wasm), and the playground's modules, which show the
// settings and enable Play before gotrain is ready (startup.js). Statically
// imported, gotrain.js held main.js back until every library module was in.

performance.mark('gotrain:main');
// Without load's background warm-up: its ~250 ms of training in the worker
// held up each of the page's first calls (data, model, first drawing) behind
// its slices, making the page ready ~0.3 s later on a busy machine, while
// all it saves is the first fit's first epochs running on the engine's
// quicker-compiled tier, in the worker, where the page does not feel it.
const gt = import('../gotrain.js').then(({ load }) => {
  performance.mark('gotrain:lib');
  return load({ worker: true, warmUp: false });
}).then((api) => {
  performance.mark('gotrain:api');
  return api;
});
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
