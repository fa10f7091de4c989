// The Evaluation panel's accuracy, precision, recall and F1 as formulas over
// the confusion counts: after training ends (the test data evaluated once),
// every number of the formulas (data-q="binary.FIELD", metricsmath.js) is
// model.evaluateReport(test.x, test.y).binary of the same model — downloaded
// with the page's button, reloaded in the test page — on the same test data;
// the counts are the confusion matrix's cells, and the shown digits add up.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, trainToEnd, idle, parseNum, PHONE } from './page_helpers.mjs';
import { downloadModel } from './page_math_helpers.mjs';

const env = useBrowser();

const HASH = '#dataset=circle&noise=0.05&size=300&testPct=30&valPct=20&normalize=1&layers=5:tanh,4:tanh&optimizer=adam&lr=0.03&batch=16&epochs=3&loss=auto&seed=3';

for (const viewport of [undefined, PHONE]) {
  test(`evaluation: accuracy, precision, recall and F1 written over the test data's confusion counts are evaluateReport's (${viewport ? 'phone' : 'desktop'})`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH, viewport ? { viewport } : undefined);
    try {
      await trainToEnd(page);
      await idle(page);
      const box = page.locator('.metrics-math');
      await box.waitFor();
      assert.match(await box.locator('.cm-caption').textContent(), /of the test data \(90 rows, final evaluation after epoch 3, threshold 0\.5\)/);
      const shown = await box.evaluate((b) => [...b.querySelectorAll('[data-q]')].map((e) => [e.dataset.q, e.textContent]));
      const json = await downloadModel(page);
      const want = await page.evaluate(async (json) => {
        const { load } = await import('/gotrain.js');
        const gt = await load();
        const ds = gt.data.builtin('circle', { n: 300, noise: 0.05, seed: 3 });
        const [, test] = gt.data.split(ds, { testFraction: 0.3, seed: 3, stratify: true });
        const m = gt.modelFromJSON(json);
        const r = m.evaluateReport(test.x, test.y);
        m.dispose();
        return { binary: r.binary, confusion: r.confusion, rows: test.x.shape[0] };
      }, json);
      const fields = new Set();
      for (const [q, text] of shown) {
        const f = q.replace('binary.', '');
        const v = want.binary[f];
        assert.equal(typeof v, 'number', `${q} is a field of evaluateReport's binary`);
        assert.ok(Math.abs(parseNum(text) - v) <= Math.abs(v) * 6e-4, `${q}: page ${text}, API ${v}`);
        fields.add(f);
      }
      assert.deepEqual([...fields].sort(), ['accuracy', 'f1', 'fn', 'fp', 'precision', 'recall', 'tn', 'tp']);
      const b = want.binary;
      assert.deepEqual(want.confusion, [[b.tn, b.fp], [b.fn, b.tp]], 'the counts are the confusion matrix');
      assert.equal(b.tn + b.fp + b.fn + b.tp, want.rows, 'the counts cover the test data');
      // The printed digits add up, as a reader checks them.
      const s = (q) => parseNum(shown.find(([k]) => k === `binary.${q}`)[1]);
      assert.ok(Math.abs((s('tp') + s('tn')) / (s('tp') + s('tn') + s('fp') + s('fn')) - s('accuracy')) < 1e-3);
      assert.ok(Math.abs((2 * s('precision') * s('recall')) / (s('precision') + s('recall')) - s('f1')) < 1e-3);
      // Nothing sticks out of its box.
      const out = await box.evaluate((b) => {
        const c = b.getBoundingClientRect();
        return [...b.querySelectorAll('math')].filter((m) => m.getBoundingClientRect().right > c.right + 1).map((m) => m.textContent);
      });
      assert.deepEqual(out, []);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal overflow');
      await box.scrollIntoViewIfNeeded();
      await box.screenshot({ path: (await import('node:path')).join((await import('../browser.mjs')).outDir, 'screenshots', `page-${viewport ? 'phone' : 'desktop'}-metrics-math.png`) });
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}
