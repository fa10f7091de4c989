// The page as a learner sees it, at 1440×900 and 390×844: the defects of
// issue 3 of 5's screenshots, each checked from outside.
// - While loading, the settings show their values (not blanks and "SGD")
//   and Play is off until there is a model.
// - No horizontal overflow at 390 px; no formula of the math panel runs out
//   of its card (every <math> box inside its card), at both sizes, with L2
//   (the longest loss line) and with 64 inputs.
// - The diagram's side labels are whole and inside the diagram; the input
//   tiles have pictures with normalization off; the diagram is one tab stop
//   (the arrow keys move between neurons), even with digits' 64 inputs.
// - On a phone the results are on the first screen with Play, and the
//   digit's probabilities beside the pad.
// - Every box that scrolls sideways (summary, confusion matrix, preview,
//   code) says so.
// - The status line speaks of the model there is (not "Trained 100 epochs."
//   after the data changed), and the boundary's legend says colour is the
//   class and the ring the part of the data.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPlayground, trainToEnd, idle, setField, waitReady, guardPage, screenshot, DESKTOP, PHONE } from './page_helpers.mjs';

const env = useBrowser();
const WIDE = { width: 1440, height: 900 };

/** Boxes of the math panel that leave their card, and boxes that scroll inside it. */
async function mathClipping(page) {
  return page.locator('.math-body').evaluate((body) => {
    const out = [];
    for (const card of body.querySelectorAll('.m-step')) {
      const c = card.getBoundingClientRect();
      for (const m of card.querySelectorAll('math')) {
        const r = m.getBoundingClientRect();
        if (r.width && (r.right > c.right - 1 || r.left < c.left)) out.push(`${m.textContent.slice(0, 40)}: [${Math.round(r.left)}, ${Math.round(r.right)}] outside [${Math.round(c.left)}, ${Math.round(c.right)}]`);
      }
      for (const e of card.querySelectorAll('*')) {
        if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') out.push(`${e.className || e.localName} scrolls (${e.scrollWidth} > ${e.clientWidth})`);
      }
    }
    return { clipped: out, formulas: body.querySelectorAll('math').length };
  });
}

/** Boxes wider inside than out whose "scroll sideways" line is not shown. */
async function silentScrollers(page) {
  return page.evaluate(() => {
    const out = [];
    for (const e of document.querySelectorAll('#app *')) {
      if (e.closest('[hidden]') || !e.getClientRects().length) continue;
      const ox = getComputedStyle(e).overflowX;
      if ((ox === 'auto' || ox === 'scroll') && e.scrollWidth > e.clientWidth + 1) {
        const hint = e.nextElementSibling;
        const shown = hint?.classList.contains('scroll-hint') && !hint.hidden && hint.getClientRects().length > 0;
        if (!shown) out.push(`${e.localName}.${e.className} (${e.scrollWidth} > ${e.clientWidth})`);
      }
    }
    return out;
  });
}

const overflowX = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('while loading, the settings show their values and Play is enabled (a press waits for the model)', async () => {
  const ctx = await env.browser.newContext({ viewport: WIDE });
  try {
    const page = await ctx.newPage();
    const guard = guardPage(page);
    // gotrain.wasm held back 1.5 s: the page is seen while it loads.
    let release;
    const held = new Promise((r) => (release = r));
    await ctx.route('**/gotrain.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(env.server.url + '#optimizer=rmsprop&lr=0.002&batch=24&epochs=7');
    await page.getByText(/^Loading gotrain \(the WebAssembly module\)…/).waitFor();
    assert.equal(await page.getByLabel('Optimizer', { exact: true }).inputValue(), 'rmsprop');
    assert.equal(await page.getByLabel('Learning rate', { exact: true }).inputValue(), '0.002');
    assert.equal(await page.getByLabel('Batch size', { exact: true }).inputValue(), '24');
    assert.equal(await page.getByLabel('Epochs', { exact: true }).inputValue(), '7');
    assert.equal(await page.getByLabel('Units in layer 1').inputValue(), '8');
    assert.ok(await page.getByRole('radio', { name: 'Circle' }).isChecked());
    // Usable before gotrain is: a press is carried out once it has loaded (page_startup.test.mjs).
    assert.ok(await page.getByRole('button', { name: 'Play' }).isEnabled(), 'Play before there is a model');
    await screenshot(page, 'page-desktop-loading');
    release();
    await waitReady(page);
    assert.ok(await page.getByRole('button', { name: 'Play' }).isEnabled());
    assert.equal(await page.locator('.status').textContent(), 'Ready. Press Play to train.');
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});

for (const [name, vp] of [['desktop', WIDE], ['phone', PHONE]]) {
  test(`${name}: no horizontal overflow, no formula out of its card, every scrolling box says so`, async () => {
    const cases = [
      ['circle with L2 and normalization, trained', '#dataset=circle&normalize=1&reg=l2&regRate=0.01&layers=8:tanh,8:tanh&epochs=3&optimizer=adam', true],
      ['digits (64 inputs, 10 classes), trained', '#dataset=digits&layers=32:relu&epochs=2&lr=0.01', true],
      ['iris, momentum', '#dataset=iris&normalize=1&optimizer=momentum&lr=0.01', false],
    ];
    for (const [what, hash, train] of cases) {
      const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + hash, { viewport: vp });
      try {
        if (train) await trainToEnd(page);
        // Every lower panel laid out (they skip layout while off screen).
        await page.setViewportSize({ width: vp.width, height: 9000 });
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await idle(page);
        assert.equal(await overflowX(page), 0, `${what}: the page is wider than the screen`);
        const m = await mathClipping(page);
        console.log(`# ${name}, ${what}: ${m.formulas} formulas, none out of its card`);
        assert.ok(m.formulas > 20);
        assert.deepEqual(m.clipped, [], `${what}: math out of its card`);
        assert.deepEqual(await silentScrollers(page), [], `${what}: boxes that scroll without saying so`);
        guard.assertClean();
      } finally {
        await ctx.close();
      }
    }
  });
}

test('diagram: whole labels inside it, input pictures without normalization, one tab stop and arrow keys', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=iris&normalize=1', { viewport: WIDE });
  try {
    const labels = await page.locator('svg.network').evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('.nn-side')].map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 };
      });
    });
    assert.deepEqual(labels.map((l) => l.text), ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'setosa', 'versicolor', 'virginica']);
    assert.deepEqual(labels.filter((l) => !l.inside), [], 'labels cut at the diagram\'s edge');
  } finally {
    await ctx.close();
  }

  // Circle without normalization: the input neurons show the plane's axes.
  const b = await openPlayground(env.browser, env.server.url + '#dataset=circle&normalize=0', { viewport: WIDE });
  try {
    const inputs = await b.page.locator('svg.network .nn-nodes > .nn-node').evaluateAll((gs) => gs.filter((g) => !g.hasAttribute('role')).map((g) => g.querySelector('foreignObject').getAttribute('visibility')));
    assert.deepEqual(inputs, ['visible', 'visible'], 'input tiles have pictures');
    b.guard.assertClean();
  } finally {
    await b.ctx.close();
  }

  // Digits: 64 inputs, 10 outputs, and still one tab stop for the diagram.
  const c = await openPlayground(env.browser, env.server.url + '#dataset=digits&layers=16:relu', { viewport: WIDE });
  try {
    const { page } = c;
    const stops = await page.locator('svg.network [tabindex="0"]').count();
    assert.equal(stops, 1, 'the diagram is one tab stop');
    assert.equal(await page.locator('svg.network .nn-nodes > g:not([role])[tabindex]').count(), 0, 'inputs are no tab stops');
    // Tab into the diagram from the control before it (the last of the layer list), then move with the arrows.
    await page.getByLabel('Remove layer 1').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'dense_1, neuron 1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'dense_1, neuron 3');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'dense_2, neuron 3');
    await page.keyboard.press('Enter');
    await idle(page);
    assert.equal(await page.getByLabel('Layer', { exact: true }).inputValue(), '1');
    assert.equal(await page.getByLabel('Neuron', { exact: true }).inputValue(), '3');
    // Tab leaves the diagram at once (not 26 stops later).
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => !!document.activeElement.closest('svg.network')), false);
    c.guard.assertClean();
  } finally {
    await c.ctx.close();
  }
  guard.assertClean();
});

test('phone: the results on the first screen with Play; the digit\'s probabilities beside the pad', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=circle', { viewport: PHONE });
  try {
    const play = await page.getByRole('button', { name: 'Play' }).boundingBox();
    const loss = await page.getByRole('status', { name: 'Training loss', exact: true }).boundingBox();
    const boundary = await page.getByRole('img', { name: /Decision boundary/ }).boundingBox();
    console.log(`# phone: Play at y ${Math.round(play.y)}, training loss at ${Math.round(loss.y)}, boundary from ${Math.round(boundary.y)} to ${Math.round(boundary.y + boundary.height)}`);
    assert.ok(loss.y + loss.height <= PHONE.height, 'the numbers are on the first screen');
    assert.ok(boundary.y < PHONE.height, 'the boundary starts on the first screen');
    // Scrolling, Play stays at hand.
    await page.evaluate(() => window.scrollTo(0, 1500));
    const after = await page.getByRole('button', { name: 'Play' }).boundingBox();
    assert.ok(after.y >= 0 && after.y + after.height <= PHONE.height, 'Play stays on screen');
    guard.assertClean();
  } finally {
    await ctx.close();
  }

  const d = await openPlayground(env.browser, env.server.url + '#dataset=digits&layers=16:relu&epochs=2', { viewport: PHONE });
  try {
    const { page } = d;
    await trainToEnd(page);
    await page.getByRole('button', { name: 'Show example digit' }).click();
    const probs = page.getByRole('list', { name: 'Predicted probabilities' });
    await probs.locator('li').nth(9).waitFor();
    const pad = await page.getByLabel(/Drawing area/).boundingBox();
    const list = await probs.boundingBox();
    assert.ok(list.x >= pad.x + pad.width, `the probabilities (x ${list.x}) are beside the pad (right edge ${pad.x + pad.width})`);
    assert.ok(list.y < pad.y + pad.height, 'and level with it');
    assert.ok(list.y + list.height <= pad.y + PHONE.height * 0.6, 'all ten in sight with the pad');
    assert.equal(await overflowX(page), 0);
    d.guard.assertClean();
  } finally {
    await d.ctx.close();
  }
});

test('the status speaks of the model there is; the legend says colour is the class', async () => {
  const { ctx, page, guard } = await openPlayground(env.browser, env.server.url + '#dataset=circle&epochs=3', { viewport: DESKTOP });
  try {
    await trainToEnd(page);
    assert.match(await page.locator('.status').textContent(), /^Trained 3 epochs\./);
    await page.getByRole('radio', { name: 'XOR' }).check();
    await idle(page);
    const status = await page.locator('.status').textContent();
    assert.doesNotMatch(status, /Trained/, 'the new model is untrained');
    assert.match(status, /^XOR, 500 points: a new model\. Press Play to train\.$/);
    await setField(page, 'Units in layer 1', 5);
    assert.match(await page.locator('.status').textContent(), /^A new model \(weights from the seed\)\. Press Play to train\.$/);
    const legend = await page.locator('.boundary-wrap figcaption').textContent();
    assert.match(legend, /Colour: the class, 0, 1\./);
    assert.match(legend, /Ring: training, validation, test data\./);
    assert.doesNotMatch(legend, /orange|blue/i);
    guard.assertClean();
  } finally {
    await ctx.close();
  }
});
