// The lessons on data augmentation and on choosing hyperparameters
// (www/app/lessons.js), as a learner takes them: each loads from its URL,
// and at every step the test does what "Try this" says through the controls
// and checks what "What to look for" claims with the page's own numbers:
// - augment: on 179 training digits the training loss falls below 0.01
//   while the validation loss stays above 0.2; with shift 0.5, rotate 10,
//   zoom 0.1 the training loss ends higher, the validation loss lower and
//   validation accuracy higher (both runs in the panel's table); shift 2,
//   rotate 45, zoom 0.3 ends far below both.
// - tune: 8 trials best first with 3 folds each; the page's own setting last,
//   more than four times the best's score; the table names the training
//   rows and the test numbers stay "–"; the first two trials are closer than
//   their spread; Use the best setting and Play: the best trial's units and
//   learning rate, a validation loss far below the last row's score, and the
//   test rows evaluated once.
// Screenshots of every step at 1440×900 (the 390×844 ones come from
// page_lessons.test.mjs, which loads every step of every lesson).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, trainToEnd, idle, stat, percent, parseNum, fullScreenshot } from './page_helpers.mjs';
import { next, stepTitle } from './listing_helpers.mjs';

const env = useBrowser();
const WIDE = { width: 1440, height: 900 };

async function numbers(page) {
  return {
    loss: parseNum(await stat(page, 'Training loss')),
    valLoss: parseNum(await stat(page, 'Validation loss')),
    valAcc: percent(await stat(page, 'Validation accuracy')),
  };
}

test('lesson "Data augmentation": few digits learned by heart; augmented batches narrow the gap; too much hurts', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=augment&step=1', { viewport: WIDE });
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 3: Few training rows');
    assert.ok(await page.getByRole('radio', { name: 'Digits' }).isChecked());
    const info = await page.locator('.data-info').textContent();
    console.log(`# augment: ${info}`);
    assert.match(info, /: 179 for training, 180 for validation, /, 'the lesson\'s 179 training digits');
    assert.equal(await page.locator('.aug-summary').textContent(), 'Off: the training batches are the rows as they are.');
    await trainToEnd(page);
    const plain = await numbers(page);
    console.log(`# augment, without: training loss ${plain.loss}, validation loss ${plain.valLoss}, validation accuracy ${plain.valAcc}`);
    assert.ok(plain.loss < 0.01, `by heart: ${plain.loss}`);
    assert.ok(plain.valLoss > 0.2, `validation loss far above: ${plain.valLoss}`);
    assert.ok(plain.valAcc > 0.85 && plain.valAcc < 0.95, `near 90 %: ${plain.valAcc}`);
    await fullScreenshot(page, 'lesson-augment-1-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 3: Augmented batches');
    for (const [label, v] of [['Shift (pixels)', '0.5'], ['Rotate (degrees)', '10'], ['Zoom (±)', '0.1']]) assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), v);
    assert.match(await page.getByRole('region', { name: 'gotrain.js code' }).textContent(), /augment: \{ imageShape: \[8, 8\], shift: 0\.5, rotate: 10, scale: 0\.1 \}/);
    await trainToEnd(page);
    const aug = await numbers(page);
    console.log(`# augment, with: training loss ${aug.loss}, validation loss ${aug.valLoss}, validation accuracy ${aug.valAcc}`);
    assert.ok(aug.loss > plain.loss, 'the training loss stays higher');
    assert.ok(aug.valLoss < plain.valLoss, 'the validation loss ends lower');
    assert.ok(aug.valAcc > plain.valAcc, 'validation accuracy higher');
    const runs = page.getByRole('region', { name: 'Runs on this data' });
    assert.equal(await runs.locator('tbody tr').count(), 2, 'both runs listed');
    assert.deepEqual(await runs.locator('tbody tr td:first-of-type').allTextContents(), ['none', 'shift ≤ 0.5 px, rotate ≤ 10°, zoom ±0.1']);
    await fullScreenshot(page, 'lesson-augment-2-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 3 of 3: Too much of a good thing');
    await trainToEnd(page);
    const much = await numbers(page);
    console.log(`# augment, too much: training loss ${much.loss}, validation loss ${much.valLoss}, validation accuracy ${much.valAcc}`);
    assert.ok(much.valAcc < Math.min(plain.valAcc, aug.valAcc) - 0.1, `far below both: ${much.valAcc}`);
    assert.equal(await runs.locator('tbody tr').count(), 3);
    await fullScreenshot(page, 'lesson-augment-3-desktop');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('lesson "Choosing hyperparameters": a search on folds of the training rows, the test rows untouched, the best used and tested once', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#lesson=tune&step=1', { viewport: WIDE });
  const rows = page.getByRole('region', { name: 'Trials' }).locator('tbody tr');
  const cells = async (i) => rows.nth(i).locator('th, td').allTextContents();
  const score = (c) => parseNum(c[3].split(' ± ')[0]);
  const sd = (c) => parseNum(c[3].split(' ± ')[1]);
  try {
    assert.equal(await stepTitle(page), 'Step 1 of 3: A small search');
    assert.ok(await page.getByRole('checkbox', { name: 'Hidden units' }).isChecked());
    assert.ok(await page.getByRole('checkbox', { name: 'Learning rates' }).isChecked());
    await page.getByRole('button', { name: 'Run the search' }).click();
    await page.locator('.tune-status', { hasText: /^Done: 8 trials/ }).waitFor({ timeout: 300_000 });
    assert.equal(await rows.count(), 8);
    const all = [];
    for (let i = 0; i < 8; i++) all.push(await cells(i));
    const scores = all.map(score);
    assert.ok(scores.every((v, i) => i === 0 || v >= scores[i - 1]), `best first: ${scores}`);
    for (const c of all) assert.equal(c[4].split(', ').length, 3, 'every fold');
    assert.equal(all.at(-1)[2], 'units 4, learning rate 0.001', 'the page\'s own setting comes last');
    assert.ok(scores.at(-1) > 4 * scores[0], `more than four times the best's: ${scores.at(-1)} vs ${scores[0]}`);
    console.log(`# tune: best ${all[0][2]} ${all[0][3]}; second ${all[1][2]} ${all[1][3]}; last ${all.at(-1)[2]} ${all.at(-1)[3]}`);
    await fullScreenshot(page, 'lesson-tune-1-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 2 of 3: Why not the test data?');
    await page.getByText(/^Scored by 3-fold cross-validation on the 168 training rows/).waitFor();
    assert.equal(await stat(page, 'Test loss'), '–');
    assert.equal(await stat(page, 'Test accuracy'), '–');
    const [a, b] = [await cells(0), await cells(1)];
    assert.ok(Math.abs(score(a) - score(b)) < Math.min(sd(a), sd(b)), `the first two closer than their spread: ${a[3]} and ${b[3]}`);
    await fullScreenshot(page, 'lesson-tune-2-desktop');

    await next(page);
    assert.equal(await stepTitle(page), 'Step 3 of 3: Use the best, then test once');
    await page.getByRole('button', { name: 'Use the best setting' }).click();
    await idle(page);
    const best = all[0][2].match(/^units (\d+), learning rate ([\d.]+)$/);
    assert.equal(await page.getByLabel('Units in layer 1').inputValue(), best[1]);
    assert.equal(await page.getByLabel('Learning rate', { exact: true }).inputValue(), best[2]);
    assert.equal(await stat(page, 'Test loss'), '–', 'not yet');
    await trainToEnd(page);
    const valLoss = parseNum(await stat(page, 'Validation loss'));
    const status = await page.locator('.status').textContent();
    console.log(`# tune, best used: validation loss ${valLoss} (the first setting scored ${scores.at(-1)}); ${status}`);
    assert.ok(valLoss < scores.at(-1) / 2, 'far below the first setting\'s score');
    assert.match(status, /^Trained 30 epochs\. .*test/i, 'the final evaluation');
    assert.notEqual(await stat(page, 'Test accuracy'), '–');
    await fullScreenshot(page, 'lesson-tune-3-desktop');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
