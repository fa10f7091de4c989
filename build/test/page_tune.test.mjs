// The "Search settings" panel, from outside (controls found by their
// accessible names):
// - a search runs gt.tune on the page's training rows only: its table, best
//   first, gives the very scores gt.tune gives in Node on the training rows
//   the page's split makes (one by one, workers: 0: the same table with any
//   number of workers), each with every fold's score; the test numbers stay
//   "–"; "Use the best setting" puts the best trial's units and learning
//   rate into the controls and the link, and Play trains it and evaluates
//   the test rows once;
// - while a long search runs the page keeps working (Play trains to the
//   end, a setting changes the link) and Stop returns the trials done so
//   far, sorted. Order and counts are asserted, never times.
// Screenshots at 1440×900 and 390×844.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../browser.mjs';
import { useBrowser, openPlayground, setField, trainToEnd, stat, idle, fullScreenshot, parseNum, traceMainThread, PHONE, DESKTOP } from './page_helpers.mjs';

const env = useBrowser();
const www = (f) => pathToFileURL(path.join(repoRoot, 'www', f)).href;
const S = await import(www('app/state.js'));
const TS = await import(www('app/tunespace.js'));
const F = await import(www('app/format.js'));

const BASE = 'dataset=moons&noise=0.2&size=300&layers=4:tanh&optimizer=adam&lr=0.001&batch=16&epochs=30&seed=1';

/** The trials table as the page shows it: [{ rank, id, setting, score, folds }]. */
async function table(page) {
  const rows = page.getByRole('region', { name: 'Trials' }).locator('tbody tr');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cells = await rows.nth(i).locator('th, td').allTextContents();
    out.push({ rank: Number(cells[0]), id: Number(cells[1]), setting: cells[2], score: cells[3], folds: cells[4] });
  }
  return out;
}

/** gt.tune in Node on the training rows the page's split makes for state s (moons, two classes). */
async function tuneInNode(s) {
  const { load } = await import(www('gotrain.js'));
  const gt = await load();
  const ds = gt.data.builtin(s.dataset, { n: s.size, noise: s.noise, seed: s.seed });
  const [rest] = gt.data.split(ds, { testFraction: s.testPct / 100, seed: s.seed, stratify: true });
  const [train] = gt.data.split(rest, { testFraction: s.valPct / 100, seed: s.seed, stratify: true });
  const d = { source: s.dataset, inputs: null, task: { kind: 'classification', classes: 2 }, out: { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', target: 'index' }, train: { x: train.x, target: train.y } };
  return { res: await gt.tune(TS.searchOptions(s, d, { workers: 0 })), rows: train.x.shape[0] };
}

test('search: gt.tune on the training rows only, best first with every fold; Use the best setting; then the test rows once', async (t) => {
  const hash = `#${BASE}&tuneVary=units,lr&tuneMethod=grid&tuneTrials=8&tuneFolds=3&tuneMetric=val_loss&tuneSeed=1`;
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + hash);
  try {
    const workers = page.getByLabel('Workers', { exact: true });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(Number(await workers.inputValue()), Math.min(8, cores), 'one worker per core by default (capped at 8)');
    for (const [label, on] of [['Hidden units', true], ['Learning rates', true], ['Activations', false], ['Augmentation', false]]) {
      assert.equal(await page.getByRole('checkbox', { name: label, exact: true }).isChecked(), on, label);
    }
    assert.equal(await page.getByLabel('Folds', { exact: true }).inputValue(), '3');
    await setField(page, 'Workers', 2);
    const longest = await traceMainThread(env.browser, page, async () => {
      await page.getByRole('button', { name: 'Run the search' }).click();
      await page.locator('.tune-status', { hasText: /^Done: 8 trials on 2 workers/ }).waitFor({ timeout: 300_000 });
    });
    // Logged, not asserted (a loaded machine stretches wall time).
    t.diagnostic(`longest main-thread task during the search: ${longest.cpuMs} ms of CPU, ${longest.wallMs} ms wall`);
    const shown = await table(page);
    assert.equal(shown.length, 8);
    assert.deepEqual(shown.map((r) => r.rank), [1, 2, 3, 4, 5, 6, 7, 8]);
    const scores = shown.map((r) => parseNum(r.score.split(' ± ')[0]));
    assert.ok(scores.every((v, i) => i === 0 || v >= scores[i - 1]), `best first: ${scores}`);
    for (const r of shown) assert.equal(r.folds.split(', ').length, 3, `every fold's score: ${r.folds}`);

    // The same trials, scores and folds as gt.tune on the page's training rows in Node.
    const state = S.parse(await page.evaluate(() => location.hash)).state;
    const { res, rows } = await tuneInNode(state);
    await page.getByText(`Scored by 3-fold cross-validation on the ${F.int(rows)} training rows`).waitFor();
    assert.deepEqual(shown.map((r) => r.id), res.trials.map((t) => t.id), 'the same order');
    for (const [i, tr] of res.trials.entries()) {
      assert.equal(shown[i].score, `${F.num(tr.score)} ± ${F.num(tr.std.val_loss)}`, `trial ${tr.id}`);
      assert.equal(shown[i].folds, tr.folds.map((f) => F.num(f.val_loss)).join(', '));
      assert.equal(shown[i].setting, TS.paramText(tr.params, ['units', 'lr']));
    }
    console.log(`# ${await page.locator('.tune-status').textContent()} (load average ${(await import('node:os')).loadavg()[0].toFixed(1)}, ${(await import('node:os')).cpus().length} cores)`);
    console.log(`# search on ${rows} training rows: ${shown.map((r) => `${r.id}: ${r.setting} ${r.score}`).join('; ')}`);
    // The search touched no test row: the test numbers are still empty.
    assert.equal(await stat(page, 'Test loss'), '–');
    assert.equal(await stat(page, 'Test accuracy'), '–');
    await page.getByRole('region', { name: 'Trials' }).scrollIntoViewIfNeeded();
    await fullScreenshot(page, 'tune-desktop');
    await page.setViewportSize(PHONE);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing wider than the phone');
    await fullScreenshot(page, 'tune-phone');
    await page.setViewportSize(DESKTOP);

    // Use the best setting: the controls, the link and a new model.
    const best = res.best.params;
    await page.getByRole('button', { name: 'Use the best setting' }).click();
    await idle(page);
    assert.equal(await page.getByLabel('Units in layer 1').inputValue(), String(best.layers[0]));
    assert.equal(await page.getByLabel('Activation of layer 1').inputValue(), 'tanh', 'the activation did not vary');
    assert.equal(Number(await page.getByLabel('Learning rate', { exact: true }).inputValue()), best.learningRate);
    const h = await page.evaluate(() => location.hash);
    assert.match(h, new RegExp(`&layers=${best.layers[0]}:tanh&`));
    assert.match(h, new RegExp(`&lr=${best.learningRate}&`));
    await page.locator('.status', { hasText: /The best setting of the search \(trial \d+: .*\) is the page's now/ }).waitFor();
    await trainToEnd(page);
    assert.match(await page.locator('.status').textContent(), /Trained 30 epochs\. .*test/i);
    assert.notEqual(await stat(page, 'Test accuracy'), '–', 'the test rows evaluated once, at the end');
    console.log(`# best setting trained: validation loss ${await stat(page, 'Validation loss')}, test accuracy ${await stat(page, 'Test accuracy')}`);
    const useBest = page.getByRole('button', { name: 'Use the best setting' });
    assert.ok(await useBest.isEnabled(), 'the search ran on this data');
    // Other data (another noise): the search's best setting is not this data's.
    const noise = page.getByLabel('Noise', { exact: true });
    await noise.focus();
    await noise.press('ArrowRight');
    await page.waitForFunction(() => location.hash.includes('noise=0.21&'));
    await idle(page);
    await page.waitForFunction(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Use the best setting')?.disabled);
    assert.ok(await useBest.isDisabled(), 'Use the best setting off on other data');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('search: the page keeps working while a long search runs; Stop returns the trials done so far, sorted', async () => {
  // 10 folds: long enough to be running still after the page has trained its model (trials run
  // in a worker as one call each, a fold of moons takes milliseconds).
  const hash = `#${BASE}&tuneVary=units,activation,lr,batch&tuneMethod=random&tuneTrials=100&tuneFolds=10&tuneSeed=2`;
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + hash);
  try {
    const stop = page.getByRole('button', { name: 'Stop the search' });
    assert.ok(await stop.isDisabled());
    await page.getByRole('button', { name: 'Run the search' }).click();
    assert.ok(await page.getByRole('button', { name: 'Run the search' }).isDisabled(), 'one search at a time');
    await page.locator('.tune-status', { hasText: /^Running: \d+ of 100 trials done/ }).waitFor({ timeout: 120_000 });
    // Meanwhile the page trains its own model, and a setting still changes the link and the code.
    await trainToEnd(page);
    await setField(page, 'Epochs', 31);
    assert.match(await page.evaluate(() => location.hash), /&epochs=31&/);
    await page.getByRole('region', { name: 'gotrain.js code' }).filter({ hasText: 'epochs: 31,' }).waitFor();
    assert.ok(await stop.isEnabled(), 'the search was still running all along');
    const before = Number(await page.getByLabel('Search progress').getAttribute('value'));
    await stop.click();
    const status = page.locator('.tune-status', { hasText: /^Stopped: \d+ trials done/ });
    await status.waitFor({ timeout: 60_000 });
    const done = Number((await status.textContent()).match(/Stopped: (\d+)/)[1]);
    const shown = await table(page);
    console.log(`# stopped after ${done} of 100 trials (${before} when Stop was pressed); the page trained 30 epochs meanwhile`);
    assert.ok(done >= before && done < 100, `${done} trials`);
    assert.equal(shown.length, done);
    const scores = shown.map((r) => parseNum(r.score.split(' ± ')[0]));
    assert.ok(scores.every((v, i) => i === 0 || v >= scores[i - 1]), `best first: ${scores}`);
    assert.ok(await page.getByRole('button', { name: 'Run the search' }).isEnabled());
    assert.ok(await stop.isDisabled());
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
