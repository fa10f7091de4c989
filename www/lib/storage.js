// storage.js: models kept in the browser's storage, exactly as TF.js 4.22
// keeps them, so that either library loads what the other saved:
// localStorage (TF.js' BrowserLocalStorage: five keys under
// tensorflowjs_models/NAME/) and IndexedDB (TF.js' BrowserIndexedDB:
// database 'tensorflowjs', stores models_store and model_info_store).

import { artifactsInfo, base64ToBytes, bytesToBase64, weightBytes } from './tfjs-artifacts.js';

const TFJS_LS_PREFIX = 'tensorflowjs_models';
const TFJS_IDB_NAME = 'tensorflowjs';
const TFJS_IDB_VERSION = 1;
const TFJS_MODEL_STORE = 'models_store';
const TFJS_INFO_STORE = 'model_info_store';

// --- localStorage ------------------------------------------------------------

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
export function lsSave(call, path, a) {
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
export function lsLoad(call, path) {
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

// --- IndexedDB ---------------------------------------------------------------

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
export async function idbSave(call, path, a) {
  const modelArtifacts = { ...a, weightData: weightBytes(call, a.weightData).slice().buffer };
  const info = artifactsInfo(modelArtifacts);
  await idbTransaction(call, [TFJS_INFO_STORE, TFJS_MODEL_STORE], 'readwrite', (tx) => {
    tx.objectStore(TFJS_INFO_STORE).put({ modelPath: path, modelArtifactsInfo: info });
    return tx.objectStore(TFJS_MODEL_STORE).put({ modelPath: path, modelArtifacts, modelArtifactsInfo: info });
  });
  return { modelArtifactsInfo: info };
}

/** The artifacts saved under indexeddb://path. */
export async function idbLoad(call, path) {
  const rec = await idbTransaction(call, [TFJS_MODEL_STORE], 'readonly', (tx) => tx.objectStore(TFJS_MODEL_STORE).get(path));
  if (rec === undefined || rec === null || rec.modelArtifacts == null) {
    throw new Error(`${call}: there is no model '${path}' in IndexedDB (database '${TFJS_IDB_NAME}', store '${TFJS_MODEL_STORE}')`);
  }
  return rec.modelArtifacts;
}
