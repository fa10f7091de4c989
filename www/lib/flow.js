// flow.js: one body of code for both modes. In main-thread mode a call
// into Go returns its value; in worker mode it returns a Promise of it. An
// API method is written once, as a generator function that `yield`s each
// transport answer (and each nested API call) and gets the value back:
//
//   predict(x) {
//     return flow(this._t.async, function* () {
//       const m = toMatrix('predict', 'x', x);           // may throw
//       return revive(yield this._t.call('predict', this._h, m));
//     }, this);
//   }
//
// flow runs it to the end at once when async is false (returning its value
// or throwing), and as an async function would when async is true (a
// Promise: a check that fails rejects it, and it runs synchronously up to
// the first answer it waits for). try/catch around a yield works in both.

/**
 * @param {boolean} async worker mode
 * @param {() => Generator} body a generator function
 * @param {object} [self] this for body
 */
export function flow(async, body, self) {
  const it = body.call(self);
  if (!async) {
    let r = it.next();
    while (!r.done) r = it.next(r.value);
    return r.value;
  }
  return new Promise((resolve, reject) => {
    const step = (method, arg) => {
      let r;
      try {
        r = it[method](arg);
      } catch (e) {
        reject(e);
        return;
      }
      if (r.done) resolve(r.value);
      else Promise.resolve(r.value).then((v) => step('next', v), (e) => step('throw', e));
    };
    step('next');
  });
}

/** Whether v is a promise (or another thenable). */
export function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}
