// A diverging fit stops at the first non-finite loss and keeps the last
// finite weights (terminateOnNaN, on by default), in both modes; with
// terminateOnNaN: false it trains on, as TF.js does without the callback.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';

const { load } = await import('../../www/gotrain.js');

const modes = [
  ['main thread', {}],
  ['worker', { worker: true }],
];

for (const [mode, opts] of modes) {
  test(`${mode}: a NaN loss rejects fit naming the epoch and batch; the weights stay finite`, async (t) => {
    const gt = await load(opts);
    t.after(() => gt.terminate?.());
    const data = await gt.data.builtin('moons', { n: 200, noise: 0.1, seed: 5 });
    const build = async () => {
      const m = await gt.sequential({
        seed: 1,
        layers: [gt.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'linear' })],
      });
      // SGD at a learning rate of 1e200 overflows the weights at the first
      // update: the second batch's loss is NaN.
      await m.compile({ optimizer: await gt.train.sgd(1e200), loss: 'meanSquaredError' });
      return m;
    };
    const m = await build();
    await assert.rejects(m.fit(data.x, data.y, { epochs: 5, batchSize: 16 }), (e) => {
      assert.match(e.message, /^fit: the loss is (NaN|\+?-?Inf|infinite)/i, e.message);
      assert.match(e.message, /epoch \d+, batch \d+/);
      return true;
    });
    const w = await m.getWeights();
    for (const t of w) for (const v of t.data ?? t) assert.ok(Number.isFinite(v), `weight ${v} is finite`);

    const m2 = await build();
    const h = await m2.fit(data.x, data.y, { epochs: 2, batchSize: 16, terminateOnNaN: false });
    assert.equal(h.history.loss.length, 2, 'trains on through non-finite losses');
    assert.ok(h.history.loss.some((v) => !Number.isFinite(v)), `some loss is not finite: ${h.history.loss}`);
  });
}
