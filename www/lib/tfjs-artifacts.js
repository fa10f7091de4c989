// tfjs-artifacts.js: TF.js Layers model artifacts in JavaScript form. Go
// converts models to and from the format (toTfjsArtifacts, loadLayersModel);
// this module shapes what Go returns into TF.js' ModelArtifacts and back
// into the one document Go reads, and holds the byte and JSON helpers that
// storage.js uses.

import { describe } from './options.js';
import { isNode, VERSION } from './env.js';
import { MAX_MODEL_JSON } from './specs.js';

export const isArrayBuffer = (v) =>
  v instanceof ArrayBuffer || ['[object ArrayBuffer]', '[object SharedArrayBuffer]'].includes(Object.prototype.toString.call(v));
export const isBlobLike = (v) => v !== null && typeof v === 'object' && typeof v.arrayBuffer === 'function' && typeof v.text === 'function';
const utf8Length = (s) => new TextEncoder().encode(s).length;

/** The artifacts object of Go's toTfjsArtifacts result (JSON strings parsed). */
export function tfjsArtifactsOf(r) {
  const a = {
    modelTopology: JSON.parse(r.modelTopology),
    format: r.format,
    generatedBy: `${r.generatedBy} v${VERSION}`,
    convertedBy: null,
    weightSpecs: r.weightSpecs,
    weightData: r.weightData,
  };
  if (r.trainingConfig !== null && r.trainingConfig !== undefined) a.trainingConfig = JSON.parse(r.trainingConfig);
  return a;
}

/** TF.js' ModelArtifactsInfo (getModelArtifactsInfoForJSON), what save resolves to. */
export function artifactsInfo(a) {
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: a.modelTopology == null ? 0 : utf8Length(JSON.stringify(a.modelTopology)),
    weightSpecsBytes: a.weightSpecs == null ? 0 : utf8Length(JSON.stringify(a.weightSpecs)),
    weightDataBytes: a.weightData == null ? 0 : a.weightData.byteLength,
  };
}

/** model.json as TF.js writes it (getModelJSONForModelArtifacts), one weights file. */
export function tfjsModelJSON(a, weightsPath) {
  const j = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs }],
  };
  if (a.trainingConfig != null) j.trainingConfig = a.trainingConfig;
  return j;
}

/** The weight data as one Uint8Array: ArrayBuffer, typed array or ArrayBuffer[] (TF.js 4's WeightData). */
export function weightBytes(call, v) {
  if (v === undefined || v === null) return new Uint8Array(0);
  if (isArrayBuffer(v)) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v) && v.every((b) => isArrayBuffer(b) || ArrayBuffer.isView(b))) return concatBytes(v.map((b) => weightBytes(call, b)));
  throw new Error(`${call}: weightData must be an ArrayBuffer (or a typed array, or an array of ArrayBuffers), got ${describe(v)}`);
}

export function concatBytes(parts) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

export function bytesToBase64(u8) {
  if (typeof Buffer === 'function' && isNode) return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
  return btoa(s);
}

export function base64ToBytes(call, s) {
  let bin;
  try {
    bin = atob(s);
  } catch {
    throw new Error(`${call}: the stored weight data is not valid base64`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * What Go's loadLayersModel reads: a model.json-like document (topology,
 * the weight specs as one manifest group, trainingConfig) as a string, and
 * the weights as one Uint8Array.
 */
export function tfjsInput(call, a) {
  if (a.format === 'graph-model') {
    throw new Error(`${call}: this is a TF.js graph model (format 'graph-model'); gotrain loads Layers models (what tf.loadLayersModel reads)`);
  }
  let topo = a.modelTopology;
  if (typeof topo === 'string') {
    try {
      topo = JSON.parse(topo);
    } catch {
      throw new Error(`${call}: modelTopology is not valid JSON`);
    }
  }
  if (isArrayBuffer(topo)) throw new Error(`${call}: binary model topologies (graph models) are not supported; gotrain loads Layers models`);
  if (topo === null || typeof topo !== 'object' || Array.isArray(topo)) {
    throw new Error(`${call}: the artifacts have no modelTopology object (got ${describe(topo)})`);
  }
  let specs = a.weightSpecs;
  if ((specs === undefined || specs === null) && Array.isArray(a.weightsManifest)) {
    specs = a.weightsManifest.flatMap((g) => (g && Array.isArray(g.weights) ? g.weights : []));
  }
  if (!Array.isArray(specs)) {
    throw new Error(`${call}: the artifacts have no weightSpecs (the list of weight arrays); got ${describe(specs)}`);
  }
  if ((a.weightData === undefined || a.weightData === null) && specs.length > 0) {
    throw new Error(`${call}: the artifacts list ${specs.length} weight arrays but have no weightData (for a model.json, give its URL or { json, weights } Files)`);
  }
  const data = weightBytes(call, a.weightData);
  let tc = a.trainingConfig;
  if (typeof tc === 'string') {
    try {
      tc = JSON.parse(tc);
    } catch {
      throw new Error(`${call}: trainingConfig is not valid JSON`);
    }
  }
  const doc = { modelTopology: topo, weightsManifest: [{ paths: [], weights: specs }] };
  if (tc !== undefined && tc !== null) doc.trainingConfig = tc;
  const json = JSON.stringify(doc);
  if (json.length > MAX_MODEL_JSON) throw new Error(`${call}: the model JSON is larger than ${MAX_MODEL_JSON} bytes`);
  return [json, data];
}
