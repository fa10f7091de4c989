// TF.js interop, typed against TF.js' own declarations: save through
// tf.io.withSaveHandler, load back through tf.io.fromMemory, and the same
// artifacts in tf.loadLayersModel.
import * as tf from '@tensorflow/tfjs';
import { load, type SaveResult, type TfjsArtifacts } from 'gotrain';

const gt = await load({ warmUp: false });
const model = gt.sequential({ seed: 3, layers: [gt.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });

let saved: tf.io.ModelArtifacts | null = null;
const result: SaveResult = await model.save(
  tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }),
);
const artifacts: TfjsArtifacts = model.toTfjsArtifacts();
const back = await gt.loadLayersModel(tf.io.fromMemory(artifacts));
const again = await gt.loadLayersModel(artifacts, { weightPathPrefix: './' });
const tfModel = await tf.loadLayersModel(tf.io.fromMemory(model.toTfjsArtifacts()));

const x = [[0.5, -1]];
const ours = model.predict(x).data[0];
const theirs = (tfModel.predict(tf.tensor2d(x)) as tf.Tensor).dataSync()[0];
const reloaded = back.predict(x).data[0];
if (saved === null || Math.abs(ours - theirs) > 1e-6 || Math.abs(ours - reloaded) > 1e-6 || again.layers.length !== 2 || !result.modelArtifactsInfo) {
  throw new Error(`tfjs.ts: ours ${ours}, TF.js ${theirs}, reloaded ${reloaded}`);
}
console.log(JSON.stringify({ example: 'tfjs', difference: Math.abs(ours - theirs) }));
