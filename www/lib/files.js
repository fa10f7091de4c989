// files.js: models as files, in TF.js' layouts. Saving: downloads://NAME
// (TF.js' browserDownloads: NAME.json and NAME.weights.bin) and, in Node,
// file://DIR (DIR/model.json and DIR/weights.bin, as tfjs-node writes
// them). Loading: a model.json URL with its weight files fetched relative
// to it (file:// or a path in Node), and File objects from a file picker.

import { baseURL, isNode } from './env.js';
import { describe } from './options.js';
import { artifactsInfo, concatBytes, isBlobLike, tfjsModelJSON, weightBytes } from './tfjs-artifacts.js';

// --- saving ------------------------------------------------------------------

/** Saves artifacts a as two downloads, prefix.json and prefix.weights.bin (a browser page only). */
export async function downloadsSave(call, prefix, a) {
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
export async function fileSave(call, url, a) {
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

// --- loading -----------------------------------------------------------------

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
export async function urlArtifacts(call, s, o) {
  const url = modelURL(call, s);
  const json = new TextDecoder().decode(await fetchBytes(call, url, o, 'model.json'));
  // Weight paths are relative to model.json (or to weightPathPrefix).
  const base = o.weightPathPrefix !== undefined ? modelURL(call, String(o.weightPathPrefix)) : url;
  return artifactsFromModelJSON(call, json, url.href, (p) => fetchBytes(call, new URL(p, base), o, 'weights'));
}

/** The artifacts of a model.json File and its weight Files (matched by name). */
export async function fileArtifacts(call, jsonFile, weightFiles) {
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
