// The math panel's numbers against the API, shared by page_math.test.mjs
// and page_math_update.test.mjs: the panel's numbers by data-q (documented
// in www/app/mathpanel.js), the page's model downloaded as JSON, and the
// same model traced again in the test page (gotrain.js loaded on its own).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseNum } from './page_helpers.mjs';

export async function downloadModel(page) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download model (gotrain JSON)' }).click()]);
  return readFileSync(await dl.path(), 'utf8');
}

/** Displayed numbers: [data-q, text] for every number of the math panel. */
export async function shown(page) {
  return page.locator('.math-body').evaluate((body) => ({
    example: Number(body.dataset.example),
    step: Number(body.dataset.step),
    numbers: [...body.querySelectorAll('[data-q]')].map((e) => [e.dataset.q, e.textContent]),
  }));
}

/**
 * In the test page: loads gotrain.js on its own, rebuilds the data as the
 * page does (same generator, split and seed), loads the model JSON and
 * traces the example; returns the value for each data-q.
 */
export async function traceValues(page, json, example, qs, steps = 0) {
  return page.evaluate(
    async ({ json, example, qs, steps }) => {
      const { load } = await import('/gotrain.js');
      const gt = await load();
      const ds = gt.data.builtin('circle', { n: 300, noise: 0.05, seed: 3 });
      // As the page splits: the test data first, then validation data from the rest.
      const [rest] = gt.data.split(ds, { testFraction: 0.3, seed: 3, stratify: true });
      const [train] = gt.data.split(rest, { testFraction: 0.2, seed: 3, stratify: true });
      const c = train.x.shape[1];
      const x = Array.from(train.x.data.slice(example * c, (example + 1) * c));
      const y = [train.y.data[example]];
      const m = gt.modelFromJSON(json);
      for (let k = 0; k < steps; k++) m.trainOnBatch([x], [y]);
      const tr = m.trace(x, y);
      const pick = (v, idx) => {
        if (v == null) return null;
        const data = v.data ?? v;
        if (idx.length === 2) return data[idx[0] * v.shape[1] + idx[1]];
        return data[idx[0]];
      };
      const out = {};
      for (const q of qs) {
        const [name, layer, ...idx] = q.split(':');
        const ix = idx.map(Number);
        if (name === 'loss') out[q] = tr.loss;
        else if (name === 'penalty') out[q] = tr.penalty;
        else if (name === 'mean' || name === 'variance') out[q] = m.getConfig().layers[Number(layer)][name][ix[0]]; // the normalization's statistics: getConfig
        else if (name === 'step') out[q] = tr.optimizer.step;
        else if (name === 't') out[q] = tr.optimizer.step + 1;
        else if (name === 'dataLoss' || name === 'rows') out[q] = tr[name];
        else if (name === 'biasCorrection1' || name === 'biasCorrection2') out[q] = tr.optimizer[name];
        else if (name.startsWith('stateW.')) out[q] = pick(tr.layers[layer].stateW?.[name.slice(7)], ix);
        // updateW.FIELD, updateW.newState.SLOT, updateB.…: a path into the layer's trace
        else if (name.startsWith('updateW.') || name.startsWith('updateB.')) out[q] = pick(name.split('.').reduce((v, k) => v?.[k], tr.layers[Number(layer)]), ix);
        else out[q] = pick(tr.layers[Number(layer)][name], ix);
      }
      m.dispose();
      return out;
    },
    { json, example, qs, steps },
  );
}

export const OPTIMIZER_Q = /^(deltaW|deltaB|stateW\.\w+|stateB\.\w+|update[WB]\.[\w.]+|biasCorrection[12]|step|t)$/;

export const qsOf = (shownNumbers) => [...new Set(shownNumbers.numbers.map(([q]) => q))];

export function compare(numbers, values, { optimizer = true } = {}) {
  const kinds = new Set();
  for (const [q, text] of numbers) {
    if (!optimizer && OPTIMIZER_Q.test(q.split(':')[0])) continue;
    const want = values[q];
    const got = parseNum(text);
    assert.ok(typeof want === 'number', `${q}: no such value in the trace`);
    const tol = Math.abs(want) * 6e-4 + 1e-300;
    assert.ok(Math.abs(got - want) <= tol, `${q}: page shows ${text}, trace has ${want}`);
    kinds.add(q.split(':')[0]);
  }
  return kinds;
}
