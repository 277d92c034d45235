// `losslab run` and the page agree: the page trains a config to its end, the command line runs the same
// config, and their Histories are compared series by series. The wasm CLI (losslab_node.js, the same
// compiled code as the page) must match to the CSV's 9 significant digits, i.e. identical. The native
// CLI (build/native/losslab, compiled for this CPU, with FMA contraction and other vector paths) must
// match within a stated tolerance: its largest relative difference is printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, openPage, waitFor } from './browser.mjs';

const WEB = join(ROOT, process.env.LOSSLAB_WEB_DIR ?? 'build/web');
const NATIVE = join(ROOT, 'build/native/losslab');
// Native against wasm: the same algorithm, its floating point in another association order. Measured on
// this config: losses within 2.7e-7 relative, accuracies identical. Allowed: 1e-5 on losses, and two
// test samples (of 1,500) on accuracies, since a sample on the boundary may fall either way.
const NATIVE_LOSS_TOLERANCE = 1e-5;
const NATIVE_ACCURACY_TOLERANCE = 2 / 1500;

function readCsv(path) {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  const series = Object.fromEntries(names.slice(1).map((n) => [n, { step: [], value: [] }]));
  for (const row of rows) {
    const cells = row.split(',');
    for (let k = 1; k < names.length; k++) {
      if (cells[k] === '' || cells[k] === undefined) continue;
      series[names[k]].step.push(Number(cells[0]));
      series[names[k]].value.push(cells[k] === 'nan' || cells[k] === '-nan' ? NaN : Number(cells[k]));
    }
  }
  return series;
}

// The largest relative difference between two Histories' values of one series (steps must agree).
function compare(page, cli, name) {
  const a = page.series[name], b = cli[name];
  assert.ok(a && b, `series ${name} in both`);
  assert.deepEqual(b.step, a.step, `${name}: the same steps`);
  let worst = 0;
  for (let i = 0; i < a.value.length; i++) {
    const x = a.value[i] ?? NaN, y = b.value[i];
    if (Number.isNaN(x) && Number.isNaN(y)) continue;
    worst = Math.max(worst, Math.abs(x - y) / Math.max(1, Math.abs(x)));
  }
  return worst;
}

test('losslab run gives the page\'s History for the same config and seed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-agree-'));
  const app = await openPage({ hash: '#preset=moons&label_noise=symmetric&steps=300&seed=11&loss=gce' });
  try {
    const { page } = app;
    await page.evaluate(() => window.losslab.control('speed=0'));
    await waitFor(page, () => window.losslab.status().state === 'finished', undefined, 60000);
    const { config, history } = await page.evaluate(() => window.losslab.history());
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));

    execFileSync('node', ['--no-experimental-fetch', join(WEB, 'losslab_node.js'), 'run', '--config',
                          join(dir, 'config.json'), '--out', join(dir, 'wasm.csv'), '--quiet']);
    const wasm = readCsv(join(dir, 'wasm.csv'));
    assert.deepEqual(Object.keys(wasm).sort(), Object.keys(history.series).sort(), 'the same series');
    for (const name of Object.keys(history.series))
      assert.ok(compare(history, wasm, name) < 1e-8, `${name}: wasm CLI = page (to the CSV's 9 digits)`);

    if (existsSync(NATIVE)) {
      execFileSync(NATIVE, ['run', '--config', join(dir, 'config.json'), '--out', join(dir, 'native.csv'), '--quiet']);
      const native = readCsv(join(dir, 'native.csv'));
      const worst = {};
      for (const name of ['train_loss', 'test_loss']) {
        worst[name] = compare(history, native, name);
        assert.ok(worst[name] < NATIVE_LOSS_TOLERANCE, `${name}: native within ${NATIVE_LOSS_TOLERANCE}`);
      }
      for (const name of ['train_acc', 'test_acc']) {
        worst[name] = compare(history, native, name);
        assert.ok(worst[name] <= NATIVE_ACCURACY_TOLERANCE, `${name}: native within ${NATIVE_ACCURACY_TOLERANCE}`);
      }
      console.log('native CLI against the page, largest relative difference:', JSON.stringify(worst));
    }
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
