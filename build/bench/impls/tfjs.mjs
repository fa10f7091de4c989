// TensorFlow.js Layers API (the library is passed in: the npm package in
// Node, the UMD bundle's global tf in the browser). Float32, as TF.js is.
import { TRAIN, accuracyOf } from '../lib/workloads.mjs';

export function tfjsImpl(tf) {
  return {
    note: `TF.js ${tf.version?.tfjs ?? tf.version_core ?? '?'}, backend '${tf.getBackend()}', float32`,
    async build(w, data) {
      const model = tf.sequential();
      for (let i = 0; i < w.hidden.length; i++) {
        const opts = { units: w.hidden[i], activation: 'relu' };
        if (i === 0) opts.inputShape = [w.in];
        model.add(tf.layers.dense(opts));
      }
      model.add(tf.layers.dense({ units: w.out, activation: w.out === 1 ? 'sigmoid' : 'softmax' }));
      model.compile({ optimizer: tf.train.adam(TRAIN.lr), loss: w.loss, metrics: ['accuracy'] });
      const x = tf.tensor2d(Float32Array.from(data.x), [data.n, w.in]);
      const y = tf.tensor2d(Float32Array.from(data.y), [data.n, w.out]);
      return {
        async fit(epochs) {
          const h = await model.fit(x, y, { epochs, batchSize: TRAIN.batchSize, shuffle: true, verbose: 0 });
          return h.history.loss[h.history.loss.length - 1];
        },
        async accuracy() {
          const p = model.predict(x);
          const d = await p.data();
          p.dispose();
          return accuracyOf(d, w.out, data.labels);
        },
        async dispose() {
          model.dispose();
          x.dispose();
          y.dispose();
        },
      };
    },
  };
}

/**
 * Switches tf to the named backend. For 'wasm' the .wasm files are read from
 * wasmDir (a directory path in Node, a URL in the browser), SIMD on, threads
 * off (WASM_HAS_MULTITHREAD_SUPPORT=false; in the browser threads are also
 * impossible without cross-origin isolation).
 */
export async function tfjsBackend(tf, name, { wasmDir, setWasmPaths } = {}) {
  if (name === 'wasm') {
    setWasmPaths(wasmDir);
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
  return tf.getBackend();
}
