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
import { describe, options } from './options.js';
import { artifactsInfo, base64ToBytes, bytesToBase64, concatBytes, isBlobLike, tfjsModelJSON, weightBytes } from './tfjs-artifacts.js';

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
    throw new Error(`${call}: localStorage is not accessible here (${e?.message ?? e})`);
  }
  if (!ls || typeof ls.setItem !== 'function') {
    throw new Error(`${call}: localStorage:// needs window.localStorage, which this environment does not have (browser pages have it; workers and Node do not)`);
  }
  return ls;
}

/** Saves artifacts a under localStorage://path; resolves to { modelArtifactsInfo }. */
function lsSave(call, path, a) {
  const ls = localStorageOf(call);
  const keys = lsKeys(path);
  const info = artifactsInfo(a);
  try {
    ls.setItem(keys.info, JSON.stringify(info));
    ls.setItem(keys.topology, JSON.stringify(a.modelTopology));
    ls.setItem(keys.weightSpecs, JSON.stringify(a.weightSpecs));
    ls.setItem(keys.weightData, bytesToBase64(weightBytes(call, a.weightData)));
    const meta = { format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null };
    if (a.trainingConfig != null) meta.trainingConfig = a.trainingConfig;
    ls.setItem(keys.modelMetadata, JSON.stringify(meta));
  } catch (e) {
    for (const k of Object.values(keys)) ls.removeItem(k);
    throw new Error(
      `${call}: could not save model '${path}' to localStorage (${e?.name ?? 'error'}: the quota, about 5 MB, may be exceeded): ` +
        `modelTopologyBytes=${info.modelTopologyBytes}, weightSpecsBytes=${info.weightSpecsBytes}, weightDataBytes=${info.weightDataBytes}`,
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
    if (s === null) throw new Error(`${call}: in localStorage, the ${what} of model '${path}' is missing (key ${key})`);
    try {
      return JSON.parse(s);
    } catch {
      throw new Error(`${call}: in localStorage, the ${what} of model '${path}' is not valid JSON (key ${key})`);
    }
  };
  if (ls.getItem(keys.info) === null) throw new Error(`${call}: there is no model '${path}' in localStorage (no key ${keys.info})`);
  const info = parse(keys.info, 'info');
  if (info?.modelTopologyType !== 'JSON') throw new Error(`${call}: model '${path}' in localStorage has a non-JSON topology, which is not supported`);
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
  if (b64 === null) throw new Error(`${call}: in localStorage, the weight data of model '${path}' is missing (key ${keys.weightData})`);
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
    req.onerror = () => reject(new Error(`${call}: cannot open the IndexedDB database '${TFJS_IDB_NAME}': ${req.error?.message ?? 'error'}`));
    req.onblocked = () => reject(new Error(`${call}: the IndexedDB database '${TFJS_IDB_NAME}' is blocked by another connection`));
  });
}

/** Runs f(tx) in one transaction over stores; resolves to what f's last request returned. */
async function idbTransaction(call, stores, mode, f) {
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
        reject(new Error(`${call}: IndexedDB: ${e?.message ?? e}`));
        return;
      }
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(new Error(`${call}: IndexedDB: ${tx.error?.message ?? 'the transaction failed'}`));
      tx.onabort = () => reject(new Error(`${call}: IndexedDB: ${tx.error?.message ?? 'the transaction was aborted'}`));
    });
  } finally {
    db.close();
  }
}

/** Saves artifacts a under indexeddb://path; resolves to { modelArtifactsInfo }. */
async function idbSave(call, path, a) {
  const modelArtifacts = { ...a, weightData: weightBytes(call, a.weightData).slice().buffer };
  const info = artifactsInfo(modelArtifacts);
  await idbTransaction(call, [TFJS_INFO_STORE, TFJS_MODEL_STORE], 'readwrite', (tx) => {
    tx.objectStore(TFJS_INFO_STORE).put({ modelPath: path, modelArtifactsInfo: info });
    return tx.objectStore(TFJS_MODEL_STORE).put({ modelPath: path, modelArtifacts, modelArtifactsInfo: info });
  });
  return { modelArtifactsInfo: info };
}

/** The artifacts saved under indexeddb://path. */
async function idbLoad(call, path) {
  const rec = await idbTransaction(call, [TFJS_MODEL_STORE], 'readonly', (tx) => tx.objectStore(TFJS_MODEL_STORE).get(path));
  if (rec === undefined || rec === null || rec.modelArtifacts == null) {
    throw new Error(`${call}: there is no model '${path}' in IndexedDB (database '${TFJS_IDB_NAME}', store '${TFJS_MODEL_STORE}')`);
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

/** Saves artifacts a to the directory of a file:// URL (Node only). */
async function fileSave(call, url, a) {
  if (!isNode) throw new Error(`${call}: file:// works only in Node; in a browser use downloads://, localstorage:// or indexeddb://`);
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  let dir;
  try {
    dir = fileURLToPath(url);
  } catch (e) {
    throw new Error(`${call}: ${url}: ${e?.message ?? e}`);
  }
  const path = await import('node:path');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'weights.bin'), weightBytes(call, a.weightData));
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(tfjsModelJSON(a, './weights.bin')));
  return { modelArtifactsInfo: artifactsInfo(a) };
}

// ---------------------------------------------------------------------------
// Files: model.json URLs and File objects

/** Resolves a URL string like fetch would, relative to the page (or, in Node, the working directory). */
function modelURL(call, s) {
  try {
    return new URL(s, baseURL());
  } catch {
    throw new Error(`${call}: '${s}' is not a URL (nor localstorage://, indexeddb://)`);
  }
}

async function fetchBytes(call, url, o, what) {
  if (isNode && url.protocol === 'file:' && !o.fetchFunc) {
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(url));
    } catch (e) {
      throw new Error(`${call}: cannot read ${what} ${url.href}: ${e?.code ?? e?.message ?? e}`);
    }
  }
  const f = o.fetchFunc ?? globalThis.fetch;
  if (typeof f !== 'function') throw new Error(`${call}: fetch is not available here`);
  let resp;
  try {
    resp = await f(url.href, o.requestInit);
  } catch (e) {
    throw new Error(`${call}: fetching ${what} ${url.href} failed: ${e?.message ?? e}`);
  }
  if (!resp.ok) throw new Error(`${call}: fetching ${what} ${url.href} failed: ${resp.status} ${resp.statusText ?? ''}`.trimEnd());
  return new Uint8Array(await resp.arrayBuffer());
}

/** The artifacts of a model.json document, its weight files read by readWeights(path) in manifest order. */
async function artifactsFromModelJSON(call, text, where, readWeights) {
  let j;
  try {
    j = JSON.parse(text);
  } catch {
    throw new Error(`${call}: ${where} is not valid JSON`);
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new Error(`${call}: ${where} is not a model.json object`);
  if (j.modelTopology == null) throw new Error(`${call}: ${where} has no modelTopology (is it a TF.js model.json?)`);
  if (!Array.isArray(j.weightsManifest)) throw new Error(`${call}: ${where} has no weightsManifest`);
  const specs = [];
  const paths = [];
  for (const g of j.weightsManifest) {
    if (g === null || typeof g !== 'object' || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      throw new Error(`${call}: ${where}: every weightsManifest entry must be { paths: [...], weights: [...] }`);
    }
    specs.push(...g.weights);
    for (const p of g.paths) {
      if (typeof p !== 'string') throw new Error(`${call}: ${where}: weight paths must be strings, got ${describe(p)}`);
      paths.push(p);
    }
  }
  const parts = await Promise.all(paths.map((p) => readWeights(p)));
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
async function urlArtifacts(call, s, o) {
  const url = modelURL(call, s);
  const json = new TextDecoder().decode(await fetchBytes(call, url, o, 'model.json'));
  // Weight paths are relative to model.json (or to weightPathPrefix).
  const base = o.weightPathPrefix !== undefined ? modelURL(call, String(o.weightPathPrefix)) : url;
  return artifactsFromModelJSON(call, json, url.href, (p) => fetchBytes(call, new URL(p, base), o, 'weights'));
}

/** The artifacts of a model.json File and its weight Files (matched by name). */
async function fileArtifacts(call, jsonFile, weightFiles) {
  if (!isBlobLike(jsonFile)) throw new Error(`${call}: expected the model.json File, got ${describe(jsonFile)}`);
  for (const f of weightFiles) if (!isBlobLike(f)) throw new Error(`${call}: weight files must be Files, got ${describe(f)}`);
  const where = jsonFile.name ?? 'the model.json file';
  const text = await jsonFile.text();
  let count = 0;
  try {
    count = JSON.parse(text)?.weightsManifest?.reduce((n, g) => n + (g?.paths?.length ?? 0), 0) ?? 0;
  } catch {
    /* reported by artifactsFromModelJSON */
  }
  return artifactsFromModelJSON(call, text, where, async (p) => {
    const base = p.split('/').pop();
    // Matched by name, as tf.io.browserFiles does; a single weights file is
    // taken whatever its name (browsers rename repeated downloads).
    let f = weightFiles.find((w) => w.name === base);
    if (!f && count === 1 && weightFiles.length === 1) f = weightFiles[0];
    if (!f) {
      throw new Error(`${call}: ${where} needs the weights file '${base}'; choose it together with the .json file` +
        (weightFiles.length ? ` (got ${weightFiles.map((w) => `'${w.name}'`).join(', ')})` : ''));
    }
    return new Uint8Array(await f.arrayBuffer());
  });
}
