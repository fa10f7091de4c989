// Dropout's mask in the math panel: with dropout the panel shows a
// training trace, the next step's own mask: each entry 0 or the scale
// 1/(1 − rate) (shown with the rate, its value the mask's), the dropped
// units listed (those whose mask is 0), a = x · m with the numbers shown,
// a dropped unit's weight gradient in the next layer exactly 0, and Step
// leaves the kept units' weights at the W′ shown before it (so the mask
// shown is the one the step used). Screenshots at 1440×900 and 390×844.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, openPlayground, idle, parseNum, setField, PHONE, DESKTOP } from './page_helpers.mjs';
import { outDir } from '../browser.mjs';

const env = useBrowser();
const HASH = '#dataset=circle&noise=0.1&size=200&layers=8:tanh&dropout=0.5&optimizer=sgd&lr=0.1&batch=16&epochs=5&seed=7';

/** Every number of the math panel by data-q (the first of each). */
const numbers = (page) => page.locator('.math-body').evaluate((b) => {
  const out = {};
  for (const e of b.querySelectorAll('[data-q]')) if (!(e.dataset.q in out)) out[e.dataset.q] = e.textContent;
  return out;
});

for (const viewport of [DESKTOP, PHONE]) {
  const name = viewport === PHONE ? 'phone' : 'desktop';
  test(`dropout's mask (${name}): 0 or 1/(1 − rate), a = x · m, the dropped units' gradients 0, and Step uses it`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + HASH, { viewport });
    try {
      const block = page.locator('.math-body .m-layer', { has: page.locator('h5', { hasText: 'dropout_1: dropout' }) });
      await block.waitFor();
      const q = await numbers(page);
      const mask = Object.keys(q).filter((k) => k.startsWith('mask:1:')).map((k) => [Number(k.split(':')[2]), parseNum(q[k])]).sort((a, b) => a[0] - b[0]);
      assert.ok(mask.length >= 5, 'the mask is shown');
      const scale = parseNum(await block.locator('.mline', { hasText: 'scale' }).locator('[data-q^="mask:1:"]').first().textContent());
      assert.equal(scale, 2, '1/(1 − 0.5)');
      assert.match(await block.textContent(), /1−0\.5/);
      for (const [, m] of mask) assert.ok(m === 0 || m === scale, `mask entries are 0 or ${scale}: ${m}`);
      const dropped = (await block.locator('.dropout-dropped').getAttribute('data-dropped')).split(',').filter(Boolean).map(Number);
      const zeros = mask.filter(([, m]) => m === 0).map(([i]) => i + 1);
      assert.deepEqual(dropped.filter((u) => u <= 5), zeros.filter((u) => u <= 5), 'the units listed are those whose mask is 0');
      console.log(`# dropout (${name}): dropped units ${dropped.join(', ')} of 8; mask ${mask.map(([, m]) => m).join(' ')}`);
      assert.ok(dropped.length > 0 && dropped.length < 8, 'a mask worth showing (seed 7)');
      // a = x · m, with the numbers shown.
      for (let i = 0; i < 4; i++) {
        const x = parseNum(q[`input:1:${i}`]);
        const m = parseNum(q[`mask:1:${i}`]);
        const a = parseNum(q[`a:1:${i}`]);
        assert.ok(Math.abs(x * m - a) <= 1e-3 * Math.abs(a) + 1e-12, `a${i + 1} = ${x}·${m}: shown ${a}`);
      }
      // The output layer: a dropped unit's weight has gradient 0; a kept one's moves to W′ at Step.
      await page.getByLabel('Layer', { exact: true }).selectOption('2');
      await idle(page);
      const drop = dropped[0];
      const keep = zeros.length < 8 ? mask.find(([, m]) => m !== 0)[0] + 1 : null;
      await setField(page, 'Input', drop);
      const g0 = parseNum(await page.locator(`.math-body [data-q="dLdW:2:${drop - 1}:0"]`).first().textContent());
      assert.equal(g0, 0, `∂L/∂W from dropped unit ${drop}: 0`);
      await setField(page, 'Input', keep);
      const before = await numbers(page);
      const wNew = parseNum(before[`updateW.newValue:2:${keep - 1}:0`]);
      const w = parseNum(before[`W:2:${keep - 1}:0`]);
      assert.notEqual(parseNum(before[`dLdW:2:${keep - 1}:0`]), 0, `unit ${keep} is kept: its weight learns`);
      await page.getByRole('button', { name: 'Step: train on this example' }).click();
      await idle(page);
      await page.locator('.math-body[data-step="1"]').waitFor();
      const after = parseNum((await numbers(page))[`W:2:${keep - 1}:0`]);
      console.log(`# dropout (${name}): W from kept unit ${keep}: ${w} → shown W′ ${wNew}, after Step ${after}`);
      assert.ok(Math.abs(after - wNew) <= 6e-4 * Math.abs(wNew), 'Step leaves the W′ the training trace showed');
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 0, 'no horizontal overflow');
      // Back to the dropout block for the picture.
      await page.getByLabel('Layer', { exact: true }).selectOption('0');
      await idle(page);
      await block.scrollIntoViewIfNeeded();
      await block.screenshot({ path: path.join(outDir, 'screenshots', `page-${name}-dropout-mask.png`) });
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}
