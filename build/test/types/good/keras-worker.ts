// The Keras example in worker mode, typed: every call returns a Promise and
// is awaited; the factories (gt.layers.*) stay synchronous.
import { load, type Dataset, type GotrainWorker, type Logs, type Matrix, type WorkerModel } from 'gotrain';

const gt: GotrainWorker = await load({ worker: true });
const data: Dataset = await gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
const [train, test] = await gt.data.split(data, { testFraction: 0.2, seed: 1 });

const model: WorkerModel = await gt.sequential({ seed: 42 });
await model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
await model.add(gt.layers.dense({ units: 64, activation: 'relu' }));
await model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
await model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const table: string = await model.summary();

await model.fit(train.x, train.y, {
  epochs: 10,
  batchSize: 32,
  callbacks: {
    // Awaited by the worker: stopping here stops at this epoch.
    onEpochEnd: async (epoch, logs) => {
      if (logs.loss < 1e-9) model.stopTraining = true;
    },
  },
});
const logs: Logs = await model.evaluate(test.x, test.y);
const out: Matrix = await model.predict([[0, 0], [5, 5]]);
const layers = model.layers; // synchronous in both modes
const predictor: string = await model.exportStandalone({ dtype: 'float32' });
await model.dispose();
await gt.terminate();

if (!(logs.accuracy >= 0.95) || out.shape[0] !== 2 || layers.length !== 3 || !table.includes('Dense') || !predictor.includes('export function predict(')) {
  throw new Error(`keras-worker.ts: accuracy ${logs.accuracy}`);
}
console.log(JSON.stringify({ example: 'keras-worker', backend: gt.backend, accuracy: logs.accuracy }));
