// The Evaluation panel's threshold lesson: for a binary classifier the ROC
// and precision–recall curves are drawn with their AUC and average
// precision, the ROC's AUC equals an independent count over the model's own
// scores (the share of positive–negative pairs ranked right, ties half),
// and the Threshold slider moves the confusion counts, precision, recall
// and F1 together to evaluateReport's at that threshold. Which rows: the
// final evaluation shows the test rows at the threshold it used; moving the
// threshold afterwards scores the validation rows (the page says so), and
// the test numbers stay the final evaluation's. The threshold is in the
// link: a shared link restores it, and before the final evaluation the
// slider scores the validation rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, openPlayground, trainToEnd, idle, parseNum, PHONE } from './page_helpers.mjs';
import { downloadModel } from './page_math_helpers.mjs';
import { outDir } from '../browser.mjs';

const env = useBrowser();

const HASH = '#dataset=circle&noise=0.2&size=300&testPct=30&valPct=20&normalize=1&layers=3:tanh&optimizer=adam&lr=0.03&batch=16&epochs=2&loss=auto&seed=3';

/** The formulas' numbers (data-q binary.FIELD) as numbers. */
const counts = (page) => page.locator('.metrics-math').evaluate((b) => Object.fromEntries([...b.querySelectorAll('[data-q]')].map((e) => [e.dataset.q.slice(7), e.textContent])));

for (const viewport of [undefined, PHONE]) {
  const name = viewport ? 'phone' : 'desktop';
  test(`threshold (${name}): ROC and PR curves with the AUC counted independently; the slider moves the counts and ratios together`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH, viewport ? { viewport } : undefined);
    try {
      await trainToEnd(page);
      await idle(page);
      const panel = page.locator('.eval-extra');
      await panel.waitFor();
      const json = await downloadModel(page);
      const api = (threshold, part = 'test') => apiEval(page, json, threshold, part);

      // The AUC: counted here over the model's scores, pair by pair.
      const w = await api(0.5);
      let right = 0;
      let pairs = 0;
      w.y.forEach((yi, i) => {
        if (yi !== 1) return;
        w.y.forEach((yj, j) => {
          if (yj !== 0) return;
          pairs++;
          right += w.scores[i] > w.scores[j] ? 1 : w.scores[i] === w.scores[j] ? 0.5 : 0;
        });
      });
      const auc = right / pairs;
      const rocCap = panel.locator('figcaption', { hasText: 'ROC curve' });
      assert.ok(Math.abs(Number(await rocCap.getAttribute('data-auc')) - auc) < 1e-12, `AUC: page ${await rocCap.getAttribute('data-auc')}, counted ${auc}`);
      assert.match(await rocCap.textContent(), new RegExp(`AUC = ${parseNum(auc.toPrecision(4))}`.replace('.', '\\.')));
      assert.ok(Math.abs(Number(await panel.locator('figcaption', { hasText: 'average precision' }).getAttribute('data-ap')) - w.ap) < 1e-12);
      assert.ok(auc > 0.5 && auc < 1, `a curve worth a lesson: AUC ${auc}`);

      // After the final evaluation the panel shows the test rows, and says so.
      const testAcc = await page.getByRole('status', { name: 'Test accuracy', exact: true }).textContent();
      assert.match(await page.locator('.thr-rows').textContent(), /test rows' numbers from the final evaluation/);
      assert.match(await page.locator('.test-note').textContent(), /test data \(90 rows, final evaluation after epoch 2, threshold 0\.5\)/);
      // The slider: 0.5 (test rows), then 0.2 and 0.8 (validation rows); the formulas' numbers follow evaluateReport at each.
      const slider = page.getByLabel('Threshold', { exact: true });
      const seen = [];
      for (const t of [0.5, 0.2, 0.8]) {
        const part = t === 0.5 ? 'test' : 'validation';
        if (t !== 0.5) {
          await slider.fill(String(t));
          await idle(page);
          await page.locator('.metrics-math', { hasText: `threshold ${t}:` }).waitFor();
          assert.match(await page.locator('.metrics-math .cm-caption').textContent(), new RegExp(`of the validation data \\(42 rows, epoch 2, threshold ${t}\\)`));
          assert.match(await page.locator('.thr-rows').textContent(), /These are the 42 validation rows' numbers\. The test numbers stay those of the final evaluation \(.* at threshold 0\.5/);
          assert.equal(await page.getByRole('status', { name: 'Test accuracy', exact: true }).textContent(), testAcc, 'the test numbers stay the final evaluation\'s');
          assert.match(await page.evaluate(() => location.hash), new RegExp(`&threshold=${t}&`), 'the threshold is in the link');
        }
        const got = await counts(page);
        const want = (await api(t, part)).binary;
        for (const f of ['tp', 'tn', 'fp', 'fn', 'accuracy', 'precision', 'recall', 'f1']) {
          assert.ok(Math.abs(parseNum(got[f]) - want[f]) <= Math.abs(want[f]) * 6e-4, `threshold ${t}, ${f}: page ${got[f]}, API ${want[f]}`);
        }
        seen.push(want);
        // The confusion table shows the same counts.
        const cells = await page.locator('.evaluation table').first().locator('tbody td').allTextContents();
        assert.deepEqual(cells.map(Number).filter((v) => !Number.isNaN(v)), [want.tn, want.fp, want.fn, want.tp], `threshold ${t}: the confusion matrix`);
      }
      assert.ok(seen[1].recall >= seen[2].recall, 'a lower threshold finds more of class 1');
      assert.ok(seen[1].tp + seen[1].fp > seen[2].tp + seen[2].fp, 'and predicts class 1 more often');
      const test08 = (await api(0.8, 'test')).binary;
      const shownTest = await page.locator('.metrics-math [data-q="binary.tp"]').first().textContent();
      console.log(`# threshold 0.8: validation TP ${seen[2].tp} (shown ${shownTest}); the test rows would give TP ${test08.tp}, not scored by the page`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal overflow');
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: path.join(outDir, 'screenshots', `page-${name}-threshold.png`) });
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}

test('threshold from a shared link: restored, and before the final evaluation it scores the validation rows', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH + '&threshold=0.3');
  try {
    const slider = page.getByLabel('Threshold', { exact: true });
    assert.equal(await slider.inputValue(), '0.3');
    await page.locator('.metrics-math', { hasText: 'threshold 0.3:' }).waitFor();
    assert.match(await page.locator('.metrics-math .cm-caption').textContent(), /of the validation data \(42 rows, epoch 0, threshold 0\.3\)/);
    assert.match(await page.locator('.thr-rows').textContent(), /Moving the threshold scores the 42 validation rows\. The test rows are not touched until the final evaluation\./);
    assert.equal(await page.getByRole('status', { name: 'Test accuracy', exact: true }).textContent(), '–');
    const json = await downloadModel(page);
    const want = (await apiEval(page, json, 0.3, 'validation')).binary;
    const got = await counts(page);
    for (const f of ['tp', 'tn', 'fp', 'fn']) assert.equal(parseNum(got[f]), want[f], `untrained model at 0.3, ${f}`);
    // The keyboard moves it too (a range input: arrow keys), and the link follows.
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await idle(page);
    await page.locator('.metrics-math', { hasText: 'threshold 0.31:' }).waitFor();
    assert.match(await page.evaluate(() => location.hash), /&threshold=0\.31&/);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

/** evaluateReport of the downloaded model on the page's test or validation rows, rebuilt as the page splits them. */
function apiEval(page, json, threshold, part) {
  return page.evaluate(async ({ json, threshold, part }) => {
    const { load } = await import('/gotrain.js');
    const gt = await load();
    const ds = gt.data.builtin('circle', { n: 300, noise: 0.2, seed: 3 });
    const [rest, test] = gt.data.split(ds, { testFraction: 0.3, seed: 3, stratify: true });
    const [, val] = gt.data.split(rest, { testFraction: 0.2, seed: 3, stratify: true });
    const rows = part === 'test' ? test : val;
    const m = gt.modelFromJSON(json);
    const r = m.evaluateReport(rows.x, rows.y, { threshold });
    const scores = Array.from(m.predict(rows.x).data);
    m.dispose();
    return { binary: r.binary, auc: r.roc.auc, ap: r.pr.averagePrecision, y: Array.from(rows.y.data), scores };
  }, { json, threshold, part });
}
