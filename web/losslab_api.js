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
//                                  show=PLOT | hide=PLOT | recalibration=none|temperature|histogram|isotonic |
//                                  copy-link (what the Copy link button does) |
//                                  keep (pin the live run) | duplicate=KEY=VALUE (copy it with one change) |
//                                  theme=light|dark
//   losslab.loss('gce', {logits: [[2, 1, -1]], labels: [0]}, {q: 0.5})
//                                  {loss: [ℓᵢ], grad: [[∂ℓᵢ/∂z]]} or {errors: […]}, as `losslab loss`
//   losslab.link()                 the address of what the page shows: #preset=…&field=value…&plots=…
//   losslab.copyLink()             "Copy link": to the clipboard, else shown in a box to copy by hand
//   losslab.runs() / importRun()   the kept runs and importing one (web/run_store.js)
// The address's hash follows the page's state (replaced, not pushed, once it has been still for half a
// second), and is read at start and whenever it is edited: a link opens the run it names. Fields a link
// could not set are listed in status().link_errors and in the control panel.
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

  // Links: the page's address plus the app's query (src/app/link_state.hpp).
  const address = () => location.href.split('#')[0];
  const linkQuery = () => call('losslab_link_query');
  const loadLink = (query) => JSON.parse(callWithText('losslab_load_link', query.slice(0, MAX_TEXT)));
  // A box at the top of the page holding a link (`html`, before its Close button), replacing any before.
  const linkBox = (html) => {
    const old = document.getElementById('link-box');
    if (old) old.remove();
    const box = document.createElement('div');
    box.id = 'link-box';
    box.innerHTML = html + '<button type="button">Close</button>';
    box.querySelector('button').addEventListener('click', () => box.remove());
    document.body.appendChild(box);
    return box;
  };
  // Where the clipboard is refused (no permission, no user gesture, an insecure origin): the link in the
  // box, selected, to copy by hand.
  const showLinkBox = (url) => {
    const box = linkBox('<label>Copy this link: <input readonly spellcheck="false"></label>');
    const input = box.querySelector('input');
    input.value = url;
    input.focus();
    input.select();
  };
  const copyLink = (query) => {  // the app passes its query; a caller (or a click event) need not
    const url = address() + '#' + (typeof query === 'string' ? query : linkQuery());
    const copied = (ok) => Module._losslab_link_copied(ok ? 1 : 0);
    const byHand = () => { showLinkBox(url); copied(false); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(() => copied(true), byHand);
    else byHand();
    return url;
  };
  // The hash follows the state: polled, and written once it has been unchanged for HASH_QUIET_MS, so a
  // dragged slider does not rewrite the address every frame. replaceState: no reload, no history entry.
  const HASH_POLL_MS = 250, HASH_QUIET_MS = 500;
  let seen = null, seenSince = 0, written = null;
  const followState = () => {
    const query = linkQuery();
    const now = performance.now();
    if (query !== seen) { seen = query; seenSince = now; return; }
    if (now - seenSince < HASH_QUIET_MS || location.hash.slice(1) === query) return;
    history.replaceState(history.state, '', '#' + query);
    written = query;
  };

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
    link: () => address() + '#' + linkQuery(),
    copyLink,
    _callText: callWithText,  // for the page's other scripts (run_store.js): an exported function, with text
    _linkBox: linkBox,        // and (embed_bridge.js) the box that offers a link
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
      // Not in figure mode: focus would pull the embedding page's scroll position to the figure.
      if (!(window.losslabEmbed && window.losslabEmbed.active)) canvas.focus();
      // A link: #preset=NAME&field=value… (refused fields are said in the control panel). Edited by
      // hand later, the hash is opened again; the page's own rewrites (replaceState) fire no event.
      if (location.hash.length > 1) loadLink(location.hash.slice(1));
      window.addEventListener('hashchange', () => {
        const query = location.hash.slice(1);
        if (query && query !== written) loadLink(query);
      });
      setInterval(followState, HASH_POLL_MS);
      resolveReady();
    }),
    onAbort: (what) => showError('LossLab stopped: ' + what),
  };
})();
