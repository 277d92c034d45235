// Live LossLab figures in any page. Put this script next to LossLab's index.html (or point `src` at it):
//
//   <script src="embed.js"></script>
//   <div data-losslab="preset=grokking-modadd&plots=acc,weightnorm" style="height:360px"></div>
//
// Every [data-losslab] element gets a live figure (those above the script at once, the rest on
// DOMContentLoaded): an iframe of index.html?embed=1 (the plots the link names and a play/pause/reset
// bar), sized to the element. Its value is a LossLab link's query (what the full page's address shows
// after '#'); data-losslab-src, -speed, -autoplay, -title, -height and -lazy set the options below.
// From script:
//
//   const fig = LossLab.mount(element, {preset: 'grokking-modadd', plots: ['acc', 'weightnorm'],
//                                       config: {lr: 0.003}, height: 360});
//   fig.ready                 Promise: resolves once the figure runs ({step, state, …})
//   fig.play() / fig.pause() / fig.reset()                      Promise of {step, state, …}
//   fig.set({lr: 0.003})      Promise of the refused fields, [{field, message}] ([] when all applied)
//   fig.history()             Promise of {config, steps_done, history: {series, events}}
//   fig.status()              Promise of {step, state, steps_per_s, test_acc, …}
//   fig.config(), fig.link(), fig.control('speed=100')
//   fig.on('step', ({step, state, steps_total, test_acc}) => …)   a few times a second while it changes
//   fig.on('ready', fn), fig.off(event, fn), fig.destroy()
//
// Options of mount: query (a link's query), or preset / plots (names or a list) / config (fields: the
// link's own names, e.g. {lr: 0.003, hidden: [32, 16]}); src (the LossLab page: index.html next to
// this script by default, or a single-file losslab.html); height (px or CSS; else the element's own,
// else 360px); speed (steps per second; 0 = as fast as the frame rate allows); autoplay (false: paused
// once loaded); title (the iframe's, for screen readers); lazy (true: load when scrolled near);
// timeout (ms a request may take, 10000); readyTimeout (ms the figure may take to load, 60000).
//
// Messages: requests go to the iframe's origin only, and a message is taken only from the iframe's
// window and origin (web/embed_bridge.js checks the same the other way: the figure answers only this
// page). Both pages must be served over http(s): a page opened from file:// has no origin to check, so
// its figures play but the API refuses with a message saying so.
'use strict';
(function () {
  if (window.LossLab && window.LossLab.mount) return;  // loaded twice: keep the first
  const script = document.currentScript;
  const here = script && script.src ? script.src : location.href;
  const DEFAULT_SRC = new URL('index.html', here).href;
  const figures = new WeakMap();  // element → its figure
  let nextId = 1;

  const enc = (v) => encodeURIComponent(String(v)).replace(/%2C/gi, ',');
  // The link's query: options.query as given, then preset, config fields and plots.
  function queryOf(options) {
    const parts = [];
    if (options.query) parts.push(String(options.query).replace(/^[#?]/, ''));
    if (options.preset) parts.push('preset=' + enc(options.preset));
    for (const [key, value] of Object.entries(options.config || {}))
      parts.push(enc(key) + '=' + (Array.isArray(value) ? value.map(enc).join(',') : enc(value)));
    if (options.plots) parts.push('plots=' + (Array.isArray(options.plots) ? options.plots.map(enc).join(',') : enc(options.plots)));
    return parts.filter(Boolean).join('&');
  }

  function frameUrl(src, query) {
    const url = new URL(src, location.href);
    url.searchParams.set('embed', '1');
    if (/^https?:$/.test(location.protocol)) url.searchParams.set('parent', location.origin);
    url.hash = query;
    return url.href;
  }

  function mount(element, options = {}) {
    if (!(element instanceof Element)) throw new TypeError('LossLab.mount(element, options): element must be a DOM element');
    if (figures.has(element)) figures.get(element).destroy();
    const query = queryOf(options);
    const src = frameUrl(options.src || DEFAULT_SRC, query);
    const origin = new URL(src).origin;
    const timeout = options.timeout ?? 10000;
    // Why the API cannot work here, if it cannot: then the figure still plays, and requests say why.
    const offline = origin === 'null' || !/^https?:$/.test(location.protocol)
      ? 'the LossLab embedding API needs both pages served over http(s) (this page or the figure is a file:// page, ' +
        'which has no origin to check messages against); the figure plays, but cannot be controlled from script'
      : null;

    if (options.height !== undefined) element.style.height = typeof options.height === 'number' ? options.height + 'px' : options.height;
    else if (element.clientHeight === 0) element.style.height = '360px';
    const iframe = document.createElement('iframe');
    iframe.title = options.title || 'LossLab live figure' + (options.preset ? ': ' + options.preset : '');
    iframe.style.cssText = 'display:block;width:100%;height:100%;border:0;';
    if (options.lazy) iframe.loading = 'lazy';
    iframe.src = src;
    element.replaceChildren(iframe);

    const listeners = new Map();  // event → Set of functions
    const pending = new Map();    // request id → {resolve, reject, timer}
    let destroyed = false;
    const emit = (event, data) => {
      for (const fn of listeners.get(event) || []) {
        try { fn(data); } catch (err) { setTimeout(() => { throw err; }); }
      }
    };

    let resolveReady, rejectReady;
    const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
    ready.catch(() => {});  // a figure nobody asks about may time out quietly
    const readyTimer = offline ? null : setTimeout(
      () => rejectReady(new Error(`LossLab figure did not load within ${(options.readyTimeout ?? 60000) / 1000} s (${src})`)),
      options.readyTimeout ?? 60000);

    function onMessage(e) {
      if (e.source !== iframe.contentWindow || e.origin !== origin) return;  // not our figure
      const m = e.data;
      if (!m || typeof m !== 'object' || m.losslab !== 1) return;
      if (m.event) {
        if (m.event === 'ready') { clearTimeout(readyTimer); resolveReady(m); }
        emit(m.event, m);
        return;
      }
      const request = pending.get(m.id);
      if (!request) return;
      pending.delete(m.id);
      clearTimeout(request.timer);
      if (m.error !== undefined) request.reject(new Error('LossLab: ' + m.error));
      else request.resolve(m.result);
    }
    window.addEventListener('message', onMessage);

    function request(method, args) {
      if (destroyed) return Promise.reject(new Error(`LossLab figure: ${method}() after destroy()`));
      if (offline) return Promise.reject(new Error(`LossLab figure: cannot ${method}(): ${offline}`));
      return ready.then(() => new Promise((resolve, reject) => {
        if (destroyed) { reject(new Error(`LossLab figure: ${method}() after destroy()`)); return; }
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`LossLab figure did not answer ${method}() within ${timeout / 1000} s`));
        }, timeout);
        pending.set(id, { resolve, reject, timer });
        iframe.contentWindow.postMessage({ losslab: 1, id, method, args }, origin);
      }));
    }

    const figure = {
      element, iframe, ready,
      play: () => request('play'),
      pause: () => request('pause'),
      reset: () => request('reset'),
      set: (config) => request('set', config),
      history: () => request('history'),
      status: () => request('status'),
      config: () => request('config'),
      link: () => request('link'),
      control: (command) => request('control', command),
      on(event, fn) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event).add(fn);
        return figure;
      },
      off(event, fn) {
        listeners.get(event)?.delete(fn);
        return figure;
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        window.removeEventListener('message', onMessage);
        clearTimeout(readyTimer);
        rejectReady(new Error('LossLab figure destroyed'));
        for (const { reject, timer } of pending.values()) {
          clearTimeout(timer);
          reject(new Error('LossLab figure destroyed'));
        }
        pending.clear();
        listeners.clear();
        iframe.remove();
        figures.delete(element);
      },
    };
    figures.set(element, figure);

    // Options that are requests: applied once the figure runs.
    if (!offline && (options.speed !== undefined || options.autoplay === false)) {
      ready.then(() => Promise.all([
        options.speed !== undefined ? figure.control('speed=' + Number(options.speed)) : null,
        options.autoplay === false ? figure.pause() : null,
      ])).catch((err) => console.warn(err.message));
    }
    return figure;
  }

  // Mounts every [data-losslab] element not mounted yet (also called on DOMContentLoaded).
  function mountAll(root = document) {
    const mounted = [];
    for (const element of root.querySelectorAll('[data-losslab]')) {
      if (figures.has(element)) continue;
      const d = element.dataset;
      const options = { query: d.losslab };
      if (d.losslabSrc) options.src = d.losslabSrc;
      if (d.losslabSpeed) options.speed = Number(d.losslabSpeed);
      if (d.losslabAutoplay === 'false') options.autoplay = false;
      if (d.losslabTitle) options.title = d.losslabTitle;
      if (d.losslabLazy !== undefined && d.losslabLazy !== 'false') options.lazy = true;
      if (d.losslabHeight) options.height = /^\d+$/.test(d.losslabHeight) ? Number(d.losslabHeight) : d.losslabHeight;
      const preset = /(?:^|&)preset=([^&]*)/.exec(d.losslab || '');
      if (preset && !options.title) options.title = 'LossLab live figure: ' + decodeURIComponent(preset[1]);
      mounted.push(mount(element, options));
    }
    return mounted;
  }

  window.LossLab = {
    mount,
    mountAll,
    get: (element) => figures.get(element) || null,  // the figure mounted in an element
    defaultSrc: DEFAULT_SRC,
  };
  // The elements parsed so far now (so a script right after them can LossLab.get() them), the rest
  // once the document is.
  mountAll();
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => mountAll());
})();
