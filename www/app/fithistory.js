// fithistory.js: the training curves as model.fit reports them. The page
// keeps no loss history of its own: every press of Play runs one fit, and
// the History it resolves with holds that run's epochs; while a fit runs,
// the epochs its onEpochEnd callback has reported stand in for the History
// still to come. The curves are the runs so far, joined in order.
// Pure: no DOM, no API; tested by build/test/page_units.test.mjs.
//
//   const h = new FitHistory();
//   h.begin();                          // a fit starts
//   h.epoch(logs);                      // from its onEpochEnd(epoch, logs)
//   h.end(await fitPromise);            // its History { history: { loss: [...] } }
//   h.series('loss'); h.last('val_accuracy'); h.epochs;

/** Keras and TF.js name accuracy either way; the page reads one name. */
const ALIAS = { acc: 'accuracy', val_acc: 'val_accuracy' };

export class FitHistory {
  constructor() {
    this.clear();
  }

  /** Forgets every run (a new model). */
  clear() {
    /** @type {Array<{length: number, columns: Record<string, number[]>}>} the finished fits */
    this.runs = [];
    /** @type {Array<Record<string, number>>|null} the running fit's reported epochs */
    this.live = null;
  }

  /** A fit starts; its epochs arrive through epoch(). */
  begin() {
    this.live = [];
  }

  /** One epoch's logs, as onEpochEnd(epoch, logs) gives them. */
  epoch(logs) {
    if (!this.live) this.begin();
    const row = {};
    for (const [k, v] of Object.entries(logs || {})) row[ALIAS[k] ?? k] = Number(v);
    this.live.push(row);
  }

  /**
   * The fit is over. With its History the run is what fit says it trained;
   * without one (the fit failed) the epochs its callback reported are kept.
   */
  end(history) {
    const cols = history?.history;
    if (cols && typeof cols === 'object') {
      const columns = {};
      let length = 0;
      for (const [k, v] of Object.entries(cols)) {
        columns[ALIAS[k] ?? k] = Array.from(v, Number);
        length = Math.max(length, v.length);
      }
      if (length || !this.live?.length) this.runs.push({ length, columns });
      else this.runs.push(columnsOf(this.live));
    } else if (this.live?.length) {
      this.runs.push(columnsOf(this.live));
    }
    this.live = null;
  }

  /** Epochs trained in all runs, the running one's reported epochs included. */
  get epochs() {
    let n = this.live?.length ?? 0;
    for (const r of this.runs) n += r.length;
    return n;
  }

  /** One quantity ('loss', 'val_loss', 'accuracy', …) per epoch, runs joined; NaN where a run lacks it. */
  series(name) {
    const out = [];
    for (const r of this.runs) {
      const v = r.columns[name];
      for (let i = 0; i < r.length; i++) out.push(v && i < v.length ? v[i] : NaN);
    }
    if (this.live) {
      for (const logs of this.live) out.push(logs[name] ?? NaN);
    }
    return out;
  }

  /** The last epoch's value of name, or undefined before the first epoch. */
  last(name) {
    if (this.live?.length) return this.live[this.live.length - 1][name] ?? NaN;
    for (let k = this.runs.length - 1; k >= 0; k--) {
      const r = this.runs[k];
      if (r.length) return r.columns[name]?.[r.length - 1] ?? NaN;
    }
    return undefined;
  }
}

function columnsOf(epochs) {
  const columns = {};
  epochs.forEach((logs, i) => {
    for (const [k, v] of Object.entries(logs)) (columns[k] ??= new Array(epochs.length).fill(NaN))[i] = v;
  });
  return { length: epochs.length, columns };
}
