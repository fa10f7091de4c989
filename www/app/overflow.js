// overflow.js: a box that scrolls sideways says so. A wide table or text in
// a narrow box (the model summary, a 10-class confusion matrix, the data
// preview, code) scrolls; without a sign, a reader takes the cut edge for
// the end. scrollHint(box) puts a line under the box, "Scroll sideways for
// more →", shown only while the box is wider inside than out, and shades
// the edge that has more (CSS: .overflows-x, .at-start, .at-end).
//
//   const hint = scrollHint(pre);   // once
//   hint.update();                  // after the box's content changed

import { h } from './dom.js';

/** Installs the hint after box; returns { update }. */
export function scrollHint(box) {
  const hint = h('p', { class: 'scroll-hint', 'aria-hidden': 'true', text: 'Scroll sideways for more →' });
  hint.hidden = true;
  box.after(hint);
  box.classList.add('scroll-x');
  const update = () => {
    const over = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle('overflows-x', over);
    box.classList.toggle('at-start', box.scrollLeft <= 1);
    box.classList.toggle('at-end', box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
    hint.hidden = !over;
    // For screen readers, the box's name says it scrolls.
    if (over) box.dataset.scrolls = 'x';
    else delete box.dataset.scrolls;
  };
  box.addEventListener('scroll', update, { passive: true });
  if (typeof ResizeObserver === 'function') new ResizeObserver(update).observe(box);
  return { update };
}
