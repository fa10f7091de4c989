// gotrain through its public JavaScript API (www/gotrain.js), in Node or in
// the browser, on the main thread or (gt from load({ worker: true })) in a
// worker, where every call returns a Promise: hence the awaits everywhere.
// backend: gt.backend, the matrix kernel that runs ('simd', 'scalar' or
// 'go'); the runners put it in every record and run.mjs checks it against
// the kernel the row asked load() for.
import { TRAIN, accuracyOf } from '../lib/workloads.mjs';

export function gotrainImpl(gt) {
  return {
    note: `gotrain ${gt.version ?? '?'}, kernels '${gt.backend ?? '?'}', float64`,
    backend: gt.backend,
    async build(w, data, seed) {
      const model = await gt.sequential({ seed });
      for (let i = 0; i < w.hidden.length; i++) {
        const opts = { units: w.hidden[i], activation: 'relu' };
        if (i === 0) opts.inputShape = [w.in];
        await model.add(await gt.layers.dense(opts));
      }
      await model.add(await gt.layers.dense({ units: w.out, activation: w.out === 1 ? 'sigmoid' : 'softmax' }));
      await model.compile({ optimizer: await gt.train.adam(TRAIN.lr), loss: w.loss, metrics: ['accuracy'] });
      const x = await gt.tensor2d(data.x, [data.n, w.in]);
      const y = await gt.tensor2d(data.y, [data.n, w.out]);
      return {
        async fit(epochs) {
          const h = await model.fit(x, y, { epochs, batchSize: TRAIN.batchSize, shuffle: true });
          const loss = h?.history?.loss;
          return loss ? loss[loss.length - 1] : undefined;
        },
        async accuracy() {
          const p = await model.predict(x);
          return accuracyOf(p.data, w.out, data.labels);
        },
        async dispose() {
          await model.dispose();
        },
      };
    },
  };
}
