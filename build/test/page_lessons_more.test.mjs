// The guided lessons on activations, loss and gradient descent, and
// thresholds (www/app/lessons.js), as a learner takes them: each loads from
// its URL, and at every step the test does what "Try this" says through
// the controls and checks what "What to look for" claims with the page's
// own numbers:
// - activation: the slope f′(z) shown is a(1 − a) ≤ 0.25 for sigmoid (and
//   the API's curve tops out at 0.25), exactly 0 or 1 for ReLU, 1 − a² for
//   tanh; after 30 epochs sigmoid's training loss is above 0.4, ReLU's
//   below 0.1 with validation accuracy above 95 %, tanh's below 0.2.
// - gradient: L = −ln p or −ln(1 − p) of the numbers shown; the training
//   loss falls every epoch to below half its first value; one Step leaves
//   W − η·∂L/∂W worked out from the numbers shown, and the example's loss
//   falls; η = 0.0001 moves the loss by less than 1 %; η = 10 makes it jump
//   and end above its first epoch (the per-epoch losses from the code
//   view's listing run in Node, which gives the page's losses bit for bit).
// - threshold: AUC above 0.8 with the test rows shown after training; at
//   0.2 recall up and precision down against 0.5 (validation rows, the
//   slider), at 0.8 the reverse; the test numbers do not move.
// Screenshots of every step at 1440×900 (the 390×844 ones come from
// page_lessons.test.mjs, which loads every step of every lesson).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, trainToEnd, idle, stat, percent, parseNum, setField, fullScreenshot } from './page_helpers.mjs';
import { listingValues, next, q, stepTitle } from './listing_helpers.mjs';

const env = useBrowser();
const WIDE = { width: 1440, height: 900 };

test('lesson "Activation functions": the slopes of sigmoid, ReLU and tanh, and how fast each learns', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=activation&step=1', { viewport: WIDE });
  try {
    const losses = {};
    for (const [n, act] of [[1, 'sigmoid'], [2, 'relu'], [3, 'tanh']]) {
      if (n > 1) await next(page);
      assert.match(await stepTitle(page), new RegExp(`^Step ${n} of 3: `));
      assert.equal(await page.getByLabel('Activation of layer 1').inputValue(), act);
      assert.equal(await page.getByLabel('Activation of layer 2').inputValue(), act);
      const curve = page.locator('.math-body canvas.act-curve');
      await curve.waitFor();
      // Drawn at its size once on screen (not one pixel stretched, as when it was drawn off screen).
      await curve.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => {
        const c = document.querySelector('.math-body canvas.act-curve');
        return c.clientWidth > 100 && c.width === Math.round(c.clientWidth * devicePixelRatio) && c.height === Math.round(c.clientHeight * devicePixelRatio);
      });
      const a = await q(page, 'a:0:0');
      const d = await q(page, 'dadz:0:0');
      if (act === 'sigmoid') {
        assert.ok(d <= 0.25, `σ′(z) = ${d}`);
        assert.ok(Math.abs(d - a * (1 - a)) <= 1e-3, `σ′ = a(1 − a): ${d} vs ${a}·(1 − ${a})`);
        const top = await page.evaluate(async () => {
          const { load } = await import('/gotrain.js');
          const gt = await load();
          const c = gt.activations.curve('sigmoid', Array.from({ length: 161 }, (_, k) => -8 + k / 10));
          return Math.max(...c.dadz);
        });
        assert.equal(top, 0.25, 'the dashed slope tops out at 0.25');
      } else if (act === 'relu') {
        assert.ok(d === 0 || d === 1, `ReLU′(z) = ${d}`);
      } else {
        assert.ok(Math.abs(d - (1 - a * a)) <= 1e-3 && d <= 1, `tanh′ = 1 − a²: ${d} vs 1 − ${a}²`);
      }
      await trainToEnd(page);
      losses[act] = parseNum(await stat(page, 'Training loss'));
      const acc = percent(await stat(page, 'Validation accuracy'));
      console.log(`# activation ${act}: f′(z) ${d} at a = ${a}; after 30 epochs training loss ${losses[act]}, validation accuracy ${acc}`);
      if (act === 'sigmoid') assert.ok(losses.sigmoid > 0.4, `sigmoid still high: ${losses.sigmoid}`);
      if (act === 'relu') assert.ok(losses.relu < 0.1 && acc > 0.95, `ReLU: ${losses.relu}, ${acc}`);
      if (act === 'tanh') assert.ok(losses.tanh < 0.2, `tanh: ${losses.tanh}`);
      await fullScreenshot(page, `lesson-activation-${n}-desktop`);
    }
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('lesson "Loss and gradient descent": the loss line, one step by hand, a learning rate too small and too big', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=gradient&step=1', { viewport: WIDE });
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 4: The loss line');
    assert.equal(await page.getByLabel('Optimizer', { exact: true }).inputValue(), 'sgd');
    const p = await q(page, 'a:1:0');
    const y = Number((await page.locator('.math-body .m-step').first().locator('.mline').nth(1).textContent()).replaceAll("\u200b", "").match(/y=(\d)/)[1]);
    const L = await q(page, 'loss');
    const want = y === 1 ? -Math.log(p) : -Math.log(1 - p);
    assert.ok(Math.abs(L - want) <= 1e-3 * want, `L = ${L}, −ln of the p shown: ${want} (y = ${y})`);
    await trainToEnd(page);
    const curve = await listingValues(page, 'loss');
    assert.equal(await page.evaluate(async (v) => (await import('/app/format.js')).num(v), curve.at(-1)), await stat(page, 'Training loss'), 'the listing gives the page\'s loss');
    assert.ok(curve.every((v, k) => k === 0 || v < curve[k - 1]), `falls every epoch: ${curve.map((v) => v.toFixed(3)).join(' ')}`);
    assert.ok(curve.at(-1) < curve[0] / 2, `below half its first value: ${curve[0]} → ${curve.at(-1)}`);
    console.log(`# gradient, η 0.3: ${curve[0].toFixed(4)} → ${curve.at(-1).toFixed(4)}`);
    await fullScreenshot(page, 'lesson-gradient-1-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 4: One step by hand');
    const w = await q(page, 'W:0:0:0');
    const g = await q(page, 'dLdW:0:0:0');
    const loss = await q(page, 'loss');
    const byHand = w - 0.3 * g;
    const steps = Number(await page.locator('.math-body').getAttribute('data-step'));
    await page.getByRole('button', { name: 'Step: train on this example' }).click();
    await idle(page);
    await page.locator(`.math-body[data-step="${steps + 1}"]`).waitFor();
    const w1 = await q(page, 'W:0:0:0');
    const loss1 = await q(page, 'loss');
    console.log(`# gradient, by hand: ${w} − 0.3·${g} = ${byHand.toFixed(6)}; after the Step W = ${w1}; L ${loss} → ${loss1}`);
    assert.ok(Math.abs(w1 - byHand) <= 1e-3 * Math.abs(w1) + 1e-4, 'W after the Step = W − η·∂L/∂W');
    assert.ok(loss1 < loss, 'the example\'s loss fell');
    await fullScreenshot(page, 'lesson-gradient-2-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 3 of 4: A learning rate too small');
    assert.equal(await page.getByLabel('Learning rate', { exact: true }).inputValue(), '0.0001');
    await trainToEnd(page);
    const small = await listingValues(page, 'loss');
    const acc = percent(await stat(page, 'Validation accuracy'));
    console.log(`# gradient, η 0.0001: ${small[0].toFixed(4)} → ${small.at(-1).toFixed(4)}, validation accuracy ${acc}`);
    assert.ok(Math.abs(small.at(-1) - small[0]) < 0.01 * small[0], 'less than 1 %');
    assert.ok(acc <= 0.65, `near 50 %: ${acc}`);
    await fullScreenshot(page, 'lesson-gradient-3-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 4 of 4: A learning rate too big');
    assert.equal(await page.getByLabel('Learning rate', { exact: true }).inputValue(), '10');
    await trainToEnd(page);
    const big = await listingValues(page, 'loss');
    console.log(`# gradient, η 10: ${big.map((v) => v.toFixed(3)).join(' ')}`);
    assert.equal(await page.evaluate(async (v) => (await import('/app/format.js')).num(v), big.at(-1)), await stat(page, 'Training loss'));
    assert.ok(big.filter((v, k) => k && v > big[k - 1]).length >= 3, 'it jumps up again and again');
    assert.ok(big.at(-1) > big[0], 'and ends above where it started');
    await fullScreenshot(page, 'lesson-gradient-4-desktop');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('lesson "Thresholds": AUC above 0.8; 0.2 finds more and warns more, 0.8 the reverse; the test numbers stay', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=threshold&step=1', { viewport: WIDE });
  const metric = async (f) => parseNum(await page.locator(`.metrics-math [data-q="binary.${f}"]`).last().textContent());
  const at = async (t) => {
    const slider = page.getByLabel('Threshold', { exact: true });
    if (Number(await slider.inputValue()) !== t) {
      await slider.fill(String(t));
      await idle(page);
    }
    await page.locator('.metrics-math', { hasText: `threshold ${t}:` }).waitFor();
    assert.match(await page.locator('.metrics-math .cm-caption').textContent(), /of the validation data \(42 rows/);
    return { precision: await metric('precision'), recall: await metric('recall'), fp: await metric('fp'), fn: await metric('fn') };
  };
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 3: A score, not a class');
    await trainToEnd(page);
    const auc = Number(await page.locator('.eval-extra figcaption', { hasText: 'ROC curve' }).getAttribute('data-auc'));
    assert.ok(auc > 0.8, `AUC ${auc}`);
    assert.match(await page.locator('.metrics-math .cm-caption').textContent(), /of the test data \(90 rows, final evaluation after epoch 20, threshold 0\.5\)/);
    const testAcc = await stat(page, 'Test accuracy');
    await fullScreenshot(page, 'lesson-threshold-1-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 3: Lower the threshold: more found, more false alarms');
    assert.equal(await page.getByLabel('Threshold', { exact: true }).inputValue(), '0.2');
    const low = await at(0.2);
    await fullScreenshot(page, 'lesson-threshold-2-desktop');
    const mid = await at(0.5);
    assert.deepEqual(await at(0.2), low, 'back at 0.2, the same numbers');
    console.log(`# threshold (validation rows): 0.2 ${JSON.stringify(low)}, 0.5 ${JSON.stringify(mid)}`);
    assert.ok(low.recall > mid.recall && low.precision < mid.precision, 'recall up, precision down');
    assert.ok(low.fn <= mid.fn && low.fp > mid.fp, 'FN falls, FP rises');
    assert.equal(await stat(page, 'Test accuracy'), testAcc, 'the test numbers do not move');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 3 of 3: Raise the threshold: fewer false alarms, more missed');
    const high = await at(0.8);
    await fullScreenshot(page, 'lesson-threshold-3-desktop');
    console.log(`# threshold (validation rows): 0.8 ${JSON.stringify(high)}`);
    assert.ok(high.precision > mid.precision && high.recall < mid.recall, 'precision up, recall down');
    assert.ok(high.fp <= mid.fp && high.fn > mid.fn, 'FP falls, FN rises');
    assert.equal(await stat(page, 'Test accuracy'), testAcc, 'the test numbers do not move');
    assert.match(await page.evaluate(() => location.hash), /threshold=0\.8&/);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
