// The guided lessons (www/app/lessons.js), as a learner takes them: each
// lesson loads from its URL (#lesson=ID&step=1), and at every step the test
// does what "Try this" says, through the controls, and checks what "What to
// look for" claims, with the page's own numbers:
// - neuron: z₁ = x₁·W₁,₁ + x₂·W₂,₁ + b₁ and a₁ = σ(z₁) with the numbers
//   shown; a weight set to 0 by clicking its link makes the neuron's
//   picture change only from top to bottom; training separates the blobs
//   (100 %) and cannot enclose the circle.
// - backprop: after Step, W is W + ΔW as shown before, and the example's
//   loss falls, five Steps in a row; Play lowers the training loss.
// - overfit: the validation loss ends above its minimum (read from the
//   code view's listing run in Node, which gives the page's losses bit for
//   bit, its last one checked against the page); L2 and dropout bring the
//   final validation loss below half of it; early stopping stops early.
// - normalize: raw inputs stay low, normalized ones pass 95 %, and the μ
//   and σ² shown are the layer's (getConfig of the page's own model).
// Screenshots of every step at 1440×900 and 390×844 go to
// build/out/screenshots/lesson-ID-N-{desktop,phone}.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../browser.mjs';
import { useBrowser, openPlayground, trainToEnd, idle, stat, percent, parseNum, setField, fullScreenshot, PHONE } from './page_helpers.mjs';
import { listingValues, next, q, stepTitle } from './listing_helpers.mjs';

const env = useBrowser();
const WIDE = { width: 1440, height: 900 };
const { LESSONS } = await import(pathToFileURL(path.join(repoRoot, 'www/app/lessons.js')).href);

async function shot(page, id, n) {
  await fullScreenshot(page, `lesson-${id}-${n}-desktop`);
}

test('lesson "What a neuron computes": the sum and the squash, a weight by hand, a line that turns', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=neuron&step=1', { viewport: WIDE });
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 3: A weighted sum, then a squash');
    assert.ok(await page.getByRole('radio', { name: 'Gaussian', exact: true }).isChecked());
    assert.equal(await page.getByLabel('Units in layer 1').count(), 0, 'no hidden layer');
    for (const ex of [0, 5]) {
      await setField(page, 'Example', ex);
      await page.locator(`.math-body[data-example="${ex}"]`).waitFor();
      const [x1, x2, w1, w2, b, z, a] = await Promise.all(['input:0:0', 'input:0:1', 'W:0:0:0', 'W:0:1:0', 'b:0:0', 'z:0:0', 'a:0:0'].map((k) => q(page, k)));
      const sum = x1 * w1 + x2 * w2 + b;
      console.log(`# neuron, example ${ex}: ${x1}·${w1} + ${x2}·${w2} + ${b} = ${sum.toFixed(5)}, shown z = ${z}, a = ${a}`);
      assert.ok(Math.abs(sum - z) <= 2e-3 * Math.max(1, Math.abs(z)), `z = ${z}, the sum of the numbers shown is ${sum}`);
      assert.ok(Math.abs(1 / (1 + Math.exp(-z)) - a) <= 1e-3, `a = σ(z): ${a} vs σ(${z})`);
    }
    await shot(page, 'neuron', 1);

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 3: A weight by hand');
    // The link from x1 to the output neuron (the first link), then 0.
    await page.locator('svg.network path.nn-hit').first().dispatchEvent('click');
    await idle(page);
    const weight = page.getByLabel('Weight from x1 to dense_1 neuron 1');
    assert.ok(await weight.evaluate((e) => e === document.activeElement));
    await weight.fill('0');
    await weight.press('Enter');
    await idle(page);
    await page.locator('.status', { hasText: 'set to 0' }).waitFor();
    // The output neuron's picture (the model's output over the plane): every row one colour.
    const rows = await page.locator('svg.network .nn-nodes > g[role="button"] canvas.nn-heat').last().evaluate((c) => {
      const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let uniform = 0;
      let changes = 0;
      for (let r = 0; r < height; r++) {
        const row = data.slice(r * width * 4, (r + 1) * width * 4).join(',');
        const first = data.slice(r * width * 4, r * width * 4 + 4).join(',');
        if (row === Array(width).fill(first).join(',')) uniform++;
        if (r && first !== data.slice((r - 1) * width * 4, (r - 1) * width * 4 + 4).join(',')) changes++;
      }
      return { uniform, height, changes };
    });
    console.log(`# neuron, w₁ = 0: ${rows.uniform} of ${rows.height} rows of the output's picture are one colour; it changes ${rows.changes} times top to bottom`);
    assert.equal(rows.uniform, rows.height, 'the picture changes only from top to bottom');
    assert.ok(rows.changes > 5, 'and it does change from top to bottom');
    await shot(page, 'neuron', 2);

    await next(page);
    assert.equal(await stepTitle(page), 'Step 3 of 3: Training turns the line');
    await trainToEnd(page);
    assert.equal(await stat(page, 'Validation accuracy'), '100.0%', 'the blobs are separated');
    await shot(page, 'neuron', 3);
    await page.getByRole('radio', { name: 'Circle' }).check();
    await idle(page);
    await trainToEnd(page);
    const circle = percent(await stat(page, 'Validation accuracy'));
    console.log(`# neuron on the circle: validation accuracy ${circle}`);
    assert.ok(circle <= 0.7, `one neuron on the circle: ${circle}`);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('lesson "Backpropagation, one Step at a time": W + ΔW, a falling loss, then batches', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=backprop&step=1', { viewport: WIDE });
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 3: Forward, backward, update');
    assert.equal(await page.getByLabel('Optimizer', { exact: true }).inputValue(), 'sgd');
    const w = await q(page, 'W:0:0:0');
    const dw = await q(page, 'deltaW:0:0:0');
    const loss = await q(page, 'loss');
    const g = await q(page, 'dLdW:0:0:0');
    assert.ok(Math.abs(dw - -0.1 * g) <= 1e-3 * Math.abs(dw) + 1e-9, `ΔW = −η·∂L/∂W: ${dw} vs −0.1·${g}`);
    const stepBtn = page.getByRole('button', { name: 'Step: train on this example' });
    await stepBtn.click();
    await idle(page);
    await page.locator('.math-body[data-step="1"]').waitFor();
    const w1 = await q(page, 'W:0:0:0');
    const loss1 = await q(page, 'loss');
    console.log(`# backprop: W ${w} + ΔW ${dw} = ${(w + dw).toFixed(6)}, shown after the Step ${w1}; loss ${loss} → ${loss1}`);
    assert.ok(Math.abs(w1 - (w + dw)) <= 1e-3 * Math.abs(w1) + 1e-4, 'W after = W + ΔW');
    assert.ok(loss1 < loss, 'the loss of this example fell');
    await shot(page, 'backprop', 1);

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 3: Again and again');
    let last = loss1;
    for (let k = 2; k <= 6; k++) {
      await stepBtn.click();
      await idle(page);
      await page.locator(`.math-body[data-step="${k}"]`).waitFor();
      const l = await q(page, 'loss');
      assert.ok(l < last, `Step ${k}: ${last} → ${l}`);
      last = l;
    }
    console.log(`# backprop: five more Steps, loss ${loss1} → ${last}`);
    await shot(page, 'backprop', 2);

    await next(page);
    assert.equal(await stepTitle(page), 'Step 3 of 3: Every example, in batches');
    await setField(page, 'Epochs', 1);
    await trainToEnd(page);
    const first = parseNum(await stat(page, 'Training loss'));
    await setField(page, 'Epochs', 20);
    await trainToEnd(page);
    const twentieth = parseNum(await stat(page, 'Training loss'));
    console.log(`# backprop, Play: training loss ${first} after epoch 1, ${twentieth} after epoch 20`);
    assert.ok(twentieth < first);
    await shot(page, 'backprop', 3);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('lesson "Overfitting and regularization": validation loss above its minimum; L2, dropout, early stopping', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=overfit&step=1', { viewport: WIDE });
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 4: A big network, few points');
    await page.getByText('100 rows, 2 features, 2 classes: 49 for training, 21 for validation, 30 for testing.').waitFor();
    assert.match(await page.getByLabel('Model summary').textContent(), /Total params: 8,577/);
    await trainToEnd(page, { timeout: 300_000 });
    const shown = await stat(page, 'Validation loss');
    const vl = await listingValues(page, 'val_loss');
    assert.equal(vl.length, 300);
    const min = Math.min(...vl);
    const final = vl.at(-1);
    console.log(`# overfit: validation loss min ${min.toFixed(4)} (epoch ${vl.indexOf(min) + 1}), final ${final.toFixed(4)}; the page shows ${shown}`);
    assert.equal(await page.evaluate(async (v) => (await import('/app/format.js')).num(v), final), shown, 'the listing gives the page\'s validation loss');
    assert.ok(final > 2 * min, 'the validation loss ends far above its minimum');
    assert.ok(parseNum(await stat(page, 'Training loss')) < 0.1, 'while the training loss is near 0');
    await shot(page, 'overfit', 1);

    for (const [n, title, check] of [[2, 'L2 brings it down', 'Regularization'], [3, 'Or dropout', 'Dropout rate']]) {
      await next(page);
      assert.equal(await stepTitle(page), `Step ${n} of 4: ${title}`);
      if (n === 2) assert.equal(await page.getByLabel(check, { exact: true }).inputValue(), 'l2');
      else assert.equal(await page.getByLabel(check, { exact: true }).inputValue(), '0.2');
      await trainToEnd(page, { timeout: 300_000 });
      const v = parseNum(await stat(page, 'Validation loss'));
      console.log(`# overfit, ${title}: final validation loss ${v} (without: ${final.toFixed(4)})`);
      assert.ok(v < final / 2, `${title}: ${v} is not below half of ${final}`);
      await shot(page, 'overfit', n);
    }

    await next(page);
    assert.equal(await stepTitle(page), 'Step 4 of 4: Or stop in time');
    assert.ok(await page.getByLabel('Early stopping').isChecked());
    await page.getByRole('button', { name: 'Play' }).click();
    await page.locator('.status', { hasText: /^Stopped early at epoch \d+/ }).waitFor({ timeout: 300_000 });
    await idle(page);
    const status = await page.locator('.status').textContent();
    const at = Number(/epoch (\d+)/.exec(status)[1]);
    console.log(`# overfit, early stopping: ${status}`);
    assert.ok(at < 100, `stopped at epoch ${at}`);
    assert.match(status, /the weights with the best validation loss are kept/);
    assert.match(await stat(page, 'Test accuracy'), /%$/, 'the final evaluation follows');
    await shot(page, 'overfit', 4);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('lesson "Normalization": raw inputs stay low, normalized ones pass 95 %, μ and σ² are the layer\'s', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=normalize&step=1', { viewport: WIDE });
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 2: Raw inputs');
    assert.ok(await page.getByRole('radio', { name: 'Breast cancer' }).isChecked());
    assert.equal(await page.getByLabel('Normalize inputs').isChecked(), false);
    await trainToEnd(page);
    const raw = percent(await stat(page, 'Validation accuracy'));
    assert.ok(raw < 0.8, `raw inputs: validation accuracy ${raw}`);
    await shot(page, 'normalize', 1);

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 2: Normalized inputs');
    assert.ok(await page.getByLabel('Normalize inputs').isChecked());
    await trainToEnd(page);
    const norm = percent(await stat(page, 'Validation accuracy'));
    console.log(`# normalize: validation accuracy ${raw} raw, ${norm} normalized`);
    assert.ok(norm > 0.95, `normalized: ${norm}`);
    // μ and σ² in the math panel are the layer's: the page's model, saved and read back.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model (gotrain JSON)' }).click()]);
    const json = readFileSync(await dl.path(), 'utf8');
    const want = await page.evaluate(async (json) => {
      const { load } = await import('/gotrain.js');
      const gt = await load({ warmUp: false });
      const l = gt.modelFromJSON(json).getConfig().layers[0];
      return { mean: Array.from(l.mean), variance: Array.from(l.variance) };
    }, json);
    for (let i = 0; i < 4; i++) {
      const mean = await q(page, `mean:0:${i}`);
      const variance = await q(page, `variance:0:${i}`);
      assert.ok(Math.abs(mean - want.mean[i]) <= 6e-4 * Math.abs(want.mean[i]), `μ${i + 1}: shown ${mean}, layer ${want.mean[i]}`);
      assert.ok(Math.abs(variance - want.variance[i]) <= 6e-4 * Math.abs(want.variance[i]), `σ²${i + 1}: shown ${variance}, layer ${want.variance[i]}`);
    }
    console.log(`# normalize: μ₁…₄ ${want.mean.slice(0, 4).map((v) => v.toPrecision(4)).join(', ')}, σ²₁…₄ ${want.variance.slice(0, 4).map((v) => v.toPrecision(4)).join(', ')}: as shown`);
    await shot(page, 'normalize', 2);
    await page.getByRole('button', { name: 'Finish the lesson' }).click();
    await idle(page);
    assert.equal(await page.locator('.panel-lessons h2').textContent(), 'Guided lessons');
    assert.doesNotMatch(await page.evaluate(() => location.hash), /lesson=normalize/);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('every lesson step from its URL at 390×844: the step shown, nothing wider than the screen', async () => {
  const ctx = await env.browser.newContext({ viewport: PHONE });
  try {
    for (const l of LESSONS) {
      for (let n = 1; n <= l.steps.length; n++) {
        const { page, guard } = await openPlayground(env.browser, `${env.server.url}#lesson=${l.id}&step=${n}`, { context: ctx });
        assert.equal(await stepTitle(page), `Step ${n} of ${l.steps.length}: ${l.steps[n - 1].title}`);
        assert.match(await page.evaluate(() => location.hash), new RegExp(`lesson=${l.id}&step=${n}$`));
        // The lesson comes right after Play and the status line.
        const box = await page.locator('.panel-lessons').boundingBox();
        assert.ok(box.y < PHONE.height, 'the lesson is on the first screen');
        assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
        await fullScreenshot(page, `lesson-${l.id}-${n}-phone`);
        guard.assertClean();
        await page.close();
      }
    }
  } finally {
    await ctx.close();
  }
});
