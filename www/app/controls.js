// controls.js: the small builders of the playground's controls (a labelled
// field, a select, a number input and a range for a state key, a panel
// section, an icon) and the hidden-layer editor. Every control gets a
// label (its accessible name); text is set with textContent only.

import { h, newId } from './dom.js';
import { SCHEMA, ACTIVATIONS, MAX_LAYERS, MAX_UNITS } from './state.js';

/** A 24×24 SVG icon from one path (decorative: the button has the name). */
export function icon(d) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  return svg;
}

export function field(label, control, { hint, cls = '' } = {}) {
  const id = control.id || newId('f');
  control.id = id;
  return h('div', { class: `field ${cls}` }, h('label', { for: id, text: label }), control, hint ? h('span', { class: 'hint', text: hint }) : null);
}

export function select(name, values, labels = {}) {
  return h('select', { name }, ...values.map((v) => h('option', { value: v, text: labels[v] ?? v })));
}

export function numberInput(key, extra = {}) {
  const s = SCHEMA[key];
  return h('input', { type: 'number', name: key, min: s.min, max: s.max, step: extra.step ?? 'any', inputmode: 'decimal', ...extra });
}

export function range(key) {
  const s = SCHEMA[key];
  return h('input', { type: 'range', name: key, min: s.min, max: s.max, step: s.step });
}

export function section(name, title, ...kids) {
  const id = newId('h');
  return h('section', { class: `panel panel-${name}`, 'data-panel': name, 'aria-labelledby': id }, h('h2', { id, text: title }), ...kids);
}

/**
 * Renders the hidden-layer editor: one row per layer with units, activation
 * and a remove button. onChange(layers) gets the new list.
 */
export function renderLayerList(list, layers, onChange) {
  const rows = layers.map((l, k) => {
    const units = h('input', { type: 'number', min: 1, max: MAX_UNITS, step: 1, value: l.units, id: newId('u'), 'data-key': `units-${k}` });
    const act = h('select', { id: newId('a'), 'data-key': `act-${k}` }, ...ACTIVATIONS.map((a) => h('option', { value: a, text: a, selected: a === l.activation })));
    const fewer = h('button', { type: 'button', class: 'btn-tiny', 'aria-label': `Fewer neurons in layer ${k + 1}`, text: '−', 'data-key': `fewer-${k}` });
    const more = h('button', { type: 'button', class: 'btn-tiny', 'aria-label': `More neurons in layer ${k + 1}`, text: '+', 'data-key': `more-${k}` });
    const remove = h('button', { type: 'button', class: 'btn-tiny btn-remove', 'aria-label': `Remove layer ${k + 1}`, title: 'Remove this layer', text: '×', 'data-key': `remove-${k}` });
    const set = (patch) => onChange(layers.map((x, i) => (i === k ? { ...x, ...patch } : { ...x })));
    units.addEventListener('change', () => {
      const v = Number(units.value);
      if (Number.isInteger(v) && v >= 1 && v <= MAX_UNITS) set({ units: v });
      else units.value = String(l.units);
    });
    act.addEventListener('change', () => set({ activation: act.value }));
    fewer.addEventListener('click', () => l.units > 1 && set({ units: l.units - 1 }));
    more.addEventListener('click', () => l.units < MAX_UNITS && set({ units: l.units + 1 }));
    remove.addEventListener('click', () => onChange(layers.filter((_, i) => i !== k).map((x) => ({ ...x }))));
    return h('li', { class: 'layer-row' },
      h('span', { class: 'layer-name', text: `Layer ${k + 1}` }),
      h('span', { class: 'units-box' }, fewer, h('label', { for: units.id, class: 'sr-only', text: `Units in layer ${k + 1}` }), units, more),
      h('label', { for: act.id, class: 'sr-only', text: `Activation of layer ${k + 1}` }), act,
      remove,
    );
  });
  if (!rows.length) rows.push(h('li', { class: 'layer-row empty', text: 'No hidden layer: the inputs go straight to the output layer.' }));
  // Keep the keyboard focus on the same control across the re-render.
  const active = list.getRootNode().activeElement;
  const key = active && list.contains(active) ? active.getAttribute('data-key') : null;
  list.replaceChildren(...rows);
  if (key) list.querySelector(`[data-key="${key}"]`)?.focus();
  return layers.length < MAX_LAYERS;
}
