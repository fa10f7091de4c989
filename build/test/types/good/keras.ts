// The Keras example on the main thread, typed: every call returns its value
// (fit a Promise). Run by types.test.mjs after tsc --strict has checked it.
import { load, type Dataset, type Gotrain, type History, type Logs, type Matrix, type Model } from 'gotrain';

const gt: Gotrain = await load();
const data: Dataset = gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
const [train, test] = gt.data.split(data, { testFraction: 0.2, seed: 1 });

const model: Model = gt.sequential({ seed: 42 });
model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
model.add(gt.layers.dense({ units: 64, activation: 'relu' }));
model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
const table: string = model.summary();

const epochs: number[] = [];
const history: History = await model.fit(train.x, train.y, {
  epochs: 10,
  batchSize: 32,
  callbacks: { onEpochEnd: (epoch, logs) => void epochs.push(epoch, logs.loss) },
});
const logs: Logs = model.evaluate(test.x, test.y);
const accuracy: number = logs.accuracy;
const out: Matrix = model.predict([[0, 0], [5, 5]]);
const rows: number[][] = out.array();
model.dispose();

if (!(accuracy >= 0.95) || history.history.loss.length !== 10 || rows.length !== 2 || !table.includes('Dense')) {
  throw new Error(`keras.ts: accuracy ${accuracy}, ${history.history.loss.length} epochs, ${rows.length} rows`);
}
console.log(JSON.stringify({ example: 'keras', backend: gt.backend, accuracy, epochs: epochs.length / 2 }));
