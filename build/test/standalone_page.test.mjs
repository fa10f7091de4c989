// The page's "Download predictor" button (Files panel), in Chromium: reached
// and pressed with the keyboard, it downloads predictor.js, a module that —
// imported in the page, with no gotrain — predicts what the trained model
// (downloaded as gotrain JSON and loaded by gotrain.js) predicts, and names
// the dataset's classes; and, built in the page, modules for every
// activation and for binary, multi-class and regression models in both
// dtypes equal the model. Needs `make build`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser, openPlayground, trainToEnd, NEEDS_WASM } from './page_helpers.mjs';

const env = useBrowser({ requires: [NEEDS_WASM] });

const HASH = '#dataset=iris&testPct=30&normalize=1&layers=8:tanh,6:relu&optimizer=adam&lr=0.03&batch=16&epochs=5&loss=auto&seed=3';

/** Presses button name with the keyboard (focus, Enter) and returns the download's name and text. */
async function download(page, name) {
  const button = page.getByRole('button', { name });
  await button.focus();
  assert.equal(await button.evaluate((b) => b === document.activeElement && b.tabIndex >= 0), true, `${name} takes the keyboard focus`);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  return { file: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
}

test('Download predictor: a module that predicts as the trained model does, with the class names', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '/' + HASH);
  try {
    await trainToEnd(page);
    const predictor = await download(page, 'Download predictor (standalone JS)');
    assert.equal(predictor.file, 'predictor.js');
    assert.match(await page.locator('.file-msg').textContent(), /^Saved predictor\.js/);
    const { text: json } = await download(page, 'Download model (gotrain JSON)');
    // Served from the page's origin, as a site would ship it (the page's CSP allows 'self' scripts only).
    await page.route('**/predictor.js', (route) => route.fulfill({ body: predictor.text, contentType: 'text/javascript' }));
    const r = await page.evaluate(
      async ({ json }) => {
        const mod = await import('/predictor.js');
        const { load } = await import('/gotrain.js');
        const gt = await load({ warmUp: false });
        const text = await (await fetch('/data/iris.csv')).text();
        const ds = gt.data.parseCSV(text);
        const model = gt.modelFromJSON(json);
        const rows = ds.x.array();
        const want = model.predict(rows).array();
        const got = mod.predict(rows);
        let diff = 0;
        got.forEach((row, i) => row.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - want[i][j])))));
        const classes = [...gt.metrics.predictClasses(model.predict(rows))];
        return { diff, n: got.length, names: mod.classNames, wantNames: ds.classNames, got: mod.predictClasses(rows), want: classes.map((c) => ds.classNames[c]), dtype: mod.dtype };
      },
      { json },
    );
    console.log(`# page predictor: ${predictor.text.length} bytes, ${r.n} rows, max |diff| ${r.diff}`);
    assert.equal(r.n, 150);
    assert.equal(r.dtype, 'float64');
    assert.ok(r.diff <= 1e-12, `max difference ${r.diff}`);
    assert.deepEqual(r.names, r.wantNames);
    assert.deepEqual(r.got, r.want);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('in Chromium: every activation, binary, multi-class and regression, both dtypes, equal the model', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '/' + HASH);
  try {
    // Each module is served from the page's origin (its CSP allows 'self' scripts only).
    const modules = new Map();
    await page.route('**/standalone/*.js', (route) => route.fulfill({ body: modules.get(new URL(route.request().url()).pathname), contentType: 'text/javascript' }));
    await page.exposeFunction('serveModule', (path, text) => void modules.set(path, text));
    const results = await page.evaluate(async () => {
      const { load } = await import('/gotrain.js');
      const gt = await load({ warmUp: false });
      const acts = ['linear', 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softmax', 'softplus'];
      const x = Array.from({ length: 48 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7, 5]); // a constant column
      const tasks = [
        ...acts.map((act) => ({ name: act, act, out: 3, outAct: act, loss: 'meanSquaredError', y: x.map((r) => [Math.tanh(r[0]), r[1] / 2, r[2]]) })),
        { name: 'binary', act: 'relu', out: 1, outAct: 'sigmoid', loss: 'binaryCrossentropy', y: x.map((r) => (r[0] > 0 ? 1 : 0)) },
        { name: 'multi-class', act: 'tanh', out: 3, outAct: 'softmax', loss: 'sparseCategoricalCrossentropy', y: x.map((_, i) => i % 3) },
        { name: 'regression', act: 'elu', out: 1, outAct: 'linear', loss: 'meanSquaredError', y: x.map((r) => [r[0] + r[1]]) },
      ];
      const out = [];
      for (const t of tasks) {
        const m = gt.sequential({ seed: 5 });
        m.add(gt.layers.normalization({ inputShape: [4] }));
        m.add(gt.layers.dense({ units: 10, activation: t.act }));
        m.add(gt.layers.dense({ units: t.out, activation: t.outAct }));
        m.compile({ optimizer: 'adam', loss: t.loss });
        await m.fit(x, t.y, { epochs: 3, batchSize: 16 });
        const want = m.predict(x).array();
        for (const dtype of ['float64', 'float32']) {
          const path = `/standalone/${t.name}-${dtype}.js`;
          await window.serveModule(path, m.exportStandalone({ dtype }));
          const got = (await import(path)).predict(x);
          let diff = 0;
          got.forEach((row, i) => row.forEach((v, j) => (diff = Math.max(diff, Math.abs(v - want[i][j])))));
          out.push({ name: `${t.name} ${dtype}`, dtype, diff });
        }
        m.dispose();
      }
      return out;
    });
    assert.equal(results.length, 22);
    for (const r of results) assert.ok(r.diff <= (r.dtype === 'float64' ? 1e-12 : 1e-6), `${r.name}: max |diff| ${r.diff}`);
    console.log(`# Chromium: ${results.length} modules, worst float64 ${Math.max(...results.filter((r) => r.dtype === 'float64').map((r) => r.diff)).toExponential(1)}, worst float32 ${Math.max(...results.filter((r) => r.dtype === 'float32').map((r) => r.diff)).toExponential(1)}`);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
