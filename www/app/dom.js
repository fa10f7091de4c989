// dom.js: the one DOM helper the page modules share. Text is always set with
// textContent; attributes with setAttribute; never innerHTML, never inline
// style attributes (the page runs under a strict Content-Security-Policy).

/**
 * h('button', { class: 'x', text: 'Play', 'aria-label': 'Play' }, ...children)
 * Props: class, text (textContent), on<event> functions, anything else as an
 * attribute (false/null/undefined skipped, true → empty attribute).
 */
export function h(tag, props = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === false || v == null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) if (k != null && k !== false) e.append(k);
  return e;
}

let uid = 0;
/** A document-unique id with a readable prefix. */
export function newId(prefix = 'gt') {
  uid += 1;
  return `${prefix}-${uid}`;
}
