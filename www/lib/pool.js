// pool.js: a pool of gotrain workers, one gotrain instance each (worker
// mode's gotrain-worker.js: module Web Workers in browsers, worker_threads
// in Node), running one task — a function of the worker's record, whose
// transport calls into the worker — at a time per worker. A worker that dies fails
// the task it was running, with an error that says so, and is replaced by a
// new one for the tasks after it; the others go on.

import { isNode, libraryURL } from './env.js';
import { compiledModules } from './load.js';
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
   * @param {object} o { workerURL, wasmURL, kernel }: worker mode's load options
   */
  constructor(size, o = {}) {
    this.size = size;
    this.workerURL = o.workerURL ?? libraryURL('gotrain-worker.js');
    const init = { wasmURL: (o.wasmURL ?? libraryURL('gotrain.wasm')).href ?? String(o.wasmURL), warmUp: false, kernel: o.kernel ?? 'auto' };
    // gotrain.wasm and its kernel compiled once, on this thread, for every
    // worker (load.js, compiledModules: shared compiled code); where that
    // fails, each worker compiles from wasmURL and reports its own error.
    this.init = compiledModules(init).then(
      (m) => ({ ...init, ...m }),
      () => init,
    );
    this.workers = []; // { transport, busy, task, held }; only the first size take tasks (use())
    this.queue = []; // { fn, tag, resolve, reject }
    this.starting = 0; // workers not ready yet
    this.started = null; // settles once every worker of start() is ready or has failed
    this.closed = false;
    this.deaths = 0;
  }

  /**
   * Starts the workers; resolves as soon as one is ready (tasks start on it
   * while the others start; each takes tasks once ready), rejects if none
   * starts.
   */
  start() {
    return new Promise((resolve, reject) => {
      let firstError = null;
      const all = [];
      for (let i = 0; i < this.size; i++) {
        all.push(
          this.launch().then(
            () => resolve(this),
            (e) => {
              firstError ??= e;
              if (this.starting === 0 && this.workers.length === 0) reject(new Error(`tune: no worker started: ${firstError?.message ?? firstError}`));
            },
          ),
        );
      }
      if (this.size < 1) reject(new Error('tune: no worker started: no workers asked for'));
      this.started = Promise.all(all);
    });
  }

  /**
   * Readies a started pool for n workers (a search reusing it): more start
   * if it has fewer; with more, only the first n take tasks.
   */
  use(n) {
    this.size = n;
    const more = [];
    for (let i = this.workers.length + this.starting; i < n; i++) more.push(this.launch().catch(() => {}));
    this.started = Promise.all(more);
  }

  /** Starts one worker; it joins the pool (and takes a task) once ready. */
  async launch() {
    this.starting++;
    let started;
    try {
      started = await startWorker(this.workerURL, this.init);
    } catch (e) {
      this.starting--;
      this.orphaned(e);
      throw e;
    }
    this.starting--;
    if (this.closed) {
      await started.transport.terminate();
      return;
    }
    this.workers.push(this.worker(started));
    this.dispatch();
  }

  /** With no worker left or starting, the queued tasks fail. */
  orphaned(e) {
    if (this.workers.length > 0 || this.starting > 0) return;
    for (const task of this.queue.splice(0)) task.reject(new Error(`tune: no worker left: ${e?.message ?? e}`));
  }

  worker({ transport }) {
    // held: what tasks have left in the worker for the tasks after them (tune: its search's data).
    return { transport, busy: false, task: null, held: null };
  }

  /**
   * Runs fn(w) on the next free worker (w: its record, with w.transport, whose call(op, ...args)
   * reaches worker-server.js, and w.held); resolves to fn's value. tag names the task (task.tag)
   * while it runs.
   */
  run(fn, tag) {
    if (this.closed) return Promise.reject(new Error('tune: the worker pool has been terminated'));
    return new Promise((resolve, reject) => {
      this.queue.push({ fn, tag, resolve, reject });
      this.dispatch();
    });
  }

  dispatch() {
    for (const w of this.workers.slice(0, this.size)) {
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
        .then(() => task.fn(w))
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
    this.workers.splice(this.workers.indexOf(w), 1);
    if (!this.closed) this.launch().catch(() => {});
  }

  /** Each live worker's memory figures (gt.memory's, after a GC). */
  async memory() {
    await this.started;
    const live = this.workers.slice(0, this.size).filter((w) => !w.transport.dead);
    return Promise.all(live.map((w) => w.transport.call('memory', true).catch(() => null)));
  }

  /** Ends every worker; queued and running tasks reject. */
  async terminate() {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('tune: the search was stopped'));
    await Promise.all(this.workers.map((w) => w.transport.terminate().catch(() => {})));
  }
}
