// The playground usable before gotrain has loaded (www/app/startup.js): the
// settings show from the link and Play, Step, Reset and the settings work at
// once; what they ask of the model waits until gotrain is there and is then
// carried out as if pressed later. "Before load" is made certain, not timed:
// the test holds gotrain.wasm back (a route that answers only when the test
// releases it) and checks the page while it waits. Losses are compared bit
// for bit: every onEpochEnd the worker sends the page is recorded.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, guardPage, trainToEnd, stat, idle, DESKTOP, PHONE } from './page_helpers.mjs';
import { outDir } from '../browser.mjs';

const env = useBrowser();

const HASH = '#dataset=xor&epochs=6&seed=11&noise=0.1';

/** Records the logs of every onEpochEnd the gotrain worker posts (before the page's scripts run). */
async function recordEpochs(page) {
  await page.addInitScript(() => {
    const log = [];
    Object.defineProperty(window, '__gtEpochs', { value: log });
    const W = window.Worker;
    window.Worker = class extends W {
      constructor(...a) {
        super(...a);
        this.addEventListener('message', (e) => {
          const m = e.data;
          if (m && m.type === 'cb' && m.name === 'onEpochEnd') log.push(m.args?.[1]);
        });
      }
    };
  });
}

/**
 * A page whose gotrain.wasm is held back until release() is called; resolves
 * once the playground says it is ready (data-ready) while gotrain has not loaded.
 */
async function openHeld(url, { viewport = DESKTOP } = {}) {
  const ctx = await env.browser.newContext({ viewport, serviceWorkers: 'block' });
  let release;
  const held = new Promise((r) => (release = r));
  let onAsk;
  const asked = new Promise((r) => (onAsk = r));
  await ctx.route(/gotrain\.wasm(\?.*)?$/, async (route) => {
    onAsk();
    await held;
    await route.continue();
  });
  const page = await ctx.newPage();
  const guard = guardPage(page);
  await recordEpochs(page);
  await page.goto(url);
  await page.locator('.gtp[data-ready="true"]').waitFor({ timeout: 60_000 });
  /** Resolves once the worker has asked for gotrain.wasm (and is held). */
  const requested = () => asked;
  return { ctx, page, guard, release, requested };
}

const statusText = async (page) => (await page.locator('.status').textContent()).trim();

test('before gotrain loads: settings from the link, Play enabled, an honest status', async () => {
  const { ctx, page, guard, release } = await openHeld(env.server.url + HASH);
  try {
    assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).isEnabled(), true, 'Play enabled');
    assert.equal(await page.getByRole('button', { name: 'Step one batch' }).isEnabled(), true, 'Step enabled');
    assert.equal(await page.getByRole('button', { name: 'Reset', exact: true }).isEnabled(), true, 'Reset enabled');
    assert.equal(await page.getByRole('radio', { name: 'Xor' }).isChecked(), true, 'the link\'s dataset');
    assert.equal(await page.getByLabel('Epochs', { exact: true }).inputValue(), '6');
    assert.equal(await page.getByLabel('Optimizer', { exact: true }).inputValue(), 'adam', 'not a blank or SGD');
    const st = await statusText(page);
    console.log(`# status while loading: ${st}`);
    assert.match(st, /^Loading gotrain/);
    assert.doesNotMatch(st, /Ready/);
    assert.equal(await page.locator('.gtp').getAttribute('aria-busy'), '', 'busy until the first drawing');
    assert.match(page.url(), /#dataset=xor&.*epochs=6/, 'the link as the page writes it');
    // What a visitor sees while gotrain loads: the first screen (a full-page
    // picture would show the panels far below blank: content-visibility).
    const shot = (name) => page.screenshot({ path: path.join(outDir, 'screenshots', `${name}.png`) });
    await shot('startup-loading-desktop');
    await page.setViewportSize(PHONE);
    await shot('startup-loading-phone');
    await page.setViewportSize(DESKTOP);
    release();
    await idle(page);
    assert.equal(await statusText(page), 'Ready. Press Play to train.');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('Play and a setting before load: trained as if pressed after, the same losses bit for bit', async () => {
  // Pressed before load: learning rate 0.03 (in the link at once), then Play.
  const early = await openHeld(env.server.url + HASH);
  let before;
  let beforeStat;
  try {
    const { page } = early;
    const lr = page.getByLabel('Learning rate', { exact: true });
    await lr.fill('0.03');
    await lr.press('Tab');
    assert.match(page.url(), /[#&]lr=0\.03(&|$)/, 'the link has the new learning rate before load');
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    assert.match(await statusText(page), /^Loading gotrain.*Play will start training as soon as it is ready\./);
    assert.equal(await page.locator('.epoch-value').textContent(), '000,000');
    await early.requested(); // gotrain.wasm is asked for and held back: gotrain cannot be ready
    assert.match(await statusText(page), /^Loading gotrain/);
    early.release();
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor({ timeout: 120_000 });
    await page.locator('.status', { hasText: /Trained 6 epochs/ }).waitFor({ timeout: 60_000 });
    await idle(page);
    before = await page.evaluate(() => window.__gtEpochs.slice());
    beforeStat = await stat(page, 'Training loss');
    assert.match(page.url(), /[#&]lr=0\.03(&|$)/);
    early.guard.assertClean();
  } finally {
    await early.ctx.close();
  }
  // Pressed after load, on a page that loaded normally: the same settings, the same losses.
  const ctx = await env.browser.newContext({ viewport: DESKTOP, serviceWorkers: 'block' });
  try {
    const page = await ctx.newPage();
    const guard = guardPage(page);
    await recordEpochs(page);
    await page.goto(env.server.url + HASH);
    await page.locator('.gtp[data-ready="true"]').waitFor({ timeout: 60_000 });
    await idle(page);
    const lr = page.getByLabel('Learning rate', { exact: true });
    await lr.fill('0.03');
    await lr.press('Tab');
    await idle(page);
    await trainToEnd(page);
    assert.equal(await stat(page, 'Training loss'), beforeStat);
    const after = await page.evaluate(() => window.__gtEpochs.slice());
    console.log(`# losses, Play pressed before load: ${before.map((l) => l.loss).join(', ')}`);
    assert.equal(before.length, 6);
    assert.deepEqual(before, after, 'every epoch\'s logs equal');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('Step and a dataset chosen before load: carried out once gotrain is there', async () => {
  const { ctx, page, guard, release } = await openHeld(env.server.url + '#dataset=circle&seed=4');
  try {
    await page.getByRole('radio', { name: 'Moons' }).check();
    assert.match(page.url(), /[#&]dataset=moons(&|$)/);
    await page.getByRole('button', { name: 'Step one batch' }).click();
    assert.match(await statusText(page), /^Loading gotrain.*One batch will be trained as soon as it is ready\./);
    release();
    await page.locator('.status', { hasText: /^One batch \(rows 0–\d+\) trained/ }).waitFor({ timeout: 60_000 });
    await idle(page);
    assert.match(await page.getByRole('region', { name: 'gotrain.js code' }).textContent(), /gt\.data\.builtin\('moons'/);
    assert.ok(await page.getByRole('radio', { name: 'Moons' }).isChecked());
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('the Keras example pressed before load: applied to the data once it is there (XOR stays)', async () => {
  const { ctx, page, guard, release } = await openHeld(env.server.url + '#dataset=xor&seed=5');
  try {
    await page.getByRole('button', { name: 'Keras example' }).click();
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    release();
    await page.locator('.status', { hasText: /Trained 10 epochs/ }).waitFor({ timeout: 120_000 });
    await idle(page);
    const url = page.url();
    assert.match(url, /[#&]dataset=xor(&|$)/, 'a binary dataset is kept');
    assert.match(url, /[#&]layers=64%3Arelu%2C64%3Arelu(&|$)|[#&]layers=64:relu,64:relu(&|$)/);
    assert.match(url, /[#&]lr=0\.001(&|$)/);
    assert.equal(await page.locator('.epoch-value').textContent(), '000,010', 'the Keras model trained (not reset after)');
    assert.match(await page.getByLabel('Model summary').textContent(), /dense_1 \(Dense\)\s+\(None, 64\)/);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('gotrain cannot load: the status says so and Play is disabled again', async () => {
  const ctx = await env.browser.newContext({ viewport: DESKTOP, serviceWorkers: 'block' });
  try {
    // The request fails only once Play has been pressed while loading.
    let release;
    const held = new Promise((r) => (release = r));
    await ctx.route(/gotrain\.wasm(\?.*)?$/, async (route) => {
      await held;
      await route.abort();
    });
    const page = await ctx.newPage();
    await page.goto(env.server.url);
    await page.locator('.gtp[data-ready="true"]').waitFor({ timeout: 60_000 });
    const play = page.getByRole('button', { name: 'Play', exact: true });
    assert.equal(await play.isEnabled(), true, 'Play enabled while loading');
    assert.match(await statusText(page), /^Loading gotrain/);
    await play.click(); // pressed while loading
    release();
    await page.locator('.status.is-error', { hasText: /Could not load gotrain/ }).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByRole('button', { name: 'Play', exact: true }).isDisabled(), true);
    assert.equal(await page.locator('.gtp').getAttribute('data-ready'), 'false');
    console.log(`# ${await statusText(page)}`);
  } finally {
    await ctx.close();
  }
});
