// The code panel, from outside: the "Keras example" button sets exactly
// Dense(64, relu) → Dense(64, relu) → Dense(1, sigmoid), Adam 0.001, binary
// cross-entropy, batch 32, 10 epochs (and nothing else: no normalization,
// dropout or regularization); the Keras and gotrain.js listings follow every
// change of a setting; the gotrain.js listing, run in Node next to
// www/gotrain.js, gives the page's first-epoch loss (the Keras example on
// circle, and iris with normalization, dropout, L2, RMSprop and early
// stopping); Copy puts a listing on the clipboard; "Download the data (CSV)"
// saves the page's rows with their part.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useBrowser, openPlayground, setField, trainToEnd, stat, idle, fullScreenshot, PHONE } from './page_helpers.mjs';
import { epochValues, runListing as runIn } from './listing_helpers.mjs';

const env = useBrowser();

/** The page's gotrain.js listing run in Node (listing_helpers.mjs): its stdout and each epoch's loss. */
async function runListing(code) {
  const stdout = await runIn(code);
  return { stdout, losses: epochValues(stdout, 'loss') };
}

/** The page's number format (www/app/format.js num) of a loss. */
async function shownAs(page, v) {
  return page.evaluate(async (v) => (await import('/app/format.js')).num(v), v);
}

test('Keras example preset: exactly the Keras example; its gotrain.js listing in Node gives the page\'s losses, epoch by epoch', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=iris&normalize=1&dropout=0.2&reg=l2&optimizer=sgd&lr=0.05&batch=8&epochs=50&earlyStop=1');
  try {
    await page.getByRole('button', { name: 'Keras example' }).click();
    await idle(page);
    // Iris has three classes: the one sigmoid unit needs two, so the circle comes.
    assert.ok(await page.getByRole('radio', { name: 'Circle' }).isChecked());
    const v = (label) => page.getByLabel(label, { exact: true }).inputValue();
    assert.deepEqual(
      { l1: await v('Units in layer 1'), a1: await v('Activation of layer 1'), l2: await v('Units in layer 2'), a2: await v('Activation of layer 2') },
      { l1: '64', a1: 'relu', l2: '64', a2: 'relu' },
    );
    assert.equal(await page.getByLabel('Units in layer 3').count(), 0, 'two hidden layers');
    assert.equal(await v('Optimizer'), 'adam');
    assert.equal(await v('Learning rate'), '0.001');
    assert.equal(await v('Loss'), 'binaryCrossentropy');
    assert.equal(await v('Batch size'), '32');
    assert.equal(await v('Epochs'), '10');
    assert.equal(await v('Dropout rate'), '0');
    assert.equal(await v('Regularization'), 'none');
    assert.equal(await page.getByLabel('Normalize inputs').isChecked(), false);
    assert.equal(await page.getByLabel('Early stopping').isChecked(), false);
    // The diagram's output: one sigmoid unit.
    assert.match(await page.locator('svg.network').textContent(), /Output1 sigmoid/);

    const keras = await page.getByRole('region', { name: 'Keras code' }).textContent();
    for (const part of [
      'layers.Dense(64, activation="relu"),\n    layers.Dense(64, activation="relu"),\n    layers.Dense(1, activation="sigmoid"),',
      'keras.optimizers.Adam(learning_rate=0.001)',
      'loss="binary_crossentropy"',
      'epochs=10',
      'batch_size=32',
    ]) assert.ok(keras.includes(part), `Keras code has ${part}:\n${keras}`);
    assert.doesNotMatch(keras, /Normalization|Dropout|regularizer/);
    const js = await page.getByRole('region', { name: 'gotrain.js code' }).textContent();
    assert.match(js, /gt\.train\.adam\(0\.001\)/);
    assert.match(js, /units: 64, activation: 'relu', inputShape: \[2\]/);

    // The listing follows the settings: 3 epochs now.
    await setField(page, 'Epochs', 3);
    await page.getByRole('region', { name: 'gotrain.js code' }).filter({ hasText: 'epochs: 3,' }).waitFor();
    await page.getByRole('region', { name: 'Keras code' }).filter({ hasText: 'epochs=3' }).waitFor();
    const listing = await page.getByRole('region', { name: 'gotrain.js code' }).textContent();
    await trainToEnd(page);
    const pageLoss = await stat(page, 'Training loss');

    const { losses, stdout } = await runListing(listing);
    assert.equal(losses.length, 3, stdout);
    console.log(`# Keras example, epoch 3: page ${pageLoss}, the listing in Node ${losses[2]} (epochs: ${losses.join(', ')})`);
    assert.equal(await shownAs(page, losses[2]), pageLoss);
    assert.match(stdout, /test data \(the final evaluation\): \{.*\baccuracy: [\d.]+.*\}/);
    assert.match(stdout, /test data \(the final evaluation\): \{.*\bloss: [\d.e-]+.*\}/);
    assert.equal(await page.getByRole('img', { name: /^Loss per epoch/ }).getAttribute('data-epochs'), '3');

    // Copy: the listing on the clipboard.
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(env.server.url).origin });
    await page.getByRole('button', { name: 'Copy the gotrain.js code' }).click();
    await page.getByText('Copied the gotrain.js code.').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), listing);

    // The data, as the Keras code reads it.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the data (CSV)' }).click()]);
    assert.equal(dl.suggestedFilename(), 'circle.csv');
    const csv = readFileSync(await dl.path(), 'utf8').trim().split('\n');
    assert.equal(csv[0], 'x1,x2,label,part');
    const parts = {};
    for (const line of csv.slice(1)) parts[line.split(',').at(-1)] = (parts[line.split(',').at(-1)] ?? 0) + 1;
    assert.deepEqual(parts, { train: 280, validation: 70, test: 150 });
    await page.getByText('280 for training, 70 for validation, 150 for testing').waitFor();
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('iris with normalization, dropout, L2, RMSprop and early stopping: the listing in Node gives the page\'s first-epoch loss', async () => {
  const hash = '#dataset=iris&testPct=20&valPct=25&normalize=1&layers=12:relu,6:tanh&dropout=0.1&reg=l2&regRate=0.002&optimizer=rmsprop&lr=0.01&batch=8&epochs=1&earlyStop=1&patience=3&seed=11';
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + hash);
  try {
    const listing = await page.getByRole('region', { name: 'gotrain.js code' }).textContent();
    for (const part of ["parseCSV(text, { label: 'species' })", 'gt.layers.normalization({ inputShape: [4] })', 'norm.adapt(train.x)', 'gt.layers.dropout({ rate: 0.1 })', 'gt.regularizers.l2({ l2: 0.002 })', 'gt.train.rmsprop(0.01)', "earlyStopping: { monitor: 'val_loss', patience: 3, restoreBestWeights: true }", 'testFraction: 0.25']) {
      assert.ok(listing.includes(part), `listing has ${part}:\n${listing}`);
    }
    const keras = await page.getByRole('region', { name: 'Keras code' }).textContent();
    for (const part of ['layers.Normalization()', 'layers.Dropout(0.1)', 'keras.regularizers.L2(0.002)', 'keras.optimizers.RMSprop(learning_rate=0.01)', 'EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)', 'classes = {"setosa": 0, "versicolor": 1, "virginica": 2}', 'sparse_categorical_crossentropy']) {
      assert.ok(keras.includes(part), `Keras code has ${part}:\n${keras}`);
    }
    await trainToEnd(page);
    const pageLoss = await stat(page, 'Training loss');
    const { losses, stdout } = await runListing(listing);
    console.log(`# iris, first epoch: page ${pageLoss}, the listing in Node ${losses[0]}`);
    assert.equal(losses.length, 1, stdout);
    assert.equal(await shownAs(page, losses[0]), pageLoss);
    await fullScreenshot(page, 'page-desktop-code');
    await page.setViewportSize(PHONE);
    await fullScreenshot(page, 'page-phone-code');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

test('feature inputs and a regression set: the listing computes the same features and, in Node, gives the page\'s first-epoch losses', async () => {
  for (const [hash, statName] of [
    ['#dataset=xor&noise=0.1&size=200&features=x1x2,sinx1&layers=4:tanh&optimizer=adam&lr=0.02&batch=10&epochs=1&seed=5', 'Training loss'],
    ['#dataset=plane&noise=0.2&size=200&valPct=0&features=x1,x2,x1sq&layers=3:relu&optimizer=sgd&lr=0.01&batch=10&epochs=1&seed=6', 'Training MSE (140 rows)'],
  ]) {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + hash);
    try {
      const listing = await page.getByRole('region', { name: 'gotrain.js code' }).textContent();
      assert.match(listing, /part\.x = gt\.data\.features\(part\.x, names\)/);
      await trainToEnd(page);
      const pageLoss = await stat(page, statName);
      const { losses, stdout } = await runListing(listing);
      console.log(`# ${hash.slice(9, 14)}, first epoch: page ${pageLoss}, the listing in Node ${losses[0]}`);
      assert.equal(losses.length, 1, stdout);
      assert.equal(await shownAs(page, losses[0]), pageLoss);
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  }
});
