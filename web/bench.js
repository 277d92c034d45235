// The fused cross-entropy benchmark and check page (bench.html): runs the same random problems on
// WebGPU and on the wasm blockwise backend (losslab_gpu_bench.js, built from src/gpu/bench) and prints
// seconds per forward+backward, GFLOP/s (6·N·d·V), the extra bytes each held, and the relative error of
// WebGPU's loss, dH, dW, db against blockwise at threshold 0. For tests and scripts:
//   await losslabBench.ready          → {state: 'ready'|'unavailable', description, reason, cpu_adapter}
//   await losslabBench.run(cases)     → one result per case (the JSON shown on the page)
//   losslabBench.fits(n, d, v)        "" or why WebGPU cannot hold that shape
//   losslabBench.loseDevice()         destroys the WebGPU device (the fault test)
// A case: {n, d, v, bias, smoothing, ignored (share of ignored rows), logit_std, seed, threshold,
//          variant: 'auto'|'register_blocked'|'tiled', repeats, gradients}.
// Everything is asynchronous: GPU results are polled from timers, and the page yields between runs.
// '#manual' in the address skips the run of the default shapes.
'use strict';
(function () {
  const DEFAULT_SHAPES = [
    { n: 1024, d: 64, v: 4096 },
    { n: 256, d: 64, v: 65536 },
  ];
  const VARIANTS = { auto: 0, register_blocked: 1, tiled: 2 };
  const SLOT = { cpu_exact: 0, cpu: 1, gpu: 2, gpu_exact: 3 };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  const $ = (id) => document.getElementById(id);

  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  let busy = Promise.resolve();

  const text = (pointer) => Module.UTF8ToString(pointer);
  const gpuText = (which) => text(Module._bench_gpu_text(which));

  function adapter() {
    const state = ['starting', 'ready', 'unavailable'][Module._bench_gpu_state()];
    const description = gpuText(0);
    return {
      state,
      description,
      reason: state === 'unavailable' ? gpuText(1) : '',
      cpu_adapter: /swiftshader/i.test(description),
    };
  }

  function showAdapter(info) {
    const line = $('adapter');
    if (info.state === 'ready') {
      line.textContent = 'WebGPU adapter: ' + info.description +
        (info.cpu_adapter ? ' — SwiftShader runs WebGPU on the CPU: its timings are not a GPU\'s.' : '');
    } else {
      line.textContent = 'WebGPU is unavailable: ' + info.reason + ' Only the CPU (wasm blockwise) numbers are shown.';
      line.classList.add('warning');
    }
  }

  // One WebGPU run into a slot: submit, then poll on later timer ticks until it settles.
  async function gpuRun(slot, c, threshold) {
    if (!Module._bench_gpu_submit(threshold, VARIANTS[c.variant] ?? 0, c.gradients ? 1 : 0)) {
      return { error: gpuText(1) || 'WebGPU is not ready' };
    }
    for (;;) {
      const status = Module._bench_gpu_poll(slot);
      if (status === 1) return JSON.parse(text(Module._bench_gpu_timing()));
      if (status === 2) return { error: gpuText(1) };
      await sleep(1);
    }
  }

  async function runCase(input) {
    const c = {
      bias: false, smoothing: 0, ignored: 0, logit_std: 1, seed: 1, threshold: 0, variant: 'auto',
      repeats: 3, gradients: true, ...input,
    };
    const result = { shape: c, flops: 6 * c.n * c.d * c.v };
    // Warm-up on a tiny problem of the same d: builds this case's pipelines (seconds of shader compiling
    // on SwiftShader) outside the timed runs.
    if (adapter().state === 'ready' && !text(Module._bench_problem(1, c.d, 1, 0, 0, 0, 1, 1))) {
      await gpuRun(SLOT.gpu, c, 0);
    }
    const refused = text(Module._bench_problem(c.n, c.d, c.v, c.bias ? 1 : 0, c.smoothing, c.ignored, c.logit_std, c.seed));
    if (refused && !refused.startsWith('gpu:')) return { ...result, error: refused };
    const gflops = (seconds) => result.flops / seconds / 1e9;
    const compare = (slot, reference) => JSON.parse(text(Module._bench_compare(slot, reference, c.gradients ? 1 : 0)));

    // The reference: blockwise at threshold 0; the timed CPU runs use the case's threshold.
    const cpuSlot = c.threshold === 0 ? SLOT.cpu_exact : SLOT.cpu;
    if (c.threshold !== 0) Module._bench_cpu(SLOT.cpu_exact, 0, c.gradients ? 1 : 0);
    const cpuTimes = [];
    for (let r = 0; r < c.repeats; ++r) {
      cpuTimes.push(Module._bench_cpu(cpuSlot, c.threshold, c.gradients ? 1 : 0));
      await sleep(0);  // let the page breathe between synchronous CPU runs
    }
    const cpuSeconds = median(cpuTimes);
    result.cpu = { seconds: cpuSeconds, gflops: gflops(cpuSeconds), bytes: Module._bench_bytes(cpuSlot),
                   mean_loss: Module._bench_mean_loss(cpuSlot) };

    const info = adapter();
    if (info.state !== 'ready') return { ...result, webgpu: { unavailable: info.reason } };
    if (refused) return { ...result, webgpu: { refused: refused.slice(4).trim() } };
    const runs = [];
    for (let r = 0; r < c.repeats; ++r) {
      const run = await gpuRun(SLOT.gpu, c, c.threshold);
      if (run.error) return { ...result, webgpu: { error: run.error } };
      runs.push(run);
    }
    const seconds = median(runs.map((run) => run.device_seconds + run.finish_seconds));
    result.webgpu = {
      seconds, gflops: gflops(seconds),
      device_seconds: median(runs.map((run) => run.device_seconds)),
      finish_seconds: median(runs.map((run) => run.finish_seconds)),
      variant: runs[0].variant,
      bytes: Module._bench_bytes(SLOT.gpu),
      mean_loss: Module._bench_mean_loss(SLOT.gpu),
      errors: compare(SLOT.gpu, SLOT.cpu_exact),
    };
    if (c.threshold !== 0 && c.gradients) {
      // The filter's effect alone: the same kernels at threshold 0, and the bound the dropped entries imply.
      const exact = await gpuRun(SLOT.gpu_exact, c, 0);
      if (exact.error) return { ...result, webgpu: { error: exact.error } };
      result.webgpu.errors_exact = compare(SLOT.gpu_exact, SLOT.cpu_exact);
      result.webgpu.filter = JSON.parse(text(Module._bench_filter_bound(SLOT.gpu, SLOT.gpu_exact, c.threshold)));
    }
    return result;
  }

  const fmt = (x, digits = 3) => (typeof x === 'number' && Number.isFinite(x) ? x.toPrecision(digits) : '—');
  const mib = (bytes) => (bytes / (1 << 20)).toFixed(2) + ' MiB';

  function addRow(result) {
    const s = result.shape;
    const cells = [`N=${s.n} d=${s.d} V=${s.v}${s.threshold ? ` t=${s.threshold}` : ''}`];
    if (result.error) {
      cells.push(result.error, '', '', '', '');
    } else {
      cells.push(`${fmt(result.cpu.seconds)} s, ${fmt(result.cpu.gflops)} GFLOP/s, ${mib(result.cpu.bytes)}`);
      const g = result.webgpu;
      if (g.seconds !== undefined) {
        cells.push(`${fmt(g.seconds)} s (device ${fmt(g.device_seconds)} s), ${fmt(g.gflops)} GFLOP/s, ${mib(g.bytes)}, ${g.variant}`);
        cells.push(fmt(g.errors.loss), fmt(g.errors.dh), fmt(g.errors.dw));
      } else {
        cells.push(g.unavailable ? 'unavailable' : (g.refused || g.error), '', '', '');
      }
    }
    const row = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      td.textContent = cell;
      row.appendChild(td);
    }
    $('results').appendChild(row);
  }

  // Runs one list of cases at a time (a second call waits for the first).
  function run(cases) {
    const job = busy.then(async () => {
      await ready;
      const results = [];
      for (const c of cases) {
        $('status').textContent = `running N=${c.n} d=${c.d} V=${c.v} …`;
        const result = await runCase(c);
        results.push(result);
        addRow(result);
        $('json').textContent = JSON.stringify(results, null, 1);
      }
      $('status').textContent = 'done';
      return results;
    });
    busy = job.catch(() => {});
    return job;
  }

  window.losslabBench = {
    ready,
    run,
    adapter: () => adapter(),
    loseDevice: () => Module._bench_lose_device(),
    fits: (n, d, v) => text(Module._bench_gpu_fits(n, d, v)),
    defaults: DEFAULT_SHAPES,
  };

  window.Module = {
    print: (line) => console.log(line),
    printErr: (line) => console.warn(line),
    onRuntimeInitialized: async () => {
      Module._bench_start();
      while (Module._bench_gpu_state() === 0) await sleep(5);
      const info = adapter();
      showAdapter(info);
      resolveReady(info);
      $('run').disabled = false;
      if (!location.hash.includes('manual')) run(DEFAULT_SHAPES);
    },
  };

  document.addEventListener('DOMContentLoaded', () => {
    $('run').addEventListener('click', () => run(DEFAULT_SHAPES));
  });
})();
