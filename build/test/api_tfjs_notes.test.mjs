// The TF.js export says what it leaves out: metrics TF.js has no
// counterpart for (f1, recall) are dropped from trainingConfig with a note.

import { test } from 'node:test';
import assert from 'node:assert/strict';

const { load } = await import('../../www/gotrain.js');

test('toTfjsArtifacts: f1 is dropped with a note; accuracy is kept without one', async () => {
  const gt = await load();
  const make = (metrics) => {
    const m = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics });
    return m;
  };
  const a = make(['accuracy', 'f1']).toTfjsArtifacts();
  assert.ok(Array.isArray(a.notes) && a.notes.some((n) => /f1/.test(n)), `notes: ${JSON.stringify(a.notes)}`);
  assert.ok(!JSON.stringify(a.trainingConfig).includes('f1'), 'f1 is not in trainingConfig');
  assert.ok(JSON.stringify(a.trainingConfig).includes('acc'), 'accuracy is kept');
  const b = make(['accuracy']).toTfjsArtifacts();
  assert.equal(b.notes, undefined, 'no note when nothing is dropped');
});
