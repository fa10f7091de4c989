// The Augmentation panel, from outside (controls found by their accessible
// names): off by default and after the Keras preset; its settings are
// labelled controls, in the link, in the code view (Keras and gotrain.js),
// and given to fit: the gotrain.js listing, run in Node, gives the page's
// first-epoch loss with augmentation (and another loss without it); shift,
// rotate and zoom are offered for digits (8×8 images) only, mixup only for
// labels with a column per class or one sigmoid; the runs table lists each
// finished run; with Normalize inputs on, image changes come with a
// warning. Screenshots at 1440×900 and 390×844.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, setField, trainToEnd, stat, idle, fullScreenshot, PHONE, DESKTOP } from './page_helpers.mjs';
import { epochValues, runListing } from './listing_helpers.mjs';

const env = useBrowser();

const shownAs = (page, v) => page.evaluate(async (v) => (await import('/app/format.js')).num(v), v);
const js = (page) => page.getByRole('region', { name: 'gotrain.js code' });
const keras = (page) => page.getByRole('region', { name: 'Keras code' });

test('augmentation: off by default, labelled controls in the link and the code, given to fit (the listing in Node gives the page\'s loss)', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=digits&testPct=80&valPct=50&layers=16:relu&batch=32&epochs=1&seed=3');
  try {
    const summary = page.locator('.aug-summary');
    assert.equal(await summary.textContent(), 'Off: the training batches are the rows as they are.');
    for (const label of ['Jitter', 'Mixup', 'Shift (pixels)', 'Rotate (degrees)', 'Zoom (±)']) {
      assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), '0', `${label} off by default`);
    }
    assert.doesNotMatch(await js(page).textContent(), /augment/);
    // Digits are fed as class indices: mixup needs a column per class.
    assert.ok(await page.getByLabel('Mixup', { exact: true }).isDisabled());
    await page.getByText('needs one label column per class').waitFor();

    await setField(page, 'Shift (pixels)', 1);
    await setField(page, 'Rotate (degrees)', 10);
    await setField(page, 'Zoom (±)', 0.1);
    assert.equal(await summary.textContent(), 'On: fit gets augment shift ≤ 1 px, rotate ≤ 10°, zoom ±0.1 on 8×8 images.');
    assert.match(await page.evaluate(() => location.hash), /&augJitter=0&augShift=1&augRotate=10&augScale=0\.1&augMixup=0&/);
    const listing = await js(page).textContent();
    assert.match(listing, /^ {2}augment: \{ imageShape: \[8, 8\], shift: 1, rotate: 10, scale: 0\.1 \},/m);
    const k = await keras(page).textContent();
    for (const part of ['layers.Reshape((8, 8, 1)),', 'layers.RandomTranslation(1 / 8, 1 / 8,', 'layers.RandomRotation(10 / 360,', 'layers.RandomZoom(0.1,']) assert.ok(k.includes(part), `Keras: ${part}`);

    await trainToEnd(page);
    const pageLoss = await stat(page, 'Training loss');
    const withAug = epochValues(await runListing(listing), 'loss');
    const without = epochValues(await runListing(listing.replace(/^ {2}augment: .*\n/m, '')), 'loss');
    console.log(`# digits, first epoch: page ${pageLoss}; listing with augment ${withAug[0]}, without ${without[0]}`);
    assert.equal(await shownAs(page, withAug[0]), pageLoss, 'the page\'s fit got the augment the listing shows');
    assert.notEqual(await shownAs(page, without[0]), pageLoss, 'and without it the loss differs');
    // The run is listed.
    const runs = page.getByRole('region', { name: 'Runs on this data' });
    await runs.getByRole('cell', { name: 'shift ≤ 1 px, rotate ≤ 10°, zoom ±0.1' }).waitFor();
    assert.equal(await runs.locator('tbody tr').count(), 1);
    await page.getByRole('region', { name: 'Runs on this data' }).scrollIntoViewIfNeeded();
    await fullScreenshot(page, 'augment-desktop');
    await page.setViewportSize(PHONE);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing wider than the phone');
    await fullScreenshot(page, 'augment-phone');
    await page.setViewportSize(DESKTOP);

    // Normalization with image changes: a warning (border pixels have σ ≈ 0).
    const warn = page.getByText('With Normalize inputs on, beware');
    assert.ok(!(await warn.isVisible()));
    await page.getByLabel('Normalize inputs').check();
    await idle(page);
    await warn.waitFor();

    // The Keras preset turns it off (and moves to the circle: one sigmoid).
    await page.getByRole('button', { name: 'Keras example' }).click();
    await idle(page);
    assert.equal(await summary.textContent(), 'Off: the training batches are the rows as they are.');
    for (const label of ['Jitter', 'Mixup']) assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), '0');
    assert.doesNotMatch(await js(page).textContent(), /augment/);
    assert.doesNotMatch(await keras(page).textContent(), /Random|Jitter/);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('augmentation on 2-D data: jitter and mixup, no image changes; the listing gives the page\'s loss', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=circle&size=200&layers=6:tanh&optimizer=adam&lr=0.03&batch=10&epochs=1&seed=4&augJitter=0.1&augMixup=0.2');
  try {
    assert.ok(!(await page.getByLabel('Shift (pixels)', { exact: true }).isVisible()), 'no shift for points');
    await page.getByText('Shift, rotate and zoom are for rows that are images').waitFor();
    assert.ok(await page.getByLabel('Mixup', { exact: true }).isEnabled(), 'one sigmoid: mixup blends the labels');
    assert.equal(await page.locator('.aug-summary').textContent(), 'On: fit gets augment jitter 0.1, mixup α 0.2.');
    const listing = await js(page).textContent();
    assert.match(listing, /augment: \{ jitter: 0\.1, mixup: 0\.2 \},/);
    assert.match(await keras(page).textContent(), /Jitter\(0\.1 \* train\[features\]\.std\(ddof=0\)/);
    await trainToEnd(page);
    const pageLoss = await stat(page, 'Training loss');
    const losses = epochValues(await runListing(listing), 'loss');
    console.log(`# circle with jitter and mixup, first epoch: page ${pageLoss}, listing ${losses[0]}`);
    assert.equal(await shownAs(page, losses[0]), pageLoss);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
