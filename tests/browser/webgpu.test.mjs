// The WebGPU fused cross-entropy in headless Chromium, through the benchmark page (web/bench.html):
//  (a) with --enable-unsafe-webgpu (SwiftShader, a CPU implementation of WebGPU): both kernel variants
//      equal the wasm blockwise backend on awkward shapes, the filter stays within its bound, an
//      oversized shape is refused with its bytes, and a device lost mid-run fails the work and leaves
//      the CPU numbers;
//  (b) without the flag: the page says WebGPU is unavailable and why, and the CPU numbers still appear.
// Tolerances (normwise relative error, ‖gpu − cpu‖ / ‖cpu‖, against blockwise at threshold 0): the two
// backends sum in different orders in float32 — the GPU over d in vec4 dot products and over the
// vocabulary in splits and 4-entry blocks, Eigen in its GEMM order — so they differ by a few float
// ulps per sum (measured ≤ 3e-7 here): TOL = 1e-5. At logits of ±1e3, the logits themselves differ by
// ~ulp(1e3)·√d ≈ 2e-4 between the orders, and S = exp(z − lse) carries that as a relative error
// (measured ~7e-6): TOL_LARGE = 1e-4.
// Run: LOSSLAB_WEB_DIR=build/web node --test tests/browser/webgpu.test.mjs (the web build's directory).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage } from './browser.mjs';

const TOL = 1e-5;
const TOL_LARGE = 1e-4;
const FILTER = 2 ** -12;  // kDefaultFilterThreshold
const VARIANTS = ['register_blocked', 'tiled'];

const benchReady = () => window.losslabBench.ready;

// The cases of (a); each runs on both kernel variants.
const CASES = [
  { name: 'N = 1, V = 1', n: 1, d: 1, v: 1 },
  { name: 'N = 1, V = 1, d = 5 with bias', n: 1, d: 5, v: 1, bias: true },
  { name: 'N = 37, d = 19, V = 1000, bias, ε = 0.1', n: 37, d: 19, v: 1000, bias: true, smoothing: 0.1 },
  { name: 'some labels ignored, sizes off every block', n: 50, d: 6, v: 77, ignored: 0.3 },
  { name: 'all labels ignored', n: 20, d: 12, v: 300, bias: true, ignored: 1 },
  { name: 'logits of ±1e3', n: 40, d: 16, v: 500, bias: true, smoothing: 0.1, logit_std: 1000, tol: TOL_LARGE },
  { name: 'd = 300 (more than one chunk of d)', n: 70, d: 300, v: 90 },
  { name: 'forward only', n: 33, d: 7, v: 129, bias: true, gradients: false },
];
const RUNS = CASES.flatMap((c) => VARIANTS.map((variant) => ({ ...c, variant, repeats: 1 })));

describe('WebGPU (SwiftShader, --enable-unsafe-webgpu)', () => {
  let app;
  let results;
  before(async () => {
    app = await openPage({ path: 'bench.html', hash: '#manual', flags: ['--enable-unsafe-webgpu'], ready: benchReady });
    results = await app.page.evaluate((list) => window.losslabBench.run(list), RUNS);
  });
  after(async () => { await app?.close(); });

  test('the adapter is SwiftShader and the page says it is a CPU', async () => {
    const info = await app.page.evaluate(() => window.losslabBench.adapter());
    assert.equal(info.state, 'ready', info.reason);
    assert.ok(info.cpu_adapter, info.description);
    assert.match(await app.page.textContent('#adapter'), /SwiftShader runs WebGPU on the CPU/);
  });

  for (const [index, run] of RUNS.entries()) {
    test(`${run.name}: ${run.variant} equals blockwise`, () => {
      const result = results[index];
      assert.ok(result.webgpu?.errors, JSON.stringify(result));
      assert.equal(result.webgpu.variant, run.variant);
      const tol = run.tol ?? TOL;
      for (const [output, error] of Object.entries(result.webgpu.errors)) {
        assert.ok(error <= tol, `${output}: relative error ${error} > ${tol}`);
      }
      assert.ok(Math.abs(result.webgpu.mean_loss - result.cpu.mean_loss) <= tol * Math.max(1, Math.abs(result.cpu.mean_loss)));
      assert.ok(result.webgpu.bytes > 0);
    });
  }

  test('with the default threshold 2⁻¹², the gradient error stays within the filter bound', async () => {
    // A peaked softmax (logits with std 10 over V = 2048, as after training): most entries are below
    // 2⁻¹². Each dropped entry p_ik < t moves dH[j,i] by at most p_ik |W[j,k]| / n and dW[j,k] by
    // p_ik |H[j,i]| / n (bench_problem.hpp states the bound and its float slack); the page checks every
    // entry of the filtered run against the same kernels at threshold 0.
    const cases = VARIANTS.map((variant) => ({ n: 64, d: 16, v: 2048, bias: true, logit_std: 10, threshold: FILTER, variant, repeats: 1 }));
    const filtered = await app.page.evaluate((list) => window.losslabBench.run(list), cases);
    for (const result of filtered) {
      const { filter, errors, errors_exact: exact } = result.webgpu;
      console.log(`${result.webgpu.variant}: ${(100 * filter.dropped).toFixed(1)} % of the entries below 2^-12; ` +
                  `dH error ${filter.dh_error}, dW error ${filter.dw_error}; worst error / bound ${filter.worst}`);
      assert.ok(filter.dropped > 0.3, 'the case must exercise the filter');
      assert.ok(filter.ok, `an entry moved more than the bound allows: ${filter.worst}`);
      assert.ok(filter.dh_error > 0, 'the filter dropped nothing');
      for (const [output, error] of Object.entries(exact)) assert.ok(error <= TOL, `exact ${output}: ${error}`);
      assert.ok(errors.loss <= TOL, 'the loss is a forward quantity: the filter never touches it');
    }
  });

  test('a shape beyond the adapter\'s limits is refused with both byte counts', async () => {
    // V = 2^20, d = 1024: the classifier alone is 4 GiB; SwiftShader binds at most 1 GiB.
    const message = await app.page.evaluate(() => window.losslabBench.fits(1024, 1024, 1 << 20));
    assert.match(message, /classifier W buffer needs 4,294,967,296 bytes .* at most 1,073,741,824 bytes/);
    assert.equal(await app.page.evaluate(() => window.losslabBench.fits(1024, 64, 4096)), '');
  });

  test('a device lost mid-run fails the work, says why, and the CPU numbers still come', async () => {
    const outcome = await app.page.evaluate(async () => {
      const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      Module._bench_problem(256, 32, 4096, 0, 0, 0, 1, 3);
      const submitted = Module._bench_gpu_submit(0, 0, 1);
      Module._bench_lose_device();
      let status = 0;
      while ((status = Module._bench_gpu_poll(2)) === 0) await sleep(2);
      return { submitted, status, state: Module._bench_gpu_state(), reason: Module.UTF8ToString(Module._bench_gpu_text(1)) };
    });
    assert.equal(outcome.submitted, 1);
    assert.equal(outcome.status, 2, 'poll must report the work as failed');
    assert.equal(outcome.state, 2, 'the device must be unavailable');
    assert.match(outcome.reason, /device was lost/);
    const [after] = await app.page.evaluate(() => window.losslabBench.run([{ n: 16, d: 8, v: 64, repeats: 1 }]));
    assert.ok(after.cpu.seconds >= 0);
    assert.match(after.webgpu.unavailable, /device was lost/);
  });

  test('no console errors', () => {
    assert.deepEqual(app.problems, []);
  });
});

describe('without --enable-unsafe-webgpu', () => {
  let app;
  before(async () => {
    app = await openPage({ path: 'bench.html', hash: '#manual', ready: benchReady });
  });
  after(async () => { await app?.close(); });

  test('the page reports WebGPU unavailable with its reason, and the CPU numbers still appear', async () => {
    const info = await app.page.evaluate(() => window.losslabBench.adapter());
    assert.equal(info.state, 'unavailable');
    assert.match(info.reason, /requestAdapter\(\) returned null/);
    assert.match(await app.page.textContent('#adapter'), /WebGPU is unavailable: No WebGPU adapter/);
    const [result] = await app.page.evaluate(() => window.losslabBench.run([{ n: 32, d: 8, v: 100, repeats: 1 }]));
    assert.ok(result.cpu.gflops > 0);
    assert.ok(Number.isFinite(result.cpu.mean_loss));
    assert.equal(result.webgpu.unavailable, info.reason);
    assert.deepEqual(app.problems, []);
  });
});
