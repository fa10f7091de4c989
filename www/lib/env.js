// env.js: which gotrain this is and where it runs (browser page, worker,
// Node), and the few helpers that depend on it.

/** gotrain's version, what gt.version and the TF.js artifacts' generatedBy report. */
export const VERSION = '0.1.0';

/** True in Node (main thread or worker_threads), false in browsers and their workers. */
export const isNode =
  typeof process === 'object' && process !== null && typeof process.versions === 'object' &&
  process.versions !== null && typeof process.versions.node === 'string' &&
  typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';

// The library's files, each named in a literal new URL('…', import.meta.url):
// that is the shape bundlers (Vite, webpack 5, Parcel) look for to ship a
// file with the code and put its built URL in its place. Unbundled, the
// files resolve next to gotrain.js (this module is lib/env.js), in browsers
// and in Node alike. A template such as `../${name}` would make Vite copy
// the whole folder, and a URL relative to gotrain.wasm would miss the
// kernels, which a bundler renames.
const LIBRARY_FILES = {
  'gotrain.wasm': () => new URL('../gotrain.wasm', import.meta.url),
  'gotrain-kernel.wasm': () => new URL('../gotrain-kernel.wasm', import.meta.url),
  'gotrain-kernel-scalar.wasm': () => new URL('../gotrain-kernel-scalar.wasm', import.meta.url),
  'wasm_exec.js': () => new URL('../wasm_exec.js', import.meta.url),
};

// The worker script is not in that list on purpose: copied as a file by a
// bundler it would lose the modules it imports. worker-client.js names it
// in the form bundlers bundle as a worker (new Worker(new URL('…',
// import.meta.url), …)); unbundled this URL is the file itself.
const here = import.meta.url;

/**
 * The URL of a file of the library folder (www/): 'gotrain.wasm', a kernel,
 * 'wasm_exec.js', 'gotrain-worker.js'; '' for the folder itself.
 */
export function libraryURL(name) {
  const f = LIBRARY_FILES[name];
  if (f) return f();
  if (name === 'gotrain-worker.js' || name === '') return new URL(`../${name}`, here);
  throw new Error(`libraryURL: ${name} is not a file of gotrain`);
}

/**
 * The base a relative URL string is resolved against, as fetch would: the
 * page (or worker) location, in Node the working directory (undefined
 * elsewhere).
 */
export function baseURL() {
  if (typeof location === 'object' && location?.href) return location.href;
  if (isNode) return `file://${process.cwd().replace(/\\/g, '/')}/`;
  return undefined;
}

/** Resolves after the event loop has had a turn (no 4 ms timer clamp). */
export const yieldToEventLoop = (() => {
  if (typeof setImmediate === 'function') return () => new Promise((r) => setImmediate(r));
  if (typeof MessageChannel === 'function') {
    const ch = new MessageChannel();
    const queue = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return () =>
      new Promise((r) => {
        queue.push(r);
        ch.port2.postMessage(0);
      });
  }
  return () => new Promise((r) => setTimeout(r, 0));
})();

/** A seed for a model created without one. */
export function randomSeed() {
  return Math.floor(Math.random() * 2 ** 32);
}

/** A random id (for the Go instance's global during start-up). */
export function randomId() {
  const b = new Uint32Array(2);
  globalThis.crypto.getRandomValues(b);
  return b[0].toString(36) + b[1].toString(36);
}
