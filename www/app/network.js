// network.js: the network as an SVG diagram, like TF Playground's nn.ts
// view: one column per layer (inputs, then each dense layer), neurons as
// boxes (holding a small heatmap of the neuron's output over the input plane
// when the data is 2-D), weights as links whose colour shows the sign (blue
// positive, orange negative) and whose thickness shows the size. Units
// that dropout drops in a training step (the math panel's trace) are
// crossed out and dimmed, with their outgoing links, and a legend line
// under the diagram names them all.
// Takes plain arrays; never a model.

import { weightStyle } from './colors.js';
import { num } from './format.js';
import { fillRGBA } from './heatmap.js';

const NS = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

/**
 * Which units of a column are drawn: all up to max, else the first max-1
 * (the rest are summarised by a "+N" marker). Layout only.
 */
export function shownUnits(units, max) {
  const k = units <= max ? units : max - 1;
  return Array.from({ length: k }, (_, i) => i);
}

/**
 * The width a side label needs (SVG units at the labels' 9.5px font): a
 * generous per-character estimate, so that the room made for it is enough
 * before the text has been laid out. Layout only.
 */
export function labelWidth(labels) {
  let n = 0;
  for (const t of labels) n = Math.max(n, String(t).length);
  return Math.ceil(n * 6.2);
}

/** Largest |w| over the drawn links, the scale for link thickness. */
export function weightScale(weights, columns, max) {
  let s = 0;
  weights.forEach((w, c) => {
    if (!w) return;
    const ins = shownUnits(columns[c].units, max);
    const outs = shownUnits(columns[c + 1].units, max);
    const cols = w.shape[1];
    for (const i of ins) for (const j of outs) s = Math.max(s, Math.abs(w.data[i * cols + j]));
  });
  return s;
}

/**
 * Creates the diagram inside svg. onSelect({col, unit, input?}) is called
 * when a neuron (col ≥ 1) or a link is clicked, or a neuron is chosen with
 * Enter/Space.
 */
export function createNetwork(svg, { onSelect = () => {}, maxNodes = 10 } = {}) {
  let key = '';
  let legend = null; // the dropped units' legend line, made when first needed
  let nodes = []; // nodes[col][k] = { g, img, unit }
  let links = []; // links[col] = [{ line, i, j }]
  let layout = null;

  /** Makes neuron k of column c the diagram's one tab stop. */
  function rove(c, k) {
    for (let cc = 1; cc < nodes.length; cc++) for (const n of nodes[cc] ?? []) n.g.setAttribute('tabindex', '-1');
    nodes[c]?.[k]?.g.setAttribute('tabindex', '0');
  }

  function build(columns) {
    svg.replaceChildren();
    nodes = [];
    links = [];
    const node = 30;
    const gapY = 12;
    const colW = 96;
    const top = 30;
    const rows = Math.max(...columns.map((c) => shownUnits(c.units, maxNodes).length + (c.units > maxNodes ? 1 : 0)));
    const height = top + rows * (node + gapY) + 4;
    // Room for the names beside the inputs (left) and the outputs (right),
    // so that none is cut at the diagram's edge.
    const side = (col) => (col ? labelWidth(shownUnits(col.units, maxNodes).map((u) => col.labels?.[u] ?? '')) : 0);
    const left = Math.max(0, side(columns[0]) + 6 - (colW - node) / 2);
    const right = columns.length > 1 ? Math.max(0, side(columns.at(-1)) + 6 - (colW - node) / 2) : 0;
    const width = Math.max(columns.length, 2) * colW;
    // A small network is drawn at the scale of a four-column one, centred,
    // rather than blown up to the panel's width.
    const pad = Math.max(0, (4 * colW - (width + left + right)) / 2);
    svg.setAttribute('viewBox', `${-left - pad} 0 ${width + left + right + 2 * pad} ${height}`);
    svg.setAttribute('preserveAspectRatio', 'xMidYMin meet');
    layout = { node, gapY, colW, top, width, height, left, right };
    const cx = (c) => c * colW + colW / 2;
    const cy = (c, k) => {
      const n = shownUnits(columns[c].units, maxNodes).length + (columns[c].units > maxNodes ? 1 : 0);
      const offset = ((rows - n) * (node + gapY)) / 2;
      return top + offset + k * (node + gapY) + node / 2;
    };

    const linkLayer = el('g', { class: 'nn-links', 'aria-hidden': 'true' }, svg);
    const nodeLayer = el('g', { class: 'nn-nodes' }, svg);

    columns.forEach((col, c) => {
      const title = el('text', { x: cx(c), y: 14, class: 'nn-title', 'text-anchor': 'middle' }, svg);
      title.textContent = col.title;
      if (col.subtitle) {
        const st = el('text', { x: cx(c), y: 25, class: 'nn-subtitle', 'text-anchor': 'middle' }, svg);
        st.textContent = col.subtitle;
      }
      const shown = shownUnits(col.units, maxNodes);
      nodes[c] = shown.map((u, k) => {
        const g = el('g', { class: 'nn-node', transform: `translate(${cx(c) - node / 2},${cy(c, k) - node / 2})` }, nodeLayer);
        const rect = el('rect', { width: node, height: node, rx: 4, class: 'nn-box' }, g);
        // The heatmap: an HTML canvas in a foreignObject (placed by SVG
        // attributes; drawing it is a putImageData, no image encoding).
        const fo = el('foreignObject', { x: 1, y: 1, width: node - 2, height: node - 2, class: 'nn-fo' }, g);
        const img = document.createElement('canvas');
        img.className = 'nn-heat';
        img.setAttribute('aria-hidden', 'true');
        fo.append(img);
        fo.setAttribute('visibility', 'hidden');
        // The cross of a unit dropout drops (shown by update's dropped).
        const cross = el('path', { d: `M3,3 L${node - 3},${node - 3} M${node - 3},3 L3,${node - 3}`, class: 'nn-cross', stroke: '#b3261e', 'stroke-width': 2.5, 'stroke-linecap': 'round', fill: 'none', visibility: 'hidden', 'aria-hidden': 'true' }, g);
        // Inputs are named on their left and outputs on their right, as in
        // TF Playground; hidden neurons carry their number inside.
        const side = c === 0 ? 'in' : c === columns.length - 1 && columns.length > 1 ? 'out' : 'mid';
        const lbl = el('text', side === 'in'
          ? { x: -4, y: node / 2 + 3, 'text-anchor': 'end', class: 'nn-label nn-side' }
          : side === 'out'
            ? { x: node + 4, y: node / 2 + 3, 'text-anchor': 'start', class: 'nn-label nn-side' }
            : { x: node / 2, y: node / 2 + 4, 'text-anchor': 'middle', class: 'nn-label' }, g);
        lbl.textContent = col.labels?.[u] ?? '';
        if (c > 0) {
          // One tab stop for the whole diagram (a roving tabindex): the
          // arrow keys move between neurons, Enter or Space selects one.
          g.setAttribute('tabindex', '-1');
          g.setAttribute('role', 'button');
          g.setAttribute('aria-label', `${col.name}, neuron ${u + 1}`);
          const pick = () => onSelect({ col: c, unit: u });
          g.addEventListener('click', pick);
          g.addEventListener('focus', () => rove(c, k));
          g.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              pick();
              return;
            }
            const to = { ArrowUp: [c, k - 1], ArrowDown: [c, k + 1], ArrowLeft: [c - 1, k], ArrowRight: [c + 1, k], Home: [1, 0], End: [nodes.length - 1, 0] }[e.key];
            if (!to) return;
            e.preventDefault();
            const tc = Math.max(1, Math.min(nodes.length - 1, to[0]));
            const tk = Math.max(0, Math.min(nodes[tc].length - 1, to[1]));
            nodes[tc][tk].g.focus();
          });
        } else {
          const t = el('title', {}, g);
          t.textContent = col.labels?.[u] ?? `input ${u + 1}`;
        }
        return { g, rect, fo, img, lbl, cross, unit: u, x: cx(c), y: cy(c, k), name: `${col.name}, neuron ${u + 1}` };
      });
      if (col.units > maxNodes) {
        const more = el('text', { x: cx(c), y: cy(c, shown.length) + 4, 'text-anchor': 'middle', class: 'nn-more' }, nodeLayer);
        more.textContent = `+${col.units - shown.length}`;
      }
    });

    rove(1, 0);

    // Links between drawn nodes of adjacent columns, drawn as curves (Playground style).
    for (let c = 0; c + 1 < columns.length; c++) {
      links[c] = [];
      for (const a of nodes[c]) {
        for (const b of nodes[c + 1]) {
          const x1 = a.x + node / 2;
          const x2 = b.x - node / 2;
          const mid = (x1 + x2) / 2;
          const d = `M${x1},${a.y} C${mid},${a.y} ${mid},${b.y} ${x2},${b.y}`;
          const hit = el('path', { d, class: 'nn-hit' }, linkLayer);
          const line = el('path', { d, class: 'nn-link' }, linkLayer);
          const tip = el('title', {}, hit);
          const sel = { col: c + 1, unit: b.unit, input: a.unit };
          hit.addEventListener('click', () => onSelect(sel));
          links[c].push({ line, hit, tip, i: a.unit, j: b.unit });
        }
      }
    }
  }

  /**
   * @param {object} o
   * @param {{name:string, title:string, subtitle?:string, units:number, labels?:string[]}[]} o.columns
   * @param {({data:ArrayLike<number>, shape:[number, number]}|null)[]} o.weights kernel from column c to c+1
   * @param {({values: ArrayLike<number>, n: number, colorOf: (v:number) => number[]}|null)[][]} [o.images]
   *   per column, per unit: an n×n heatmap of the unit's output over the input plane
   * @param {{col:number, unit:number, input?:number}|null} [o.selection]
   * @param {{units: (number[]|null)[], legend: string}|null} [o.dropped] per column, the units
   *   (from 0) dropout drops in the trace shown, or null (no dropout after that column); legend
   *   says which step and names them. Null: nothing is marked.
   */
  function update(o) {
    const k = JSON.stringify(o.columns.map((c) => [c.name, c.title, c.subtitle, c.units, c.labels?.slice(0, maxNodes)]));
    if (k !== key) {
      build(o.columns);
      key = k;
    }
    const scale = weightScale(o.weights || [], o.columns, maxNodes);
    links.forEach((ls, c) => {
      const w = o.weights?.[c];
      for (const l of ls) {
        if (!w) {
          l.line.setAttribute('stroke', '#c4c9cf');
          l.line.setAttribute('stroke-width', '0.6');
          continue;
        }
        const v = w.data[l.i * w.shape[1] + l.j];
        const st = weightStyle(v, scale);
        l.line.setAttribute('stroke', st.color);
        l.line.setAttribute('stroke-width', st.width.toFixed(2));
        // A dropped unit's output is 0 in this step: its links carry nothing.
        const off = !!o.dropped?.units[c]?.includes(l.i);
        l.line.setAttribute('stroke-opacity', (off ? st.opacity * 0.2 : st.opacity).toFixed(2));
        l.tip.textContent = `weight from ${o.columns[c].labels?.[l.i] ?? `unit ${l.i + 1}`} to ${o.columns[c + 1].name} neuron ${l.j + 1}: ${num(v)}`;
        const sel = o.selection;
        const on = sel && sel.col === c + 1 && sel.unit === l.j && (sel.input === undefined || sel.input === l.i);
        l.line.classList.toggle('selected', !!on && sel.input !== undefined);
      }
    });
    nodes.forEach((col, c) => {
      for (const n of col) {
        const hm = o.images?.[c]?.[n.unit];
        if (hm) {
          if (n.img.width !== hm.n) n.img.width = n.img.height = hm.n;
          const ctx = n.img.getContext('2d');
          const img = ctx.createImageData(hm.n, hm.n);
          fillRGBA(hm.values, hm.n, hm.colorOf, img.data);
          ctx.putImageData(img, 0, 0);
          n.fo.setAttribute('visibility', 'visible');
          n.lbl.setAttribute('visibility', n.lbl.classList.contains('nn-side') ? 'visible' : 'hidden');
        } else {
          n.fo.setAttribute('visibility', 'hidden');
          n.lbl.setAttribute('visibility', 'visible');
        }
        const dropped = !!o.dropped?.units[c]?.includes(n.unit);
        n.cross.setAttribute('visibility', dropped ? 'visible' : 'hidden');
        n.g.setAttribute('opacity', dropped ? '0.45' : '1');
        n.g.toggleAttribute('data-dropped', dropped);
        if (c > 0) n.g.setAttribute('aria-label', dropped ? `${n.name}, dropped by dropout in this training step` : n.name);
        const sel = o.selection;
        const on = !!sel && sel.col === c && sel.unit === n.unit;
        n.g.classList.toggle('selected', on);
        if (c > 0) n.g.setAttribute('aria-pressed', String(on));
        if (on && !svg.contains(svg.getRootNode().activeElement)) rove(c, col.indexOf(n));
      }
    });
    showLegend(o.dropped?.legend);
  }

  /** The legend line under the diagram: a crossed box and the text, or nothing. */
  function showLegend(text) {
    if (!text && !legend) return;
    if (!legend) {
      legend = document.createElement('p');
      legend.className = 'legend-weights legend-dropped';
      const box = document.createElementNS(NS, 'svg');
      box.setAttribute('viewBox', '0 0 14 14');
      box.setAttribute('width', '14');
      box.setAttribute('height', '14');
      box.setAttribute('aria-hidden', 'true');
      el('rect', { x: 0.5, y: 0.5, width: 13, height: 13, rx: 2, fill: '#fff', stroke: '#9aa0a6', opacity: 0.6 }, box);
      el('path', { d: 'M3,3 L11,11 M11,3 L3,11', stroke: '#b3261e', 'stroke-width': 2, 'stroke-linecap': 'round' }, box);
      legend.append(box, document.createElement('span'));
      (svg.parentElement ?? svg).after(legend);
    }
    legend.hidden = !text;
    legend.lastChild.textContent = text ? ` ${text}` : '';
  }

  return { update, get layout() { return layout; } };
}
