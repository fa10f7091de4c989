// env.js: which gotrain this is and where it runs (browser page, worker,
// Node), and the few helpers that depend on it.

/** gotrain's version, what gt.version and the TF.js artifacts' generatedBy report. */
export const VERSION = '0.1.0';

/** True in Node (main thread or worker_threads), false in browsers and their workers. */
export const isNode =
  typeof process === 'object' && process !== null && typeof process.versions === 'object' &&
  process.versions !== null && typeof process.versions.node === 'string' &&
  typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';

/** The URL of a file of the library folder (www/), e.g. 'gotrain.wasm'. */
export function libraryURL(name) {
  return new URL(`../${name}`, import.meta.url);
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
