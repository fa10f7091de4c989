// The "Learn the math" panel against the API: every number it shows (each
// carries data-q, documented in www/app/mathpanel.js) equals model.trace()
// of the same model — saved with the page's own "Download model" button and
// reloaded with gt.modelFromJSON in the test page — on the same example of
// the same data. The JSON holds no optimizer state (as Keras' save without
// optimizer), so after training the optimizer's numbers are left out; after
// Reset (fresh optimizer) all numbers are compared, and after Step the test
// page makes the same update (trainOnBatch on the example) and all numbers,
// Adam's m and v included, still match, changed in place.
// Clicking a neuron or a link in the diagram (or Enter on a focused
// neuron) selects its numbers.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, trainToEnd, idle, parseNum, fullScreenshot } from './page_helpers.mjs';
import { downloadModel, shown, traceValues, qsOf, compare } from './page_math_helpers.mjs';

const env = useBrowser();

const HASH = '#dataset=circle&noise=0.05&size=300&testPct=30&valPct=20&normalize=1&layers=5:tanh,4:relu&optimizer=adam&lr=0.03&batch=16&epochs=3&loss=auto&seed=3';

test('math panel: every number equals model.trace of the same model; Step changes them in place', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH);
  try {
    await trainToEnd(page);
    const panel = page.getByRole('region', { name: /Learn the math/ });
    await panel.scrollIntoViewIfNeeded();
    await idle(page);
    await page.getByLabel('Example', { exact: true }).fill('9');
    await page.getByLabel('Example', { exact: true }).press('Enter');
    await idle(page);
    await page.locator('.math-body[data-example="9"]').waitFor();

    // After training: the forward and backward numbers of the trained model.
    const trained = await shown(page);
    assert.equal(trained.example, 9);
    assert.ok(trained.step > 0);
    const jsonT = await downloadModel(page);
    const kindsT = compare(trained.numbers, await traceValues(page, jsonT, 9, qsOf(trained)), { optimizer: false });
    for (const k of ['loss', 'input', 'z', 'a', 'W', 'b', 'dLda', 'dLdz', 'dLdW', 'dLdb', 'mean', 'variance']) assert.ok(kindsT.has(k), `the panel shows ${k}`);
    console.log(`# math panel after ${trained.step} updates: ${trained.numbers.length} numbers shown, the model's forward/backward ones match its trace`);
    // Formulas are MathML.
    assert.ok((await page.locator('.math-body math').count()) > 20);

    // Reset: a fresh optimizer, so every number can be checked.
    await page.getByRole('button', { name: 'Reset' }).click();
    await idle(page);
    await page.locator('.math-body[data-step="0"]').waitFor();
    const fresh = await shown(page);
    const json0 = await downloadModel(page);
    compare(fresh.numbers, await traceValues(page, json0, 9, qsOf(fresh)));

    // Step: one update on this example.
    const step = page.getByRole('button', { name: 'Step: train on this example' });
    await step.click();
    await idle(page);
    await page.locator('.math-body[data-step="1"]').waitFor();
    const stepped = await shown(page);
    const val = (sh, q) => sh.numbers.find(([k]) => k === q)?.[1];
    assert.ok(parseNum(val(stepped, 'loss')) < parseNum(val(fresh, 'loss')), `one step on this example lowers its loss: ${val(fresh, 'loss')} → ${val(stepped, 'loss')}`);
    // Example 9 (with the validation split) keeps 3 of dense_2's 4 ReLUs on,
    // so the gradient reaches dense_1's weights (behind a ReLU that is off
    // for an example, a weight's gradient is 0 and it stays).
    const moved = fresh.numbers.filter(([k]) => k.startsWith('W:')).filter(([k, t]) => val(stepped, k) !== t);
    assert.ok(moved.length > 0, 'the weights shown changed');
    // The same update in the test page, then every number is compared.
    const kinds = compare(stepped.numbers, await traceValues(page, json0, 9, qsOf(stepped), 1));
    for (const k of ['loss', 'z', 'a', 'W', 'b', 'dLdz', 'dLdW', 'dLdb', 'deltaW', 'deltaB', 'stateW.m', 'stateW.v', 'step', 't']) {
      assert.ok(kinds.has(k), `the panel shows ${k}`);
    }
    console.log(`# math panel after Step: ${stepped.numbers.length} numbers match the trace (${[...kinds].sort().join(', ')})`);

    // The next Step changes the numbers in place: the same elements, new text.
    const lossEl = await page.locator('.math-body [data-q="loss"]').first().elementHandle();
    await step.click();
    await idle(page);
    await page.locator('.math-body[data-step="2"]').waitFor();
    assert.ok(await lossEl.evaluate((e) => e.isConnected), 'the loss element is the same one');
    assert.equal(await lossEl.textContent(), val(await shown(page), 'loss'));
    assert.notEqual(await lossEl.textContent(), val(stepped, 'loss'));
    const stepped2 = await shown(page);
    compare(stepped2.numbers, await traceValues(page, json0, 9, qsOf(stepped2), 2));

    await fullScreenshot(page, 'page-desktop-math');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('diagram: clicking a neuron or a link, or Enter on a neuron, shows its numbers', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH);
  try {
    // Layers in the trace: normalization (0), dense_1 (1), dense_2 (2), dense_3 (3).
    await page.getByRole('button', { name: 'dense_2, neuron 3' }).click();
    await idle(page);
    assert.equal(await page.getByLabel('Layer', { exact: true }).inputValue(), '2');
    assert.equal(await page.getByLabel('Neuron', { exact: true }).inputValue(), '3');
    assert.equal(await page.locator('.math-body [data-q="z:2:2"]').count() > 0, true);
    assert.equal(await page.getByRole('button', { name: 'dense_2, neuron 3' }).getAttribute('aria-pressed'), 'true');

    // A link: from layer 1's neuron 2 to layer 2's neuron 4 (links are drawn
    // column by column, input-major: 2×5 input links, then 5×4).
    const link = page.locator('svg.network path.nn-hit').nth(2 * 5 + 1 * 4 + 3);
    await link.dispatchEvent('click');
    await idle(page);
    assert.equal(await page.getByLabel('Layer', { exact: true }).inputValue(), '2');
    assert.equal(await page.getByLabel('Neuron', { exact: true }).inputValue(), '4');
    assert.equal(await page.getByLabel('Input', { exact: true }).inputValue(), '2');
    assert.ok((await page.locator('.math-body [data-q="dLdW:2:1:3"]').count()) > 0);
    assert.ok((await page.locator('.math-body [data-q="deltaW:2:1:3"]').count()) > 0);

    // The clicked link's weight, ready to be typed over (TF Playground's edit).
    const weight = page.getByLabel('Weight from dense_1 neuron 2 to dense_2 neuron 4');
    assert.ok(await weight.evaluate((e) => e === document.activeElement), 'the weight field has the focus');
    assert.equal(Number(parseNum(await weight.inputValue()).toPrecision(4)), parseNum(await page.locator('.math-body [data-q="W:2:1:3"]').last().textContent()));
    await weight.fill('0.5');
    await weight.press('Enter');
    await idle(page);
    await page.locator('.status', { hasText: 'set to 0.5' }).waitFor();
    assert.equal(await page.locator('.math-body [data-q="W:2:1:3"]').last().textContent(), '0.5', 'the model has the new weight');
    assert.equal(await page.locator('svg.network path.nn-hit').nth(2 * 5 + 1 * 4 + 3).locator('title').textContent(), 'weight from 2 to dense_2 neuron 4: 0.5');

    // Keyboard: focus a neuron, press Enter.
    await page.getByRole('button', { name: 'dense_1, neuron 5' }).focus();
    await page.keyboard.press('Enter');
    await idle(page);
    assert.equal(await page.getByLabel('Layer', { exact: true }).inputValue(), '1');
    assert.equal(await page.getByLabel('Neuron', { exact: true }).inputValue(), '5');
    assert.ok((await page.locator('.math-body [data-q="a:1:4"]').count()) > 0);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('L2: the loss is the data loss plus the penalty P, three numbers that are the trace\'s', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH.replace('&optimizer=adam', '&reg=l2&regRate=0.01&optimizer=adam'));
  try {
    const lossCard = page.locator('.m-step', { hasText: '3 · Loss' });
    assert.match((await lossCard.textContent()).replaceAll('\u200b', ''), /L=Ldata\+P=/, 'the total is written as L = L_data + P');
    const json = await downloadModel(page);
    const sh = await shown(page);
    const values = await traceValues(page, json, sh.example, qsOf(sh));
    assert.ok(values.penalty > 0);
    const kinds = compare(sh.numbers, values);
    for (const k of ['dataLoss', 'penalty', 'loss']) assert.ok(kinds.has(k), `the loss card shows ${k}`);
    // The last line reads data loss + P = total, with the trace's three numbers in that order.
    const total = await lossCard.locator('.mline').last().locator('[data-q]').evaluateAll((es) => es.map((e) => e.dataset.q));
    assert.deepEqual(total, ['dataLoss', 'penalty', 'loss']);
    assert.ok(Math.abs(values.dataLoss + values.penalty - values.loss) < 1e-12, 'the trace adds up');
    assert.equal(parseNum(await lossCard.locator('[data-q="penalty"]').first().textContent()).toPrecision(4), values.penalty.toPrecision(4));
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
