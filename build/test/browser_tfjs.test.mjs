// gotrain ⇄ TensorFlow.js 4.22 in headless Chromium, in one page
// (build/test/pages/tfjs.html; TF.js served from node_modules through the
// server's -mount, for this test only):
//
//  - gotrain saves to localstorage:// and indexeddb://, tf.loadLayersModel
//    loads from there and predicts the same (main thread and worker mode);
//  - TF.js saves to localstorage:// and indexeddb://, gt.loadLayersModel
//    loads, predicts the same and trains on;
//  - the storage layout (keys, stores, record fields) is TF.js' own, and
//    tf.io.listModels lists gotrain's models;
//  - downloads:// gives two downloads, name.json and name.weights.bin, that
//    both libraries load back through file inputs (File objects).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { useBrowser, NEEDS_WASM } from './page_helpers.mjs';

const TOL = 1e-5;

const env = useBrowser({
  requires: [NEEDS_WASM, ['build/node_modules/@tensorflow/tfjs/dist/tf.fesm.min.js', '@tensorflow/tfjs missing: run npm ci']],
  serve: { dir: 'www', mounts: { '/test/': 'build/test/pages', '/node_modules/': 'build/node_modules' } },
  open: { path: 'test/tfjs.html', ready: () => window.ready === true },
});

for (const scheme of ['localstorage://', 'indexeddb://']) {
  for (const worker of [false, true]) {
    const mode = worker ? 'worker mode' : 'main thread';
    test(`gotrain saves to ${scheme}, tf.loadLayersModel loads it and predicts the same (${mode})`, async (t) => {
      const r = await env.page.evaluate(([url, w]) => window.gotrainToTfjs(url, w), [`${scheme}gt-${worker ? 'w' : 'm'}`, worker]);
      t.diagnostic(`${scheme} ${mode}: worst prediction difference ${r.diff.toExponential(2)}; TF.js layers ${r.tfLayers.join(', ')}; optimizer ${r.tfOptimizer}`);
      assert.ok(r.diff <= TOL, `difference ${r.diff}`);
      assert.deepEqual(r.tfLayers, ['Dense', 'Dropout', 'Dense', 'LeakyReLU', 'Dense'], 'normalization folded, leakyRelu as LeakyReLU');
      assert.equal(r.tfOptimizer, 'Adam', 'TF.js compiled the model from the trainingConfig');
      assert.ok(Number.isFinite(r.tfTrainLoss), 'TF.js trains the loaded model');
      assert.ok(r.dateIsDate, 'dateSaved is a Date, as TF.js returns it');
      assert.equal(r.info.modelTopologyType, 'JSON');
      assert.ok(r.info.modelTopologyBytes > 0 && r.info.weightSpecsBytes > 0);
      assert.equal(r.info.weightDataBytes, 4 * (4 * 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3));
    });

    test(`TF.js saves to ${scheme}, gt.loadLayersModel loads it, predicts the same and trains on (${mode})`, async (t) => {
      const r = await env.page.evaluate(([url, w]) => window.tfjsToGotrain(url, w), [`${scheme}tf-${worker ? 'w' : 'm'}`, worker]);
      t.diagnostic(`${scheme} ${mode}: worst prediction difference ${r.diff.toExponential(2)}; layers ${r.layers.join(', ')}`);
      assert.ok(r.diff <= TOL, `difference ${r.diff}`);
      assert.equal(r.compiled, true);
      assert.equal(r.loss, 'categoricalCrossentropy');
      assert.deepEqual(r.layers, ['dense:relu', 'dropout:', 'dense:leakyRelu', 'dense:softmax']);
      assert.ok(Number.isFinite(r.trainLoss) && r.trainLoss > 0);
    });
  }
}

test('storage layout: the same keys, stores and fields as TF.js 4.22; tf.io.listModels lists gotrain models', async () => {
  const s = await env.page.evaluate(() => window.storageLayout('gt-m', 'tf-m'));
  const keys = ['info', 'model_metadata', 'model_topology', 'weight_data', 'weight_specs'];
  assert.deepEqual(Object.keys(s.lsOurs).sort(), keys);
  assert.deepEqual(Object.keys(s.lsTheirs).sort(), keys);
  assert.deepEqual(s.lsOurs.info, ['dateSaved', 'modelTopologyBytes', 'modelTopologyType', 'weightDataBytes', 'weightSpecsBytes']);
  assert.deepEqual(s.lsOurs.info, s.lsTheirs.info);
  assert.deepEqual(s.lsOurs.model_topology, s.lsTheirs.model_topology);
  assert.deepEqual(s.lsOurs.model_metadata, s.lsTheirs.model_metadata, 'format, generatedBy, convertedBy, trainingConfig');
  assert.equal(s.lsOurs.weight_data, 'base64');
  assert.equal(s.lsOurs.weight_specs, 'list');
  assert.deepEqual(s.lsOurs, s.lsTheirs);
  assert.equal(s.idbOurs.version, 1);
  assert.deepEqual(s.idbOurs.stores, ['model_info_store', 'models_store']);
  assert.deepEqual(s.idbOurs.model.keys, ['modelArtifacts', 'modelArtifactsInfo', 'modelPath']);
  assert.deepEqual(s.idbOurs.model.keys, s.idbTheirs.model.keys);
  assert.deepEqual(s.idbOurs.model.infoKeys, s.idbTheirs.model.infoKeys);
  assert.deepEqual(s.idbOurs.info.keys, ['modelArtifactsInfo', 'modelPath']);
  assert.deepEqual(s.idbOurs.info.keys, s.idbTheirs.info.keys);
  assert.ok(s.idbOurs.model.weightDataIsArrayBuffer && s.idbOurs.model.dateIsDate && s.idbOurs.info.dateIsDate);
  for (const k of ['modelTopology', 'format', 'generatedBy', 'weightSpecs', 'weightData', 'trainingConfig']) {
    assert.ok(s.idbOurs.model.artifactKeys.includes(k), `our IndexedDB artifacts have ${k}`);
    assert.ok(s.idbTheirs.model.artifactKeys.includes(k), `TF.js' IndexedDB artifacts have ${k}`);
  }
  for (const name of ['gt-m', 'gt-w', 'tf-m', 'tf-w']) {
    assert.ok(s.listed.includes(`localstorage://${name}`), `listModels: localstorage://${name}`);
    assert.ok(s.listed.includes(`indexeddb://${name}`), `listModels: indexeddb://${name}`);
  }
  assert.deepEqual(await env.page.evaluate(() => window.storageErrors()), [
    "loadLayersModel: there is no model 'missing' in localStorage (no key tensorflowjs_models/missing/info)",
    "loadLayersModel: there is no model 'missing' in IndexedDB (database 'tensorflowjs', store 'models_store')",
  ]);
});

for (const worker of [false, true]) {
  const name = worker ? 'gt-worker' : 'gt-page';
  test(`downloads://${name} gives ${name}.json and ${name}.weights.bin; both libraries load them back (${worker ? 'worker mode' : 'main thread'})`, async (t) => {
    const downloads = [];
    const onDownload = (d) => downloads.push(d);
    env.page.on('download', onDownload);
    const r = await env.page.evaluate(([n, w]) => window.saveDownloads(n, w), [name, worker]);
    const deadline = Date.now() + 10_000;
    while (downloads.length < 2 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    env.page.off('download', onDownload);
    assert.deepEqual(downloads.map((d) => d.suggestedFilename()), [`${name}.json`, `${name}.weights.bin`]);
    const jsonText = readFileSync(await downloads[0].path(), 'utf8');
    const bin = readFileSync(await downloads[1].path());
    const j = JSON.parse(jsonText);
    assert.deepEqual(Object.keys(j), ['modelTopology', 'format', 'generatedBy', 'convertedBy', 'weightsManifest', 'trainingConfig']);
    assert.equal(j.format, 'layers-model');
    assert.match(j.generatedBy, /^gotrain v/);
    assert.equal(j.convertedBy, null);
    assert.deepEqual(j.weightsManifest.map((g) => g.paths), [[`./${name}.weights.bin`]]);
    assert.equal(bin.length, r.weightDataBytes);
    assert.equal(bin.length, 4 * j.weightsManifest[0].weights.reduce((n, s) => n + s.shape.reduce((p, d) => p * d, 1), 0));
    const back = await env.page.evaluate(([a, b, c, d, x]) => window.loadFiles(a, b, c, d, x), [jsonText, bin.toString('base64'), `${name}.json`, `${name}.weights.bin`, r.x]);
    const diff = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
    t.diagnostic(`downloads://${name}: ${jsonText.length} + ${bin.length} bytes; reloaded: gotrain ${diff(back.gotrain, r.predictions).toExponential(2)}, TF.js ${diff(back.tfjs, r.predictions).toExponential(2)}`);
    assert.ok(diff(back.gotrain, r.predictions) <= 1e-6);
    assert.ok(diff(back.worker, r.predictions) <= 1e-6);
    assert.ok(diff(back.tfjs, r.predictions) <= TOL);
  });
}

test('no console errors, no foreign requests', () => {
  env.guard.assertClean();
});
