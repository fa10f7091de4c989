// tfjs-artifacts.js: TF.js Layers model artifacts in JavaScript form. Go
// converts models to and from the format (toTfjsArtifacts, loadLayersModel);
// this module shapes what Go returns into TF.js' ModelArtifacts and back
// into the one document Go reads, and holds the byte and JSON helpers that
// storage.js uses: among them what the weight specs say the weight data
// must hold, and reads (fetches, Node files) that stop as soon as they pass
// their cap, so that no file larger than its limit and no weight data
// larger than the specs describe is read or copied into the module.

import { cut, describe, jsonString, messageOf } from './options.js';
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
  // What the export left out (metrics TF.js lacks), for the user to see.
  if (Array.isArray(r.notes) && r.notes.length) a.notes = [...r.notes];
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

/** Bytes per value of each dtype the loader knows (core/tfjs). */
const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1, uint8: 1, complex64: 8 };
/** core.MaxParams: the most values one weight may have. */
const MAX_PARAMS = 2 ** 26;
/** The most weight data a model may have: a model of MAX_PARAMS float32 weights with Adam's two moments saved. */
export const MAX_WEIGHT_DATA = 3 * 4 * MAX_PARAMS;

/**
 * How many bytes of weight data the weight specs describe, or null when a
 * spec is one Go refuses (its shape, dtype or quantization): then no weight
 * data is read and Go's loader names the spec.
 */
export function weightDataSize(specs) {
  let total = 0;
  for (const s of specs) {
    if (s === null || typeof s !== 'object' || !Array.isArray(s.shape)) return null;
    if (s.quantization !== undefined && s.quantization !== null) return null;
    const width = Object.hasOwn(DTYPE_BYTES, s.dtype) ? DTYPE_BYTES[s.dtype] : null;
    if (width === null) return null;
    let n = 1;
    for (const d of s.shape) {
      if (!Number.isInteger(d) || d < 0 || d > MAX_PARAMS) return null;
      n *= d;
      if (n > MAX_PARAMS) return null;
    }
    total += n * width;
  }
  return total;
}

/** The error for weight data larger than the specs describe, before it is read further or copied. */
export function tooMuchWeightData(call, need, have, where) {
  return new Error(`${call}: the weight specs describe ${need} bytes of weight data but ${where ? `${cut(where)} has` : 'there are'} ${have}`);
}

/** The byte length of weight data as weightBytes takes it (no copy), or -1 when it is not weight data. */
export function weightLength(v) {
  if (v === undefined || v === null) return 0;
  if (isArrayBuffer(v) || ArrayBuffer.isView(v)) return v.byteLength;
  if (Array.isArray(v) && v.every((b) => isArrayBuffer(b) || ArrayBuffer.isView(b))) return v.reduce((n, b) => n + b.byteLength, 0);
  return -1;
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
  // Compared before anything is copied: too much data is refused here; too
  // little (or specs Go refuses) is Go's to report, with the topology's
  // errors first.
  const need = weightDataSize(specs);
  const have = weightLength(a.weightData);
  if (need !== null && have > need) throw tooMuchWeightData(call, need, have);
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
  const json = jsonString(call, 'the model topology', doc);
  if (json.length > MAX_MODEL_JSON) throw new Error(`${call}: the model JSON is larger than ${MAX_MODEL_JSON} bytes`);
  return [json, data];
}

// ---------------------------------------------------------------------------
// Reads within a cap

/** n bytes in words: '64 MB' for whole megabytes. */
export const sizeText = (n) => (n % 2 ** 20 === 0 ? `${n / 2 ** 20} MB` : `${n} bytes`);

/**
 * What a read refuses once more than cap bytes have come: for model.json
 * its size limit, for weight files what the weight specs describe.
 * need: the weight specs' bytes (weights), or undefined (model.json).
 */
export function tooLarge(call, what, where, cap, need, got) {
  if (need !== undefined) return tooMuchWeightData(call, need, `more (at least ${got} bytes)`, where);
  return new Error(`${call}: ${what} ${cut(where)} is larger than the limit of ${sizeText(cap)} (at least ${got} bytes)`);
}

/**
 * Collects the chunks of one read, refusing as soon as more than cap bytes
 * have come; with the expected size known, into one buffer of that size.
 */
class CappedBytes {
  constructor(cap, refuse, expected) {
    this.cap = cap;
    this.refuse = refuse;
    this.n = 0;
    this.buf = Number.isInteger(expected) && expected >= 0 && expected <= cap ? new Uint8Array(expected) : null;
    this.chunks = [];
  }

  add(chunk) {
    const n = this.n + chunk.byteLength;
    if (n > this.cap) throw this.refuse(n);
    if (this.buf && n <= this.buf.length) this.buf.set(chunk, this.n);
    else {
      if (this.buf) this.chunks.push(this.buf.subarray(0, this.n));
      this.buf = null;
      this.chunks.push(chunk);
    }
    this.n = n;
  }

  bytes() {
    if (this.buf) return this.n === this.buf.length ? this.buf : this.buf.subarray(0, this.n);
    return concatBytes(this.chunks.length ? this.chunks : [new Uint8Array(0)]);
  }
}

const READ_CHUNK = 4 * 2 ** 20;

/** At most cap bytes of a file:// URL in Node, read by chunks; refuses as soon as the file has more. */
async function readFileCapped(call, url, what, cap, need) {
  const { open } = await import('node:fs/promises');
  const where = url.href;
  let fh;
  try {
    fh = await open(url, 'r');
  } catch (e) {
    throw new Error(`${call}: cannot read ${what} ${cut(where)}: ${e?.code ?? messageOf(e)}`);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new Error(`${call}: cannot read ${what} ${cut(where)}: it is a folder`);
    // A regular file's size is known before reading; a device or pipe
    // (/dev/zero) is read until the cap.
    if (st.isFile() && st.size > cap) throw tooLarge(call, what, where, cap, need, st.size);
    const c = new CappedBytes(cap, (n) => tooLarge(call, what, where, cap, need, n), st.isFile() ? st.size : undefined);
    for (;;) {
      const chunk = new Uint8Array(Math.min(READ_CHUNK, cap + 1 - c.n));
      let bytesRead;
      try {
        ({ bytesRead } = await fh.read(chunk, 0, chunk.length, null));
      } catch (e) {
        throw new Error(`${call}: cannot read ${what} ${cut(where)}: ${e?.code ?? messageOf(e)}`);
      }
      if (bytesRead === 0) break;
      c.add(chunk.subarray(0, bytesRead));
    }
    return c.bytes();
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * The body of url, fetched (o: loadLayersModel's requestInit, fetchFunc):
 * refused at once when Content-Length says more than cap bytes, else read
 * from response.body by chunks and refused as soon as more than cap have
 * come. In Node, file:// URLs are read from the file.
 */
export async function fetchBytes(call, url, o, what, cap, need) {
  if (isNode && url.protocol === 'file:' && !o.fetchFunc) return readFileCapped(call, url, what, cap, need);
  const where = url.href;
  const f = o.fetchFunc ?? globalThis.fetch;
  if (typeof f !== 'function') throw new Error(`${call}: fetch is not available here`);
  let resp;
  try {
    resp = await f(url.href, o.requestInit);
  } catch (e) {
    throw new Error(`${call}: fetching ${what} ${cut(where)} failed: ${messageOf(e)}`);
  }
  if (resp === null || typeof resp !== 'object') throw new Error(`${call}: fetching ${what} ${cut(where)} gave ${describe(resp)}, not a Response`);
  if (!resp.ok) throw new Error(`${call}: fetching ${what} ${cut(where)} failed: ${resp.status} ${cut(resp.statusText ?? '')}`.trimEnd());
  const refuse = (n) => tooLarge(call, what, where, cap, need, n);
  const header = resp.headers?.get?.('content-length');
  const length = header === null || header === undefined || header === '' ? NaN : Number(header);
  const body = resp.body;
  if (Number.isFinite(length) && length > cap) {
    body?.cancel?.().catch?.(() => {});
    throw refuse(length);
  }
  if (!body || typeof body.getReader !== 'function') {
    // A fetchFunc's Response-like object without a body stream: its bytes, checked as soon as they are there.
    const b = new Uint8Array(await resp.arrayBuffer());
    if (b.byteLength > cap) throw refuse(b.byteLength);
    return b;
  }
  const reader = body.getReader();
  // Content-Length counts encoded bytes: a size hint only.
  const c = new CappedBytes(cap, refuse, Number.isInteger(length) ? length : undefined);
  try {
    for (;;) {
      let r;
      try {
        r = await reader.read();
      } catch (e) {
        throw new Error(`${call}: fetching ${what} ${cut(where)} failed while reading: ${messageOf(e)}`);
      }
      if (r.done) break;
      c.add(r.value);
    }
  } catch (e) {
    reader.cancel().catch(() => {});
    throw e;
  }
  return c.bytes();
}
