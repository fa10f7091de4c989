// Dropped units in the network diagram: with dropout, the math panel shows a
// training trace and its mask (dropoutmath.js); the diagram crosses out and
// dims the units that mask drops, and a legend line names them, layer by
// layer (also the units beyond the ten the diagram draws). The marks equal
// the trace's mask as the math panel lists it, follow it when a Step draws a
// new one, and are gone when dropout is off. Screenshots at 1440×900 and
// 390×844.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, openPlayground, idle, setField, PHONE, DESKTOP } from './page_helpers.mjs';
import { outDir } from '../browser.mjs';

const env = useBrowser();
// Two hidden layers, the first wider than the diagram draws (12 > 10).
const HASH = '#dataset=circle&noise=0.1&size=200&layers=12:relu,8:tanh&dropout=0.5&optimizer=sgd&lr=0.1&batch=16&epochs=5&seed=7';

/** The math panel's dropped units per dropout block: { 'dropout_1': [1-based units], … }. */
async function maskDropped(page) {
  return page.locator('.math-body .m-layer').evaluateAll((blocks) => {
    const out = {};
    for (const b of blocks) {
      const name = b.querySelector('h5')?.textContent.match(/^(dropout_\d+): dropout/)?.[1];
      const p = b.querySelector('.dropout-dropped');
      if (name && p) out[name] = p.dataset.dropped.split(',').filter(Boolean).map(Number);
    }
    return out;
  });
}

/** The diagram's marked units per layer name: { dense_1: [1-based units], … }. */
async function marked(page) {
  return page.locator('svg.network .nn-node[data-dropped]').evaluateAll((nodes) => {
    const out = {};
    for (const n of nodes) {
      const m = n.getAttribute('aria-label').match(/^(\S+), neuron (\d+), dropped by dropout/);
      (out[m[1]] ??= []).push(Number(m[2]));
    }
    return out;
  });
}

/** Units the diagram draws of a layer: the first 9 of more than 10 (shownUnits), else all. */
const drawn = (units, n) => (n > 10 ? units.filter((u) => u <= 9) : units);

async function checkMarks(page, label) {
  const mask = await maskDropped(page);
  assert.deepEqual(Object.keys(mask).sort(), ['dropout_1', 'dropout_2'], 'both dropout layers in the math panel');
  const got = await marked(page);
  // dense_1 (12 units) is followed by dropout_1, dense_2 (8) by dropout_2.
  assert.deepEqual(got.dense_1 ?? [], drawn(mask.dropout_1, 12), `${label}: layer 1's marks are the mask's zeros`);
  assert.deepEqual(got.dense_2 ?? [], drawn(mask.dropout_2, 8), `${label}: layer 2's marks are the mask's zeros`);
  assert.equal(got.dense_3, undefined, 'the output layer has no dropout');
  const legend = page.locator('.legend-dropped');
  assert.ok(await legend.isVisible(), 'legend shown');
  const text = await legend.textContent();
  const list = (u) => (u.length ? `unit${u.length > 1 ? 's' : ''} ${u.join(', ')}` : 'none');
  assert.ok(text.includes(`layer 1 ${list(mask.dropout_1)}; layer 2 ${list(mask.dropout_2)}.`), `${label}: legend names every dropped unit: ${text}`);
  // Crossed out where marked, nowhere else.
  const crosses = await page.locator('svg.network .nn-cross[visibility="visible"]').count();
  assert.equal(crosses, (got.dense_1?.length ?? 0) + (got.dense_2?.length ?? 0));
  console.log(`# ${label}: dropped ${JSON.stringify(mask)}; legend: ${text.trim()}`);
  return mask;
}

for (const viewport of [DESKTOP, PHONE]) {
  const name = viewport === PHONE ? 'phone' : 'desktop';
  test(`the diagram marks the units the math panel's mask drops (${name})`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH, { viewport });
    try {
      await page.locator('.math-body .dropout-dropped').first().waitFor();
      const first = await checkMarks(page, 'untrained');
      assert.ok(first.dropout_1.length + first.dropout_2.length > 0, 'a mask worth showing (seed 7)');
      // The diagram draws 9 of layer 1's 12 units: this mask drops one it does not draw, which only the legend names.
      assert.ok(first.dropout_1.some((u) => u > 9), `a dropped unit beyond those drawn (seed 7): ${first.dropout_1}`);
      // A Step trains with that mask; the next trace draws a new one, and the diagram follows it.
      await page.getByRole('button', { name: 'Step: train on this example' }).click();
      await idle(page);
      await page.locator('.math-body[data-step="1"]').waitFor();
      const second = await checkMarks(page, 'after Step');
      assert.notDeepEqual(second, first, 'a new mask (seed 7)');
      // Another example in the math panel: a new trace, the diagram follows it too.
      await setField(page, 'Example', 5);
      await page.locator('.math-body[data-example="5"]').waitFor();
      await checkMarks(page, 'example 5');
      assert.match(await page.locator('.legend-dropped').textContent(), /\(example #5\)/);
      const net = page.locator('section[data-panel="network"]');
      await net.scrollIntoViewIfNeeded();
      await net.screenshot({ path: path.join(outDir, 'screenshots', `page-${name}-network-dropout.png`) });
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no horizontal overflow');
      if (viewport === DESKTOP) {
        // Dropout off: an inference trace, nothing marked, no legend.
        await setField(page, 'Dropout rate', 0);
        assert.equal(await page.locator('svg.network .nn-node[data-dropped]').count(), 0);
        assert.equal(await page.locator('svg.network .nn-cross[visibility="visible"]').count(), 0);
        assert.ok(await page.locator('.legend-dropped').isHidden(), 'no legend without dropout');
      }
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}
