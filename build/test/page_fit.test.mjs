// How the playground drives training, seen from outside: every message the
// page posts to its gotrain worker is recorded (page_helpers.mjs
// recordWorkerCalls), so the test counts API calls without a hook in the
// page. One press of Play is one model.fit (the data goes to the worker
// once, not once per epoch) and the evaluation panel redraws from one
// evaluateReport call. Pause stops the fit within about one epoch; Play
// again trains only the epochs left, in one more fit; the loss curve has one
// point per epoch trained. A new batch size while training starts a fit
// with it, and Epochs lowered below the epochs done ends training.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, setField, trainToEnd, idle, workerCalls, countOps } from './page_helpers.mjs';

const env = useBrowser();

const epochShown = async (page) => Number((await page.getByRole('status', { name: 'Epoch' }).textContent()).replace(/\D/g, ''));
const curvePoints = async (page) => Number(await page.getByRole('img', { name: /^Loss per epoch/ }).getAttribute('data-epochs'));

/** Waits until the epoch counter shows at least n. */
async function untilEpoch(page, n) {
  await page.waitForFunction((n) => Number(document.querySelector('.epoch-value')?.textContent.replace(/\D/g, '')) >= n, n, { timeout: 60_000 });
}

/** Presses Pause in the same task that reads the epoch counter; returns that epoch and when Pause took effect. */
async function pauseNow(page) {
  const t0 = Date.now();
  const atClick = await page.evaluate(() => {
    const shown = Number(document.querySelector('.epoch-value').textContent.replace(/\D/g, ''));
    document.querySelector('.btn-play[aria-label="Pause"]').click();
    return shown;
  });
  await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 30_000 });
  await page.locator('.status', { hasText: /Paused at epoch \d+/ }).waitFor({ timeout: 10_000 });
  await idle(page);
  return { atClick, ms: Date.now() - t0 };
}

test('one fit per Play; Pause within an epoch; the curves have one point per epoch', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=circle&epochs=30&seed=2', { record: true });
  try {
    await workerCalls(page, { clear: true });
    await trainToEnd(page);
    let ops = countOps(await workerCalls(page, { clear: true }));
    console.log(`# Play to the end (30 epochs): ${JSON.stringify(ops)}`);
    assert.equal(ops.fit, 1, 'one fit for the whole run');
    // The evaluation panel is redrawn from one call per redraw.
    assert.ok(ops.evaluateReport >= 1, 'the evaluation comes from evaluateReport');
    for (const op of ['predict', 'metrics.predictClasses', 'metrics.confusionMatrix', 'metrics.classReport']) assert.equal(ops[op], undefined, `${op} called`);
    assert.equal(await epochShown(page), 30);
    assert.equal(await curvePoints(page), 30);
    assert.match(await page.locator('.status').textContent(), /Trained 30 epochs\./);

    // A long run, paused: it stops within about one epoch of the press.
    await setField(page, 'Epochs', 5000);
    await page.getByRole('button', { name: 'Play' }).click();
    await untilEpoch(page, 60);
    const p = await pauseNow(page);
    const paused = await epochShown(page);
    console.log(`# Pause pressed at epoch ${p.atClick}, training stopped at epoch ${paused}, ${p.ms} ms later`);
    assert.ok(paused - p.atClick <= 1, `paused at epoch ${paused}, pressed at ${p.atClick}`);
    assert.match(await page.locator('.status').textContent(), new RegExp(`Paused at epoch ${paused}\\.`));
    assert.equal(await curvePoints(page), paused);
    ops = countOps(await workerCalls(page, { clear: true }));
    assert.equal(ops.fit, 1, `one fit for Play … Pause: ${JSON.stringify(ops)}`);

    // Play again: the epochs left (up to the new Epochs), in one more fit.
    await setField(page, 'Epochs', paused + 25);
    await trainToEnd(page);
    ops = countOps(await workerCalls(page, { clear: true }));
    assert.equal(ops.fit, 1, `one fit for the second Play: ${JSON.stringify(ops)}`);
    assert.equal(await epochShown(page), paused + 25);
    assert.equal(await curvePoints(page), paused + 25, 'one point per epoch over both fits');
    assert.match(await page.locator('.status').textContent(), new RegExp(`Trained ${paused + 25} epochs\\.`));

    // While training: a new batch size goes to a new fit, at once; Epochs
    // lowered below the epochs done ends training.
    await setField(page, 'Epochs', 5000);
    await page.getByRole('button', { name: 'Play' }).click();
    const before = await epochShown(page);
    await untilEpoch(page, before + 10);
    await setField(page, 'Batch size', 32);
    await page.waitForFunction(() => (window.__gtWorkerCalls || []).filter((c) => c.op === 'fit').length >= 2, null, { timeout: 30_000 });
    await untilEpoch(page, before + 20);
    assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 1, 'still training');
    await setField(page, 'Epochs', before + 5);
    await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 30_000 });
    await page.locator('.status', { hasText: /Trained \d+ epochs\./ }).waitFor({ timeout: 10_000 });
    await idle(page);
    const end = await epochShown(page);
    ops = countOps(await workerCalls(page, { clear: true }));
    console.log(`# batch size changed while training: ${ops.fit} fits; Epochs lowered: stopped at epoch ${end}`);
    assert.equal(ops.fit, 2, `the batch size change made one more fit: ${JSON.stringify(ops)}`);
    assert.equal(await curvePoints(page), end);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
