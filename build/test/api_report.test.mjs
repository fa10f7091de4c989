// model.evaluateReport: one call (one worker round trip) gives the page
// everything it redraws after an epoch, and it equals what evaluate,
// predict, predictClasses, confusionMatrix and classReport give one by one;
// in main-thread and worker mode, with the same errors.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';

const { load, Matrix } = await import('../../www/gotrain.js');

const direct = await load({ warmUp: false });
const worker = await load({ worker: true, warmUp: false });
after(() => worker.terminate());

async function trained(gt, kind) {
  const data = await gt.data.builtin(kind === 'binary' ? 'circle' : 'gaussian', { n: 200, noise: 0.1, seed: 3 });
  const model = await gt.sequential({ seed: 5 });
  await model.add(gt.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }));
  const out = kind === 'binary' ? { units: 1, activation: 'sigmoid' } : kind === 'regression' ? { units: 1 } : { units: 2, activation: 'softmax' };
  await model.add(gt.layers.dense(out));
  const loss = kind === 'binary' ? 'binaryCrossentropy' : kind === 'regression' ? 'meanSquaredError' : 'sparseCategoricalCrossentropy';
  await model.compile({ optimizer: 'adam', loss, metrics: ['accuracy'] });
  await model.fit(data.x, data.y, { epochs: 3, batchSize: 16 });
  return { model, data };
}

for (const [mode, gt] of [['main thread', direct], ['worker', worker]]) {
  for (const kind of ['binary', 'sparse', 'regression']) {
    test(`${mode}: evaluateReport (${kind}) equals the separate calls`, async () => {
      const { model, data } = await trained(gt, kind);
      const r = await model.evaluateReport(data.x, data.y);
      assert.deepEqual(r.logs, await model.evaluate(data.x, data.y));
      const p = await model.predict(data.x);
      assert.ok(r.predictions instanceof Matrix);
      assert.deepEqual(Array.from(r.predictions.data), Array.from(p.data));
      if (kind === 'regression') {
        assert.equal(r.numClasses, 0);
        assert.equal(r.confusion, undefined);
        return;
      }
      assert.equal(r.numClasses, 2);
      const cls = await gt.metrics.predictClasses(p);
      assert.deepEqual(Array.from(r.classes), Array.from(cls));
      assert.deepEqual(Array.from(r.truth), Array.from(data.y.data));
      const cm = await gt.metrics.confusionMatrix(Array.from(data.y.data), Array.from(cls), 2);
      assert.deepEqual(r.confusion, cm);
      assert.deepEqual(r.classReport, await gt.metrics.classReport(cm));
      const none = await model.evaluateReport(data.x, data.y, { numClasses: 0 });
      assert.equal(none.numClasses, 0);
      await model.dispose();
    });
  }

  test(`${mode}: evaluateReport errors name the call`, async () => {
    const { model, data } = await trained(gt, 'binary');
    await assert.rejects(async () => model.evaluateReport([[1, 2, 3]], [1]), /^Error: evaluateReport: x has 3 columns but the model expects 2$/);
    await assert.rejects(async () => model.evaluateReport(data.x, data.y, { numClass: 2 }), /^Error: evaluateReport: unknown option 'numClass' \(did you mean 'numClasses'\?\)/);
    await assert.rejects(async () => model.evaluateReport(data.x, data.y, { numClasses: 1.5 }), /^Error: evaluateReport: numClasses must be an integer from 0 to 65536, got 1\.5$/);
    await model.dispose();
    await assert.rejects(async () => model.evaluateReport(data.x, data.y), /^Error: evaluateReport: the model has been disposed$/);
  });
}
