// window.losslab: the page's JavaScript hook into the running app (see src/app/web_api.cpp).
//   await losslab.ready            resolves once the app runs
//   losslab.history()              {config, steps_done, history: {series: {name: {step, value}}, events}}
//   losslab.status()               {step, state, steps_per_s, fps, frame_ms, …}
//   losslab.config()               the run's config
//   losslab.set({lr: 0.003})       applies fields; returns [{field, message}] for those it refused
//   losslab.instruments()          the latest calibration / memorization / collapse / … measurement
//   losslab.control('pause')       play | pause | step | reset | speed=N (0 = max) | budget=MS |
//                                  view=boundary|reliability|confusion|margins|fourier|head |
//                                  preset=NAME (with its plots and view, as the menu) |
//                                  show=PLOT | hide=PLOT | recalibration=none|temperature|histogram|isotonic
//   losslab.loss('gce', {logits: [[2, 1, -1]], labels: [0]}, {q: 0.5})
//                                  {loss: [ℓᵢ], grad: [[∂ℓᵢ/∂z]]} or {errors: […]}, as `losslab loss`
// It also sets up Emscripten's Module: the canvas, the loading overlay, and errors shown on the page.
'use strict';
(function () {
  const overlay = () => document.getElementById('overlay');
  const showError = (text) => {
    const o = overlay();
    o.classList.remove('hidden');
    o.classList.add('error');
    document.getElementById('overlay-text').textContent = text;
  };
  let resolveReady;
  const ready = new Promise((resolve) => { resolveReady = resolve; });
  const MAX_TEXT = 1 << 20;
  const call = (name) => Module.UTF8ToString(Module['_' + name]());
  // Text goes through the heap, not Emscripten's 1 MB stack (ccall's 'string'), so size is no hazard.
  const callWithText = (name, text) => {
    const bytes = Module.lengthBytesUTF8(text) + 1;
    const ptr = Module._malloc(bytes);
    try {
      Module.stringToUTF8(text, ptr, bytes);
      return Module.UTF8ToString(Module['_' + name](ptr));
    } finally {
      Module._free(ptr);
    }
  };
  const refused = (message) => [{ field: '', message }];

  window.losslab = {
    ready,
    history: () => JSON.parse(call('losslab_history_json')),
    status: () => JSON.parse(call('losslab_status_json')),
    config: () => JSON.parse(call('losslab_config_json')),
    instruments: () => JSON.parse(call('losslab_instruments_json')),
    set: (config) => {
      const text = typeof config === 'string' ? config : JSON.stringify(config);
      if (typeof text !== 'string') return refused('set() takes a config object or its JSON text');
      if (text.length > MAX_TEXT) return refused(`a config of ${text.length} characters is too long (at most ${MAX_TEXT})`);
      return JSON.parse(callWithText('losslab_set_config', text));
    },
    loss: (name, input, params = {}) => {
      const text = JSON.stringify({ name, input, params });
      if (text.length > MAX_TEXT) return { errors: [`a batch of ${text.length} characters is too long (at most ${MAX_TEXT})`] };
      return JSON.parse(callWithText('losslab_loss_json', text));
    },
    control: (command) => {
      if (typeof command !== 'string' || command.length > 100) return 'control() takes a short command string';
      return callWithText('losslab_control', command);
    },
  };

  const canvas = document.getElementById('canvas');
  canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    showError('The WebGL context was lost. Reload the page to continue.');
  });
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('LossLab needs WebGL2, which this browser does not offer.');
  }

  window.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    // main() runs right after this and publishes the app; the hook is usable from the next frame on.
    onRuntimeInitialized: () => requestAnimationFrame(() => {
      overlay().classList.add('hidden');
      canvas.focus();
      // A link to a preset: #preset=NAME (an unknown name is said in the control panel).
      const preset = new URLSearchParams(location.hash.slice(1)).get('preset');
      if (preset) window.losslab.control('preset=' + preset.slice(0, 80));
      resolveReady();
    }),
    onAbort: (what) => showError('LossLab stopped: ' + what),
  };
})();
