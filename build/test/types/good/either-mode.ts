// Code for both modes: written against Gotrain<boolean>, awaiting every call
// (await on a value is the value), it runs on the main thread and in a worker.
import { load, type Gotrain } from 'gotrain';

async function trainXor(gt: Gotrain<boolean>): Promise<number> {
  const data = await gt.data.builtin('xor', { n: 400, noise: 0.05, seed: 3 });
  const model = await gt.sequential({
    seed: 7,
    layers: [gt.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
  await model.compile({ optimizer: gt.train.adam(0.05), loss: 'binaryCrossentropy', metrics: 'accuracy' });
  await model.fit(data.x, data.y, { epochs: 30, batchSize: 16 });
  const { accuracy } = await model.evaluate(data.x, data.y);
  await model.dispose();
  return accuracy;
}

const worker = process.argv.includes('--worker');
const gt = await load({ worker });
const accuracy = await trainXor(gt);
if ('terminate' in gt) await gt.terminate();
if (!(accuracy > 0.9)) throw new Error(`either-mode.ts: accuracy ${accuracy}`);
console.log(JSON.stringify({ example: 'either-mode', worker: gt.worker, accuracy }));
