// Test page for build/test/browser_tfjs.test.mjs: gotrain.js (from the
// served www/) and TensorFlow.js 4.22 (node_modules, mounted for this test
// only) in one page. The functions below are driven by page.evaluate; each
// returns plain data (differences, key lists) for the test to check.

import { load } from '/gotrain.js';
import * as tf from '/node_modules/@tensorflow/tfjs/dist/tf.fesm.min.js';

const status = document.getElementById('status');

await tf.setBackend('cpu');
const gt = await load();
let gtw = null;
window.gt = gt;
window.tf = tf;

const workerAPI = async () => (gtw ??= await load({ worker: true }));
const apiOf = (worker) => (worker ? workerAPI() : gt);

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n rows of 4 float32 features with different offsets and scales. */
function features(seed, n) {
  const r = rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: 4 }, (_, j) => Math.fround(j * 1.5 - 1 + (1 + j) * (2 * r() - 1))));
}

const classOf = (row) => (row[0] > 0 ? (row[2] > 2 ? 2 : 1) : 0);

function maxDiff(a, b) {
  if (a.length !== b.length) return Infinity;
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return w;
}

function tfPredict(m, x) {
  return tf.tidy(() => m.predict(tf.tensor2d(x)).dataSync().slice());
}

/** A gotrain model with a normalization layer (folded on export), dropout and leakyRelu, trained a little. */
async function gotrainModel(api, seed) {
  const m = await api.sequential({
    seed,
    layers: [
      api.layers.normalization({ inputShape: [4] }),
      api.layers.dense({ units: 6, activation: 'tanh' }),
      api.layers.dropout({ rate: 0.2 }),
      api.layers.dense({ units: 5, activation: 'leakyRelu' }),
      api.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  await m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const x = features(seed, 60);
  await m.fit(x, x.map(classOf), { epochs: 3, batchSize: 16 });
  return { m, x };
}

/** A TF.js model gotrain can load: L1L2, Dropout, LeakyReLU after a linear Dense, a bias-less softmax. */
async function tfjsModel(seed) {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 6, activation: 'relu', inputShape: [4], kernelRegularizer: tf.regularizers.l1l2({ l1: 0.001, l2: 0.002 }) }));
  m.add(tf.layers.dropout({ rate: 0.25 }));
  m.add(tf.layers.dense({ units: 5 }));
  m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  m.add(tf.layers.dense({ units: 3, activation: 'softmax', useBias: false }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = features(seed, 60);
  const xs = tf.tensor2d(x);
  const ys = tf.oneHot(tf.tensor1d(x.map(classOf), 'int32'), 3);
  await m.fit(xs, ys, { epochs: 3, batchSize: 16, verbose: 0 });
  tf.dispose([xs, ys]);
  return { m, x };
}

// gotrain saves to url (localstorage://… or indexeddb://…); TF.js loads it
// from there and predicts, then trains one step.
window.gotrainToTfjs = async (url, worker = false) => {
  const api = await apiOf(worker);
  const { m, x } = await gotrainModel(api, worker ? 6 : 5);
  const saved = await m.save(url);
  const tm = await tf.loadLayersModel(url);
  const mine = (await m.predict(x)).data;
  const out = {
    diff: maxDiff(mine, tfPredict(tm, x)),
    info: saved.modelArtifactsInfo,
    dateIsDate: saved.modelArtifactsInfo.dateSaved instanceof Date,
    tfLayers: tm.layers.map((l) => l.getClassName()),
    tfOptimizer: tm.optimizer ? tm.optimizer.getClassName() : null,
  };
  const xs = tf.tensor2d(x.slice(0, 8));
  const ys = tf.tensor2d(x.slice(0, 8).map(classOf), [8, 1]);
  const loss = await tm.trainOnBatch(xs, ys);
  out.tfTrainLoss = Array.isArray(loss) ? loss[0] : loss;
  tf.dispose([xs, ys]);
  tm.dispose();
  await m.dispose();
  return out;
};

// TF.js saves to url (with its optimizer weights); gotrain loads it, predicts
// the same and goes on training (compiled from the trainingConfig).
window.tfjsToGotrain = async (url, worker = false) => {
  const api = await apiOf(worker);
  const { m: tm, x } = await tfjsModel(worker ? 8 : 7);
  await tm.save(url, { includeOptimizer: true });
  const m = await api.loadLayersModel(url);
  const out = {
    diff: maxDiff((await m.predict(x)).data, tfPredict(tm, x)),
    compiled: (await m.getConfig()).compiled,
    loss: (await m.getConfig()).loss,
    layers: m.layers.map((l) => `${l.kind}:${l.activation ?? ''}`),
  };
  const y = x.slice(0, 8).map((row) => [0, 1, 2].map((c) => (c === classOf(row) ? 1 : 0)));
  out.trainLoss = await m.trainOnBatch(x.slice(0, 8), y);
  await m.dispose();
  tm.dispose();
  return out;
};

/** The localStorage entries under tensorflowjs_models/name/. */
function lsEntries(name) {
  const prefix = `tensorflowjs_models/${name}/`;
  const out = {};
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    if (k.startsWith(prefix)) out[k.slice(prefix.length)] = localStorage.getItem(k);
  }
  return out;
}

/** The raw IndexedDB records of model name (database tensorflowjs, version 1). */
function idbRecords(name) {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('tensorflowjs');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(['models_store', 'model_info_store'], 'readonly');
      const a = tx.objectStore('models_store').get(name);
      const b = tx.objectStore('model_info_store').get(name);
      tx.oncomplete = () => {
        const describe = (rec) =>
          rec && {
            keys: Object.keys(rec).sort(),
            artifactKeys: rec.modelArtifacts ? Object.keys(rec.modelArtifacts).filter((k) => rec.modelArtifacts[k] !== undefined).sort() : null,
            weightDataIsArrayBuffer: rec.modelArtifacts ? rec.modelArtifacts.weightData instanceof ArrayBuffer : null,
            infoKeys: Object.keys(rec.modelArtifactsInfo).sort(),
            dateIsDate: rec.modelArtifactsInfo.dateSaved instanceof Date,
          };
        resolve({ version: db.version, stores: Array.from(db.objectStoreNames).sort(), model: describe(a.result), info: describe(b.result) });
        db.close();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

// The storage layout of a model gotrain saved next to one TF.js saved.
window.storageLayout = async (ours, theirs) => {
  const shape = (entries) => {
    const o = {};
    for (const [k, v] of Object.entries(entries)) {
      let parsed;
      try {
        parsed = JSON.parse(v);
      } catch {
        o[k] = /^[A-Za-z0-9+/]*={0,2}$/.test(v) ? 'base64' : 'not JSON';
        continue;
      }
      o[k] = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed).sort() : Array.isArray(parsed) ? 'list' : typeof parsed;
    }
    return o;
  };
  return {
    lsOurs: shape(lsEntries(ours)),
    lsTheirs: shape(lsEntries(theirs)),
    idbOurs: await idbRecords(ours),
    idbTheirs: await idbRecords(theirs),
    listed: Object.keys(await tf.io.listModels()).sort(),
  };
};

// downloads://name from gotrain; returns what the test needs to check the files.
window.saveDownloads = async (name, worker = false) => {
  const api = await apiOf(worker);
  const { m, x } = await gotrainModel(api, 9);
  const r = await m.save(`downloads://${name}`);
  const predictions = Array.from((await m.predict(x)).data);
  await m.dispose();
  return { x, predictions, weightDataBytes: r.modelArtifactsInfo.weightDataBytes };
};

// The downloaded files picked again: gotrain ({ json, weights } and a file
// list) and TF.js (tf.io.browserFiles) load them.
window.loadFiles = async (jsonText, binBase64, jsonName, binName, x) => {
  const bin = Uint8Array.from(atob(binBase64), (c) => c.charCodeAt(0));
  const json = new File([jsonText], jsonName, { type: 'application/json' });
  const weights = new File([bin], binName);
  const a = await gt.loadLayersModel({ json, weights: [weights] });
  const b = await (await workerAPI()).loadLayersModel([weights, json]);
  const tm = await tf.loadLayersModel(tf.io.browserFiles([json, weights]));
  const out = { gotrain: Array.from(a.predict(x).data), worker: Array.from((await b.predict(x)).data), tfjs: Array.from(tfPredict(tm, x)) };
  a.dispose();
  await b.dispose();
  tm.dispose();
  return out;
};

// Errors in the page name the call and the problem.
window.storageErrors = async () => {
  const out = [];
  for (const f of [() => gt.loadLayersModel('localstorage://missing'), () => gt.loadLayersModel('indexeddb://missing')]) {
    try {
      await f();
      out.push('no error');
    } catch (e) {
      out.push(e.message);
    }
  }
  return out;
};

status.textContent = 'ready';
window.ready = true;
