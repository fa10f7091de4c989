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
    // Training the same model on (a pause, or more epochs) is the same run: its row is replaced.
    await setField(page, 'Epochs', 2);
    await trainToEnd(page);
    await runs.locator('tbody tr td:nth-child(3)', { hasText: /^2$/ }).waitFor();
    assert.equal(await runs.locator('tbody tr').count(), 1, 'one row for one model trained on');
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

/**
 * The digits drawn on an examples canvas (augmentview.js draws pixel r, c of
 * digit k at canvas pixel (k·10 + c, r)): per digit, 64 red values.
 */
const drawnDigits = (canvas) =>
  canvas.evaluate((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const n = (c.width + 2) / 10;
    return Array.from({ length: n }, (_, k) => Array.from({ length: 64 }, (_, i) => data[4 * (Math.floor(i / 8) * c.width + k * 10 + (i % 8))]));
  });

/**
 * What gt.data.augment gives for the digits drawn as originals (their levels
 * read back from the red values), the settings and the seed, as the red
 * values the page should draw.
 */
const expectedDrawing = (page, originals, settings, seed) =>
  page.evaluate(async ({ originals, settings, seed }) => {
    const { load } = await import('/gotrain.js');
    const { levelToAlpha } = await import('/app/drawdigit.js');
    const level = (red) => [...Array(17).keys()].find((l) => 255 - levelToAlpha(l) === red);
    const rows = originals.map((d) => d.map(level));
    const gt = await load({ warmUp: false });
    const out = gt.data.augment(rows, settings, { seed });
    return rows.map((_, k) => Array.from(out.x.data.subarray(k * 64, (k + 1) * 64), (v) => 255 - levelToAlpha(v)));
  }, { originals, settings, seed });

test('augmented examples: training digits and the same digits as gt.data.augment returns them, redrawn on a new seed and on a change of the settings', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=digits&testPct=80&valPct=50&layers=16:relu&batch=32&epochs=1&seed=3');
  try {
    const fig = page.getByRole('figure', { name: 'Augmented examples' });
    assert.ok(!(await fig.isVisible()), 'no examples while no image change is on');
    await setField(page, 'Jitter', 0.1);
    assert.ok(!(await fig.isVisible()), 'jitter alone: no examples (they are for image changes)');
    await setField(page, 'Jitter', 0);
    await setField(page, 'Shift (pixels)', 1);
    await fig.waitFor();
    const orig = page.getByRole('img', { name: 'Training digits as they are' });
    const aug = page.getByRole('img', { name: /^The same digits augmented/ });
    const check = async (settings, what) => {
      await page.waitForFunction(() => document.querySelector('.aug-examples')?.dataset.seed !== undefined);
      await idle(page);
      const seed = Number(await fig.getAttribute('data-seed'));
      const o = await drawnDigits(orig);
      const a = await drawnDigits(aug);
      assert.equal(o.length, 6, `${what}: six digits`);
      assert.deepEqual(a, await expectedDrawing(page, o, settings, seed), `${what}: the drawn augmented pixels are gt.data.augment's for these digits and seed ${seed}`);
      o.forEach((d, k) => assert.notDeepEqual(a[k], d, `${what}: digit ${k} is changed`));
      assert.ok(o.flat().some((v) => v < 255), `${what}: the originals have ink`);
      return { seed, rows: await fig.getAttribute('data-rows'), a };
    };
    const first = await check({ imageShape: [8, 8], shift: 1 }, 'shift 1');
    assert.equal(first.seed, 3, 'the first examples use the page\'s seed');
    assert.equal(first.rows, '0,1,2,3,4,5');
    assert.match(await fig.locator('figcaption').textContent(), /gt\.data\.augment returns them for these settings with seed 3/);

    // "Show other examples", from the keyboard: the next digits, the next seed.
    const other = page.getByRole('button', { name: 'Show other examples' });
    await other.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('.aug-examples').dataset.seed === '4');
    const second = await check({ imageShape: [8, 8], shift: 1 }, 'other examples');
    assert.equal(second.rows, '6,7,8,9,10,11');

    // A change of the settings redraws (same digits, same seed). The drawing before, taken
    // before the change: the redraw may land before the summary says rotate.
    const before = await aug.evaluate((c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.join());
    await setField(page, 'Rotate (degrees)', 20);
    await page.waitForFunction(() => /rotate/.test(document.querySelector('.aug-summary').textContent));
    await page.waitForFunction((b) => {
      const c = document.querySelectorAll('.aug-examples canvas')[1];
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      return data.join() !== b;
    }, before);
    const third = await check({ imageShape: [8, 8], shift: 1, rotate: 20 }, 'shift and rotate');
    assert.equal(third.seed, 4);
    assert.equal(third.rows, second.rows);
    assert.notDeepEqual(third.a, second.a);

    // Other data (a larger test share): its first digits and the page's seed again.
    await page.getByLabel('Test data (%)').fill('70');
    await page.waitForFunction(() => document.querySelector('.aug-examples').dataset.seed === '3');
    const fourth = await check({ imageShape: [8, 8], shift: 1, rotate: 20 }, 'other data');
    assert.equal(fourth.seed, 3);
    assert.equal(fourth.rows, '0,1,2,3,4,5');

    await fig.scrollIntoViewIfNeeded();
    await fullScreenshot(page, 'augment-examples-desktop');
    await page.setViewportSize(PHONE);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing wider than the phone');
    await fullScreenshot(page, 'augment-examples-phone');
    await page.setViewportSize(DESKTOP);

    // Turning the image changes off hides the examples.
    await setField(page, 'Shift (pixels)', 0);
    await setField(page, 'Rotate (degrees)', 0);
    assert.ok(!(await fig.isVisible()));
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
