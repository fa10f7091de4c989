// ConvNetJS 0.3.0 (npm). Its Trainer runs one example at a time (forward,
// backward, gradients summed) and updates every batch_size examples. The
// npm 0.3.0 Trainer has no Adam: method 'adam' silently falls through to
// SGD + momentum 0.9, so we ask for 'windowgrad' (RMSprop: ro 0.95, eps 1e-6),
// the nearest it has. Output: softmax layer (a 2-class softmax for the binary
// workload). Init: its own (Gaussian, std sqrt(1/fan_in); ReLU fc biases 0.1),
// from Math.random (unseeded). Float64 (Float64Array Vols).
import { TRAIN, classes, shuffleInPlace, mulberry32 } from '../lib/workloads.mjs';

export const CONVNET_METHOD = 'windowgrad';

export function convnetImpl(convnetjs) {
  return {
    note: `ConvNetJS 0.3.0, Trainer method '${CONVNET_METHOD}' (no Adam in 0.3.0), per-example, 2-class softmax for the binary task`,
    async build(w, data, seed) {
      const defs = [{ type: 'input', out_sx: 1, out_sy: 1, out_depth: w.in }];
      for (const h of w.hidden) defs.push({ type: 'fc', num_neurons: h, activation: 'relu' });
      defs.push({ type: 'softmax', num_classes: classes(w) });
      const net = new convnetjs.Net();
      net.makeLayers(defs);
      const trainer = new convnetjs.Trainer(net, {
        method: CONVNET_METHOD, learning_rate: TRAIN.lr, batch_size: TRAIN.batchSize, l2_decay: 0,
      });
      const vols = [];
      for (let i = 0; i < data.n; i++) {
        const v = new convnetjs.Vol(1, 1, w.in, 0);
        for (let j = 0; j < w.in; j++) v.w[j] = data.x[i * w.in + j];
        vols.push(v);
      }
      const idx = Array.from({ length: data.n }, (_, i) => i);
      const rand = mulberry32(seed);
      let loss = 0;
      return {
        async fit(epochs) {
          for (let e = 0; e < epochs; e++) {
            shuffleInPlace(idx, rand);
            loss = 0;
            for (const i of idx) loss += trainer.train(vols[i], data.labels[i]).loss;
          }
          return loss / data.n;
        },
        async accuracy() {
          let ok = 0;
          for (let i = 0; i < data.n; i++) {
            if (net.forward(vols[i], false) && net.getPrediction() === data.labels[i]) ok++;
          }
          return ok / data.n;
        },
        async dispose() {},
      };
    },
  };
}
