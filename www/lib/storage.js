// storage.js: where model.save writes and what gt.loadLayersModel reads, in
// TF.js' own layouts, so that either library loads what the other saved:
// localStorage (TF.js' BrowserLocalStorage: five keys under
// tensorflowjs_models/NAME/), IndexedDB (TF.js' BrowserIndexedDB: database
// 'tensorflowjs', stores models_store and model_info_store), downloads://NAME
// (TF.js' browserDownloads: NAME.json and NAME.weights.bin), in Node
// file://DIR (DIR/model.json and DIR/weights.bin, as tfjs-node writes
// them), model.json URLs with their weight files, File objects from a file
// picker, TF.js IOHandlers (objects with save or load, such as
// tf.io.withSaveHandler and tf.io.fromMemory) and artifacts objects. In
// worker mode all of it runs on the page's thread: the worker only converts.

import { baseURL, isNode } from './env.js';
import { cut, describe, messageOf, options } from './options.js';
import { MAX_MODEL_JSON } from './specs.js';
import {
  artifactsInfo, base64ToBytes, bytesToBase64, concatBytes, fetchBytes, isBlobLike, MAX_WEIGHT_DATA, sizeText, tfjsModelJSON, tooLarge,
  tooMuchWeightData, weightBytes, weightDataSize,
} from './tfjs-artifacts.js';

const TFJS_SCHEMES = ['localstorage://', 'indexeddb://', 'downloads://'];
const LOAD_KEYS = ['requestInit', 'fetchFunc', 'weightPathPrefix'];
// TF.js 4.22's own names
const TFJS_LS_PREFIX = 'tensorflowjs_models';
const TFJS_IDB_NAME = 'tensorflowjs';
const TFJS_IDB_VERSION = 1;
const TFJS_MODEL_STORE = 'models_store';
const TFJS_INFO_STORE = 'model_info_store';

// ---------------------------------------------------------------------------
// By scheme or object: save destinations and load sources

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
    throw new Error(`${call}: unsupported destination '${cut(dest)}' (known: localstorage://name, indexeddb://name, downloads://name${isNode ? ', file://DIR' : ''})`);
  }
  const path = dest.slice(scheme.length);
  if (scheme === 'downloads://') return (a) => downloadsSave(call, path, a);
  if (!path) throw new Error(`${call}: '${cut(dest)}' has no model name`);
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
 * checkJSON(text) resolves to null or what is wrong with the size of what a
 * model.json read from a URL or a File holds (Go's checkModelJSON), asked
 * before JSON.parse, whose time and memory grow with what the text holds.
 */
export async function readArtifacts(call, src, opts, checkJSON) {
  const o = options(call, opts, LOAD_KEYS);
  if (o.fetchFunc !== undefined && typeof o.fetchFunc !== 'function') throw new Error(`${call}: fetchFunc must be a function`);
  if (typeof src === 'string') {
    if (src.startsWith('localstorage://')) return lsLoad(call, src.slice('localstorage://'.length));
    if (src.startsWith('indexeddb://')) return idbLoad(call, src.slice('indexeddb://'.length));
    if (src.startsWith('downloads://')) throw new Error(`${call}: downloads:// is for saving; load the files with { json, weights } (from a file picker) or a URL`);
    return urlArtifacts(call, src, o, checkJSON);
  }
  if (src instanceof URL) return urlArtifacts(call, src.href, o, checkJSON);
  if (src !== null && typeof src === 'object') {
    if (typeof src.load === 'function') {
      const a = await src.load();
      if (a === null || typeof a !== 'object') throw new Error(`${call}: the IOHandler's load() returned ${describe(a)}, not artifacts`);
      return a;
    }
    if (src.modelTopology !== undefined) return src;
    if (src.json !== undefined) {
      const w = src.weights === undefined || src.weights === null ? [] : isBlobLike(src.weights) ? [src.weights] : Array.from(src.weights);
      return fileArtifacts(call, src.json, w, checkJSON);
    }
    if (Array.isArray(src) || isFileList(src)) {
      const files = Array.from(src);
      if (!files.length) throw new Error(`${call}: no files given`);
      const json = files.find((f) => typeof f?.name === 'string' && f.name.toLowerCase().endsWith('.json')) ?? files[0];
      return fileArtifacts(call, json, files.filter((f) => f !== json), checkJSON);
    }
  }
  throw new Error(
    `${call}: expected a URL ('localstorage://name', 'indexeddb://name', 'path/model.json'), artifacts { modelTopology, weightSpecs, weightData }, ` +
      `{ json, weights } Files or an IOHandler, got ${describe(src)}`,
  );
}

// ---------------------------------------------------------------------------
// localStorage

function lsKeys(path) {
  const k = (suffix) => [TFJS_LS_PREFIX, path, suffix].join('/');
  return { info: k('info'), topology: k('model_topology'), weightSpecs: k('weight_specs'), weightData: k('weight_data'), modelMetadata: k('model_metadata') };
}

function localStorageOf(call) {
  let ls;
  try {
    ls = globalThis.localStorage;
  } catch (e) {
    throw new Error(`${call}: localStorage is not accessible here (${messageOf(e)})`);
  }
  if (!ls || typeof ls.setItem !== 'function') {
    throw new Error(`${call}: localStorage:// needs window.localStorage, which this environment does not have (browser pages have it; workers and Node do not)`);
  }
  return ls;
}

/**
 * Saves artifacts a under localStorage://path; resolves to {
 * modelArtifactsInfo }. Atomic: the previous save under that name is held
 * here, its keys removed (so that it does not count against the quota the
 * new one needs), and put back if any write fails, with every new key
 * removed.
 */
function lsSave(call, path, a) {
  const ls = localStorageOf(call);
  const keys = Object.values(lsKeys(path)); // info, topology, weight specs, weight data, metadata
  const info = artifactsInfo(a);
  const meta = { format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null };
  if (a.trainingConfig != null) meta.trainingConfig = a.trainingConfig;
  const values = [JSON.stringify(info), JSON.stringify(a.modelTopology), JSON.stringify(a.weightSpecs), bytesToBase64(weightBytes(call, a.weightData)), JSON.stringify(meta)];
  const old = keys.map((k) => ls.getItem(k));
  try {
    for (const k of keys) ls.removeItem(k);
    keys.forEach((k, i) => ls.setItem(k, values[i]));
  } catch (e) {
    let kept = true;
    try {
      for (const k of keys) ls.removeItem(k);
      keys.forEach((k, i) => old[i] !== null && ls.setItem(k, old[i]));
    } catch {
      kept = false;
    }
    const before = old.some((v) => v !== null) ? (kept ? '; the previous save under that name is kept' : '; the previous save under that name could not be put back') : '';
    throw new Error(
      `${call}: could not save model '${cut(path)}' to localStorage (${cut(e?.name ?? 'error')}: the quota, about 5 MB, may be exceeded): ` +
        `modelTopologyBytes=${info.modelTopologyBytes}, weightSpecsBytes=${info.weightSpecsBytes}, weightDataBytes=${info.weightDataBytes}${before}`,
    );
  }
  return { modelArtifactsInfo: info };
}

/** The artifacts saved under localStorage://path. */
function lsLoad(call, path) {
  const ls = localStorageOf(call);
  const keys = lsKeys(path);
  const parse = (key, what) => {
    const s = ls.getItem(key);
    if (s === null) throw new Error(`${call}: in localStorage, the ${what} of model '${cut(path)}' is missing (key ${cut(key)})`);
    try {
      return JSON.parse(s);
    } catch {
      throw new Error(`${call}: in localStorage, the ${what} of model '${cut(path)}' is not valid JSON (key ${cut(key)})`);
    }
  };
  if (ls.getItem(keys.info) === null) throw new Error(`${call}: there is no model '${cut(path)}' in localStorage (no key ${cut(keys.info)})`);
  const info = parse(keys.info, 'info');
  if (info?.modelTopologyType !== 'JSON') throw new Error(`${call}: model '${cut(path)}' in localStorage has a non-JSON topology, which is not supported`);
  const a = { modelTopology: parse(keys.topology, 'topology'), weightSpecs: parse(keys.weightSpecs, 'weight specs') };
  if (ls.getItem(keys.modelMetadata) !== null) {
    const meta = parse(keys.modelMetadata, 'metadata');
    if (meta && typeof meta === 'object') {
      a.format = meta.format;
      a.generatedBy = meta.generatedBy;
      a.convertedBy = meta.convertedBy;
      if (meta.trainingConfig != null) a.trainingConfig = meta.trainingConfig;
    }
  }
  const b64 = ls.getItem(keys.weightData);
  if (b64 === null) throw new Error(`${call}: in localStorage, the weight data of model '${cut(path)}' is missing (key ${cut(keys.weightData)})`);
  // Compared before decoding: base64 holds 3 bytes in 4 characters.
  const need = Array.isArray(a.weightSpecs) ? weightDataSize(a.weightSpecs) : null;
  const have = Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
  if (need !== null && have > need) throw tooMuchWeightData(call, need, have, `localStorage key ${keys.weightData}`);
  a.weightData = base64ToBytes(call, b64);
  return a;
}

// ---------------------------------------------------------------------------
// IndexedDB

function idbOpen(call) {
  const factory = globalThis.indexedDB;
  if (!factory || typeof factory.open !== 'function') {
    throw new Error(`${call}: indexeddb:// needs IndexedDB, which this environment does not have (browser pages and workers have it; Node does not)`);
  }
  return new Promise((resolve, reject) => {
    const req = factory.open(TFJS_IDB_NAME, TFJS_IDB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(TFJS_MODEL_STORE, { keyPath: 'modelPath' });
      db.createObjectStore(TFJS_INFO_STORE, { keyPath: 'modelPath' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`${call}: cannot open the IndexedDB database '${TFJS_IDB_NAME}': ${idbError(req.error, 'error')}`));
    req.onblocked = () => reject(new Error(`${call}: the IndexedDB database '${TFJS_IDB_NAME}' is blocked by another connection`));
  });
}

/** An IndexedDB error in words: its name and message ('QuotaExceededError: …'). */
function idbError(e, fallback) {
  const name = e?.name && e.name !== 'Error' ? e.name : '';
  const message = e?.message ? cut(e.message, 200) : '';
  return [name, message].filter(Boolean).join(': ') || fallback;
}

/**
 * Runs f(tx) in one transaction over stores; resolves to what f's last
 * request returned. A failure rejects naming the call, then after (e.g.
 * what the failure leaves).
 */
async function idbTransaction(call, stores, mode, f, after = '') {
  const db = await idbOpen(call);
  try {
    return await new Promise((resolve, reject) => {
      let tx;
      let result;
      try {
        tx = db.transaction(stores, mode);
        const req = f(tx);
        req.onsuccess = () => {
          result = req.result;
        };
      } catch (e) {
        try {
          tx?.abort();
        } catch {
          /* already finished */
        }
        reject(new Error(`${call}: IndexedDB: ${idbError(e, 'the request failed')}${after}`));
        return;
      }
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(new Error(`${call}: IndexedDB: ${idbError(tx.error, 'the transaction failed')}${after}`));
      tx.onabort = () => reject(new Error(`${call}: IndexedDB: ${idbError(tx.error, 'the transaction was aborted')}${after}`));
    });
  } finally {
    db.close();
  }
}

/** Saves artifacts a under indexeddb://path; resolves to { modelArtifactsInfo }. */
async function idbSave(call, path, a) {
  const modelArtifacts = { ...a, weightData: weightBytes(call, a.weightData).slice().buffer };
  const info = artifactsInfo(modelArtifacts);
  // Both stores in one transaction: a failure (the quota) leaves both as they were.
  await idbTransaction(
    call,
    [TFJS_INFO_STORE, TFJS_MODEL_STORE],
    'readwrite',
    (tx) => {
      tx.objectStore(TFJS_INFO_STORE).put({ modelPath: path, modelArtifactsInfo: info });
      return tx.objectStore(TFJS_MODEL_STORE).put({ modelPath: path, modelArtifacts, modelArtifactsInfo: info });
    },
    '; the previous save under that name, if any, is unchanged',
  );
  return { modelArtifactsInfo: info };
}

/** The artifacts saved under indexeddb://path. */
async function idbLoad(call, path) {
  const rec = await idbTransaction(call, [TFJS_MODEL_STORE], 'readonly', (tx) => tx.objectStore(TFJS_MODEL_STORE).get(path));
  if (rec === undefined || rec === null || rec.modelArtifacts == null) {
    throw new Error(`${call}: there is no model '${cut(path)}' in IndexedDB (database '${TFJS_IDB_NAME}', store '${TFJS_MODEL_STORE}')`);
  }
  return rec.modelArtifacts;
}

// ---------------------------------------------------------------------------
// Files: downloads:// and file://

/** Saves artifacts a as two downloads, prefix.json and prefix.weights.bin (a browser page only). */
async function downloadsSave(call, prefix, a) {
  if (typeof document === 'undefined' || typeof document.createElement !== 'function' || typeof URL.createObjectURL !== 'function') {
    throw new Error(
      `${call}: downloads:// works only in a browser page (it needs document); ` +
        (isNode ? 'in Node, save to file://DIR or write the files of model.toTfjsArtifacts() yourself' : 'in a worker, save from the page instead'),
    );
  }
  const name = prefix || 'model';
  const jsonName = `${name}.json`;
  const weightsName = `${name}.weights.bin`;
  const data = weightBytes(call, a.weightData);
  const jsonURL = URL.createObjectURL(new Blob([JSON.stringify(tfjsModelJSON(a, `./${weightsName}`))], { type: 'application/json' }));
  const weightsURL = URL.createObjectURL(new Blob([data], { type: 'application/octet-stream' }));
  // One click per task: when several downloads start synchronously, some
  // browsers keep only the last (TF.js defers each click the same way).
  const click = (href, download) =>
    new Promise((resolve) =>
      setTimeout(() => {
        const anchor = document.createElement('a');
        anchor.download = download;
        anchor.href = href;
        anchor.dispatchEvent(new MouseEvent('click'));
        resolve();
      }, 0),
    );
  try {
    await click(jsonURL, jsonName);
    await click(weightsURL, weightsName);
  } finally {
    // The download has read the Blob long before; free it eventually.
    setTimeout(() => {
      URL.revokeObjectURL(jsonURL);
      URL.revokeObjectURL(weightsURL);
    }, 60_000);
  }
  return { modelArtifactsInfo: artifactsInfo(a) };
}

/** Why a file operation failed, in words: its code and what it usually means. */
function fsReason(e) {
  const hints = {
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'a folder is in the way',
    EACCES: 'no permission to write there',
    EPERM: 'no permission to write there',
    EROFS: 'the file system is read-only',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EFBIG: 'the file is larger than this process may write',
  };
  return e?.code ? `${e.code}${hints[e.code] ? ` (${hints[e.code]})` : ''}` : messageOf(e);
}

/**
 * Saves artifacts a to the folder of a file:// URL (Node only) as
 * model.json and weights.bin. Atomic: both are written to temporary files
 * in that folder first, then renamed over the old ones (weights.bin, then
 * model.json); a failure leaves the previous save as it was.
 */
async function fileSave(call, url, a) {
  if (!isNode) throw new Error(`${call}: file:// works only in Node; in a browser use downloads://, localstorage:// or indexeddb://`);
  const fs = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const { join } = await import('node:path');
  const fail = (doing, e) => new Error(`${call}: cannot save to ${cut(url)}: ${doing}: ${fsReason(e)}; the previous save there, if any, is unchanged`);
  let dir;
  try {
    dir = fileURLToPath(url);
  } catch (e) {
    throw new Error(`${call}: ${cut(url)}: ${messageOf(e)}`);
  }
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (e) {
    throw fail('making the folder', e);
  }
  const tag = `.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const weights = join(dir, 'weights.bin');
  const json = join(dir, 'model.json');
  const tmpWeights = join(dir, `.weights.bin${tag}`);
  const tmpJSON = join(dir, `.model.json${tag}`);
  const backup = join(dir, `.weights.bin${tag}.old`);
  const removeQuietly = (...files) => Promise.all(files.map((f) => fs.rm(f, { force: true }).catch(() => {})));
  try {
    await fs.writeFile(tmpWeights, weightBytes(call, a.weightData), { flag: 'wx' });
    await fs.writeFile(tmpJSON, JSON.stringify(tfjsModelJSON(a, './weights.bin')), { flag: 'wx' });
  } catch (e) {
    await removeQuietly(tmpWeights, tmpJSON);
    throw fail('writing', e);
  }
  // The old weights.bin stays reachable (a hard link, else a copy) until
  // the new model.json is in place.
  let hadOld = true;
  try {
    await fs.link(weights, backup).catch((e) => (e?.code === 'ENOENT' ? Promise.reject(e) : fs.copyFile(weights, backup)));
  } catch (e) {
    if (e?.code !== 'ENOENT') {
      await removeQuietly(tmpWeights, tmpJSON, backup);
      throw fail('keeping the previous weights.bin', e);
    }
    hadOld = false;
  }
  try {
    await fs.rename(tmpWeights, weights);
    try {
      await fs.rename(tmpJSON, json);
    } catch (e) {
      if (hadOld) await fs.rename(backup, weights).catch(() => {});
      else await removeQuietly(weights);
      throw e;
    }
  } catch (e) {
    await removeQuietly(tmpWeights, tmpJSON, backup);
    throw fail('replacing the files', e);
  }
  await removeQuietly(backup);
  return { modelArtifactsInfo: artifactsInfo(a) };
}

// ---------------------------------------------------------------------------
// Files: model.json URLs and File objects

/** Resolves a URL string like fetch would, relative to the page (or, in Node, the working directory). */
function modelURL(call, s) {
  try {
    return new URL(s, baseURL());
  } catch {
    throw new Error(`${call}: '${cut(s)}' is not a URL (nor localstorage://, indexeddb://)`);
  }
}

/**
 * The artifacts of a model.json document, its weight files read by
 * readWeights(path, cap, need, paths) in manifest order: the weights
 * together may have no more bytes than the weight specs describe (need), and
 * each read stops as soon as they would. Specs Go refuses: no weights are
 * read. A text checkJSON refuses is not parsed.
 */
async function artifactsFromModelJSON(call, text, where, readWeights, checkJSON) {
  const problem = checkJSON ? await checkJSON(text) : null;
  if (problem) throw new Error(`${call}: ${cut(where)} ${problem}`);
  let j;
  try {
    j = JSON.parse(text);
  } catch {
    throw new Error(`${call}: ${cut(where)} is not valid JSON`);
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new Error(`${call}: ${cut(where)} is not a model.json object`);
  if (j.modelTopology == null) throw new Error(`${call}: ${cut(where)} has no modelTopology (is it a TF.js model.json?)`);
  if (!Array.isArray(j.weightsManifest)) throw new Error(`${call}: ${cut(where)} has no weightsManifest`);
  const specs = [];
  const paths = [];
  for (const g of j.weightsManifest) {
    if (g === null || typeof g !== 'object' || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      throw new Error(`${call}: ${cut(where)}: every weightsManifest entry must be { paths: [...], weights: [...] }`);
    }
    for (const w of g.weights) specs.push(w);
    for (const p of g.paths) {
      if (typeof p !== 'string') throw new Error(`${call}: ${cut(where)}: weight paths must be strings, got ${describe(p)}`);
      paths.push(p);
    }
  }
  const need = weightDataSize(specs);
  if (need !== null && need > MAX_WEIGHT_DATA) {
    throw new Error(`${call}: ${cut(where)}: the weight specs describe ${need} bytes of weight data, more than the limit of ${sizeText(MAX_WEIGHT_DATA)}`);
  }
  const parts = [];
  let have = 0;
  if (need !== null) {
    for (const p of paths) {
      const b = await readWeights(p, need - have, need, paths);
      parts.push(b);
      have += b.byteLength;
    }
  }
  return {
    modelTopology: j.modelTopology,
    format: j.format,
    generatedBy: j.generatedBy,
    convertedBy: j.convertedBy,
    weightSpecs: specs,
    weightData: concatBytes(parts.length ? parts : [new Uint8Array(0)]),
    trainingConfig: j.trainingConfig,
  };
}

/** The artifacts of the model.json at URL s (o: loadLayersModel's requestInit, fetchFunc, weightPathPrefix). */
async function urlArtifacts(call, s, o, checkJSON) {
  const url = modelURL(call, s);
  const json = new TextDecoder().decode(await fetchBytes(call, url, o, 'model.json', MAX_MODEL_JSON));
  // Weight paths are relative to model.json (or to weightPathPrefix).
  const base = o.weightPathPrefix !== undefined ? modelURL(call, String(o.weightPathPrefix)) : url;
  return artifactsFromModelJSON(call, json, url.href, (p, cap, need) => fetchBytes(call, new URL(p, base), o, 'weights', cap, need), checkJSON);
}

/** The artifacts of a model.json File and its weight Files (matched by name); sizes checked before reading. */
async function fileArtifacts(call, jsonFile, weightFiles, checkJSON) {
  if (!isBlobLike(jsonFile)) throw new Error(`${call}: expected the model.json File, got ${describe(jsonFile)}`);
  for (const f of weightFiles) if (!isBlobLike(f)) throw new Error(`${call}: weight files must be Files, got ${describe(f)}`);
  const where = typeof jsonFile.name === 'string' ? jsonFile.name : 'the model.json file';
  if (typeof jsonFile.size === 'number' && jsonFile.size > MAX_MODEL_JSON) throw tooLarge(call, 'model.json', where, MAX_MODEL_JSON, undefined, jsonFile.size);
  const text = await jsonFile.text();
  return artifactsFromModelJSON(call, text, where, async (p, cap, need, paths) => {
    const base = p.split('/').pop();
    // Matched by name, as tf.io.browserFiles does; a single weights file is
    // taken whatever its name (browsers rename repeated downloads).
    let f = weightFiles.find((w) => w.name === base);
    if (!f && paths.length === 1 && weightFiles.length === 1) f = weightFiles[0];
    if (!f) {
      throw new Error(`${call}: ${cut(where)} needs the weights file '${cut(base)}'; choose it together with the .json file` +
        (weightFiles.length ? ` (got ${weightFiles.slice(0, 5).map((w) => `'${cut(w.name)}'`).join(', ')}${weightFiles.length > 5 ? ', …' : ''})` : ''));
    }
    if (typeof f.size === 'number' && f.size > cap) throw tooLarge(call, 'weights', f.name, cap, need, f.size);
    const b = new Uint8Array(await f.arrayBuffer());
    if (b.byteLength > cap) throw tooLarge(call, 'weights', f.name, cap, need, b.byteLength);
    return b;
  }, checkJSON);
}
