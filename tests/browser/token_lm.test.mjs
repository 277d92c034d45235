// The token language model at V = 65,536 in the page: on the WebGPU backend (headless Chromium's
// SwiftShader adapter, with --enable-unsafe-webgpu) and, with WebGPU off, on the CPU fallback, which the
// run reports. Both train: the loss on the training tokens falls. The WebGPU run and a CPU run of the same
// config and seed follow the same curve. Saves docs/fused_head.png (the Fused head tab on WebGPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, ROOT, waitFor } from './browser.mjs';

const RUN = { preset: 'token-lm-64k', steps: 20, eval_every: 10 };

// Applies the config, restarts the run (a live-only change would not), and trains it to its end.
async function train(page, config, timeoutMs) {
  const errors = await page.evaluate((c) => window.losslab.set(c), config);
  assert.deepEqual(errors, []);
  await page.evaluate(() => window.losslab.control('reset'));
  await page.evaluate(() => { window.losslab.control('speed=0'); window.losslab.control('play'); });
  await waitFor(page, () => window.losslab.status().state === 'finished', undefined, timeoutMs);
  const { history } = await page.evaluate(() => window.losslab.history());
  const status = await page.evaluate(() => window.losslab.status());
  return { history, status };
}

const at = (series, step) => series.value[series.step.indexOf(step)];
const headEvents = (history) => history.events.filter((e) => e.text.startsWith('fused head:'));

test('with WebGPU the 65,536-token model trains on the GPU, as the CPU would', async () => {
  const app = await openPage({ flags: ['--enable-unsafe-webgpu'] });
  try {
    const started = Date.now();
    const gpu = await train(app.page, { ...RUN, fused_backend: 'webgpu' }, 240000);
    const seconds = (Date.now() - started) / 1000;
    const head = gpu.status.fused_head;
    console.log(`webgpu: ${RUN.steps} steps in ${seconds.toFixed(1)} s; head ${(1e3 * head.seconds).toFixed(0)} ms/step; ` +
                `${head.bytes_held} bytes on the GPU vs ${head.naive_bytes} naive; adapter ${head.adapter}`);
    assert.equal(head.backend, 'webgpu');
    assert.match(head.adapter, /swiftshader/i);
    assert.ok(head.bytes_held > 0);
    assert.deepEqual(headEvents(gpu.history), [], 'no fallback');
    const s = gpu.history.series;
    assert.equal(gpu.status.step, RUN.steps);
    assert.ok(at(s.train_loss, 20) < at(s.train_loss, 0) - 0.01, `train loss ${at(s.train_loss, 0)} -> ${at(s.train_loss, 20)}`);
    assert.ok(Math.abs(at(s.loss_floor, 0) - head.loss_floor) < 1e-9);

    await app.page.evaluate(() => window.losslab.control('view=head'));
    await new Promise((r) => setTimeout(r, 500));
    await app.page.screenshot({ path: join(ROOT, 'docs/fused_head.png') });

    // The same config and seed on the CPU kernel: the same batches, so the same curve up to float32
    // rounding (the GPU sums in another order, and 20 Adam steps carry the differences along).
    const cpuStarted = Date.now();
    const cpu = await train(app.page, { ...RUN, fused_backend: 'blockwise' }, 120000);
    console.log(`blockwise (wasm): ${RUN.steps} steps in ${((Date.now() - cpuStarted) / 1000).toFixed(1)} s; head ` +
                `${(1e3 * cpu.status.fused_head.seconds).toFixed(0)} ms/step; ${cpu.status.fused_head.bytes_held} bytes of scratch`);
    assert.equal(cpu.status.fused_head.backend, 'blockwise');
    for (const step of [10, 20])
      for (const name of ['train_loss', 'test_loss']) {
        const a = at(s[name], step), b = at(cpu.history.series[name], step);
        assert.ok(Math.abs(a - b) < 2e-3 * Math.abs(b), `${name} at ${step}: webgpu ${a}, blockwise ${b}`);
      }

    // The GPU lost mid-run: the step in flight is redone on the CPU, the run goes on to its end, and it
    // says so once.
    await app.page.evaluate((c) => window.losslab.set(c), { ...RUN, fused_backend: 'webgpu' });
    await app.page.evaluate(() => { window.losslab.control('reset'); window.losslab.control('play'); });
    await waitFor(app.page, () => window.losslab.status().step >= 3, undefined, 60000);
    assert.equal(await app.page.evaluate(() => window.losslab.control('lose-gpu')), '');
    await waitFor(app.page, () => window.losslab.status().state === 'finished', undefined, 120000);
    const lost = await app.page.evaluate(() => window.losslab.history());
    const events = headEvents(lost.history);
    assert.equal(events.length, 1, JSON.stringify(lost.history.events));
    assert.match(events[0].text, /failed mid-run|unavailable/);
    assert.deepEqual(lost.history.series.test_loss.step, [0, 10, 20]);
    assert.equal((await app.page.evaluate(() => window.losslab.status())).fused_head.backend, 'blockwise');
    assert.deepEqual(app.problems.filter((p) => !/lost|destroy/i.test(p)), []);
  } finally {
    await app.close();
  }
});

test('without WebGPU the run says it falls back to the CPU, and trains there', async () => {
  const app = await openPage();
  try {
    const { history, status } = await train(app.page, RUN, 120000);
    assert.equal(status.fused_head.backend, 'blockwise');
    const events = headEvents(history);
    assert.equal(events.length, 1, JSON.stringify(history.events));
    assert.match(events[0].text, /WebGPU is unavailable \(.+\)/);
    const s = history.series;
    assert.ok(at(s.train_loss, 20) < at(s.train_loss, 0) - 0.01, `train loss ${at(s.train_loss, 0)} -> ${at(s.train_loss, 20)}`);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.close();
  }
});
