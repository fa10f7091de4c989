// The math panel's update card, for every optimizer the page offers, with
// L2 on: every intermediate of the update (Adam's m′, v′, 1 − β₁ᵗ, 1 − β₂ᵗ,
// m̂, v̂ and the denominator; momentum's velocity; RMSprop's mean square and
// denominator; Adagrad's accumulator and denominator) and the new W are the
// numbers of model.trace(…).layers[i].updateW, after two Steps (so the state
// before the update is not 0), and they add up by hand to the printed
// digits: W + ΔW = W′, −η·m̂/d = ΔW. The loss card shows data loss + P =
// total with the trace's dataLoss, penalty and loss.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, idle, parseNum, fullScreenshot, PHONE } from './page_helpers.mjs';
import { downloadModel, shown, traceValues, qsOf, compare } from './page_math_helpers.mjs';

const env = useBrowser();

const hashFor = (optimizer) => `#dataset=circle&noise=0.05&size=300&testPct=30&valPct=20&normalize=1&layers=5:tanh,4:tanh&reg=l2&regRate=0.01&optimizer=${optimizer}&lr=0.03&batch=16&epochs=3&loss=auto&seed=3`;

// What each optimizer's card must show (data-q kinds), beyond the gradient, W, ΔW and W′.
const TERMS = {
  sgd: [],
  momentum: ['stateW.velocity', 'updateW.newState.velocity'],
  adam: ['stateW.m', 'stateW.v', 'updateW.newState.m', 'updateW.newState.v', 'biasCorrection1', 'biasCorrection2', 'updateW.mHat', 'updateW.vHat', 'updateW.denominator'],
  rmsprop: ['stateW.meanSquare', 'updateW.newState.meanSquare', 'updateW.denominator'],
  adagrad: ['stateW.accumulator', 'updateW.newState.accumulator', 'updateW.denominator'],
};

/** The shown text of the first number named q in the update card. */
const valueOf = (sh, q) => parseNum(sh.numbers.find(([k]) => k === q)[1]);

for (const [optimizer, terms] of Object.entries(TERMS)) {
  test(`math panel, ${optimizer} with L2: the update's every number is the trace's and adds up by hand`, async () => {
    const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + hashFor(optimizer), optimizer === 'adam' ? { viewport: PHONE } : undefined);
    try {
      await page.locator('.math-body[data-step="0"]').waitFor();
      const json0 = await downloadModel(page);
      const step = page.getByRole('button', { name: 'Step: train on this example' });
      for (let k = 1; k <= 2; k++) {
        await step.click();
        await idle(page);
        await page.locator(`.math-body[data-step="${k}"]`).waitFor();
      }
      const sh = await shown(page);
      const values = await traceValues(page, json0, sh.example, qsOf(sh), 2);
      const kinds = compare(sh.numbers, values);
      for (const k of ['dLdW', 'W', 'deltaW', 'updateW.newValue', 'updateB.newValue', 'deltaB', 'dataLoss', 'penalty', 'loss', 't', 'step', ...terms]) {
        assert.ok(kinds.has(k), `the panel shows ${k}`);
      }
      // By hand, with the printed digits: W + ΔW = W′ (ΔW is small beside W,
      // so W′ is printed to about W's digits).
      const q = sh.numbers.find(([k]) => k.startsWith('updateW.newValue:'))[0];
      const ij = q.slice(q.indexOf(':'));
      const w = valueOf(sh, `W${ij}`);
      const dw = valueOf(sh, `deltaW${ij}`);
      const w1 = valueOf(sh, `updateW.newValue${ij}`);
      assert.ok(dw !== 0, `ΔW${ij} is not 0`);
      assert.ok(Math.abs(w + dw - w1) <= 1e-3 * Math.abs(w1) + 1e-9, `W + ΔW = W′: ${w} + ${dw} vs ${w1}`);
      if (optimizer === 'adam') {
        const lr = 0.03;
        const m = valueOf(sh, `updateW.mHat${ij}`);
        const d = valueOf(sh, `updateW.denominator${ij}`);
        assert.ok(Math.abs(-lr * m / d - dw) <= 2e-3 * Math.abs(dw), `−η·m̂/d = ΔW: ${-lr * m / d} vs ${dw}`);
        const m1 = valueOf(sh, `updateW.newState.m${ij}`);
        const bc1 = valueOf(sh, 'biasCorrection1');
        assert.ok(Math.abs(m1 / bc1 - m) <= 2e-3 * Math.abs(m), `m′/(1 − β₁ᵗ) = m̂: ${m1 / bc1} vs ${m}`);
        assert.equal(values.biasCorrection1.toPrecision(6), (1 - 0.9 ** 3).toPrecision(6), 'update t = 3 after two Steps');
        await page.locator('.m-step', { hasText: '5 · Update' }).scrollIntoViewIfNeeded();
        await fullScreenshot(page, 'page-phone-math-adam');
      }
      if (optimizer === 'momentum') await fullScreenshot(page, 'page-desktop-math-momentum');
      console.log(`# ${optimizer}: ${sh.numbers.length} numbers match the trace after 2 Steps (${terms.join(', ') || 'Δ = −η·g'})`);
      guard.assertClean();
    } finally {
      await ctx.close();
    }
  });
}
