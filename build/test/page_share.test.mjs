// Keeping and sharing: settings changed through the controls land in the
// URL hash, and that link in a fresh browser context restores them and
// gives the same first-epoch loss; after one visit the service worker lets
// the page load and train with the network off (and the server stopped);
// the model downloads and loads back as gotrain JSON, the TF.js buttons
// answer gracefully; the <gotrain-playground> element (examples/embed.html)
// and the library-only example (examples/minimal.html) work. Screenshots of
// the embed at desktop and phone sizes go to build/out/screenshots/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  useBrowser, startServer, guardPage, openPlayground, setField, trainToEnd, stat, idle, canvasColours, fullScreenshot, screenshot, waitReady, percent, DESKTOP, PHONE,
} from './page_helpers.mjs';

const env = useBrowser();

test('a shared link restores every setting and gives the same first-epoch loss', async () => {
  const a = await openPlayground(env.browser, env.server.url);
  let hash;
  let lossA;
  try {
    const { page } = a;
    await page.getByRole('radio', { name: 'XOR' }).check();
    await idle(page);
    const noise = page.getByLabel('Noise', { exact: true });
    await noise.focus();
    for (let k = 0; k < 5; k++) await noise.press('ArrowRight');
    await page.waitForFunction(() => location.hash.includes('noise=0.1&'));
    await idle(page);
    await page.getByRole('button', { name: 'Remove layer 2' }).click();
    await idle(page);
    await setField(page, 'Units in layer 1', 6);
    await page.getByLabel('Activation of layer 1').selectOption('relu');
    await idle(page);
    await page.getByRole('button', { name: 'Add layer' }).click();
    await idle(page);
    await page.getByLabel('Optimizer', { exact: true }).selectOption('rmsprop');
    await idle(page);
    await setField(page, 'Learning rate', 0.02);
    await setField(page, 'Batch size', 8);
    await setField(page, 'Seed', 7);
    await setField(page, 'Epochs', 1);
    await page.getByLabel('Regularization', { exact: true }).selectOption('l2');
    await idle(page);
    hash = await page.evaluate(() => location.hash);
    console.log(`# shared link: ${hash}`);
    for (const part of ['dataset=xor', 'noise=0.1&', 'layers=6:relu,6:relu', 'optimizer=rmsprop', 'lr=0.02', 'batch=8', 'epochs=1', 'reg=l2', 'seed=7']) {
      assert.ok(hash.includes(part), `${part} in ${hash}`);
    }
    await trainToEnd(page);
    lossA = await stat(page, 'Training loss');
    a.guard.assertClean();
  } finally {
    await a.ctx.close();
  }

  const b = await openPlayground(env.browser, env.server.url + hash);
  try {
    const { page } = b;
    assert.ok(await page.getByRole('radio', { name: 'XOR' }).isChecked());
    assert.equal(await page.getByLabel('Noise', { exact: true }).inputValue(), '0.1');
    assert.equal(await page.getByLabel('Units in layer 1').inputValue(), '6');
    assert.equal(await page.getByLabel('Activation of layer 2').inputValue(), 'relu');
    assert.equal(await page.getByLabel('Optimizer', { exact: true }).inputValue(), 'rmsprop');
    assert.equal(await page.getByLabel('Learning rate', { exact: true }).inputValue(), '0.02');
    assert.equal(await page.getByLabel('Batch size', { exact: true }).inputValue(), '8');
    assert.equal(await page.getByLabel('Seed', { exact: true }).inputValue(), '7');
    assert.equal(await page.getByLabel('Regularization', { exact: true }).inputValue(), 'l2');
    await trainToEnd(page);
    const lossB = await stat(page, 'Training loss');
    console.log(`# first-epoch loss: ${lossA} (original) and ${lossB} (from the link)`);
    assert.match(lossB, /^\d/);
    assert.equal(lossB, lossA);
    assert.equal(await page.evaluate(() => location.hash), hash);
    b.guard.assertClean();
  } finally {
    await b.ctx.close();
  }
});

test('offline: after one visit the page loads and trains with the network off', async () => {
  const own = await startServer({ dir: 'www' });
  const ctx = await env.browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    const guard = guardPage(page);
    await page.goto(own.url);
    await waitReady(page);
    const cached = await page.evaluate(async () => {
      // No worker activates when an install fails (a stamp that does not
      // match the files: www/ changed since make build): say so, not hang.
      const reg = await Promise.race([
        navigator.serviceWorker.ready,
        new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker activated in 30 s (is www/sw-version.js stale? make build)')), 30_000)),
      ]);
      const names = await caches.keys();
      const cache = await caches.open(names.find((n) => n.startsWith('gotrain-')));
      const keys = (await cache.keys()).map((r) => new URL(r.url).pathname);
      return { scope: reg.scope, names, keys };
    });
    for (const f of ['/', '/index.html', '/gotrain.js', '/gotrain-worker.js', '/gotrain.wasm', '/wasm_exec.js', '/app/main.js', '/data/digits.csv']) {
      assert.ok(cached.keys.includes(f), `${f} cached: ${cached.keys.join(' ')}`);
    }
    console.log(`# offline: cache ${cached.names.join(', ')} holds ${cached.keys.length} files`);
    await own.stop();
    await ctx.setOffline(true);
    await page.reload();
    await waitReady(page);
    assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the page is served by the service worker');
    await setField(page, 'Epochs', 20);
    await trainToEnd(page);
    assert.equal((await page.getByRole('status', { name: 'Epoch' }).textContent()).trim(), '000,020');
    // The shipped datasets come from the cache too.
    await page.getByRole('radio', { name: 'Iris' }).check();
    await idle(page);
    await page.getByText('150 rows, 4 features, 3 classes').waitFor();
    guard.assertClean();
  } finally {
    await ctx.close();
    await own.stop();
  }
});

test('model files: gotrain JSON downloads and loads back; TF.js buttons answer gracefully', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=moons&epochs=10&seed=5');
  try {
    await trainToEnd(page);
    const accBefore = await stat(page, 'Test accuracy');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model (gotrain JSON)' }).click()]);
    assert.equal(dl.suggestedFilename(), 'gotrain-model.json');
    const json = readFileSync(await dl.path(), 'utf8');
    assert.ok(JSON.parse(json), 'valid JSON');
    // A fresh model, then the saved one loaded back.
    await page.getByRole('button', { name: 'Reset' }).click();
    await idle(page);
    await page.getByLabel('Load model (gotrain JSON)').setInputFiles({ name: 'gotrain-model.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await idle(page);
    const msg = page.locator('.file-msg');
    await page.waitForFunction(() => /Loaded|:/.test(document.querySelector('.file-msg')?.textContent || ''));
    assert.match(await msg.textContent(), /Loaded gotrain-model\.json/);
    assert.equal(await stat(page, 'Test accuracy'), '–', 'a loaded model has no test evaluation yet');
    await page.getByRole('button', { name: 'Evaluate on test data' }).click();
    await idle(page);
    assert.equal(await stat(page, 'Test accuracy'), accBefore, 'the loaded model classifies the test data as the saved one did');
    await page.getByRole('table', { name: /Confusion matrix of the test data/ }).waitFor();
    // A broken file: an error message, the model stays.
    await page.getByLabel('Load model (gotrain JSON)').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "nope"}') });
    await page.waitForFunction(() => /bad\.json/.test(document.querySelector('.file-msg')?.textContent || ''));
    assert.ok(await msg.evaluate((e) => e.classList.contains('is-error')));
    // TF.js format: saved, or a clear message while the format is not supported.
    await page.getByRole('button', { name: 'Download model (TF.js format)' }).click();
    await page.waitForFunction(() => /TF\.js|Saved/.test(document.querySelector('.file-msg')?.textContent || ''));
    console.log(`# TF.js download: ${await msg.textContent()}`);
    await page.getByLabel('Load model (TF.js model.json + weights.bin)').setInputFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": {}, "weightsManifest": []}') },
    ]);
    await page.waitForFunction(() => /TF\.js format/.test(document.querySelector('.file-msg')?.textContent || ''));
    console.log(`# TF.js load: ${await msg.textContent()}`);
    // The page still trains.
    await setField(page, 'Epochs', 12);
    await trainToEnd(page);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('<gotrain-playground> embeds with its attributes; screenshots at desktop and phone size', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + 'examples/embed.html');
  try {
    const el = page.locator('gotrain-playground');
    // Only the panels asked for: boundary, curves, math (and the run controls).
    assert.equal(await el.getByRole('radio', { name: 'Circle' }).count(), 0, 'no data panel');
    assert.equal(await el.getByRole('region', { name: /Learn the math/ }).count(), 1);
    assert.equal(await el.getByRole('region', { name: 'Network' }).count(), 0);
    assert.equal(await page.evaluate(() => location.hash), '', 'the element leaves the host page URL alone');
    await trainToEnd(page);
    const acc = percent(await stat(page, 'Test accuracy'));
    console.log(`# embed (xor, 8,8): test accuracy ${acc}`);
    assert.ok(acc >= 0.9, `embedded xor accuracy ${acc}`);
    const c = await canvasColours(el.getByRole('img', { name: /Decision boundary/ }));
    assert.ok(c.orange > c.pixels / 50 && c.blue > c.pixels / 50, `boundary drawn: ${JSON.stringify(c)}`);
    // The layers attribute: 2 hidden layers of 8 (the math panel lists dense_1..dense_3).
    assert.equal(await el.getByLabel('Layer', { exact: true }).locator('option').count(), 3);
    await fullScreenshot(page, 'embed-desktop');
    await page.setViewportSize(PHONE);
    await fullScreenshot(page, 'embed-phone');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('examples/minimal.html: the library alone trains the Keras example', async () => {
  const ctx = await env.browser.newContext({ viewport: DESKTOP });
  try {
    const page = await ctx.newPage();
    const guard = guardPage(page);
    await page.goto(env.server.url + 'examples/minimal.html');
    await page.locator('#out', { hasText: 'test accuracy:' }).waitFor({ timeout: 60_000 });
    const text = await page.locator('#out').textContent();
    const acc = Number(/test accuracy: ([\d.]+)/.exec(text)[1]);
    console.log(`# minimal example: test accuracy ${acc}`);
    assert.ok(acc >= 0.95, text);
    assert.match(text, /epoch 10: loss/);
    assert.ok(readFileSync(new URL('../../www/examples/minimal.html', import.meta.url), 'utf8').split('\n').length <= 20);
    await screenshot(page, 'minimal-example');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
