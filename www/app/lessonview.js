// lessonview.js: the lesson panel. With no lesson running it lists the
// lessons (lessons.js); in a lesson it shows the step: what it is about,
// what to try, what to look for, and Back / Next / All lessons. Entering a
// step sets its settings through the playground's state, so the URL is the
// step's (#lesson=ID&step=N&…) and reloading it comes back to it.
//
//   const lessons = new LessonView(playground);
//   lessons.attach();     // after the panels are built
//   lessons.render();     // after a change of state

import { LESSONS, lessonById, lessonState } from './lessons.js';
import { h } from './dom.js';

export class LessonView {
  /** @param {object} pg the playground (ui, state, setState, …) */
  constructor(pg) {
    this.pg = pg;
    this.shown = null; // "id:step" as last rendered
  }

  attach() {
    this.render();
  }

  /** Enters step n of lesson id (its settings: a new model where they differ). */
  go(id, n) {
    const s = lessonState(id, n);
    if (!s) return;
    this.pg.setState(s).then(() => this.pg.ui.lessonBody?.querySelector('h3')?.focus());
  }

  /** Leaves the lesson; the settings stay as they are. */
  leave() {
    this.pg.setState({ lesson: 'none', step: 1 });
  }

  render() {
    const u = this.pg.ui;
    if (!u.lessonBody) return;
    const { lesson: id, step: n } = this.pg.state;
    const key = `${id}:${n}`;
    if (key === this.shown) return;
    this.shown = key;
    const lesson = lessonById(id);
    const step = lesson?.steps[n - 1];
    u.lessonSection.classList.toggle('in-lesson', !!step);
    if (!step) {
      u.lessonTitle.textContent = 'Guided lessons';
      u.lessonBody.replaceChildren(
        h('ul', { class: 'lesson-list' },
          ...LESSONS.map((l) => h('li', {},
            h('button', { type: 'button', class: 'btn-secondary lesson-start', onclick: () => this.go(l.id, 1) }, l.title),
            h('span', { class: 'lesson-summary', text: ` ${l.summary} (${l.steps.length} steps)` })))),
      );
      return;
    }
    u.lessonTitle.textContent = `Lesson: ${lesson.title}`;
    const last = n === lesson.steps.length;
    u.lessonBody.replaceChildren(
      h('h3', { tabindex: '-1', text: `Step ${n} of ${lesson.steps.length}: ${step.title}` }),
      h('p', { class: 'lesson-text', text: step.text }),
      h('p', { class: 'lesson-try' }, h('strong', { text: 'Try this: ' }), step.tryThis),
      h('p', { class: 'lesson-look' }, h('strong', { text: 'What to look for: ' }), step.lookFor),
      h('div', { class: 'lesson-nav' },
        h('button', { type: 'button', class: 'btn-secondary', disabled: n === 1, onclick: () => this.go(id, n - 1) }, 'Back'),
        last
          ? h('button', { type: 'button', class: 'btn-primary', onclick: () => this.leave() }, 'Finish the lesson')
          : h('button', { type: 'button', class: 'btn-primary', onclick: () => this.go(id, n + 1) }, `Next: ${lesson.steps[n].title}`),
        h('button', { type: 'button', class: 'btn-small', onclick: () => this.leave() }, 'All lessons'),
      ),
    );
  }
}
