// The Keras example with gotrain alone (no page code): train a small network on the circle data.
import { load } from '../gotrain.js';

const gt = await load();
const data = gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
const [train, test] = gt.data.split(data, { testFraction: 0.2, seed: 1 });

const model = gt.sequential({ seed: 42 });
model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
model.add(gt.layers.dense({ units: 64, activation: 'relu' }));
model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

const out = document.getElementById('out');
out.textContent = model.summary() + '\n';
await model.fit(train.x, train.y, {
  epochs: 10, batchSize: 32, callbacks: { onEpochEnd: (e, logs) => { out.textContent += `epoch ${e + 1}: loss ${logs.loss.toFixed(4)}\n`; } },
});
out.textContent += `test accuracy: ${model.evaluate(test.x, test.y).accuracy}`;
