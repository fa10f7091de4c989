// pageready.mjs: how soon the playground page is usable, beside how soon the
// API alone is ready. Each load is a fresh browser context (empty cache, no
// service worker) on build/serve at 127.0.0.1, as a first visit is:
//
//   page ready  navigation start → the playground's root gets
//               data-ready="true": the settings are shown and Play is
//               enabled (www/app/playground.js), which is before gotrain has
//               loaded: a press is queued until it has (www/app/startup.js).
//               Seen by a MutationObserver the test injects before the
//               page's scripts run, so the figure needs no hook in the page;
//               the page's own performance marks ("gotrain:…", listed in
//               startup.js) give the breakdown, to the first drawing: main.js
//               running, the playground's modules, ready, gotrain's modules,
//               the playground's other parts, gotrain's API (its worker:
//               modules, gotrain.wasm fetched and compiled), first data,
//               first model, first drawing.
//   API ready   navigation start → load() resolved on the minimal page
//               page/load.html (main thread; the figure run.mjs has always
//               reported), measured here too, interleaved with the page's
//               loads so that both see the same machine load.
//
//   node build/bench/pageready.mjs [--runs 5]     prints the medians and JSON
//
// run.mjs imports pageReadyTimes() and writes the figures into results.md.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs before the page's own scripts: notes when the playground says it is ready. */
const OBSERVER = `(() => {
  const note = () => {
    const r = document.querySelector('.gtp[data-ready="true"]');
    if (r && !window.__pageReady) {
      const status = document.querySelector('.gtp .status');
      const play = document.querySelector('.gtp .btn-play');
      window.__pageReady = { ms: performance.now(), status: status ? status.textContent : '', playDisabled: !!(play && play.disabled) };
    }
  };
  new MutationObserver(note).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ready'] });
})();`;

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/**
 * n fresh loads of the playground (pagePath on server) and of the minimal
 * load page (loadPath), interleaved. Returns
 * { page: { times, marks, status }, api: { times }, error? }.
 * browser: a playwright Browser; server.url the base URL ending in '/'.
 */
export async function pageReadyTimes(browser, server, { n = 5, pagePath = 'www/', loadPath = 'page/load.html' } = {}) {
  const out = { page: { times: [], marks: [], status: '' }, api: { times: [] } };
  const fresh = async (fn) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    try {
      return await fn(await context.newPage());
    } finally {
      await context.close();
    }
  };
  try {
    for (let i = 0; i < n; i++) {
      // Interleaved, so that a change of the machine's load hits all three alike.
      await fresh(async (page) => {
        await page.addInitScript({ content: OBSERVER });
        await page.goto(new URL(pagePath, server.url).href);
        await page.waitForFunction(() => window.__pageReady, null, { timeout: 60_000, polling: 50 });
        // The rest of the way (gotrain's API, first data, model, drawing) for the breakdown.
        await page.waitForFunction(() => performance.getEntriesByName('gotrain:drawn').length, null, { timeout: 60_000, polling: 50 });
        const r = await page.evaluate(() => ({
          ready: window.__pageReady,
          marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('gotrain:')).map((m) => [m.name, Math.round(m.startTime)]),
        }));
        out.page.times.push(r.ready.ms);
        out.page.marks.push(Object.fromEntries(r.marks));
        out.page.status = r.ready.status;
        if (r.ready.playDisabled) throw new Error('the page said ready with Play disabled');
      });
      await fresh(async (page) => {
        await page.goto(new URL(loadPath, server.url).href);
        await page.waitForFunction(() => window.__loaded, null, { timeout: 60_000, polling: 50 });
        const r = await page.evaluate(() => window.__loaded);
        if (r.error) throw new Error(r.error);
        out.api.times.push(r.ms);
      });
    }
  } catch (err) {
    out.error = String(err.message || err).split('\n')[0];
  }
  return out;
}

/** The page's marks (www/app/startup.js) as the breakdown names them. */
const MARKS = {
  'gotrain:main': 'main.js runs',
  'gotrain:modules': "playground's modules in",
  'gotrain:ready': 'ready',
  'gotrain:lib': "gotrain's modules in (worker starts)",
  'gotrain:parts': "playground's other parts in",
  'gotrain:api': "gotrain's API ready",
  'gotrain:data': 'first data',
  'gotrain:model': 'first model',
  'gotrain:drawn': 'first drawing',
};

/** One line of results.md. */
export function describePageReady(r) {
  const f = (t) => (t.length ? `median ${median(t).toFixed(0)} ms (${Math.min(...t).toFixed(0)}–${Math.max(...t).toFixed(0)})` : 'not measured');
  const marks = {};
  for (const m of r.page.marks) for (const [k, v] of Object.entries(m)) (marks[k] ??= []).push(v);
  const parts = Object.entries(marks)
    .map(([k, v]) => [MARKS[k] ?? k.replace('gotrain:', ''), median(v)])
    .sort((a, b) => a[1] - b[1])
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`);
  return (
    `Navigation to the playground ready (settings shown, Play enabled, a press queued until gotrain has loaded; www/index.html, fresh context, build/bench/pageready.mjs): **${f(r.page.times)}**` +
    `${parts.length ? ` — on the way, medians: ${parts.join(', ')}` : ''}; beside it the API alone, \`load()\` resolved on page/load.html: ${f(r.api.times)}; ${r.page.times.length} interleaved fresh loads of each.` +
    `${r.error ? ` (Stopped early: ${r.error}.)` : ''}`
  );
}

export { median };

// As a program: serve build/bench with www/ mounted (as run.mjs does) and measure.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
  const helpers = await import('../browser.mjs');
  const server = await helpers.startServer({ dir: path.relative(helpers.repoRoot, here), mounts: { '/www/': 'www' } });
  const browser = await helpers.launch();
  try {
    const r = await pageReadyTimes(browser, server, { n: runs });
    console.log(describePageReady(r));
    console.log(JSON.stringify(r));
  } finally {
    await browser.close();
    await server.stop();
  }
}
