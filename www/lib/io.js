// io.js: where model.save writes and what gt.loadLayersModel reads, by URL
// scheme or object: localstorage://, indexeddb:// (storage.js),
// downloads://, file:// and URLs, File objects (files.js), TF.js IOHandlers
// (objects with save or load, such as tf.io.withSaveHandler and
// tf.io.fromMemory) and artifacts objects. In worker mode all of it runs on
// the page's thread: the worker only converts.

import { isNode } from './env.js';
import { downloadsSave, fileArtifacts, fileSave, urlArtifacts } from './files.js';
import { describe, options } from './options.js';
import { idbLoad, idbSave, lsLoad, lsSave } from './storage.js';
import { isBlobLike } from './tfjs-artifacts.js';

const TFJS_SCHEMES = ['localstorage://', 'indexeddb://', 'downloads://'];
const LOAD_KEYS = ['requestInit', 'fetchFunc', 'weightPathPrefix'];

/** save's options: TF.js' SaveConfig; includeOptimizer is refused (no optimizer state is saved). */
export function saveOptions(call, opts) {
  const o = options(call, opts, ['includeOptimizer', 'trainableOnly']);
  if (o.includeOptimizer) throw new Error(`${call}: includeOptimizer is not supported: gotrain saves the model and its trainingConfig, not the optimizer's state`);
}

/**
 * Checks save's destination at once and returns the function that writes
 * artifacts there: a URL string with a known scheme, or a TF.js IOHandler
 * (an object with save(artifacts), such as tf.io.withSaveHandler(f)).
 */
export function saveTarget(call, dest) {
  if (dest !== null && typeof dest === 'object' && typeof dest.save === 'function') return (a) => dest.save(a);
  if (typeof dest !== 'string') {
    throw new Error(`${call}: expected a URL such as 'localstorage://name', 'indexeddb://name' or 'downloads://name', or an IOHandler with save(), got ${describe(dest)}`);
  }
  const scheme = TFJS_SCHEMES.find((s) => dest.startsWith(s));
  if (!scheme && isNode && dest.startsWith('file://')) return (a) => fileSave(call, dest, a);
  if (!scheme) {
    throw new Error(`${call}: unsupported destination '${dest}' (known: localstorage://name, indexeddb://name, downloads://name${isNode ? ', file://DIR' : ''})`);
  }
  const path = dest.slice(scheme.length);
  if (scheme === 'downloads://') return (a) => downloadsSave(call, path, a);
  if (!path) throw new Error(`${call}: '${dest}' has no model name`);
  if (scheme === 'localstorage://') return async (a) => lsSave(call, path, a);
  return (a) => idbSave(call, path, a);
}

function isFileList(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.length === 'number' && typeof v.item === 'function';
}

/**
 * Reads what loadLayersModel was given into artifacts { modelTopology,
 * weightSpecs, weightData, trainingConfig? }: a URL (localstorage://,
 * indexeddb://, http(s), relative, file:// in Node), an IOHandler with
 * load(), artifacts, { json, weights } Files, or a list of Files.
 */
export async function readArtifacts(call, src, opts) {
  const o = options(call, opts, LOAD_KEYS);
  if (o.fetchFunc !== undefined && typeof o.fetchFunc !== 'function') throw new Error(`${call}: fetchFunc must be a function`);
  if (typeof src === 'string') {
    if (src.startsWith('localstorage://')) return lsLoad(call, src.slice('localstorage://'.length));
    if (src.startsWith('indexeddb://')) return idbLoad(call, src.slice('indexeddb://'.length));
    if (src.startsWith('downloads://')) throw new Error(`${call}: downloads:// is for saving; load the files with { json, weights } (from a file picker) or a URL`);
    return urlArtifacts(call, src, o);
  }
  if (src instanceof URL) return urlArtifacts(call, src.href, o);
  if (src !== null && typeof src === 'object') {
    if (typeof src.load === 'function') {
      const a = await src.load();
      if (a === null || typeof a !== 'object') throw new Error(`${call}: the IOHandler's load() returned ${describe(a)}, not artifacts`);
      return a;
    }
    if (src.modelTopology !== undefined) return src;
    if (src.json !== undefined) {
      const w = src.weights === undefined || src.weights === null ? [] : isBlobLike(src.weights) ? [src.weights] : Array.from(src.weights);
      return fileArtifacts(call, src.json, w);
    }
    if (Array.isArray(src) || isFileList(src)) {
      const files = Array.from(src);
      if (!files.length) throw new Error(`${call}: no files given`);
      const json = files.find((f) => typeof f?.name === 'string' && f.name.toLowerCase().endsWith('.json')) ?? files[0];
      return fileArtifacts(call, json, files.filter((f) => f !== json));
    }
  }
  throw new Error(
    `${call}: expected a URL ('localstorage://name', 'indexeddb://name', 'path/model.json'), artifacts { modelTopology, weightSpecs, weightData }, ` +
      `{ json, weights } Files or an IOHandler, got ${describe(src)}`,
  );
}
