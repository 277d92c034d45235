// The instruments in the page: a noisy-label run whose calibration and memorization figures arrive live
// in the History and the JS hook, views and plots switched from JavaScript, and a screenshot of the
// reliability diagram beside the memorization plot for the README.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, ROOT, waitFor } from './browser.mjs';
import { decodePng } from './png.mjs';

let app;
before(async () => { app = await openPage(); });
after(async () => { await app?.close(); });

// A small training set and a wide net: the model first learns the clean rule, then memorises the
// flipped labels (LOSSES.md §6, memorization under noise).
const NOISY_RUN = {
  preset: 'spirals', n_train: 300, hidden: [128, 128], lr: 0.003, batch_size: 64,
  label_noise: 'symmetric', 'label_noise.rate': 0.3, steps: 5000, metrics_every: 100,
};

test('a noisy-label run measures calibration and memorization as it trains', async () => {
  const errors = await app.page.evaluate((c) => window.losslab.set(c), NOISY_RUN);
  assert.deepEqual(errors, []);
  await app.page.evaluate(() => { window.losslab.control('speed=0'); window.losslab.control('play'); });
  await waitFor(app.page, () => window.losslab.status().state === 'finished', undefined, 90000);
  const { history } = await app.page.evaluate(() => window.losslab.history());
  const s = history.series;
  for (const name of ['test_ece', 'train_ece', 'test_nll', 'test_brier', 'temperature', 'test_ece_temperature',
                      'clean_subset_acc', 'noisy_as_given', 'noisy_as_true', 'weight_norm', 'nc1', 'margin_p50'])
    assert.ok(s[name], `no ${name} series`);
  assert.deepEqual(s.test_ece.step.slice(0, 3), [0, 100, 200]);
  assert.equal(s.test_ece.step.at(-1), 5000);
  // Memorization: after the clean rule is learned (step 500) the flipped labels get fitted more and more.
  const at = (series, step) => series.value[series.step.indexOf(step)];
  const early = at(s.noisy_as_given, 500), late = s.noisy_as_given.value.at(-1);
  console.log(`noisy labels fitted: ${early.toFixed(3)} at step 500, ${late.toFixed(3)} at 5000; ` +
              `predicted as their true label: ${at(s.noisy_as_true, 500).toFixed(3)} -> ${s.noisy_as_true.value.at(-1).toFixed(3)}`);
  assert.ok(late > early + 0.2, `noisy labels fitted ${early} -> ${late}`);
  assert.ok(s.noisy_as_true.value.at(-1) < at(s.noisy_as_true, 500));

  const m = await app.page.evaluate(() => window.losslab.instruments());
  assert.equal(m.step, 5000);
  assert.equal(m.test.bins.length, 15);
  assert.equal(m.test.bins.reduce((n, b) => n + b.count, 0), m.test.n);
  for (const b of m.test.bins) assert.equal(b.accuracy === null, b.count === 0);
  assert.ok(m.posthoc.fitted_temperature > 0);
  assert.equal(m.posthoc.temperature.accuracy, m.test.accuracy);  // temperature never changes a prediction
  assert.ok(m.memorization.noisy_count > 50);
});

test('views and plots switch from JavaScript; bad names are refused with the list', async () => {
  const page = app.page;
  assert.equal(await page.evaluate(() => window.losslab.control('view=reliability')), '');
  assert.equal(await page.evaluate(() => window.losslab.control('hide=loss')), '');
  assert.equal(await page.evaluate(() => window.losslab.control('show=memorization')), '');
  await waitFor(page, () => window.losslab.status().view === 'reliability');
  assert.match(await page.evaluate(() => window.losslab.control('view=histogram')),
               /view: 'histogram' is not one of boundary, reliability, confusion, margins, fourier/);
  assert.match(await page.evaluate(() => window.losslab.control('show=entropy')), /plot: 'entropy' is not one of loss, /);
  assert.match(await page.evaluate(() => window.losslab.control('recalibration=platt')), /not one of none, temperature/);
  assert.equal(await page.evaluate(() => window.losslab.control('recalibration=none')), '');
});

// Shares of the middle window's pixels (the views) that are the diagram's bar blue and near-white.
function middleWindow({ width, channels, pixels }) {
  let bars = 0, light = 0, samples = 0;
  for (let y = 150; y < 440; y += 3)
    for (let x = 360; x < 800; x += 3) {
      const i = (y * width + x) * channels;
      const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      samples++;
      if (b > 150 && r < 100 && b - r > 80) bars++;
      if (Math.min(r, g, b) > 235) light++;
    }
  return { bars: bars / samples, light: light / samples };
}

test('the reliability diagram and the memorization plot are drawn', async () => {
  await app.page.waitForTimeout(500);  // a few frames in the reliability view
  const path = join(ROOT, 'docs/instruments.png');
  const reliability = middleWindow(decodePng(await app.page.screenshot({ path })));
  // The same window on the decision boundary: a filled colour map, hardly any white. The diagram is
  // bars on a white plot area, so the two views must differ in both shares.
  await app.page.evaluate(() => window.losslab.control('view=boundary'));
  await waitFor(app.page, () => window.losslab.status().view === 'boundary');
  await app.page.waitForTimeout(300);
  const boundary = middleWindow(decodePng(await app.page.screenshot()));
  console.log(`middle window: reliability ${(100 * reliability.bars).toFixed(1)} % bars, ` +
              `${(100 * reliability.light).toFixed(1)} % white; boundary ${(100 * boundary.light).toFixed(1)} % white`);
  assert.ok(reliability.bars > 0.05, `only ${(100 * reliability.bars).toFixed(1)} % of the diagram area is bars`);
  assert.ok(reliability.light > 0.2, `only ${(100 * reliability.light).toFixed(1)} % white in the diagram`);
  assert.ok(boundary.light < reliability.light / 2, 'the boundary view looks like the reliability view');
  assert.deepEqual(app.problems, []);
});
