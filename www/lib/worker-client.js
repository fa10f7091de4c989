// worker-client.js: the transport of worker mode, the page's end of the
// worker protocol (worker-server.js is the other end). Every call is a
// message and answers with a Promise.
//
// The protocol, in structured-cloneable messages:
//   page → worker  { type: 'init', wasmURL, warmUp, kernel, memoryLimit, module?, kernelModule? }
//                                                          sent at once; module, kernelModule: gotrain.wasm
//                                                          and its kernel compiled already (WebAssembly.Module, pool.js)
//   worker → page  { type: 'ready', version, backend, layerKinds, optimizerKinds } | { type: 'initError', message }
//   page → worker  { type: 'call', id, op, args }         op: a call's public name, which is also
//                                                          the Go export's (fit: its three phases)
//   worker → page  { type: 'result', id, ok, value | message, layers? }
//                                                          layers: [handle, the model's layer
//                                                          descriptions] after a call that may change them
//   worker → page  { type: 'cb', id, seq, index, name, args, wait }
//                                                          a fit's callback (id: the fit call's);
//   page → worker  { type: 'cbReply', seq, error }        awaited ones (wait) are answered
//   worker → page  { type: 'sync', id, seq }              after a slice that posted batch callbacks:
//                                                          answered (cbReply) once they have run and
//                                                          the promises they returned have settled
//   page → worker  call ops 'tuneData' and 'tuneTrial'    gt.tune's pool: a search's rows once per worker,
//                                                          then one call a trial (tune.js, trialHost)
// A fit's callbacks travel as the names of the functions each callbacks
// object has ({ names }) or as { earlyStopping } settings.

import { CALLBACK_NAMES } from './descriptions.js';
import { isNode, libraryURL } from './env.js';
import { messageOf } from './options.js';

export class WorkerTransport {
  /** @param {object} ep the endpoint: post, listen, onError, busy, idle, terminate */
  constructor(ep) {
    this.async = true;
    this.ep = ep;
    this.nextId = 1;
    this.pending = new Map(); // call id → { op, resolve, reject }
    this.fits = new Map(); // fit call id → { callbacks, handle, error, running }
    this.layerCache = new Map(); // handle → layer descriptions as of the last call that changed them
    this.dead = null; // why the worker is gone: 'terminated' or the failure's message
    // Models the page drops without dispose() free their worker-side model.
    this.registry =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry((h) => {
            if (this.dead === null) this.call('dispose', h).catch(() => {});
          })
        : null;
    ep.listen((m) => this.onMessage(m));
    ep.onError((e) => this.fail(e));
  }

  fail(e) {
    if (this.dead !== null) return; // the first reason stays
    this.dead = typeof e === 'string' ? e : messageOf(e);
    for (const { op, reject } of this.pending.values()) reject(this.deadError(op));
    this.pending.clear();
    this.ep.idle();
  }

  /** The error of call op once the worker is gone: it names the call. */
  deadError(op) {
    return new Error(
      this.dead === 'terminated'
        ? `${op}: the gotrain worker has been terminated (gt.terminate()); load gotrain again`
        : `${op}: the gotrain worker has stopped (${this.dead}); load gotrain again`,
    );
  }

  send(msg) {
    if (this.dead === null) this.ep.post(msg);
  }

  /** Posts the call op; resolves to its value (as Go returned it: the API revives matrices). */
  call(op, ...args) {
    // model.save asks for the artifacts under its own name.
    const name = op === 'toTfjsArtifacts' && typeof args[1] === 'string' ? args[1] : op;
    if (this.dead !== null) return Promise.reject(this.deadError(name));
    const id = this.nextId++;
    if (op === 'fit') args = this.startFit(id, args);
    if (op === 'dispose') this.layerCache.delete(args[0]);
    return new Promise((resolve, reject) => {
      try {
        this.ep.post({ type: 'call', id, op, args });
      } catch (e) {
        // Something structured cloning cannot copy (a function, a symbol).
        this.fits.delete(id);
        reject(new Error(`${name}: an argument cannot be sent to the gotrain worker (${messageOf(e, 120)})`));
        return;
      }
      if (this.pending.size === 0) this.ep.busy();
      this.pending.set(id, { op: name, resolve, reject });
    });
  }

  /** Keeps fit's callbacks here and sends what the worker needs to call them. */
  startFit(id, [h, x, y, spec, callbacks, yieldEvery]) {
    this.fits.set(id, { callbacks, handle: h, error: null, running: [] });
    const sent = callbacks.map((c) => (c.earlyStopping ? c : { names: CALLBACK_NAMES.filter((n) => typeof c[n] === 'function') }));
    return [h, x, y, spec, sent, yieldEvery];
  }

  layers(h) {
    return this.layerCache.get(h) ?? [];
  }

  track(model, h) {
    this.registry?.register(model, h, model);
  }

  untrack(model) {
    this.registry?.unregister(model);
  }

  /** Ends the worker; every later call rejects, naming the call. */
  async terminate() {
    if (this.dead === null) this.fail('terminated');
    await this.ep.terminate();
  }

  onMessage(m) {
    if (m.type === 'result') this.onResult(m);
    else if (m.type === 'cb') this.onCallback(m);
    else if (m.type === 'sync') this.onSync(m);
  }

  /** The end of a slice that posted batch callbacks: answered once they have run and their promises settled. */
  onSync(m) {
    const ctx = this.fits.get(m.id);
    const reply = () => this.send({ type: 'cbReply', seq: m.seq, error: !ctx || !!ctx.error });
    if (!ctx || !ctx.running.length) return reply();
    const running = ctx.running;
    ctx.running = [];
    Promise.allSettled(running).then(reply);
  }

  onResult(m) {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.ep.idle();
    if (m.layers) this.layerCache.set(m.layers[0], m.layers[1]);
    const fit = this.fits.get(m.id);
    this.fits.delete(m.id);
    // A fit whose callback failed rejects with that callback's error.
    if (fit?.error) p.reject(fit.error);
    else if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.message));
  }

  /** Runs a fit's callback; an awaited one is answered, a failed one stops the fit. */
  onCallback(m) {
    const ctx = this.fits.get(m.id);
    const reply = (error) => {
      if (m.wait) this.send({ type: 'cbReply', seq: m.seq, error });
    };
    if (!ctx || ctx.error) return reply(true);
    const obj = ctx.callbacks[m.index];
    // A failed batch callback is reported at the slice's sync, which stops the fit.
    const fail = (e) => {
      ctx.error ??= e ?? new Error(`fit: callback ${m.name} failed`);
      if (m.wait) reply(true);
    };
    try {
      const r = obj[m.name].apply(obj, m.args);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        const p = Promise.resolve(r).then(() => reply(false), fail);
        if (!m.wait) ctx.running.push(p);
      } else reply(false);
    } catch (e) {
      fail(e);
    }
  }
}

/** Node's options for the worker: this process', less code given with -e/-p and --input-type. */
function workerExecArgv(argv) {
  const out = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--input-type' || ['-e', '--eval', '-p', '--print', '-pe'].includes(a)) i++;
    else if (!/^--(input-type|eval|print)=/.test(a)) out.push(a);
  }
  return out;
}

async function nodeWorkerEndpoint(url) {
  const { Worker } = await import('node:worker_threads');
  // A worker takes this process' Node options, but code given on the
  // command line (node --input-type=module -e '…') would make it fail to
  // start: then it gets the others, or none if Node refuses them (V8
  // options apply to the whole process anyway).
  let w;
  const argv = workerExecArgv(process.execArgv);
  if (argv.length === process.execArgv.length) w = new Worker(url);
  else {
    try {
      w = new Worker(url, { execArgv: argv });
    } catch {
      w = new Worker(url, { execArgv: [] });
    }
  }
  let onErr = () => {};
  w.on('error', (e) => onErr(e));
  w.on('exit', (code) => onErr(new Error(`the worker exited (code ${code})`)));
  return {
    post: (m) => w.postMessage(m),
    listen: (f) => w.on('message', f),
    onError: (f) => (onErr = f),
    busy: () => w.ref(),
    idle: () => w.unref(),
    terminate: () => w.terminate(),
  };
}

function browserWorkerEndpoint(url) {
  // The default worker is named in the literal form bundlers look for
  // (new Worker(new URL('…', import.meta.url), { type: 'module' })), so that
  // Vite bundles gotrain-worker.js with its imports and load({ worker: true })
  // needs no workerURL; a workerURL given to load is used as it is.
  const w =
    String(url) === libraryURL('gotrain-worker.js').href
      ? new Worker(new URL('../gotrain-worker.js', import.meta.url), { type: 'module', name: 'gotrain' })
      : new Worker(url, { type: 'module', name: 'gotrain' });
  let onErr = () => {};
  w.addEventListener('error', (e) => onErr(e.message ? e : new Error('error in gotrain-worker.js')));
  w.addEventListener('messageerror', () => onErr(new Error('a message could not be deserialized')));
  return {
    post: (m) => w.postMessage(m),
    listen: (f) => w.addEventListener('message', (e) => f(e.data)),
    onError: (f) => (onErr = f),
    busy: () => {},
    idle: () => {},
    terminate: () => w.terminate(),
  };
}

/**
 * Starts the worker at workerURL and gotrain in it (init: the init message's
 * fields, or a Promise of them); resolves to the transport and the worker's
 * 'ready' message ({ version, backend, layerKinds, optimizerKinds }).
 */
export async function startWorker(workerURL, init) {
  const ep = isNode ? await nodeWorkerEndpoint(workerURL) : browserWorkerEndpoint(workerURL);
  ep.busy();
  let info;
  try {
    info = await new Promise((resolve, reject) => {
      ep.onError((e) => reject(new Error(`load: the gotrain worker failed: ${e?.message ?? e}`)));
      ep.listen((m) => {
        if (m.type === 'ready') resolve(m);
        else if (m.type === 'initError') reject(new Error(m.message));
      });
      // Sent at once: a worker's messages wait for its listener (browsers and
      // Node alike), so the worker starts gotrain as soon as its modules are
      // in, without a round trip to a thread that may be busy starting
      // another worker.
      Promise.resolve(init).then((o) => {
        try {
          ep.post({ type: 'init', ...o });
        } catch {
          // An engine that cannot send a WebAssembly.Module to a worker:
          // the worker compiles from wasmURL itself.
          ep.post({ type: 'init', ...o, module: undefined, kernelModule: undefined });
        }
      }).catch(() => {}); // a worker that cannot take it fails through onError
    });
  } catch (e) {
    ep.onError(() => {});
    await ep.terminate();
    throw e;
  }
  const transport = new WorkerTransport(ep);
  ep.idle();
  return { transport, info };
}
