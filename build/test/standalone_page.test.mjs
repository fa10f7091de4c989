// The page's "Download predictor" button (Files panel), in Chromium: reached
// and pressed with the keyboard, it downloads predictor.js, a module that —
// imported in the page, with no gotrain — predicts what the trained model
// (downloaded as gotrain JSON and loaded by gotrain.js) predicts, and names
// the dataset's classes. Needs `make build`.

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
