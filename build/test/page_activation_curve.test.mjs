// The math panel's activation card: the selected neuron's activation drawn
// as f and f′ (gt.activations.curve) with its traced z marked, and f′(z)
// written with the trace's dadz. Choosing a neuron of a layer with another
// activation redraws the card for it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, openPlayground, idle, drawnColours, PHONE } from './page_helpers.mjs';
import { downloadModel, shown, traceValues, qsOf, compare } from './page_math_helpers.mjs';
import { outDir } from '../browser.mjs';

const env = useBrowser();

const HASH = '#dataset=circle&noise=0.05&size=300&testPct=30&valPct=20&normalize=1&layers=5:tanh,4:relu&optimizer=adam&lr=0.03&batch=16&epochs=3&loss=auto&seed=3';

for (const viewport of [undefined, PHONE]) {
  const name = viewport ? 'phone' : 'desktop';
  test(`activation card (${name}): f and f′ drawn with the neuron's z marked; f′(z) is the trace's`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH, viewport ? { viewport } : undefined);
    try {
      await page.locator('.math-body[data-step="0"]').waitFor();
      const curve = page.getByRole('img', { name: /^tanh: f\(z\) and its slope f′\(z\), neuron 1's z marked/ });
      await curve.waitFor();
      // The card draws once it is laid out (an off-screen panel has no size
      // yet, content-visibility: auto), as a reader scrolling to it sees it.
      await curve.scrollIntoViewIfNeeded();
      await drawnColours(curve, (c) => c.blue > 20 && c.orange > 20); // f (blue) and f′ (orange)
      const json = await downloadModel(page);
      const sh = await shown(page);
      const kinds = compare(sh.numbers, await traceValues(page, json, sh.example, qsOf(sh)));
      assert.ok(kinds.has('dadz'), 'f′(z) is shown');
      // The curve's point at the traced z is the trace's (the API's guarantee);
      // here: the curve for the same z gives the shown numbers.
      const q = sh.numbers.find(([k]) => k.startsWith('dadz:'))[0];
      const [, layer, unit] = q.split(':').map(Number);
      const v = await page.evaluate(async ({ json, layer, unit, example }) => {
        const { load } = await import('/gotrain.js');
        const gt = await load();
        const ds = gt.data.builtin('circle', { n: 300, noise: 0.05, seed: 3 });
        const [rest] = gt.data.split(ds, { testFraction: 0.3, seed: 3, stratify: true });
        const [train] = gt.data.split(rest, { testFraction: 0.2, seed: 3, stratify: true });
        const cols = train.x.shape[1];
        const m = gt.modelFromJSON(json);
        const tr = m.trace(Array.from(train.x.data.slice(example * cols, (example + 1) * cols)), [train.y.data[example]]);
        const l = tr.layers[layer];
        const cv = gt.activations.curve(l.activation, [l.z[unit]]);
        m.dispose();
        return { a: l.a[unit], dadz: l.dadz[unit], ca: cv.a[0], cdadz: cv.dadz[0] };
      }, { json, layer, unit, example: sh.example });
      assert.equal(v.ca, v.a);
      assert.equal(v.cdadz, v.dadz);

      // A ReLU neuron: the card follows.
      await page.getByRole('button', { name: 'dense_2, neuron 2' }).click();
      await idle(page);
      const relu = page.getByRole('img', { name: /^relu: f\(z\) and its slope f′\(z\), neuron 2's z marked/ });
      await relu.waitFor();
      await relu.scrollIntoViewIfNeeded();
      await drawnColours(relu, (c) => c.blue > 20);
      const box = await relu.boundingBox();
      assert.ok(box.width > 150 && box.height > 100, `the curve has room: ${box.width}×${box.height}`);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal overflow');
      // The viewport around the curve (element shots inside CSS columns come out blank).
      await page.evaluate(() => document.querySelector('canvas.act-curve').scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: path.join(outDir, 'screenshots', `page-${name}-activation-curve.png`) });
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}
