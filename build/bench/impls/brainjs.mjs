// brain.js 2.0.0-beta.24 NeuralNetwork. What it really does: one activation
// for every layer, the output included (there is no separate sigmoid or
// softmax output), a mean-squared-error delta at the output, and an update
// after every single example (no mini-batches); praxis 'adam' is its own
// per-example Adam (lr 0.01, β1 0.9, β2 0.999, ε 1e-8). Init uniform in
// [-0.2, 0.2] from Math.random; weights in Float32Arrays. It never shuffles,
// so we call train() once per epoch (iterations: 1) on a reshuffled list.
import { classes, shuffleInPlace, mulberry32, TRAIN } from '../lib/workloads.mjs';

export function brainImpl(brain, activation) {
  return {
    note: `brain.js NeuralNetwork, activation '${activation}' on every layer incl. output, MSE, per-example Adam (batch 1)`,
    async build(w, data, seed) {
      const outSize = classes(w) === 2 && w.out === 1 ? 1 : w.out;
      const net = new brain.NeuralNetwork({ hiddenLayers: w.hidden, inputSize: w.in, outputSize: outSize });
      const items = [];
      for (let i = 0; i < data.n; i++) {
        const input = Array.from(data.x.subarray(i * w.in, (i + 1) * w.in));
        const output = Array.from(data.y.subarray(i * w.out, (i + 1) * w.out));
        items.push({ input, output });
      }
      const rand = mulberry32(seed);
      const opts = {
        iterations: 1, errorThresh: 1e-12, activation, praxis: 'adam', learningRate: TRAIN.lr, log: false,
      };
      let err;
      return {
        async fit(epochs) {
          for (let e = 0; e < epochs; e++) {
            shuffleInPlace(items, rand);
            err = net.train(items, opts).error;
          }
          return err;
        },
        async accuracy() {
          let ok = 0;
          for (let i = 0; i < data.n; i++) {
            const p = net.run(items[i].input);
            let c = 0;
            if (w.out === 1) c = p[0] >= 0.5 ? 1 : 0;
            else for (let j = 1; j < p.length; j++) if (p[j] > p[c]) c = j;
            const label = w.out === 1 ? items[i].output[0] : items[i].output.indexOf(1);
            if (c === label) ok++;
          }
          return ok / data.n;
        },
        async dispose() {},
      };
    },
  };
}
