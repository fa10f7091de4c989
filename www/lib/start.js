// start.js: starting gotrain.wasm on this thread: wasm_exec.js' Go runtime,
// the WebAssembly instance (streamed where the server sends
// application/wasm), the matrix kernel attached to it (kernel.js), the Go
// program run until it has registered its exports, and load's background
// warm-up. Used by load() in main-thread mode and by the worker's end.

import { makeAPI } from './api.js';
import { DirectTransport } from './direct.js';
import { baseURL, isNode, libraryURL, randomId } from './env.js';
import { compileKernel, kernelImports, KERNEL_FILES, simdSupported } from './kernel.js';
import { describe } from './options.js';
import { VERSION } from './version.js';
import { warmUp } from './warmup.js';

export const KERNEL_CHOICES = ['auto', 'simd', 'scalar', 'go'];

let goLoaded = null;

/** Makes sure globalThis.Go (wasm_exec.js) is defined. */
function loadGo(url) {
  if (typeof globalThis.Go === 'function') return Promise.resolve();
  goLoaded ??= import(url.href).then(() => {
    if (typeof globalThis.Go !== 'function') throw new Error(`load: ${url.href} did not define Go (is it the Go toolchain's wasm_exec.js?)`);
  });
  return goLoaded;
}

/**
 * load's URL options (option names it in errors): a URL, or a string
 * relative to the page (Node: the working directory); by default the file
 * name next to gotrain.js.
 */
export function resolveURL(u, name, option = 'wasmURL') {
  if (u === undefined || u === null) return libraryURL(name);
  if (u instanceof URL) return u;
  if (typeof u !== 'string') throw new Error(`load: ${option} must be a string or URL, got ${describe(u)}`);
  return new URL(u, baseURL() ?? libraryURL('gotrain.js').href);
}

/** The bytes of a file:// URL in Node, else the fetch Response. */
async function source(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(url);
  }
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`load: fetching ${url.href} failed: ${resp.status} ${resp.statusText}`);
  return resp;
}

async function instantiate(url, importObject) {
  const src = await source(url);
  if (!(src instanceof Response)) return (await WebAssembly.instantiate(src, importObject)).instance;
  const type = (src.headers.get('content-type') || '').split(';')[0].trim();
  if (typeof WebAssembly.instantiateStreaming === 'function' && type === 'application/wasm') {
    return (await WebAssembly.instantiateStreaming(src, importObject)).instance;
  }
  // Served with the wrong MIME type: compile from the bytes instead.
  return (await WebAssembly.instantiate(await src.arrayBuffer(), importObject)).instance;
}

/**
 * Starts gotrain.wasm (o: load's wasmURL, warmUp, kernel); resolves to the
 * DirectTransport, with info = { version, backend, layerKinds }.
 */
export async function startDirect({ wasmURL, warmUp: warm = true, kernel: kernelChoice = 'auto' }) {
  if (!KERNEL_CHOICES.includes(kernelChoice)) {
    throw new Error(`load: kernel must be 'auto', 'simd', 'scalar' or 'go', got ${describe(kernelChoice)}`);
  }
  const url = resolveURL(wasmURL, 'gotrain.wasm');
  await loadGo(libraryURL('wasm_exec.js'));
  const go = new globalThis.Go();
  go.env = {};
  let t = null;
  go.exit = () => {
    // The Go program never exits by itself; only a fatal runtime error
    // (such as running out of memory) ends it. Library code never prints.
    if (t) t.exited = true;
  };
  const kernel = kernelImports();
  go.importObject.gotrain_kernel = kernel.imports;
  let kernelModule = null;
  if (kernelChoice !== 'go') {
    const simd = kernelChoice === 'simd' || (kernelChoice === 'auto' && simdSupported());
    // Compiles while Go's module loads.
    kernelModule = compileKernel(source(new URL(simd ? KERNEL_FILES.simd : KERNEL_FILES.scalar, url)), 'load');
    kernelModule.catch(() => {});
  }
  let instance;
  try {
    instance = await instantiate(url, go.importObject);
  } catch (e) {
    const msg = e?.message ?? String(e);
    throw new Error(msg.startsWith('load: ') ? msg : `load: ${url.href}: ${msg}`);
  }
  if (kernelModule) {
    try {
      await kernel.attach(await kernelModule, instance);
    } catch (e) {
      // An explicitly requested kernel must load; 'auto' falls back to Go's loops.
      if (kernelChoice !== 'auto') throw new Error(`load: the ${kernelChoice} kernel did not load: ${e?.message ?? e}`);
    }
  }
  const id = randomId();
  const key = `__gotrain_${id}`;
  // The program reads its id from __gotrain_boot while go.run starts it
  // (synchronously, up to main's select {}); wasm/main.go.
  globalThis.__gotrain_boot = id;
  let exited;
  try {
    exited = go.run(instance);
  } finally {
    delete globalThis.__gotrain_boot;
  }
  exited.then(() => {
    if (t) t.exited = true;
  });
  const raw = globalThis[key];
  delete globalThis[key];
  if (!raw) throw new Error('load: the Go program did not start');
  t = new DirectTransport(raw, instance);
  // Go's own word on the kernel: a module built without the kernel tag
  // multiplies with its Go loops whatever kernel file was attached.
  t.info = { version: VERSION, backend: t.call('backend'), layerKinds: t.call('layerKinds') };
  if (warm) {
    // In the background, one small step per task, after load has resolved.
    t.warming = warmUp(makeAPI(t, t.info), t)
      .catch(() => {})
      .finally(() => {
        t.warming = null;
      });
  }
  return t;
}
