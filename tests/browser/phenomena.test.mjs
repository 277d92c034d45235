// The phenomena in the page: a link (#preset=NAME) loads a preset with its plots and view, the run shows
// its signature live (losslab.status().signature), and a bad link says so and loads the default. Saves
// docs/grokking.png: the grokking run mid-transition, test accuracy on its way up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, ROOT, waitFor } from './browser.mjs';

test('a link loads grokking, which shows its signature live in the page', async () => {
  const app = await openPage({ hash: '#preset=grokking-modadd' });
  try {
    const status = await app.page.evaluate(() => window.losslab.status());
    assert.equal(status.preset, 'grokking-modadd');
    assert.equal(status.view, 'fourier');
    assert.equal(status.signature.reached, false);
    const config = await app.page.evaluate(() => window.losslab.config());
    assert.equal(config.dataset, 'modular');
    const started = Date.now();
    await app.page.evaluate(() => { window.losslab.control('speed=0'); window.losslab.control('play'); });
    // Mid-transition: memorised, test accuracy climbing but not there yet.
    await waitFor(app.page, () => {
      const s = window.losslab.history().history.series;
      const test = s.test_acc?.value.at(-1) ?? 0;
      return s.train_acc?.value.at(-1) >= 0.99 && test > 0.3 && test < 0.9;
    }, undefined, 120000);
    await app.page.screenshot({ path: join(ROOT, 'docs/grokking.png') });
    await waitFor(app.page, () => window.losslab.status().signature.reached, undefined, 120000);
    const seen = (await app.page.evaluate(() => window.losslab.status())).signature;
    console.log(`grokking-modadd in the page: ${seen.text}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(seen.text, /memorised at step \d+, generalised/);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('a link to an unknown preset says so and the default run loads', async () => {
  const app = await openPage({ hash: '#preset=not-a-preset' });
  try {
    const status = await app.page.evaluate(() => window.losslab.status());
    assert.equal(status.preset, 'spirals');
    assert.equal(status.signature, null);
    const reply = await app.page.evaluate(() => window.losslab.control('preset=not-a-preset'));
    assert.match(reply, /'not-a-preset' is not a preset; known: .*grokking-modadd/);
  } finally {
    await app.close();
  }
});

test('a link loads the double-descent sweep, whose curve fills in run by run until it shows the peak', async () => {
  const app = await openPage({ hash: '#preset=double-descent-width' });
  try {
    let status = await app.page.evaluate(() => window.losslab.status());
    assert.equal(status.preset, 'double-descent-width');
    assert.equal(status.view, 'sweep');
    assert.equal(status.sweep.runs, 39);
    assert.equal(status.sweep.finished, 0);
    assert.equal(status.sweep.current, 'hidden=1 seed=1');
    const started = Date.now();
    await app.page.evaluate(() => { window.losslab.control('speed=0'); window.losslab.control('play'); });
    // Point by point: some runs in, the curve has their widths, the sweep goes on.
    await waitFor(app.page, () => window.losslab.status().sweep.finished >= 4, undefined, 120000);
    status = await app.page.evaluate(() => window.losslab.status());
    const error = status.sweep.curve.series.test_error;
    assert.ok(error.step.length >= 2 && error.step.length < 13, `points so far: ${error.step}`);
    assert.deepEqual(error.step, [...error.step].sort((a, b) => a - b));
    await waitFor(app.page, () => window.losslab.status().signature.reached, undefined, 240000);
    status = await app.page.evaluate(() => window.losslab.status());
    console.log(`double-descent-width in the page: ${status.signature.text}; ${status.sweep.finished} runs, ` +
                `${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(status.signature.text, /up to .* at width \d+ .* down to/);
    await app.page.screenshot({ path: join(ROOT, 'docs/double_descent.png') });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});

test('a link loads benign overfitting on XOR clusters: every label fitted at chance test accuracy, then generalised', async () => {
  const app = await openPage({ hash: '#preset=benign-overfitting-xor' });
  try {
    const status = await app.page.evaluate(() => window.losslab.status());
    assert.equal(status.preset, 'benign-overfitting-xor');
    assert.equal(status.view, 'boundary');
    const started = Date.now();
    await app.page.evaluate(() => { window.losslab.control('speed=0'); window.losslab.control('play'); });
    // Mid-transition: every training label fitted (flipped ones too), the clean test accuracy on its way up.
    await waitFor(app.page, () => {
      const s = window.losslab.history().history.series;
      const test = s.test_acc?.value.at(-1) ?? 0;
      return s.train_acc?.value.at(-1) >= 0.999 && test > 0.62 && test < 0.88;
    }, undefined, 120000);
    await app.page.screenshot({ path: join(ROOT, 'docs/benign_overfitting.png') });
    await waitFor(app.page, () => window.losslab.status().signature.reached, undefined, 120000);
    const seen = (await app.page.evaluate(() => window.losslab.status())).signature;
    console.log(`benign-overfitting-xor in the page: ${seen.text}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(seen.text, /every training label fitted .* clean test \d+% at step \d+ with them still fitted/);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});
