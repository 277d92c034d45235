// Your own data in the page: a click on the boundary plot adds a point (and restarts the run on it), a
// CSV imported becomes the run's points or is refused line by line, and the page's link carries the
// points, so opening it trains on the same data. The README's screenshot of edited points is made here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, openPage, waitFor } from './browser.mjs';

// The page position of data point (x, y) on the boundary plot.
function screenOf(boundary, x, y) {
  const [left, top, side] = boundary.rect;
  const [x0, x1, y0, y1] = boundary.extent;
  return [left + ((x - x0) / (x1 - x0)) * side, top + ((y1 - y) / (y1 - y0)) * side];
}

async function click(page, [x, y], button = 'left') {
  await page.mouse.move(x, y);
  await page.waitForTimeout(100);
  await page.mouse.down({ button });
  await page.waitForTimeout(100);
  await page.mouse.up({ button });
  await page.waitForTimeout(100);
}

test('clicks on the plot add and delete points, and the link carries them to a new page', async () => {
  const app = await openPage({ hash: '#dataset=custom&hidden=16,16&seed=3' });
  let link;
  try {
    const { page } = app;
    let config = await page.evaluate(() => window.losslab.config());
    assert.equal(config.dataset, 'custom');
    assert.equal(config.points.length, 36, 'the twelve starter points');
    await waitFor(page, () => window.losslab.status().boundary.rect[2] > 100, undefined, 5000);
    const { boundary } = await page.evaluate(() => window.losslab.status());
    // Class 0 is chosen: three clicks down the middle, which the starter's XOR leaves empty.
    for (const y of [-0.4, 0, 0.4]) await click(page, screenOf(boundary, 0, y));
    await waitFor(page, () => window.losslab.config().points.length === 45, undefined, 5000);
    config = await page.evaluate(() => window.losslab.config());
    const added = config.points.slice(36);
    for (let i = 0; i < 3; i++) {
      assert.ok(Math.abs(added[3 * i]) < 0.1, `x of added point ${i}: ${added[3 * i]}`);
      assert.equal(added[3 * i + 2], 0);
    }
    // A right-click on the first starter point deletes it.
    await click(page, screenOf(boundary, config.points[0], config.points[1]), 'right');
    await waitFor(page, () => window.losslab.config().points.length === 42, undefined, 5000);
    // Clicks restart the run but keep no runs: the list holds only the live one.
    assert.equal((await page.evaluate(() => window.losslab.runs())).length, 1);
    await waitFor(page, () => window.losslab.status().step > 1500, undefined, 30000);
    await page.mouse.move(1200, 790);  // no read-out over the points
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(ROOT, 'docs/custom_points.png') });
    link = await page.evaluate(() => window.losslab.link());
    assert.match(link, /dataset=custom/);
    assert.match(link, /points=/);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
  // The link opened elsewhere: the same points, and the same run.
  const again = await openPage({ hash: link.slice(link.indexOf('#')) });
  try {
    const config = await again.page.evaluate(() => window.losslab.config());
    assert.equal(config.points.length, 42);
    assert.equal(config.seed, 3);
    assert.deepEqual((await again.page.evaluate(() => window.losslab.status())).link_errors, []);
  } finally {
    await again.close();
  }
});

test('a CSV imported becomes the run\'s points; a bad one is refused line by line', async () => {
  const app = await openPage({ hash: '#preset=moons' });
  try {
    const { page } = app;
    let csv = 'petal_length;petal_width;species\n';
    for (let i = 0; i < 30; i++) {
      const k = i % 3;
      csv += `${(1.5 + 2.5 * k + 0.05 * (i % 7)).toFixed(2)};${(0.2 + 0.9 * k + 0.03 * (i % 5)).toFixed(2)};${['setosa', 'versicolor', 'virginica'][k]}\n`;
    }
    const bad = csv + '5.0;;virginica\n6.1;1.9\n';
    const refused = await page.evaluate((text) => window.losslab.importRun(text), bad);
    assert.deepEqual(refused.map((e) => e.field), ['line 32', 'line 33']);
    assert.match(refused[0].message, /petal_width is empty/);
    assert.equal((await page.evaluate(() => window.losslab.config())).dataset, 'moons');

    assert.deepEqual(await page.evaluate((text) => window.losslab.importRun(text), csv), []);
    const config = await page.evaluate(() => window.losslab.config());
    assert.equal(config.dataset, 'custom');
    assert.equal(config.features, 2);
    assert.equal(config.points.length, 90);
    assert.equal(config.holdout, 0.25);
    const status = await page.evaluate(() => window.losslab.status());
    assert.equal(status.view, 'boundary', 'the points are shown where they can be edited');
    await waitFor(page, () => window.losslab.status().test_acc > 0.9, undefined, 30000);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});
