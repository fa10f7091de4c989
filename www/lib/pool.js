// pool.js: a pool of gotrain workers, one gotrain instance each (worker
// mode's gotrain-worker.js: module Web Workers in browsers, worker_threads
// in Node, each with its worker-mode API object), running one task — a
// function of that API object — at a time per worker. A worker that dies fails
// the task it was running, with an error that says so, and is replaced by a
// new one for the tasks after it; the others go on.

import { isNode, libraryURL } from './env.js';
import { startWorker } from './worker-client.js';

/** The machine's cores as the platform reports them (at least 1). */
export async function cores() {
  if (isNode) {
    const os = await import('node:os');
    return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  }
  return Math.max(1, globalThis.navigator?.hardwareConcurrency ?? 1);
}

export class WorkerPool {
  /**
   * @param {number} size the number of workers (≥ 1)
   * @param {object} o { workerURL, wasmURL, kernel }: worker mode's load options;
   *   makeAPI(transport, info): the API object over a worker's transport
   */
  constructor(size, o = {}) {
    this.size = size;
    this.workerURL = o.workerURL ?? libraryURL('gotrain-worker.js');
    this.init = { wasmURL: (o.wasmURL ?? libraryURL('gotrain.wasm')).href ?? String(o.wasmURL), warmUp: false, kernel: o.kernel ?? 'auto' };
    this.makeAPI = o.makeAPI;
    this.workers = []; // { transport, gt, busy, task }
    this.queue = []; // { op, args, resolve, reject }
    this.closed = false;
    this.deaths = 0;
  }

  /** Starts the workers; resolves when all are ready. */
  async start() {
    const started = await Promise.allSettled(Array.from({ length: this.size }, () => startWorker(this.workerURL, this.init)));
    for (const s of started) if (s.status === 'fulfilled') this.workers.push(this.worker(s.value));
    if (this.closed) await this.terminate();
    if (this.workers.length === 0) {
      throw new Error(`tune: no worker started: ${started[0]?.reason?.message ?? 'no workers asked for'}`);
    }
    return this;
  }

  worker({ transport, info }) {
    return { transport, gt: this.makeAPI(transport, info), busy: false, task: null };
  }

  /**
   * Runs fn(gt) on the next free worker (gt: its API object); resolves to fn's value. tag
   * names the task (task.tag) while it runs.
   */
  run(fn, tag) {
    if (this.closed) return Promise.reject(new Error('tune: the worker pool has been terminated'));
    return new Promise((resolve, reject) => {
      this.queue.push({ fn, tag, resolve, reject });
      this.dispatch();
    });
  }

  dispatch() {
    for (const w of this.workers) {
      if (this.closed || this.queue.length === 0) return;
      if (w.busy) continue;
      const task = this.queue.shift();
      w.busy = true;
      w.task = task;
      // A worker whose thread ended, or whose Go program stopped (out of memory), fails its
      // task whether the task caught the error (a trial's result holds it) or not.
      const died = (e) => !this.closed && (w.transport.dead || /module has stopped/.test(e ?? ''));
      const fail = (e) => {
        task.reject(new Error(`tune: the worker running this trial died (${e})`));
        this.replace(w);
      };
      Promise.resolve()
        .then(() => task.fn(w.gt))
        .then(
          (v) => {
            if (died(v?.error)) return fail(v?.error ?? 'its thread ended');
            w.busy = false;
            task.resolve(v);
            return this.dispatch();
          },
          (e) => {
            if (died(e?.message)) return fail(e?.message ?? e);
            w.busy = false;
            task.reject(e);
            return this.dispatch();
          },
        );
    }
  }

  /** Replaces dead worker w with a new one (or drops it if none starts). */
  replace(w) {
    this.deaths++;
    w.transport.terminate().catch(() => {});
    const i = this.workers.indexOf(w);
    startWorker(this.workerURL, this.init).then(
      (started) => {
        if (this.closed) return started.transport.terminate();
        this.workers[i] = this.worker(started);
        this.dispatch();
        return undefined;
      },
      (e) => {
        this.workers.splice(this.workers.indexOf(w), 1);
        if (this.workers.length === 0) {
          for (const task of this.queue.splice(0)) task.reject(new Error(`tune: no worker left: ${e?.message ?? e}`));
        }
      },
    );
  }

  /** Each live worker's memory figures (gt.memory's, after a GC). */
  async memory() {
    const live = this.workers.filter((w) => !w.transport.dead);
    return Promise.all(live.map((w) => w.transport.call('memory', true).catch(() => null)));
  }

  /** Ends every worker; queued and running tasks reject. */
  async terminate() {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('tune: the search was stopped'));
    await Promise.all(this.workers.map((w) => w.transport.terminate().catch(() => {})));
  }
}
