// TF Playground parity on the page: feature inputs and the 2-D regression
// sets.
// - Feature inputs (x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂) are toggles in
//   the data panel, in the state table and the link; the model's inputs are
//   the API's gt.data.features of each row (the math panel's x equals it),
//   the diagram draws one input node per feature with its tile (the
//   feature over the plane), and the code view computes them the same way.
// - Plane and Multi-Gaussian are regression sets: the boundary is a
//   continuous heatmap of the output (many colours; two with Discretize
//   output), and the Output panel's MSE and MAE are labelled with their
//   rows and equal the API's evaluate of the page's model on those rows.
// Screenshots at 1440×900 and 390×844 go to build/out/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, trainToEnd, idle, parseNum, fullScreenshot, PHONE, DESKTOP } from './page_helpers.mjs';
import { downloadModel } from './page_math_helpers.mjs';

const env = useBrowser();

const ALL = 'x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2';
const SPIRAL = `#dataset=spiral&noise=0&size=200&testPct=30&valPct=20&features=${ALL}&layers=6:tanh&optimizer=adam&lr=0.03&batch=10&epochs=3&seed=2`;

/** The diagram's input labels, top to bottom. */
const inputLabels = (page) => page.locator('svg.network .nn-nodes > g:not([role="button"]) text').allTextContents();

test('feature inputs: toggles in the link, the API\'s features as the model\'s inputs, one input node and tile each', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + SPIRAL);
  try {
    const names = ['x₁', 'x₂', 'x₁²', 'x₂²', 'x₁x₂', 'sin x₁', 'sin x₂'];
    for (const n of names) assert.ok(await page.getByRole('checkbox', { name: n, exact: true }).isChecked(), `${n} on, from the link`);
    await page.getByText('200 rows, 7 features, 2 classes').waitFor();
    assert.deepEqual(await inputLabels(page), ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
    // Each input's tile is its feature over the plane: x₁² is symmetric left–right, x₁x₂ changes sign by quadrant.
    const tiles = await page.locator('svg.network .nn-nodes > g:not([role="button"]) canvas.nn-heat').evaluateAll((cs) => cs.map((c) => {
      const { data, width } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      const px = (x, y) => Array.from(data.slice((y * width + x) * 4, (y * width + x) * 4 + 3)).join(',');
      const n = width - 1;
      return { size: width, corners: [px(0, 0), px(n, 0), px(0, n), px(n, n)], centre: px(n >> 1, n >> 1) };
    }));
    assert.equal(tiles.length, 7);
    assert.ok(tiles.every((t) => t.size === 50), 'every input has its picture');
    const [, , sq, , prod] = tiles;
    assert.equal(sq.corners[0], sq.corners[1], 'x₁²: the same on the left and the right');
    assert.notEqual(sq.corners[0], sq.centre, 'x₁²: not the same in the middle');
    assert.equal(prod.corners[0], prod.corners[3], 'x₁x₂: top-left as bottom-right');
    assert.notEqual(prod.corners[0], prod.corners[1], 'x₁x₂: top-left unlike top-right');

    // The math panel's x is gt.data.features of the training row (the page's rows, rebuilt here).
    await page.locator('.math-body[data-example="0"]').waitFor();
    const shownX = await page.locator('.math-body [data-q^="input:0:"]').evaluateAll((es) => [...new Set(es.map((e) => e.dataset.q))].map((q) => [q, es.find((e) => e.dataset.q === q).textContent]));
    const want = await page.evaluate(async () => {
      const { load } = await import('/gotrain.js');
      const gt = await load();
      const ds = gt.data.builtin('spiral', { n: 200, noise: 0, seed: 2 });
      const [rest] = gt.data.split(ds, { testFraction: 0.3, seed: 2, stratify: true });
      const [train] = gt.data.split(rest, { testFraction: 0.2, seed: 2, stratify: true });
      return Array.from(gt.data.features(train.x, ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']).data.slice(0, 7));
    });
    assert.ok(shownX.length >= 5, 'the example\'s inputs are shown');
    for (const [q, text] of shownX) {
      const k = Number(q.split(':')[2]);
      assert.ok(Math.abs(parseNum(text) - want[k]) <= 6e-4 * Math.abs(want[k]) + 1e-12, `${q}: page ${text}, gt.data.features ${want[k]}`);
    }
    assert.match(await page.getByRole('region', { name: 'gotrain.js code' }).textContent(), /const names = \['x1', 'x2', 'x1\^2', 'x2\^2', 'x1\*x2', 'sin\(x1\)', 'sin\(x2\)'\];\nfor \(const part of \[train, val, test\]\) part\.x = gt\.data\.features\(part\.x, names\);/);
    await trainToEnd(page);
    await fullScreenshot(page, 'page-features-desktop');
    await page.setViewportSize(PHONE);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal overflow at 390 px');
    await fullScreenshot(page, 'page-features-phone');
    await page.setViewportSize(DESKTOP);

    // Toggling one off: the link, the inputs and the diagram follow.
    await page.getByRole('checkbox', { name: 'sin x₂', exact: true }).uncheck();
    await idle(page);
    assert.match(await page.evaluate(() => location.hash), /&features=x1,x2,x1sq,x2sq,x1x2,sinx1&/);
    assert.deepEqual(await inputLabels(page), ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)']);
    await page.getByText('200 rows, 6 features, 2 classes').waitFor();
    // Only x₁²: one input; the last one cannot be unchecked.
    for (const n of ['x₁', 'x₂', 'x₂²', 'x₁x₂', 'sin x₁']) {
      await page.getByRole('checkbox', { name: n, exact: true }).uncheck();
      await idle(page);
    }
    assert.deepEqual(await inputLabels(page), ['x1^2']);
    await page.getByRole('checkbox', { name: 'x₁²', exact: true }).click();
    await idle(page);
    assert.ok(await page.getByRole('checkbox', { name: 'x₁²', exact: true }).isChecked(), 'at least one input stays');
    assert.match(await page.locator('.status').textContent(), /at least one input/);
    // The feature toggles are for the 2-D sets only.
    await page.getByRole('radio', { name: 'Iris' }).check();
    await idle(page);
    assert.equal(await page.getByRole('checkbox', { name: 'x₁²', exact: true }).isVisible(), false);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

for (const viewport of [DESKTOP, PHONE]) {
  const name = viewport === PHONE ? 'phone' : 'desktop';
  test(`regression sets (${name}): a continuous heatmap, MSE and MAE labelled with their rows and equal to the API's`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=multiGaussian&noise=0&size=300&testPct=30&valPct=20&layers=8:tanh,8:tanh&optimizer=adam&lr=0.03&batch=10&epochs=15&seed=4', { viewport });
    try {
      assert.ok(await page.getByRole('radio', { name: 'Multi-Gaussian' }).isChecked());
      await page.getByText('300 rows, 2 features, regression').waitFor();
      for (const label of ['Training MSE (168 rows)', 'Validation MSE (42 rows)', 'Training MAE (168 rows)', 'Validation MAE (42 rows)', 'Test MSE (90 rows)', 'Test MAE (90 rows)']) {
        await page.getByRole('status', { name: label, exact: true }).waitFor();
      }
      await trainToEnd(page);
      const shown = {};
      for (const k of ['Training MSE (168 rows)', 'Validation MSE (42 rows)', 'Test MSE (90 rows)', 'Test MAE (90 rows)', 'Validation MAE (42 rows)']) shown[k] = parseNum(await page.getByRole('status', { name: k, exact: true }).textContent());
      const json = await downloadModel(page);
      const api = await page.evaluate(async (json) => {
        const { load } = await import('/gotrain.js');
        const gt = await load();
        const ds = gt.data.builtin('multiGaussian', { n: 300, noise: 0, seed: 4 });
        const [rest, test] = gt.data.split(ds, { testFraction: 0.3, seed: 4, stratify: false });
        const [, val] = gt.data.split(rest, { testFraction: 0.2, seed: 4, stratify: false });
        const m = gt.modelFromJSON(json);
        m.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] });
        const out = { test: m.evaluate(test.x, test.y), val: m.evaluate(val.x, val.y) };
        m.dispose();
        return out;
      }, json);
      console.log(`# multiGaussian: page ${JSON.stringify(shown)}; API test ${JSON.stringify(api.test)}, validation ${JSON.stringify(api.val)}`);
      const close = (a, b) => Math.abs(a - b) <= 6e-4 * Math.abs(b);
      assert.ok(close(shown['Test MSE (90 rows)'], api.test.loss), 'test MSE');
      assert.ok(close(shown['Test MAE (90 rows)'], api.test.mae), 'test MAE');
      assert.ok(close(shown['Validation MSE (42 rows)'], api.val.loss), 'validation MSE (the last epoch\'s)');
      assert.ok(close(shown['Validation MAE (42 rows)'], api.val.mae), 'validation MAE');
      assert.ok(shown['Training MSE (168 rows)'] < 0.2, `it learned something: ${shown['Training MSE (168 rows)']}`);
      assert.match(await page.locator('.test-note').textContent(), /test data \(90 rows, final evaluation after epoch 15\)/);
      // A continuous heatmap: the output's shades; discretized: most of it
      // exactly one of the two sign colours (or neutral).
      const boundary = page.getByRole('img', { name: /^Decision boundary/ });
      await fullScreenshot(page, `page-regression-${name}`);
      const cont = await pureShare(boundary);
      await page.getByLabel('Discretize output').check();
      await idle(page);
      const disc = await pureShare(boundary);
      console.log(`# multiGaussian heatmap: ${(100 * cont).toFixed(1)}% of the pixels in the two sign colours, discretized ${(100 * disc).toFixed(1)}%`);
      assert.ok(cont < 0.2 && disc > 0.6, `continuous ${cont}, discretized ${disc}`);
      await page.getByLabel('Discretize output').uncheck();
      await idle(page);
      assert.equal(await page.locator('.eval-extra').isVisible(), false, 'no threshold for a regression target');
      assert.match(await page.locator('.evaluation').textContent(), /regression task/);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal overflow');
      // Plane: the other set, same labels.
      await page.getByRole('radio', { name: 'Plane' }).check();
      await idle(page);
      await page.getByRole('status', { name: 'Test MSE (90 rows)', exact: true }).waitFor();
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}

/** The share of the canvas' pixels that are exactly TF Playground's blue, orange or the neutral grey (colors.js). */
function pureShare(locator) {
  return locator.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const pure = new Set(['8,119,189', '245,147,34', '232,234,235']);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (pure.has(`${data[i]},${data[i + 1]},${data[i + 2]}`)) n++;
    return n / (data.length / 4);
  });
}
