// Kept runs in the page (src/app/runs_state.hpp, web/run_store.js): two runs compared are overlaid on the
// plots and listed by the History API with their configs; they are written to IndexedDB and a reload
// brings them back; import refuses bad files field by field; a storage failure is said, not swallowed.
// docs/compare_runs.png: cross-entropy against GCE on 40% label noise, compared in the Runs tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, openPage, waitFor } from './browser.mjs';
import { decodePng } from './png.mjs';

// Pixels near a colour in the right-hand third of the screen (the metric plots).
function pixelsNear(png, [r, g, b]) {
  const { width, channels, pixels } = png;
  let n = 0;
  for (let i = 0; i < pixels.length; i += channels) {
    if ((i / channels) % width < width * 0.62) continue;
    if (Math.abs(pixels[i] - r) < 30 && Math.abs(pixels[i + 1] - g) < 30 && Math.abs(pixels[i + 2] - b) < 30) n++;
  }
  return n;
}
const hexRgb = (hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

test('two runs compared are overlaid, listed with their histories, and kept across a reload', async () => {
  const app = await openPage({ hash: '#preset=robust-losses-noise' });
  try {
    const { page } = app;
    assert.equal(await page.evaluate(() => window.losslab.control('speed=0')), '');
    await waitFor(page, () => window.losslab.history().steps_done >= 400, undefined, 60000);
    // Duplicate with one change: the cross-entropy run is kept and drawn beside its GCE copy.
    assert.match(await page.evaluate(() => window.losslab.control('duplicate=loss=nope')), /loss/);
    assert.equal(await page.evaluate(() => window.losslab.control('duplicate=loss=gce')), '');
    await waitFor(page, () => window.losslab.history().steps_done >= 400, undefined, 60000);
    const runs = await page.evaluate(() => window.losslab.runs(true));
    assert.equal(runs.length, 2);
    const [live, kept] = runs;
    assert.ok(live.live && !kept.live);
    assert.equal(kept.name, 'A');
    assert.equal(live.name, 'B');
    assert.ok(kept.shown, 'the run it was duplicated from is drawn');
    assert.equal(kept.config.loss, 'ce');
    assert.equal(live.config.loss, 'gce');
    assert.ok(kept.steps >= 400);
    assert.ok(kept.history.series.test_acc.value.length > 3);
    assert.ok(live.history.series.test_acc.value.length > 3);
    assert.notEqual(kept.color, live.color);

    // Both runs' colours are on the plots; the Runs tab lists them and the setting that differs.
    assert.equal(await page.evaluate(() => window.losslab.control('view=runs')), '');
    await page.waitForTimeout(400);
    const png = decodePng(await page.screenshot({ path: join(ROOT, 'docs/compare_runs.png') }));
    assert.ok(pixelsNear(png, hexRgb(kept.color)) > 200, `run A (${kept.color}) is drawn`);
    assert.ok(pixelsNear(png, hexRgb(live.color)) > 200, `run B (${live.color}) is drawn`);

    // Written to IndexedDB: the kept run at once, the live run at its checkpoint (every 5 s).
    await waitFor(page, async () => (await window.losslab.storedRuns()).length >= 2, undefined, 15000);
    const keptSteps = kept.steps;
    const storedB = (await page.evaluate(() => window.losslab.storedRuns())).map((t) => JSON.parse(t))
      .find((r) => r.name === 'B');
    await page.reload();
    await page.evaluate(() => window.losslab.ready);
    await waitFor(page, () => window.losslab.runs().length >= 3, undefined, 15000);
    const after = await page.evaluate(() => window.losslab.runs(true));
    const a = after.find((r) => r.name === 'A' && !r.live);
    const b = after.find((r) => r.name === 'B' && !r.live);
    assert.ok(a && b, 'both runs came back: ' + after.map((r) => r.name).join(', '));
    assert.equal(a.steps, keptSteps);
    assert.ok(!a.shown && !b.shown, 'listed, not drawn, until ticked');
    assert.deepEqual(a.history.series.test_acc, kept.history.series.test_acc);
    assert.ok(b.steps >= storedB.steps, 'the live run as it was at its last checkpoint, or later');
    assert.equal(b.config.loss, 'gce');
    const newLive = after.find((r) => r.live);
    assert.ok(!['A', 'B'].includes(newLive.name));
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('import refuses bad files by field and a storage failure is shown', async () => {
  const app = await openPage({ hash: '#preset=moons' });
  try {
    const { page } = app;
    const broken = await page.evaluate(() => window.losslab.importRun('{not json'));
    assert.deepEqual(broken.map((e) => e.field), ['run']);
    const badConfig = await page.evaluate(() => window.losslab.importRun({ lr: -1, hidden: [0] }));
    assert.deepEqual(badConfig.map((e) => e.field).sort(), ['hidden', 'lr']);
    await waitFor(page, () => window.losslab.history().steps_done >= 20);
    // A run exported and imported back: a second copy in the list, drawn.
    const record = await page.evaluate(() => {
      const live = window.losslab.runs(true)[0];
      return { losslab_run: 1, name: 'imported', steps: live.steps, config: live.config, history: live.history };
    });
    assert.deepEqual(await page.evaluate((r) => window.losslab.importRun(r), record), []);
    const listed = await page.evaluate(() => window.losslab.runs());
    assert.ok(listed.some((r) => r.name === 'imported' && r.shown));
    const damaged = { ...record, config: { ...record.config, lr: 99 } };
    const refused = await page.evaluate((r) => window.losslab.importRun(r), damaged);
    assert.deepEqual(refused.map((e) => e.field), ['config.lr']);

    // The quota runs out: the next write fails and the page says so.
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    });
    assert.equal(await page.evaluate(() => window.losslab.control('keep')), '');
    await waitFor(page, () => window.losslab.status().store_error.includes('QuotaExceededError'), undefined, 15000);
  } finally {
    await app.close();
  }
});
