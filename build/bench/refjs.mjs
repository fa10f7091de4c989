// The benchmark's hand-written JavaScript reference: build/bench/refgo/mlp.go
// line for line on Float64Arrays (ReLU hidden layers, sigmoid + binary
// cross-entropy or softmax + categorical cross-entropy, Adam, shuffled
// mini-batches, Glorot-uniform init, four rows at a time in i-k-j loops).
// Same PRNG (mulberry32) as the Go loop, so both start from the same weights
// and visit rows in the same order. Runs in Node and in the browser.
//
//   import { MLP } from './refjs.mjs';
//   const m = new MLP([2, 64, 64, 1], 32, 0.01, seed);
//   m.fit(x, y, n, epochs);          // x: n×in, y: n×out targets (Float64Array)
//   m.accuracy(x, labels);           // labels: class indices

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-7;

export class MLP {
  constructor(sizes, batch, lr, seed) {
    this.s = seed >>> 0;
    this.out = sizes[sizes.length - 1];
    this.nIn = sizes[0];
    this.batch = batch;
    this.lr = lr;
    this.step = 0;
    this.layers = [];
    for (let i = 1; i < sizes.length; i++) {
      const nin = sizes[i - 1];
      const nout = sizes[i];
      const l = {
        in: nin, out: nout,
        w: new Float64Array(nin * nout), b: new Float64Array(nout),
        gw: new Float64Array(nin * nout), gb: new Float64Array(nout),
        mw: new Float64Array(nin * nout), vw: new Float64Array(nin * nout),
        mb: new Float64Array(nout), vb: new Float64Array(nout),
        a: new Float64Array(batch * nout), d: new Float64Array(batch * nout),
      };
      const limit = Math.sqrt(6 / (nin + nout));
      for (let j = 0; j < l.w.length; j++) l.w[j] = (2 * this.rand() - 1) * limit;
      this.layers.push(l);
    }
    this.xb = new Float64Array(batch * sizes[0]);
    this.yb = new Float64Array(batch * this.out);
    this.idx = null;
    this.loss = 0;
    this.correct = 0;
  }

  // mulberry32, as in mlp.go.
  rand() {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // z = a·w + b for rows rows; a starts at offset aOff.
  static affine(a, aOff, rows, nin, w, b, nout, z) {
    let i = 0;
    for (; i + 4 <= rows; i += 4) {
      const z0 = i * nout, z1 = z0 + nout, z2 = z1 + nout, z3 = z2 + nout;
      for (let j = 0; j < nout; j++) {
        const bj = b[j];
        z[z0 + j] = bj; z[z1 + j] = bj; z[z2 + j] = bj; z[z3 + j] = bj;
      }
      const a0 = aOff + i * nin, a1 = a0 + nin, a2 = a1 + nin, a3 = a2 + nin;
      for (let k = 0; k < nin; k++) {
        const wk = k * nout;
        const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
        for (let j = 0; j < nout; j++) {
          const wv = w[wk + j];
          z[z0 + j] += x0 * wv;
          z[z1 + j] += x1 * wv;
          z[z2 + j] += x2 * wv;
          z[z3 + j] += x3 * wv;
        }
      }
    }
    for (; i < rows; i++) {
      const zi = i * nout;
      for (let j = 0; j < nout; j++) z[zi + j] = b[j];
      const ai = aOff + i * nin;
      for (let k = 0; k < nin; k++) {
        const x = a[ai + k];
        const wk = k * nout;
        for (let j = 0; j < nout; j++) z[zi + j] += x * w[wk + j];
      }
    }
  }

  forward(x, xOff, rows) {
    let a = x, aOff = xOff, nin = this.nIn;
    const L = this.layers.length;
    for (let li = 0; li < L; li++) {
      const l = this.layers[li];
      const z = l.a;
      const len = rows * l.out;
      MLP.affine(a, aOff, rows, nin, l.w, l.b, l.out, z);
      if (li < L - 1) {
        for (let j = 0; j < len; j++) if (z[j] < 0) z[j] = 0;
      } else if (l.out === 1) {
        for (let j = 0; j < len; j++) z[j] = 1 / (1 + Math.exp(-z[j]));
      } else {
        const k = l.out;
        for (let r = 0; r < rows; r++) {
          const o = r * k;
          let mx = z[o];
          for (let j = 1; j < k; j++) if (z[o + j] > mx) mx = z[o + j];
          let s = 0;
          for (let j = 0; j < k; j++) {
            const e = Math.exp(z[o + j] - mx);
            z[o + j] = e;
            s += e;
          }
          const inv = 1 / s;
          for (let j = 0; j < k; j++) z[o + j] *= inv;
        }
      }
      a = z; aOff = 0; nin = l.out;
    }
    return a;
  }

  backward(rows) {
    const L = this.layers.length;
    const last = this.layers[L - 1];
    const inv = 1 / rows;
    {
      const p = last.a, y = this.yb, d = last.d, len = rows * this.out;
      for (let j = 0; j < len; j++) d[j] = (p[j] - y[j]) * inv;
    }
    for (let li = L - 1; li >= 0; li--) {
      const l = this.layers[li];
      const a = li === 0 ? this.xb : this.layers[li - 1].a;
      const nin = l.in, nout = l.out, d = l.d, gw = l.gw, gb = l.gb;
      gw.fill(0);
      gb.fill(0);
      let i = 0;
      for (; i + 4 <= rows; i += 4) {
        const d0 = i * nout, d1 = d0 + nout, d2 = d1 + nout, d3 = d2 + nout;
        const a0 = i * nin, a1 = a0 + nin, a2 = a1 + nin, a3 = a2 + nin;
        for (let k = 0; k < nin; k++) {
          const gk = k * nout;
          const x0 = a[a0 + k], x1 = a[a1 + k], x2 = a[a2 + k], x3 = a[a3 + k];
          for (let j = 0; j < nout; j++) {
            gw[gk + j] += x0 * d[d0 + j] + x1 * d[d1 + j] + x2 * d[d2 + j] + x3 * d[d3 + j];
          }
        }
        for (let j = 0; j < nout; j++) gb[j] += d[d0 + j] + d[d1 + j] + d[d2 + j] + d[d3 + j];
      }
      for (; i < rows; i++) {
        const di = i * nout, ai = i * nin;
        for (let k = 0; k < nin; k++) {
          const x = a[ai + k], gk = k * nout;
          for (let j = 0; j < nout; j++) gw[gk + j] += x * d[di + j];
        }
        for (let j = 0; j < nout; j++) gb[j] += d[di + j];
      }
      if (li === 0) break;
      const dp = this.layers[li - 1].d;
      const w = l.w;
      i = 0;
      for (; i + 4 <= rows; i += 4) {
        const d0 = i * nout, d1 = d0 + nout, d2 = d1 + nout, d3 = d2 + nout;
        for (let k = 0; k < nin; k++) {
          const wk = k * nout;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let j = 0; j < nout; j++) {
            const wv = w[wk + j];
            s0 += d[d0 + j] * wv;
            s1 += d[d1 + j] * wv;
            s2 += d[d2 + j] * wv;
            s3 += d[d3 + j] * wv;
          }
          dp[i * nin + k] = s0; dp[(i + 1) * nin + k] = s1;
          dp[(i + 2) * nin + k] = s2; dp[(i + 3) * nin + k] = s3;
        }
      }
      for (; i < rows; i++) {
        const di = i * nout;
        for (let k = 0; k < nin; k++) {
          const wk = k * nout;
          let s = 0;
          for (let j = 0; j < nout; j++) s += d[di + j] * w[wk + j];
          dp[i * nin + k] = s;
        }
      }
      const len = rows * nin;
      for (let j = 0; j < len; j++) if (a[j] <= 0) dp[j] = 0;
    }
  }

  static adam(p, g, m, v, lrT) {
    for (let j = 0; j < p.length; j++) {
      const gj = g[j];
      const mj = BETA1 * m[j] + (1 - BETA1) * gj;
      const vj = BETA2 * v[j] + (1 - BETA2) * gj * gj;
      m[j] = mj; v[j] = vj;
      p[j] -= (lrT * mj) / (Math.sqrt(vj) + EPS);
    }
  }

  update() {
    this.step++;
    const t = this.step;
    const lrT = (this.lr * Math.sqrt(1 - Math.pow(BETA2, t))) / (1 - Math.pow(BETA1, t));
    for (const l of this.layers) {
      MLP.adam(l.w, l.gw, l.mw, l.vw, lrT);
      MLP.adam(l.b, l.gb, l.mb, l.vb, lrT);
    }
  }

  // Returns [loss sum, correct] of the batch just forwarded.
  score(rows) {
    const p = this.layers[this.layers.length - 1].a, y = this.yb, k = this.out;
    let loss = 0, correct = 0;
    for (let r = 0; r < rows; r++) {
      if (k === 1) {
        const pr = Math.min(Math.max(p[r], EPS), 1 - EPS), yr = y[r];
        loss -= yr * Math.log(pr) + (1 - yr) * Math.log(1 - pr);
        if ((pr >= 0.5) === (yr >= 0.5)) correct++;
        continue;
      }
      const o = r * k;
      let best = 0, label = 0;
      for (let j = 0; j < k; j++) {
        if (p[o + j] > p[o + best]) best = j;
        if (y[o + j] > y[o + label]) label = j;
      }
      loss -= Math.log(Math.min(Math.max(p[o + label], EPS), 1 - EPS));
      if (best === label) correct++;
    }
    return [loss, correct];
  }

  fit(x, y, n, epochs) {
    const nin = this.nIn, k = this.out, B = this.batch;
    if (!this.idx || this.idx.length !== n) this.idx = new Int32Array(n);
    const idx = this.idx;
    for (let i = 0; i < n; i++) idx[i] = i;
    for (let e = 0; e < epochs; e++) {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(this.rand() * (i + 1));
        const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
      }
      let loss = 0, correct = 0;
      for (let lo = 0; lo < n; lo += B) {
        const rows = Math.min(B, n - lo);
        for (let r = 0; r < rows; r++) {
          const src = idx[lo + r];
          this.xb.set(x.subarray(src * nin, src * nin + nin), r * nin);
          this.yb.set(y.subarray(src * k, src * k + k), r * k);
        }
        this.forward(this.xb, 0, rows);
        const [l, c] = this.score(rows);
        loss += l; correct += c;
        this.backward(rows);
        this.update();
      }
      this.loss = loss / n;
      this.correct = correct;
    }
    return this.loss;
  }

  accuracy(x, labels) {
    const n = labels.length, B = this.batch, k = this.out;
    let correct = 0;
    for (let lo = 0; lo < n; lo += B) {
      const rows = Math.min(B, n - lo);
      const p = this.forward(x, lo * this.nIn, rows);
      for (let r = 0; r < rows; r++) {
        let pred = 0;
        if (k === 1) pred = p[r] >= 0.5 ? 1 : 0;
        else for (let j = 1; j < k; j++) if (p[r * k + j] > p[r * k + pred]) pred = j;
        if (pred === labels[lo + r]) correct++;
      }
    }
    return correct / n;
  }
}
