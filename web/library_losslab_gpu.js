// The WebGPU side of the fused cross-entropy (src/gpu): an Emscripten --js-library that talks to
// navigator.gpu directly, written against the current WebGPU spec (Emscripten 3.1.6's own -sUSE_WEBGPU
// bindings predate dispatchWorkgroups / pass.end(); TOOLCHAIN.md). Its C API is declared in
// src/gpu/gpu_bridge.hpp. Nothing here ever waits: the adapter, the device and every result arrive
// through promises whose handlers only record what happened; C++ asks with losslab_gpu_state() and
// losslab_gpu_poll() on later frames.
//
// One device per page. States: 0 starting, 1 ready, 2 unavailable (with one sentence saying why).
// Every fault — no navigator.gpu, no adapter, requestDevice failing, the device lost, a validation or
// out-of-memory error, a failed mapAsync — makes the device unavailable and fails the job in flight.
//
// Buffers (sizes in bytes; src/gpu/fused_ce_gpu_layout.cpp computes the same ones for fits()):
//   h N·d4·16, w V·d4·16, bias V·4, labels N·4, partials N·splits·8, label_z N·4, rows N·16,
//   dh N·d4·16, dw V·d4·16, db V·4, and a MAP_READ staging copy of rows, dh, dw, db.
// They are created on the first submit and kept; a buffer is replaced only when a shape needs it larger.
// The WGSL sources come from $LosslabGpuShaders, generated at build time from shaders/*.wgsl.

mergeInto(LibraryManager.library, {
  $LosslabGpu__deps: ['$LosslabGpuShaders'],
  $LosslabGpu: {
    state: 0,
    reason: '',
    description: '',
    preferredVariant: 1,  // 1 register-blocked (CPU adapters), 2 tiled through workgroup memory
    software: false,      // a CPU implementation (SwiftShader, a fallback adapter)
    started: false,
    adapterLimits: null,
    device: null,
    modules: {},    // shader modules and pipelines by kernel name (+ the D4C they were built for)
    pipelines: {},
    buffers: {},    // name → GPUBuffer
    params: null,   // the uniform buffer
    job: null,      // {status: 0 pending | 1 ready | 2 failed, t0, t1, sizes, outputs}
    lastSeconds: 0,

    // Binding numbers, the same in every kernel (see the header of each shaders/*.wgsl).
    BINDINGS: {h: 1, w: 2, bias: 3, labels: 4, partials: 5, label_z: 6, rows: 7, dh: 8, dw: 9, db: 10},
    KERNELS: {
      forward_rb: ['h', 'w', 'bias', 'labels', 'partials', 'label_z'],
      forward_tiled: ['h', 'w', 'bias', 'labels', 'partials', 'label_z'],
      combine: ['labels', 'partials', 'label_z', 'rows'],
      dh_rb: ['h', 'w', 'bias', 'labels', 'rows', 'dh'],
      dh_tiled: ['h', 'w', 'bias', 'labels', 'rows', 'dh'],
      dw_rb: ['h', 'w', 'bias', 'labels', 'rows', 'dw', 'db'],
      dw_tiled: ['h', 'w', 'bias', 'labels', 'rows', 'dw', 'db'],
    },

    // Marks the device unavailable (the first reason is kept: later errors are usually its echoes)
    // and fails the job in flight.
    fail: function(reason) {
      if (LosslabGpu.state !== 2) {
        LosslabGpu.state = 2;
        LosslabGpu.reason = reason;
      }
      var job = LosslabGpu.job;
      if (job && job.status === 0) job.status = 2;
    },

    message: function(e) {
      return (e && e.message) ? e.message : String(e);
    },

    describe: function(adapter, info) {
      var fallback = !!(info.isFallbackAdapter !== undefined ? info.isFallbackAdapter : adapter.isFallbackAdapter);
      var swiftshader = info.architecture === 'swiftshader' || /swiftshader/i.test(info.description || '');
      if (swiftshader) return {fallback: true, text: 'SwiftShader (a CPU implementation of WebGPU' + (fallback ? ', fallback adapter)' : ')')};
      var parts = [info.vendor, info.architecture, info.device, info.description].filter(function(s) { return !!s; });
      var text = parts.length ? parts.join(' ') : 'unnamed WebGPU adapter';
      return {fallback: fallback, text: fallback ? text + ' (fallback adapter)' : text};
    },

    start: async function() {
      var G = LosslabGpu;
      if (G.started) return;
      G.started = true;
      if (typeof navigator === 'undefined' || !navigator.gpu) {
        G.fail('This browser has no WebGPU (navigator.gpu is missing; it needs a secure context and a browser that ships WebGPU).');
        return;
      }
      try {
        var adapter = await navigator.gpu.requestAdapter({powerPreference: 'high-performance'});
        if (!adapter) {
          G.fail('No WebGPU adapter: requestAdapter() returned null (Chromium on Linux enables WebGPU only with --enable-unsafe-webgpu).');
          return;
        }
        var info = adapter.info || (adapter.requestAdapterInfo ? await adapter.requestAdapterInfo() : {});
        var described = G.describe(adapter, info);
        G.description = described.text;
        G.software = described.fallback;
        G.preferredVariant = described.fallback ? 1 : 2;
        // Ask for the adapter's own buffer limits: the spec's defaults (128/256 MiB) would refuse a
        // 64k-token classifier that the adapter can hold.
        var device = await adapter.requestDevice({requiredLimits: {
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
          maxBufferSize: adapter.limits.maxBufferSize,
        }});
        G.adapterLimits = device.limits;
        G.device = device;
        device.lost.then(function(lost) {
          G.fail('The WebGPU device was lost (' + lost.reason + (lost.message ? ': ' + lost.message : '') + ').');
        });
        device.addEventListener('uncapturederror', function(event) {
          G.fail('WebGPU error: ' + G.message(event.error) + '.');
        });
        if (G.state === 0) G.state = 1;
      } catch (e) {
        G.fail('Requesting the WebGPU device failed: ' + G.message(e) + '.');
      }
    },

    // Kernels with a D4C constant get one pipeline per value of it.
    pipeline: function(kernel, d4Chunk) {
      var G = LosslabGpu;
      var key = kernel + ':' + d4Chunk;
      if (!G.pipelines[key]) {
        var source = LosslabGpuShaders['fused_ce_' + kernel];
        source = source.replace(/const D4C: u32 = \d+u;/, 'const D4C: u32 = ' + d4Chunk + 'u;');
        var module = G.device.createShaderModule({label: 'fused_ce_' + kernel, code: source});
        G.pipelines[key] = G.device.createComputePipeline({label: key, layout: 'auto', compute: {module: module, entryPoint: 'main'}});
      }
      return G.pipelines[key];
    },

    // A buffer of at least `size` bytes, kept between jobs (replaced only to grow).
    buffer: function(name, size, usage) {
      var G = LosslabGpu;
      size = Math.max(16, Math.ceil(size / 16) * 16);
      var old = G.buffers[name];
      if (old && old.size >= size) return old;
      if (old) old.destroy();
      G.buffers[name] = G.device.createBuffer({label: name, size: size, usage: usage});
      return G.buffers[name];
    },

    bytesHeld: function() {
      var total = 0;
      for (var name in LosslabGpu.buffers) total += LosslabGpu.buffers[name].size;
      return total + (LosslabGpu.params ? LosslabGpu.params.size : 0);
    },

    unmapStaging: function() {
      for (var name in LosslabGpu.buffers) {
        var b = LosslabGpu.buffers[name];
        if (name.endsWith('_read') && b.mapState === 'mapped') b.unmap();
      }
    },

    bindGroup: function(kernel, pipeline) {
      var G = LosslabGpu;
      var entries = [{binding: 0, resource: {buffer: G.params}}];
      G.KERNELS[kernel].forEach(function(name) {
        entries.push({binding: G.BINDINGS[name], resource: {buffer: G.buffers[name]}});
      });
      return G.device.createBindGroup({label: kernel, layout: pipeline.getBindGroupLayout(0), entries: entries});
    },

    // Encodes and submits one problem; the job settles through promises. `s` holds the arguments of
    // losslab_gpu_submit (pointers into the wasm heap, sizes and the plan).
    submit: function(s) {
      var G = LosslabGpu;
      var device = G.device;
      var t0 = performance.now();
      G.unmapStaging();  // results of a job nobody fetched
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      var STORAGE = GPUBufferUsage.STORAGE, COPY_DST = GPUBufferUsage.COPY_DST, COPY_SRC = GPUBufferUsage.COPY_SRC;
      var vecBytes = 16 * s.d4;
      var sizes = {
        h: s.n * vecBytes, w: s.v * vecBytes, bias: s.v * 4, labels: s.n * 4,
        partials: s.n * s.splits * 8, label_z: s.n * 4, rows: s.n * 16,
        dh: s.n * vecBytes, dw: s.v * vecBytes, db: s.v * 4,
      };
      ['h', 'w', 'bias', 'labels'].forEach(function(name) { G.buffer(name, sizes[name], STORAGE | COPY_DST); });
      ['partials', 'label_z'].forEach(function(name) { G.buffer(name, sizes[name], STORAGE); });
      var outputs = s.gradients ? ['rows', 'dh', 'dw', 'db'] : ['rows'];
      outputs.forEach(function(name) {
        G.buffer(name, sizes[name], STORAGE | COPY_SRC);
        G.buffer(name + '_read', sizes[name], GPUBufferUsage.MAP_READ | COPY_DST);
      });
      if (!G.params) G.params = device.createBuffer({label: 'params', size: 48, usage: GPUBufferUsage.UNIFORM | COPY_DST});

      // Inputs straight from the wasm heap: HEAPU8 is looked up now, since memory growth replaces it.
      var queue = device.queue;
      if (sizes.h) queue.writeBuffer(G.buffers.h, 0, HEAPU8, s.h, sizes.h);
      if (sizes.w) queue.writeBuffer(G.buffers.w, 0, HEAPU8, s.w, sizes.w);
      if (s.bias) queue.writeBuffer(G.buffers.bias, 0, HEAPU8, s.bias, sizes.bias);
      queue.writeBuffer(G.buffers.labels, 0, HEAPU8, s.labels, sizes.labels);
      var params = new DataView(new ArrayBuffer(48));
      [s.n, s.d4, s.v, s.splits, s.splitLen].forEach(function(x, i) { params.setUint32(4 * i, x, true); });
      params.setInt32(20, s.ignoreLabel, true);
      params.setUint32(24, s.bias ? 1 : 0, true);
      params.setUint32(28, s.d4Chunk, true);
      params.setFloat32(32, s.threshold, true);
      params.setFloat32(36, s.logNUsed, true);
      queue.writeBuffer(G.params, 0, params.buffer);

      var tiled = s.variant === 2;
      var suffix = tiled ? '_tiled' : '_rb';
      var rowsPerGroup = tiled ? 32 : 64;  // rows (or entries) one workgroup owns
      var dChunks = Math.max(1, Math.ceil(s.d4 / s.d4Chunk));
      var dispatches = [['forward' + suffix, Math.ceil(s.n / rowsPerGroup), s.splits], ['combine', Math.ceil(s.n / 64), 1]];
      if (s.gradients) {
        dispatches.push(['dh' + suffix, Math.ceil(s.n / rowsPerGroup), dChunks]);
        dispatches.push(['dw' + suffix, Math.ceil(s.v / rowsPerGroup), dChunks]);
      }
      var encoder = device.createCommandEncoder({label: 'fused_ce'});
      var pass = encoder.beginComputePass({label: 'fused_ce'});
      dispatches.forEach(function(d) {
        var pipeline = G.pipeline(d[0], d[0].startsWith('forward') || d[0] === 'combine' ? 0 : s.d4Chunk);
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, G.bindGroup(d[0], pipeline));
        pass.dispatchWorkgroups(d[1], d[2]);
      });
      pass.end();
      outputs.forEach(function(name) {
        if (sizes[name]) encoder.copyBufferToBuffer(G.buffers[name], 0, G.buffers[name + '_read'], 0, sizes[name]);
      });
      queue.submit([encoder.finish()]);

      var job = {status: 0, t0: t0, t1: t0, sizes: sizes, outputs: outputs};
      G.job = job;
      // The job is ready once both error scopes came back clean and every staging buffer is mapped.
      var checked = Promise.all([device.popErrorScope(), device.popErrorScope()]).then(function(found) {
        var error = found.find(function(e) { return !!e; });
        if (error) throw 'WebGPU rejected the fused cross-entropy work: ' + G.message(error) + '.';
      });
      var mapped = Promise.all(outputs.filter(function(name) { return sizes[name] > 0; }).map(function(name) {
        return G.buffers[name + '_read'].mapAsync(GPUMapMode.READ, 0, sizes[name]);
      })).catch(function(e) {
        throw 'Reading the results back from the GPU failed (mapAsync: ' + G.message(e) + ').';
      });
      // A validation or out-of-memory error fails the job at once.
      checked.catch(function(reason) { if (job.status === 0) G.fail(reason); });
      Promise.all([checked, mapped]).then(function() {
        if (job.status !== 0) return;
        job.t1 = performance.now();
        job.status = 1;
      }, function(reason) {
        if (job.status !== 0) return;  // failed above
        // A rejected map: a lost device rejects the pending maps first and settles device.lost only once
        // the work in flight has drained: wait for the loss (a while) so that it is the reason reported.
        var settled = new Promise(function(resolve) { setTimeout(resolve, 3000); });
        Promise.race([device.lost, settled]).then(function() {
          G.fail(typeof reason === 'string' ? reason : 'WebGPU failed: ' + G.message(reason) + '.');
        });
      });
    },

    // Copies the mapped results into the wasm heap (0: not wanted) and unmaps them.
    fetch: function(ptrs) {
      var G = LosslabGpu;
      var job = G.job;
      if (!job || job.status !== 1) return 0;
      try {
        job.outputs.forEach(function(name) {
          var size = job.sizes[name];
          var ptr = ptrs[name];
          if (!size || !ptr) return;
          HEAPU8.set(new Uint8Array(G.buffers[name + '_read'].getMappedRange(0, size)), ptr);
        });
      } catch (e) {
        G.fail('Copying the results out of the GPU buffers failed: ' + G.message(e) + '.');
        return 0;
      } finally {
        G.unmapStaging();
      }
      G.lastSeconds = (job.t1 - job.t0) / 1000;
      G.job = null;
      return 1;
    },
  },

  losslab_gpu_start__deps: ['$LosslabGpu'],
  losslab_gpu_start: function() {
    LosslabGpu.start();
  },

  losslab_gpu_state__deps: ['$LosslabGpu'],
  losslab_gpu_state: function() {
    return LosslabGpu.state;
  },

  losslab_gpu_failure__deps: ['$LosslabGpu'],
  losslab_gpu_failure: function(out, capacity) {
    stringToUTF8(LosslabGpu.reason, out, capacity);
    return lengthBytesUTF8(LosslabGpu.reason);
  },

  losslab_gpu_describe__deps: ['$LosslabGpu'],
  losslab_gpu_describe: function(out, capacity) {
    stringToUTF8(LosslabGpu.description, out, capacity);
    return lengthBytesUTF8(LosslabGpu.description);
  },

  // 0 maxStorageBufferBindingSize, 1 maxBufferSize, 2 maxComputeWorkgroupsPerDimension; 0 while unknown.
  losslab_gpu_limit__deps: ['$LosslabGpu'],
  losslab_gpu_limit: function(which) {
    var limits = LosslabGpu.adapterLimits;
    if (!limits) return 0;
    return [limits.maxStorageBufferBindingSize, limits.maxBufferSize, limits.maxComputeWorkgroupsPerDimension][which] || 0;
  },

  losslab_gpu_preferred_variant__deps: ['$LosslabGpu'],
  losslab_gpu_preferred_variant: function() {
    return LosslabGpu.preferredVariant;
  },

  // 1 when the adapter is a CPU implementation (SwiftShader, a fallback adapter); 0 otherwise or unknown.
  losslab_gpu_software__deps: ['$LosslabGpu'],
  losslab_gpu_software: function() {
    return LosslabGpu.software ? 1 : 0;
  },

  // Returns 1 when the work was submitted, 0 when the device is not ready or a job is in flight.
  losslab_gpu_submit__deps: ['$LosslabGpu'],
  losslab_gpu_submit: function(h, w, bias, labels, n, d4, v, splits, splitLen, d4Chunk, ignoreLabel, logNUsed,
                               threshold, gradients, variant) {
    var G = LosslabGpu;
    if (G.state !== 1 || (G.job && G.job.status === 0)) return 0;
    try {
      G.submit({h: h, w: w, bias: bias, labels: labels, n: n, d4: d4, v: v, splits: splits, splitLen: splitLen,
                d4Chunk: d4Chunk, ignoreLabel: ignoreLabel, logNUsed: logNUsed, threshold: threshold,
                gradients: !!gradients, variant: variant});
    } catch (e) {
      G.fail('Submitting the fused cross-entropy to WebGPU failed: ' + G.message(e) + '.');
      G.job = {status: 2};
    }
    return 1;
  },

  // 0 pending, 1 ready (call losslab_gpu_fetch), 2 failed (losslab_gpu_failure says why).
  losslab_gpu_poll__deps: ['$LosslabGpu'],
  losslab_gpu_poll: function() {
    var job = LosslabGpu.job;
    if (!job) return 2;
    return job.status;
  },

  // rows: N×4 floats (max, sum, label logit, log sum + log n_used); dh: N×d4 vec4; dw: V×d4 vec4; db: V.
  losslab_gpu_fetch__deps: ['$LosslabGpu'],
  losslab_gpu_fetch: function(rows, dh, dw, db) {
    return LosslabGpu.fetch({rows: rows, dh: dh, dw: dw, db: db});
  },

  // Wall-clock seconds of the last fetched job, from its submit to its results mapped.
  losslab_gpu_seconds__deps: ['$LosslabGpu'],
  losslab_gpu_seconds: function() {
    return LosslabGpu.lastSeconds;
  },

  losslab_gpu_bytes_held__deps: ['$LosslabGpu'],
  losslab_gpu_bytes_held: function() {
    return LosslabGpu.bytesHeld();
  },

  // Frees the buffers (the device stays): the next submit creates them again.
  losslab_gpu_release__deps: ['$LosslabGpu'],
  losslab_gpu_release: function() {
    var G = LosslabGpu;
    if (G.job && G.job.status === 0) return;
    G.unmapStaging();
    for (var name in G.buffers) G.buffers[name].destroy();
    G.buffers = {};
    G.job = null;
  },

  // For the fault tests: destroys the device, as a driver reset would.
  losslab_gpu_debug_lose_device__deps: ['$LosslabGpu'],
  losslab_gpu_debug_lose_device: function() {
    if (LosslabGpu.device) LosslabGpu.device.destroy();
  },
});
