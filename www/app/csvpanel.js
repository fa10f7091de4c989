// csvpanel.js: the user's own CSV: file picker and drag-and-drop, the label
// column choice, a preview table and the place where parse errors show.
// The CSV is parsed by the API (gt.data.parseCSV); this module only reads
// the file, reads the header line to list the columns, and shows text with
// textContent (never as HTML).

import { h } from './dom.js';


/**
 * The column names of a CSV's header line (RFC 4180 quotes honoured), for
 * the label-column menu. The full parse is the API's.
 */
export function csvHeader(text) {
  const cols = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cols.push(cur.trim());
      cur = '';
    } else if (ch === '\n' || ch === '\r') break;
    else cur += ch;
  }
  cols.push(cur.trim());
  return cols.length === 1 && cols[0] === '' ? [] : cols;
}

/**
 * Fills a table with a preview: header = columns, then rows (arrays of
 * strings or numbers), all as text.
 * @param {HTMLTableElement} table
 * @param {{columns: string[], rows: (string|number)[][], labelColumn?: string, total?: number, caption?: string}} o
 */
export function renderPreview(table, o) {
  const head = h('tr');
  for (const c of o.columns) {
    const th = h('th', { scope: 'col', text: c });
    if (c === o.labelColumn) th.className = 'label-col';
    head.append(th);
  }
  const body = h('tbody');
  for (const r of o.rows) {
    const tr = h('tr');
    r.forEach((v, k) => {
      const td = h('td', { text: typeof v === 'number' ? String(v) : v });
      if (o.columns[k] === o.labelColumn) td.className = 'label-col';
      tr.append(td);
    });
    body.append(tr);
  }
  table.replaceChildren(h('caption', { text: o.caption ?? `First ${o.rows.length} of ${o.total ?? o.rows.length} rows` }), h('thead', {}, head), body);
}

/**
 * Wires a file input (optional) and a drop zone. onFile(name, text) is
 * awaited for each file chosen or dropped.
 */
export function wireFileInputs({ input, dropZone, onFile }) {
  const read = async (file) => {
    if (!file) return;
    const text = await file.text();
    await onFile(file.name, text);
  };
  input?.addEventListener('change', async () => {
    const f = input.files?.[0];
    await read(f);
    input.value = '';
  });
  const over = (e) => {
    if (!e.dataTransfer?.types?.includes('Files')) return;
    e.preventDefault();
    dropZone.classList.add('drag');
  };
  dropZone.addEventListener('dragenter', over);
  dropZone.addEventListener('dragover', over);
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('drag'));
  dropZone.addEventListener('drop', async (e) => {
    e.preventDefault();
    e.stopPropagation(); // one file, one load, when drop zones nest
    dropZone.classList.remove('drag');
    await read(e.dataTransfer?.files?.[0]);
  });
}
